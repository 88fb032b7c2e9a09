/** `workbench runs`: tracked runs (newest first) with status, key params and last metric values. */
import { listRuns, type RunRow } from '../tracking/query';
import { RUN_STATUSES, type RunStatus } from '../tracking/tracker';
import { inputError, show } from '../util/errors';
import { formatTable } from './data-list';
import type { Command, CommandContext } from './types';

/** `--store <file>` of the tracking commands, as tracking options. */
export function storeOption(ctx: CommandContext): { storePath?: string } {
  return typeof ctx.values.store === 'string' ? { storePath: ctx.values.store } : {};
}

function when(ms: number | undefined): string {
  return ms === undefined ? '' : new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : Math.abs(v) >= 1e-3 && Math.abs(v) < 1e6 ? v.toFixed(4) : v.toPrecision(4);
}

/** The table `workbench runs` prints (first row = header). */
export function runsTableRows(runs: RunRow[]): string[][] {
  const rows = [['run', 'experiment', 'status', 'started', 'duration', 'metrics']];
  for (const r of runs) {
    const dur = r.endMs === undefined ? '' : `${((r.endMs - r.startMs) / 1000).toFixed(1)} s`;
    const metrics = Object.keys(r.metrics)
      .sort()
      .slice(0, 4)
      .map((k) => `${k}=${fmt(r.metrics[k])}`)
      .join(' ');
    rows.push([r.runId, r.experiment, r.status, when(r.startMs), dur, metrics]);
  }
  return rows;
}

/** The `runs` command. */
export const runsCommand: Command = {
  name: 'runs',
  summary: 'List tracked runs with status, duration and last metric values',
  help: [
    'Usage: workbench runs [--json] [--experiment <name>] [--status <status>] [--store <file>]',
    '',
    'Lists tracked runs, newest first. Runs left RUNNING by a process that died are marked FAILED first.',
    '',
    'Options:',
    '  --json               print a JSON array of runs (params, tags, last metric values included)',
    '  --experiment <name>  only runs of this experiment',
    '  --status <status>    only RUNNING, FINISHED, FAILED or KILLED runs',
    '  --store <file>       DuckDB store file (default: $WORKBENCH_HOME/store.duckdb)',
    '',
    'Example:',
    '  workbench runs --experiment default --status FINISHED',
  ].join('\n'),
  options: {
    json: { type: 'boolean' },
    experiment: { type: 'string' },
    status: { type: 'string' },
    store: { type: 'string' },
  },
  async run(ctx) {
    if (ctx.positionals.length) throw inputError({ key: 'arguments' }, 'no positional arguments', ctx.positionals.join(' '));
    const status = ctx.values.status as string | undefined;
    if (status !== undefined && !RUN_STATUSES.includes(status as RunStatus)) throw inputError({ key: '--status' }, `one of ${RUN_STATUSES.join(', ')}`, show(status));
    const runs = await listRuns({ ...storeOption(ctx), experiment: ctx.values.experiment as string | undefined, status: status as RunStatus | undefined });
    if (ctx.values.json) {
      ctx.out(JSON.stringify(runs, null, 2));
      return 0;
    }
    if (!runs.length) {
      ctx.out('No tracked runs yet. `workbench train` records one per run.');
      return 0;
    }
    ctx.out(formatTable(runsTableRows(runs)));
    return 0;
  },
};
