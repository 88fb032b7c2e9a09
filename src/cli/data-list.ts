/** `workbench data list`: the symbols in the store with row counts and date ranges. */
import { Store } from '../data/store';
import type { Command } from './types';
import { intradayListRows, listIntraday } from './data-intraday';

/** Pads a table of strings into aligned columns (first row = header). */
export function formatTable(rows: string[][]): string {
  const widths = rows[0].map((_, j) => Math.max(...rows.map((r) => r[j].length)));
  return rows.map((r) => r.map((cell, j) => (j === r.length - 1 ? cell : cell.padEnd(widths[j]))).join('  ')).join('\n');
}

/** The `data list` command. */
export const dataListCommand: Command = {
  name: 'data list',
  summary: 'List the symbols in the store with row counts and date ranges',
  help: [
    'Usage: workbench data list [--json] [--store <file>]',
    '',
    'Lists every symbol in the store: rows, first and last date, source of the last import, last update.',
    '',
    'Options:',
    '  --json          print a JSON array of {symbol, rows, firstDate, lastDate, source, updatedAt}',
    '  --intraday      with --json: the stored intraday series {symbol, timeframe, exchange, rows, days, first, last}',
    '  --store <file>  DuckDB store file (default: $WORKBENCH_HOME/store.duckdb)',
    '',
    'Example:',
    '  workbench data list --json',
  ].join('\n'),
  options: {
    json: { type: 'boolean' },
    intraday: { type: 'boolean' },
    store: { type: 'string' },
  },
  async run(ctx) {
    const storePath = typeof ctx.values.store === 'string' ? ctx.values.store : undefined;
    const store = new Store({ path: storePath });
    const list = await store.listSymbols();
    const intraday = await intradayListRows(store);
    if (ctx.values.json) {
      // the daily list stays the top-level array; intraday series are listed by `data list --json --intraday`
      ctx.out(JSON.stringify(ctx.values.intraday ? await listIntraday(store) : list, null, 2));
      return 0;
    }
    if (intraday.length) {
      ctx.out(formatTable([['symbol', 'timeframe', 'rows', 'first (UTC)', 'last (UTC)', 'exchange'], ...intraday]));
      if (list.length) ctx.out('');
    }
    if (list.length === 0 && intraday.length) return 0;
    if (list.length === 0) {
      ctx.out('The store is empty. Import data with `workbench data import <file> --symbol <SYMBOL>` (try `sample:sp500`).');
      return 0;
    }
    const rows = [['symbol', 'rows', 'first', 'last', 'source']];
    for (const s of list) rows.push([s.symbol, String(s.rows), s.firstDate, s.lastDate, s.source]);
    ctx.out(formatTable(rows));
    return 0;
  },
};
