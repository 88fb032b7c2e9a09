/**
 * Conversion between {@link Bars} and arquero tables, for notebooks and ad-hoc analysis
 * (`aq.table` verbs: filter, derive, groupby, rollup, join …). Columns are shared, not copied, where possible.
 */
import * as aq from 'arquero';
import { dayToIso, isoToDay } from '../util/dates';
import { inputError } from '../util/errors';
import { checkSymbol, type Bars } from './bars';

type Table = ReturnType<typeof aq.table>;

/** Options of {@link barsToTable}. */
export interface BarsToTableOptions {
  /** Add a `symbol` column (default false). */
  symbolColumn?: boolean;
  /** Date column as ISO strings (`'iso'`, default) or day numbers (`'day'`). */
  dates?: 'iso' | 'day';
}

export const barsToTableDefaults: Readonly<Required<BarsToTableOptions>> = { symbolColumn: false, dates: 'iso' };

/**
 * An arquero table with columns date, open, high, low, close, volume (+ adjClose, + extra columns).
 * Price columns are the Bars' own Float64Arrays (no copy): do not mutate them through the table.
 * @returns a table with `barCount(bars)` rows
 */
export function barsToTable(bars: Bars, options: BarsToTableOptions = {}): Table {
  const o = { ...barsToTableDefaults, ...options };
  const n = bars.dates.length;
  const cols: Record<string, ArrayLike<unknown>> = {};
  if (o.symbolColumn) cols.symbol = new Array<string>(n).fill(bars.symbol);
  cols.date = o.dates === 'day' ? bars.dates : Array.from(bars.dates, dayToIso);
  cols.open = bars.open;
  cols.high = bars.high;
  cols.low = bars.low;
  cols.close = bars.close;
  cols.volume = bars.volume;
  if (bars.adjClose) cols.adjClose = bars.adjClose;
  if (bars.extra) for (const [k, v] of Object.entries(bars.extra)) cols[k] = v;
  return aq.table(cols);
}

/**
 * Bars from an arquero table with columns date (ISO string, Date or day number), open, high, low, close,
 * volume, optional adjClose; other numeric columns go to `extra`. Rows must already be in date order.
 * @param symbol symbol name (checked)
 * @throws InputError naming the missing column or the row with a bad date
 */
export function tableToBars(table: Table, symbol: string): Bars {
  checkSymbol(symbol);
  const names = table.columnNames();
  for (const c of ['date', 'open', 'high', 'low', 'close']) {
    if (!names.includes(c)) throw inputError({ column: c }, `a table with columns date, open, high, low, close[, volume]`, `columns ${names.join(', ')}`);
  }
  const n = table.numRows();
  const dates = new Int32Array(n);
  const dateCol = table.array('date') as ArrayLike<unknown>;
  for (let i = 0; i < n; i++) {
    const v = dateCol[i];
    const d = typeof v === 'number' ? v : v instanceof Date ? Math.floor(v.getTime() / 86_400_000) : isoToDay(String(v));
    if (!Number.isInteger(d)) throw inputError({ key: `[${i}].date`, column: 'date' }, 'an ISO date, a Date or a day number', JSON.stringify(v));
    dates[i] = d;
  }
  const num = (c: string): Float64Array => Float64Array.from(table.array(c) as ArrayLike<number>, Number);
  const bars: Bars = {
    symbol,
    dates,
    open: num('open'),
    high: num('high'),
    low: num('low'),
    close: num('close'),
    volume: names.includes('volume') ? num('volume') : new Float64Array(n),
  };
  if (names.includes('adjClose')) bars.adjClose = num('adjClose');
  const core = new Set(['symbol', 'date', 'open', 'high', 'low', 'close', 'volume', 'adjClose']);
  for (const c of names) {
    if (core.has(c)) continue;
    const arr = table.array(c) as ArrayLike<unknown>;
    if (n > 0 && typeof arr[0] !== 'number') continue;
    (bars.extra ??= {})[c] = num(c);
  }
  return bars;
}
