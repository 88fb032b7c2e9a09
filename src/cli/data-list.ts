/** `workbench data list`: the symbols in the store with row counts and date ranges. */
import { Store } from '../data/store';
import type { Command } from './types';

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
    '  --store <file>  DuckDB store file (default: $WORKBENCH_HOME/store.duckdb)',
    '',
    'Example:',
    '  workbench data list --json',
  ].join('\n'),
  options: {
    json: { type: 'boolean' },
    store: { type: 'string' },
  },
  async run(ctx) {
    const storePath = typeof ctx.values.store === 'string' ? ctx.values.store : undefined;
    const list = await new Store({ path: storePath }).listSymbols();
    if (ctx.values.json) {
      ctx.out(JSON.stringify(list, null, 2));
      return 0;
    }
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
