/** Reading bars and summaries out of the store on an open connection (see `store-db.ts`). */
import type { DuckDBConnection } from '@duckdb/node-api';
import { allocBars, type Bars } from './bars';
import { dayToIso, isoToDay, lowerBound } from '../util/dates';
import { inputError } from '../util/errors';
import { fillDefaults } from './store-db';

/** A date bound: ISO `YYYY-MM-DD` or a day number (days since 1970-01-01). */
export type DateBound = string | number;

/** Options of `Store.readBars`. */
export interface ReadBarsOptions {
  /** First date to include (inclusive). Default: the first stored date. */
  from?: DateBound;
  /** Last date to include (inclusive). Default: the last stored date. */
  to?: DateBound;
  /** Include the `extra` columns stored in `bar_extras`. Default true. */
  extras?: boolean;
}

/** Defaults of {@link ReadBarsOptions}. */
export const readBarsDefaults: Required<Pick<ReadBarsOptions, 'extras'>> = { extras: true };

/** One stored symbol in `Store.listSymbols`. */
export interface SymbolSummary {
  symbol: string;
  /** Number of stored bars. */
  rows: number;
  /** First stored date, ISO. */
  firstDate: string;
  /** Last stored date, ISO. */
  lastDate: string;
  /** Where the last import came from (file path, `yahoo`, …), '' if unknown. */
  source: string;
  /** When the symbol was last written, ISO timestamp (UTC), '' if unknown. */
  updatedAt: string;
}

const DAY_EXPR = `(date - DATE '1970-01-01')::INTEGER`;

/**
 * Turns a date bound into a day number.
 * @param key the option name for error messages (`from`, `to`)
 */
export function toDay(bound: DateBound, key: string): number {
  const d = typeof bound === 'number' ? bound : isoToDay(bound);
  if (!Number.isInteger(d)) throw inputError({ key }, 'a date as YYYY-MM-DD or an integer day number', JSON.stringify(bound));
  return d;
}

/** The symbols in the store, sorted, with names only. */
export async function storedSymbols(c: DuckDBConnection): Promise<string[]> {
  const r = await c.runAndReadAll('SELECT DISTINCT symbol FROM bars ORDER BY symbol');
  return r.getRows().map((row) => row[0] as string);
}

/**
 * Reads one symbol's bars in [from, to] on an open connection.
 * @returns bars with typed-array columns (adjClose when any row has one; extras as NaN-filled columns)
 * @throws InputError when the symbol has no stored bars, listing the known symbols
 */
export async function readOnConnection(c: DuckDBConnection, symbol: string, options: ReadBarsOptions = {}): Promise<Bars> {
  const o = fillDefaults(readBarsDefaults, options);
  const from = o.from === undefined ? -1e9 : toDay(o.from, 'from');
  const to = o.to === undefined ? 1e9 : toDay(o.to, 'to');
  const exists = await c.runAndReadAll('SELECT count(*)::INTEGER FROM bars WHERE symbol = $symbol', { symbol });
  if ((exists.getRows()[0][0] as number) === 0) {
    const known = await storedSymbols(c);
    const shown = known.length > 20 ? `${known.slice(0, 20).join(', ')}, … ${known.length - 20} more` : known.join(', ');
    throw inputError({ key: 'symbol' }, `a symbol in the store (${known.length ? shown : 'the store is empty'})`, JSON.stringify(symbol));
  }
  const where = `symbol = $symbol AND ${DAY_EXPR} BETWEEN $from AND $to`;
  const params = { symbol, from, to };
  const r = await c.runAndReadAll(
    `SELECT ${DAY_EXPR} AS d, open, high, low, close, adj_close, volume FROM bars WHERE ${where} ORDER BY date`,
    params,
  );
  const n = r.currentRowCount;
  const cols = n > 0 ? (r.getColumns() as Array<Array<number | null>>) : [];
  const hasAdj = n > 0 && cols[5].some((v) => v !== null);
  const bars = allocBars(symbol, n, { adjClose: hasAdj });
  for (let i = 0; i < n; i++) {
    bars.dates[i] = cols[0][i] as number;
    bars.open[i] = cols[1][i] as number;
    bars.high[i] = cols[2][i] as number;
    bars.low[i] = cols[3][i] as number;
    bars.close[i] = cols[4][i] as number;
    if (bars.adjClose) bars.adjClose[i] = cols[5][i] ?? NaN;
    bars.volume[i] = cols[6][i] as number;
  }
  if (o.extras && n > 0) {
    const e = await c.runAndReadAll(`SELECT name, ${DAY_EXPR} AS d, value FROM bar_extras WHERE ${where}`, params);
    const [names, days, values] = (e.currentRowCount > 0 ? e.getColumns() : [[], [], []]) as [string[], number[], number[]];
    const extra: Record<string, Float64Array> = {};
    for (let k = 0; k < names.length; k++) {
      const col = (extra[names[k]] ??= new Float64Array(n).fill(NaN));
      const i = lowerBound(bars.dates, days[k]);
      if (i < n && bars.dates[i] === days[k]) col[i] = values[k];
    }
    if (names.length) {
      bars.extra = {};
      for (const name of Object.keys(extra).sort()) bars.extra[name] = extra[name];
    }
  }
  return bars;
}

/** Every stored symbol with row count, date range, source and last update, sorted by symbol. */
export async function listOnConnection(c: DuckDBConnection): Promise<SymbolSummary[]> {
  const r = await c.runAndReadAll(`SELECT b.symbol, count(*)::INTEGER, min(${DAY_EXPR}), max(${DAY_EXPR}),
      any_value(s.source), strftime(any_value(s.updated_at), '%Y-%m-%dT%H:%M:%SZ')
    FROM bars b LEFT JOIN symbols s USING (symbol) GROUP BY b.symbol ORDER BY b.symbol`);
  return r.getRows().map((row) => ({
    symbol: row[0] as string,
    rows: row[1] as number,
    firstDate: dayToIso(row[2] as number),
    lastDate: dayToIso(row[3] as number),
    source: (row[4] as string | null) ?? '',
    updatedAt: (row[5] as string | null) ?? '',
  }));
}
