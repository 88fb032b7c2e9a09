/**
 * Bars: the columnar OHLCV type every part of the workbench reads.
 * Dates are integer trading days (days since 1970-01-01, see `util/dates`), strictly increasing.
 */
import { dayToIso } from '../util/dates';
import { inputError } from '../util/errors';
import type { Timeframe } from './intraday/timeframe';

/** Daily OHLCV bars for one symbol, one typed-array column per field, all of equal length. */
export interface Bars {
  /** Ticker or series name (validated with {@link checkSymbol} before it reaches any path). */
  symbol: string;
  /** Trading days as days since 1970-01-01 UTC, strictly increasing. */
  dates: Int32Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  /** Shares (or contracts) traded; 0 is allowed only where the source has no volume. */
  volume: Float64Array;
  /** Split/dividend-adjusted close when the source has one. */
  adjClose?: Float64Array;
  /** Extra numeric columns aligned to `dates` (fundamentals joined as-of, a VIX series, …). NaN = not known yet. */
  extra?: Record<string, Float64Array>;
  /**
   * Intraday bars only: the open instant of each bar, UTC milliseconds, strictly increasing. `dates` then holds
   * the exchange-local trading day of each bar (several bars per day). Absent for daily bars.
   */
  times?: Float64Array;
  /** Bar length; absent means `1d` (daily bars, one per date). */
  timeframe?: Timeframe;
  /** Intraday bars only: the exchange whose sessions the bars follow (`NYSE`, `NSE`). */
  exchange?: string;
}

/** The OHLCV column names, in file order. */
export const PRICE_COLUMNS = ['open', 'high', 'low', 'close'] as const;

/** Number of bars. */
export function barCount(bars: Bars): number {
  return bars.dates.length;
}

/** Allocates zero-filled bars of length n. */
export function allocBars(symbol: string, n: number, options: { adjClose?: boolean } = {}): Bars {
  return {
    symbol,
    dates: new Int32Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
    ...(options.adjClose ? { adjClose: new Float64Array(n) } : {}),
  };
}

/**
 * Bars [start, end) as views (no copy). Like `Array.prototype.slice`, negative indices count from the end.
 */
export function sliceBars(bars: Bars, start: number, end = barCount(bars)): Bars {
  const n = barCount(bars);
  const s = start < 0 ? Math.max(0, n + start) : Math.min(start, n);
  const e = end < 0 ? Math.max(0, n + end) : Math.min(end, n);
  const out: Bars = {
    symbol: bars.symbol,
    dates: bars.dates.subarray(s, e),
    open: bars.open.subarray(s, e),
    high: bars.high.subarray(s, e),
    low: bars.low.subarray(s, e),
    close: bars.close.subarray(s, e),
    volume: bars.volume.subarray(s, e),
  };
  if (bars.adjClose) out.adjClose = bars.adjClose.subarray(s, e);
  copyIntradayFields(bars, out, (a) => a.subarray(s, e));
  if (bars.extra) {
    out.extra = {};
    for (const [k, v] of Object.entries(bars.extra)) out.extra[k] = v.subarray(s, e);
  }
  return out;
}

/** A deep copy whose arrays share nothing with the input. */
export function cloneBars(bars: Bars): Bars {
  const out: Bars = {
    symbol: bars.symbol,
    dates: bars.dates.slice(),
    open: bars.open.slice(),
    high: bars.high.slice(),
    low: bars.low.slice(),
    close: bars.close.slice(),
    volume: bars.volume.slice(),
  };
  if (bars.adjClose) out.adjClose = bars.adjClose.slice();
  copyIntradayFields(bars, out, (a) => a.slice());
  if (bars.extra) {
    out.extra = {};
    for (const [k, v] of Object.entries(bars.extra)) out.extra[k] = v.slice();
  }
  return out;
}

/** Copies `times` (through `take`), `timeframe` and `exchange` when the bars have them. */
function copyIntradayFields(from: Bars, to: Bars, take: (a: Float64Array) => Float64Array): void {
  if (from.times) to.times = take(from.times);
  if (from.timeframe !== undefined) to.timeframe = from.timeframe;
  if (from.exchange !== undefined) to.exchange = from.exchange;
}

/** Plain row objects (ISO dates), e.g. for JSON output or small tables. */
export function barsToRows(bars: Bars): Array<Record<string, string | number>> {
  const rows: Array<Record<string, string | number>> = [];
  for (let i = 0; i < barCount(bars); i++) {
    const r: Record<string, string | number> = {
      date: dayToIso(bars.dates[i]),
      ...(bars.times ? { time: new Date(bars.times[i]).toISOString() } : {}),
      open: bars.open[i],
      high: bars.high[i],
      low: bars.low[i],
      close: bars.close[i],
      volume: bars.volume[i],
    };
    if (bars.adjClose) r.adjClose = bars.adjClose[i];
    if (bars.extra) for (const [k, v] of Object.entries(bars.extra)) r[k] = v[i];
    rows.push(r);
  }
  return rows;
}

const SYMBOL_RE = /^[A-Za-z0-9^][A-Za-z0-9._^=-]{0,31}$/;

/**
 * Checks a symbol name before it is used in any file path or store key.
 * Allowed: letters, digits, `.`, `_`, `-`, `=`, `^` (e.g. `AAPL`, `BRK-B`, `^GSPC`, `EURUSD=X`), 1–32 chars,
 * and never `..`. Throws an InputError naming what arrived.
 * @returns the symbol unchanged
 */
export function checkSymbol(symbol: string, where?: { key?: string; file?: string }): string {
  if (typeof symbol !== 'string' || !SYMBOL_RE.test(symbol) || symbol.includes('..')) {
    throw inputError(
      where ?? { key: 'symbol' },
      'a symbol of 1-32 letters, digits or . _ - = ^ (no spaces, `/` or `..`)',
      JSON.stringify(symbol),
    );
  }
  return symbol;
}
