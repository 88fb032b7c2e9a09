/**
 * `workbench pipeline --config <yaml> --stage ingest|features|train|validate|deploy|full [--dir D] [--quiet]`:
 * the seed-003 one-time training pipeline on a universe (src/universe/pipeline.ts), resumable per stage.
 */
import * as path from 'path';
import { loadConfig } from '../config/load';
import { terminalProgress } from '../training/terminal';
import { runPipeline, pipelineConfig } from '../universe/pipeline';
import { inputError } from '../util/errors';
import { workbenchHome } from '../util/fs';
import { stringOption } from './train';
import type { Command } from './types';

/** The `pipeline` command. */
export const pipelineCommand: Command = {
  name: 'pipeline',
  summary: 'Seed-003 universe pipeline: ingest, features, train, validate, deploy (resumable)',
  help: [
    'Usage: workbench pipeline --config <yaml> --stage ingest|features|train|validate|deploy|full [--dir D] [--quiet]',
    '',
    'Trains pooled models on the universe of `data.universe` (docs/universe.md): direction (gbdt + lstm,',
    'ternary ±band), volatility (GARCH vs yesterday\'s vol), regime (random forest); validates them against',
    'seed 003\'s thresholds and registers them (Production only when validation passed).',
    'Each stage and train unit is recorded in <dir>/state.json: rerunning after a kill resumes.',
    '',
    'Options:',
    '  --config <yaml>  configuration with data.universe (e.g. configs/universe-synthetic.yaml)',
    '  --stage <name>   one stage, or full (default) for every stage not done yet',
    '  --dir <folder>   pipeline folder (default <home>/pipelines/<pipeline.name or config name>)',
    '  --quiet          no progress bar',
  ].join('\n'),
  options: { config: { type: 'string' }, stage: { type: 'string' }, dir: { type: 'string' }, quiet: { type: 'boolean' } },
  async run(ctx) {
    const file = stringOption(ctx, 'config');
    if (!file) throw inputError({ key: '--config' }, 'a configuration file (--config <yaml>)', 'nothing');
    const cfg = loadConfig(file);
    const name = pipelineConfig(cfg).name ?? path.basename(file).replace(/\.(ya?ml|json)$/i, '');
    const dir = stringOption(ctx, 'dir') ?? path.join(workbenchHome(), 'pipelines', name);
    let bar: ReturnType<typeof terminalProgress> | undefined;
    try {
      const ran = await runPipeline(cfg, {
        stage: stringOption(ctx, 'stage') ?? 'full',
        dir,
        baseDir: path.dirname(path.resolve(file)),
        log: (l) => ctx.out(l),
        onPlan: (n) => {
          if (ctx.values.quiet !== true) bar = terminalProgress(Math.max(1, n));
        },
        onProgress: (e) => bar?.onProgress(e),
      });
      bar?.stop();
      bar = undefined;
      ctx.out(ran.length ? `pipeline ${name}: ran ${ran.join(', ')} → ${dir}` : `pipeline ${name}: every stage already done → ${dir}`);
    } finally {
      bar?.stop();
    }
    return 0;
  },
};
