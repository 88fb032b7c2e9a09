/** `workbench registry rollback`: restores the previous Production version of a model. */
import { rollbackProduction } from '../tracking/model-registry';
import { inputError } from '../util/errors';
import { workbenchHome } from '../util/fs';
import { storeOption } from './runs';
import type { Command } from './types';

/** The `registry rollback` command. */
export const registryRollbackCommand: Command = {
  name: 'registry rollback',
  summary: 'Archive the Production version and restore the one it replaced',
  help: [
    'Usage: workbench registry rollback <name> [--store <file>]',
    '',
    'The current Production version goes to Archived; the version most recently archived out of Production',
    'returns to Production. Running it twice swaps them back.',
  ].join('\n'),
  options: { store: { type: 'string' } },
  async run(ctx) {
    if (ctx.positionals.length !== 1) throw inputError({ key: 'arguments' }, 'one registered model <name>', ctx.positionals.join(' ') || 'nothing');
    const r = await rollbackProduction(ctx.positionals[0], { ...storeOption(ctx), home: workbenchHome() });
    ctx.out(`${r.to.name}: Production is version ${r.to.version} again (version ${r.from.version} archived)`);
    return 0;
  },
};
