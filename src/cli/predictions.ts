/** `workbench predictions`: list the prediction log. */
import { inputError } from '../util/errors';
import { listPredictions } from '../live/predlog';
import { fmt, storeOption, table } from '../live/cli-options';
import { checkSymbol } from '../data/bars';
import type { PredictionStatus } from '../live/types';
import type { Command } from './types';

/** The `predictions` command. */
export const predictionsCommand: Command = {
  name: 'predictions',
  summary: 'List logged predictions (pending or verified)',
  help: [
    'Usage: workbench predictions [--status pending|verified] [--symbol S] [--json]',
    '',
    'Intraday predictions show their timeframe (`tf`); their dates are UTC instants and h counts bars of it.',
    '',
    'Options:',
    '  --status S     only `pending` or only `verified` predictions',
    '  --symbol S     one symbol',
    '  --store <file> DuckDB store (default $WORKBENCH_HOME/store.duckdb)',
    '  --json         print the records as a JSON array',
  ].join('\n'),
  options: { status: { type: 'string' }, symbol: { type: 'string' }, store: { type: 'string' }, json: { type: 'boolean' } },
  async run(ctx) {
    const v = ctx.values;
    const status = v.status as string | undefined;
    if (status !== undefined && status !== 'pending' && status !== 'verified') throw inputError({ key: '--status' }, '`pending` or `verified`', JSON.stringify(status));
    const symbol = typeof v.symbol === 'string' ? checkSymbol(v.symbol, { key: '--symbol' }) : undefined;
    const rows = await listPredictions(storeOption(v), { status: status as PredictionStatus | undefined, symbol });
    if (v.json) {
      ctx.out(JSON.stringify(rows, null, 2));
      return 0;
    }
    if (rows.length === 0) {
      ctx.out('No predictions logged yet (run `workbench predict`).');
      return 0;
    }
    // intraday predictions: `made on` / `target` are UTC instants and h counts bars of `tf`
    const intraday = rows.some((r) => r.timeframe !== undefined);
    const t = [['symbol', ...(intraday ? ['tf'] : []), 'made on', 'h', 'target', 'model', 'dir', 'p(up)', 'conf', 'status', 'actual %', 'hit']];
    for (const r of rows) t.push([r.symbol, ...(intraday ? [r.timeframe ?? '1d'] : []), r.madeOn, String(r.horizon), r.actualDate ?? r.targetDate, r.model, r.direction, fmt(r.probUp), fmt(r.confidence), r.status, r.actualChange === undefined ? '-' : fmt(100 * r.actualChange, 2), r.hit === undefined ? '-' : r.hit ? 'yes' : 'no']);
    ctx.out(table(t));
    return 0;
  },
};
