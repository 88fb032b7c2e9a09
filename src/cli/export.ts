/** `workbench export mlflow <dir>`: writes tracked runs in MLflow's file-store layout. */
import { exportMlflow } from '../tracking/mlflow-export';
import { inputError } from '../util/errors';
import { workbenchHome } from '../util/fs';
import { storeOption } from './runs';
import type { Command } from './types';

/** The `export mlflow` command. */
export const exportMlflowCommand: Command = {
  name: 'export mlflow',
  summary: "Write tracked runs in MLflow's file-store layout (for `mlflow ui`)",
  help: [
    'Usage: workbench export mlflow <dir> [--experiment <name>] [--no-artifacts] [--store <file>]',
    '',
    'Writes <dir>/<exp_id>/meta.yaml and <dir>/<exp_id>/<run_id>/{meta.yaml,params,metrics,tags,artifacts}.',
    'Browse with: mlflow ui --backend-store-uri <dir>',
    '',
    'Options:',
    '  --experiment <name>  only this experiment',
    '  --no-artifacts       do not copy artifact files',
    '  --store <file>       DuckDB store file (default: $WORKBENCH_HOME/store.duckdb)',
  ].join('\n'),
  options: { experiment: { type: 'string' }, 'no-artifacts': { type: 'boolean' }, store: { type: 'string' } },
  async run(ctx) {
    if (ctx.positionals.length !== 1) throw inputError({ key: 'arguments' }, 'one target <dir>', ctx.positionals.join(' ') || 'nothing');
    const r = await exportMlflow(ctx.positionals[0], {
      ...storeOption(ctx),
      home: workbenchHome(),
      experiment: ctx.values.experiment as string | undefined,
      artifacts: !ctx.values['no-artifacts'],
    });
    ctx.out(`Exported ${r.runs} run(s) in ${r.experiments} experiment(s): ${r.metricPoints} metric points, ${r.artifacts} artifact file(s) → ${ctx.positionals[0]}`);
    return 0;
  },
};
