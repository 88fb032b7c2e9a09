/**
 * O(n) rolling primitives on typed arrays.
 *
 * Conventions shared by every primitive (see docs/features.md):
 * - outputs are as long as the input; a value is NaN until its window is complete (warm-up);
 * - a window containing a NaN gives NaN (a gap never leaks a stale value);
 * - recursive averages (EMA, Wilder) re-seed after a NaN with the SMA of the next `n` finite values;
 * - nothing is rounded; inputs are never mutated.
 */

import * as extremes from './extremes';
import { windowMean, windowStd, windowSum } from './running';

/** Any readable numeric series (typed array or plain array). */
export type Series = ArrayLike<number>;

/**
 * Windows up to this length use re-based running sums ({@link ./running}): re-summed exactly every `n` rows and
 * whenever the window's magnitude shrank, so they match an exact per-window sum to ~1e-12 relative; longer
 * windows keep the plain running sum they always had.
 */
const EXACT_SUM_MAX = 64;

/**
 * `num / den`, or NaN when the denominator is 0 or either side is not finite — never ±Infinity.
 * @param num numerator
 * @param den denominator
 * @returns the ratio or NaN
 */
export function safeDiv(num: number, den: number): number {
  // `v - v === 0` is Number.isFinite for numbers, without the builtin call V8 keeps once this shared helper has seen
  // mixed argument kinds (about 3× faster in the element-wise loops)
  return den !== 0 && den - den === 0 && num - num === 0 ? num / den : NaN;
}

/**
 * The value `k` rows earlier: out[i] = x[i-k] (NaN for i < k).
 * @param x input series
 * @param k lag in rows (≥ 0)
 * @returns Float64Array of length x.length
 */
export function lag(x: Series, k: number): Float64Array {
  const n = x.length;
  const out = new Float64Array(n).fill(NaN);
  for (let i = k; i < n; i++) out[i] = x[i - k];
  return out;
}

/**
 * Element-wise map of one series into a new Float64Array.
 * @param x input series
 * @param fn value → value
 * @returns Float64Array of length x.length
 */
export function mapSeries(x: Series, fn: (v: number, i: number) => number): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = fn(x[i], i);
  return out;
}

/**
 * Rolling sum over the last `n` rows (inclusive of the current one).
 * @param x input series
 * @param n window length in rows (≥ 1)
 * @returns Float64Array, NaN for the first n-1 rows and for windows holding a NaN
 */
export function rollingSum(x: Series, n: number): Float64Array {
  const len = x.length;
  const out = new Float64Array(len).fill(NaN);
  let lastNaN = -1;
  if (n <= EXACT_SUM_MAX) return windowSum(x, n, out);
  let s = 0;
  for (let i = 0; i < len; i++) {
    const v = x[i];
    if (!Number.isFinite(v)) {
      lastNaN = i;
      s = 0;
      continue;
    }
    s += v;
    if (i - n >= 0 && i - n > lastNaN) s -= x[i - n];
    if (i - lastNaN >= n) out[i] = s;
  }
  return out;
}

/**
 * Simple moving average over the last `n` rows.
 * @param x input series
 * @param n window length in rows
 * @returns Float64Array, NaN during warm-up (first n-1 rows)
 */
export function sma(x: Series, n: number): Float64Array {
  // sums of x − K (K = a value from the current run) make a flat window average to exactly that value
  const len = x.length;
  const out = new Float64Array(len).fill(NaN);
  if (n <= EXACT_SUM_MAX) return windowMean(x, n, out);
  let lastNaN = -1;
  let s = 0;
  let k = NaN;
  for (let i = 0; i < len; i++) {
    const v = x[i];
    if (!Number.isFinite(v)) {
      lastNaN = i;
      s = 0;
      k = NaN;
      continue;
    }
    if (Number.isNaN(k)) k = v;
    s += v - k;
    if (i - n > lastNaN) s -= x[i - n] - k;
    if (i - lastNaN >= n) out[i] = k + s / n;
  }
  return out;
}

/**
 * Exponential average with smoothing factor `alpha`, seeded with the SMA of the first `n` finite values
 * (TTR / TA-Lib convention), re-seeded the same way after a NaN. Every row of `out` is written after its input
 * was read, so `out` may be `x` itself.
 */
function seededRecursive(x: Series, n: number, alpha: number, out = new Float64Array(x.length)): Float64Array {
  const len = x.length;
  let run = 0;
  let seedSum = 0;
  let k = 0;
  let prev = NaN;
  for (let i = 0; i < len; i++) {
    const v = x[i];
    if (v - v !== 0) {
      // not finite
      run = 0;
      seedSum = 0;
      out[i] = NaN;
      continue;
    }
    run++;
    if (run === 1) k = v;
    if (run < n) {
      seedSum += v - k;
      out[i] = NaN;
    } else if (run === n) {
      // seed = SMA of the first n values, summed as offsets from the first so a flat run seeds exactly
      prev = k + (seedSum + (v - k)) / n;
      out[i] = prev;
    } else {
      prev = prev + alpha * (v - prev);
      out[i] = prev;
    }
  }
  return out;
}

/**
 * {@link ema} written into `out` (which may be `x` itself: an in-place EMA, for chains of EMAs).
 * @param x input series
 * @param n period in rows
 * @param out destination, length x.length
 * @returns out
 */
export function emaInto(x: Series, n: number, out: Float64Array): Float64Array {
  return seededRecursive(x, n, 2 / (n + 1), out);
}

/**
 * Exponential moving average, alpha = 2/(n+1), seeded with the SMA of the first n values.
 * @param x input series (leading NaN allowed)
 * @param n period in rows
 * @returns Float64Array, first value at the n-th finite input
 */
export function ema(x: Series, n: number): Float64Array {
  return seededRecursive(x, n, 2 / (n + 1));
}

/**
 * Wilder's smoothing (RMA), alpha = 1/n, seeded with the SMA of the first n values (RSI, ATR, ADX).
 * @param x input series (leading NaN allowed)
 * @param n period in rows
 * @returns Float64Array, first value at the n-th finite input
 */
export function wilder(x: Series, n: number): Float64Array {
  return seededRecursive(x, n, 1 / n);
}

/**
 * Rolling population (`ddof` 0, default) or sample (`ddof` 1) standard deviation, computed from re-based
 * running sums of shifted data (O(n)); a constant window gives exactly 0.
 * @param x input series
 * @param n window length in rows
 * @param options.ddof delta degrees of freedom: 0 population (default, TTR runSD(sample=FALSE)), 1 sample
 * @returns Float64Array, NaN during warm-up and for windows holding a NaN
 */
export function rollingStd(x: Series, n: number, options: { ddof?: 0 | 1 } = {}): Float64Array {
  const ddof = options.ddof ?? 0;
  const len = x.length;
  const out = new Float64Array(len).fill(NaN);
  if (n - ddof <= 0) return out;
  return windowStd(x, n, ddof, out);
}

// Re-exported as plain values, not `export … from`: CommonJS output turns that form into accessor properties, which
// put this module's exports object in dictionary mode, so every `safeDiv` / `sma` … call from another module became
// a slow generic lookup that V8 would not inline (about 5× slower element-wise loops).
/** Rolling maximum over the last `n` rows (see `extremes.ts`). */
export const rollingMax = extremes.rollingMax;
/** Rolling minimum over the last `n` rows (see `extremes.ts`). */
export const rollingMin = extremes.rollingMin;
/** Rows since the rolling maximum or minimum over the last `n` rows (see `extremes.ts`). */
export const rowsSinceExtreme = extremes.rowsSinceExtreme;

/**
 * Log return over `k` rows: ln(x[i] / x[i-k]); NaN when either price is not positive.
 * @param x price series
 * @param k lag in rows (default 1)
 * @returns Float64Array, NaN for the first k rows
 */
export function logReturn(x: Series, k = 1): Float64Array {
  const n = x.length;
  const out = new Float64Array(n).fill(NaN);
  for (let i = k; i < n; i++) {
    const a = x[i];
    const b = x[i - k];
    if (a > 0 && b > 0) out[i] = Math.log(a / b);
  }
  return out;
}
