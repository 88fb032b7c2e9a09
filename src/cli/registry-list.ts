/** `workbench registry list`: registered model versions with stage, aliases and lineage. */
import { listModelVersions } from '../tracking/model-registry';
import { inputError } from '../util/errors';
import { workbenchHome } from '../util/fs';
import { formatTable } from './data-list';
import { storeOption } from './runs';
import type { Command } from './types';

/** The `registry list` command. */
export const registryListCommand: Command = {
  name: 'registry list',
  summary: 'List registered model versions with stage, aliases and lineage',
  help: [
    'Usage: workbench registry list [<name>] [--json] [--store <file>]',
    '',
    'Options:',
    '  --json          print a JSON array of versions',
    '  --store <file>  DuckDB store file (default: $WORKBENCH_HOME/store.duckdb)',
  ].join('\n'),
  options: { json: { type: 'boolean' }, store: { type: 'string' } },
  async run(ctx) {
    if (ctx.positionals.length > 1) throw inputError({ key: 'arguments' }, 'at most one model <name>', ctx.positionals.join(' '));
    const versions = await listModelVersions(ctx.positionals[0], { ...storeOption(ctx), home: workbenchHome() });
    if (ctx.values.json) {
      ctx.out(JSON.stringify(versions, null, 2));
      return 0;
    }
    if (!versions.length) {
      ctx.out('No registered models. Register one with `workbench registry register <run-id> --name <name>`.');
      return 0;
    }
    const rows = [['name', 'version', 'stage', 'aliases', 'model', 'run', 'parent']];
    for (const v of versions) rows.push([v.name, String(v.version), v.stage, v.aliases.map((a) => `@${a}`).join(' '), v.modelKey, v.runId ?? '', v.parent ?? '']);
    ctx.out(formatTable(rows));
    return 0;
  },
};
