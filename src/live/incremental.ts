/**
 * Incremental features: when k new bars arrive, recompute the feature set only on the tail of bars that the
 * longest window needs (plus enough rows for the short recursive indicators — MACD, Wilder smoothing — to
 * forget their start), keep the rows already computed, carry the close EMAs forward from the last row, and
 * re-anchor the cumulative columns (OBV, A/D line) on the last known value. Equal to a full recomputation up to floating-point rounding (tested on every column and row).
 */
import { barCount, sliceBars, type Bars } from '../data/bars';
import { inputError } from '../util/errors';
import { buildFeatures, type BuildFeaturesOptions } from '../features/registry';
import type { FeatureFrame } from '../features/frame';

/** Cumulative columns: their level depends on where the series starts, their changes do not. */
export const CUMULATIVE_COLUMNS = ['obv', 'ad_line'] as const;

const EMA_RE = /^ema_(\d+)$/;
const CLOSE_TO_EMA_RE = /^close_to_ema_(\d+)$/;

/**
 * EMA columns of the close (`ema_<n>`, `close_to_ema_<n>`) are carried forward from the previous row with the
 * same recursion as the full build (ema += 2/(n+1)·(close − ema)), so they are exact with a short lookback.
 */
function carryEma(prev: FeatureFrame, bars: Bars, anchor: number, out: Float64Array[], names: string[]): void {
  const last = prev.dates.length - 1;
  const emaNow = new Map<number, Float64Array>();
  names.forEach((name, j) => {
    const m = EMA_RE.exec(name);
    if (!m) return;
    let e = prev.columns[j][last];
    if (!Number.isFinite(e)) return; // still in warm-up: the recomputed tail is exact then (it starts at row 0)
    const a = 2 / (Number(m[1]) + 1);
    for (let i = 0; i < out[j].length; i++) {
      e = e + a * (bars.close[anchor + 1 + i] - e);
      out[j][i] = e;
    }
    emaNow.set(Number(m[1]), out[j]);
  });
  names.forEach((name, j) => {
    const m = CLOSE_TO_EMA_RE.exec(name);
    const e = m ? emaNow.get(Number(m[1])) : undefined;
    if (!e) return;
    for (let i = 0; i < out[j].length; i++) {
      const c = bars.close[anchor + 1 + i];
      out[j][i] = e[i] === 0 || !Number.isFinite(e[i]) || !Number.isFinite(c) ? NaN : c / e[i] - 1;
    }
  });
}

/** Options of {@link extendFeatures}. */
export interface IncrementalOptions extends BuildFeaturesOptions {
  /**
   * Rows of history recomputed before the first new bar. Must cover the longest window (252-day volatility
   * percentile on a 20-day level, 200-day SMA) and let the recursive indicators that are not carried
   * (MACD's EMAs, TRIX, Wilder smoothing in RSI/ATR/ADX) forget their seed. Default 700: their seed weighs
   * at most (25/27)^650 ≈ 2e-22 by then; the close EMAs (up to 200) are carried exactly from the last row.
   */
  lookback?: number;
}

/** Defaults of {@link IncrementalOptions}. */
export const incrementalDefaults = { lookback: 700 };

/**
 * Feature rows for the bars after `prev`: recomputes on `bars` from `lookback` rows before the first new bar.
 * @param prev features already computed (any suffix of the rows, at least the last one); not modified
 * @param bars the bars including the new ones at the end (may be a suffix of the history with at least
 *   `lookback` rows before the first new bar, or all of it)
 * @param options feature set (same as `prev` was built with) and `lookback` (default 700)
 * @returns FeatureFrame of only the new rows (dates after prev's last date), same column order as `prev`
 * @throws InputError when `bars` does not contain prev's last date or column names differ
 */
export function extendFeatures(prev: FeatureFrame, bars: Bars, options: IncrementalOptions = {}): FeatureFrame {
  const lookback = options.lookback ?? incrementalDefaults.lookback;
  const n = barCount(bars);
  const lastPrev = prev.dates[prev.dates.length - 1];
  let anchor = -1;
  for (let i = n - 1; i >= 0; i--) if (bars.dates[i] === lastPrev) { anchor = i; break; }
  if (prev.dates.length === 0 || anchor < 0) {
    throw inputError({ key: 'bars' }, 'bars that contain the last date of the previous features', prev.dates.length ? String(lastPrev) : 'empty previous features');
  }
  const start = Math.max(0, anchor + 1 - lookback);
  const tail = buildFeatures(sliceBars(bars, start), options);
  if (tail.names.join(',') !== prev.names.join(',')) {
    throw inputError({ key: 'features.set' }, `the columns of the previous features (${prev.names.length})`, `${tail.names.length} columns`);
  }
  const firstNew = anchor + 1 - start;
  const m = n - (anchor + 1);
  const columns = tail.columns.map((col, j) => {
    const out = col.slice(firstNew, firstNew + m);
    if ((CUMULATIVE_COLUMNS as readonly string[]).includes(tail.names[j])) {
      const offset = prev.columns[j][prev.dates.length - 1] - col[firstNew - 1];
      for (let i = 0; i < m; i++) out[i] += offset;
    }
    return out;
  });
  carryEma(prev, bars, anchor, columns, tail.names);
  return { symbol: prev.symbol, dates: bars.dates.slice(anchor + 1), names: prev.names.slice(), columns };
}

/**
 * Concatenates two frames with the same columns (rows of `b` after those of `a`).
 * @param keepLast keep only the last `keepLast` rows of the result (default all)
 * @returns a new FeatureFrame (inputs not modified)
 */
export function appendFrames(a: FeatureFrame, b: FeatureFrame, keepLast = Infinity): FeatureFrame {
  if (a.names.join(',') !== b.names.join(',')) throw inputError({ key: 'features' }, 'frames with the same columns', `${a.names.length} vs ${b.names.length} columns`);
  const total = a.dates.length + b.dates.length;
  const from = Math.max(0, total - keepLast);
  const cat = <T extends Int32Array | Float64Array>(x: T, y: T, make: (n: number) => T): T => {
    const out = make(total);
    out.set(x, 0);
    out.set(y, x.length);
    return out.slice(from) as T;
  };
  return {
    symbol: a.symbol,
    dates: cat(a.dates, b.dates, (k) => new Int32Array(k)),
    names: a.names.slice(),
    columns: a.columns.map((c, j) => cat(c, b.columns[j], (k) => new Float64Array(k))),
  };
}
