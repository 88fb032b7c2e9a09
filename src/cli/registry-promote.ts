/** `workbench registry promote`: moves a version to a stage, or points an alias at it. */
import { MODEL_STAGES, setModelAlias, transitionModelVersionStage, type ModelStage } from '../tracking/model-registry';
import { inputError, show } from '../util/errors';
import { workbenchHome } from '../util/fs';
import { storeOption } from './runs';
import type { Command } from './types';

/** The `registry promote` command. */
export const registryPromoteCommand: Command = {
  name: 'registry promote',
  summary: 'Move a model version to a stage (None/Staging/Production/Archived) or set an alias',
  help: [
    'Usage: workbench registry promote <name> --version <n> --stage <stage> [--keep-existing]',
    '       workbench registry promote <name> --version <n> --alias <alias>',
    '',
    'With --stage, versions already in Staging/Production are archived (unless --keep-existing).',
    'With --alias, the alias (e.g. champion) moves to this version; load it as <name>@<alias>.',
    '',
    'Options:',
    '  --version <n>      version number',
    '  --stage <stage>    None, Staging, Production or Archived',
    '  --alias <alias>    alias to point at the version',
    '  --keep-existing    do not archive the versions currently in the target stage',
    '  --store <file>     DuckDB store file (default: $WORKBENCH_HOME/store.duckdb)',
    '',
    'Examples:',
    '  workbench registry promote spx-h1 --version 3 --stage Production',
    '  workbench registry promote spx-h1 --version 3 --alias champion',
  ].join('\n'),
  options: {
    version: { type: 'string' },
    stage: { type: 'string' },
    alias: { type: 'string' },
    'keep-existing': { type: 'boolean' },
    store: { type: 'string' },
  },
  async run(ctx) {
    if (ctx.positionals.length !== 1) throw inputError({ key: 'arguments' }, 'one registered model <name>', ctx.positionals.join(' ') || 'nothing');
    const name = ctx.positionals[0];
    const version = Number(ctx.values.version);
    if (!Number.isInteger(version) || version < 1) throw inputError({ key: '--version' }, 'a version number (integer >= 1)', show(ctx.values.version ?? 'nothing'));
    const stage = ctx.values.stage as string | undefined;
    const alias = ctx.values.alias as string | undefined;
    if ((stage === undefined) === (alias === undefined)) throw inputError({ key: '--stage/--alias' }, 'exactly one of --stage or --alias', stage === undefined ? 'neither' : 'both');
    const o = { ...storeOption(ctx), home: workbenchHome() };
    if (stage !== undefined) {
      const s = MODEL_STAGES.find((m) => m.toLowerCase() === stage.toLowerCase());
      if (!s) throw inputError({ key: '--stage' }, `one of ${MODEL_STAGES.join(', ')}`, show(stage));
      const v = await transitionModelVersionStage(name, version, s as ModelStage, { ...o, archiveExisting: !ctx.values['keep-existing'] });
      ctx.out(`${v.name} version ${v.version} is now in ${v.stage}`);
    } else {
      const v = await setModelAlias(name, alias!, version, o);
      ctx.out(`${v.name}@${alias} → version ${v.version}`);
    }
    return 0;
  },
};
