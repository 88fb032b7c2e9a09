/**
 * Rolling maxima / minima and the rows since them: one O(n) monotonic-deque scan (re-exported by `rolling.ts`).
 * Same conventions as the other rolling primitives: NaN during warm-up and for windows holding a non-finite value.
 */
import type { Series } from './rolling';

/**
 * One monotonic-deque scan for the rolling maximum (`isMax`) or minimum of the last `n` rows, the latest among
 * ties: writes the extreme's value (`since` false) or the rows since it (`since` true); NaN during warm-up and for
 * windows holding a non-finite value.
 * @param x input series
 * @param n window length in rows
 * @param isMax true for the maximum, false for the minimum
 * @param since write rows since the extreme instead of its value
 * @returns Float64Array, length x.length
 */
function scanExtreme(x: Series, n: number, isMax: boolean, since: boolean): Float64Array {
  const len = x.length;
  const out = new Float64Array(len);
  // the deque never holds more than n + 1 indices (n + 1 just before the oldest expires): a ring of a power of two
  // > n + 1 slots, indexed with a mask (an integer `%` per step cost about half of the scan)
  let cap = 2;
  while (cap < Math.min(len, n) + 2) cap *= 2;
  const mask = cap - 1;
  const dq = new Int32Array(cap);
  const vals = new Float64Array(cap);
  const sign = isMax ? 1 : -1; // the minimum is the maximum of −x: one loop for both, exact (negation is)
  let head = 0;
  let tail = 0; // one past the newest slot; size = (tail − head) & mask
  let lastNaN = -1;
  for (let i = 0; i < len; i++) {
    const v = x[i];
    if (v - v !== 0) {
      // not finite
      lastNaN = i;
      head = tail = 0;
      out[i] = NaN;
      continue;
    }
    const sv = sign * v;
    // keep the most recent index among ties (Aroon counts periods since the latest extreme)
    while (tail !== head && vals[(tail - 1) & mask] <= sv) tail = (tail - 1) & mask;
    dq[tail] = i;
    vals[tail] = sv;
    tail = (tail + 1) & mask;
    if (dq[head] <= i - n) head = (head + 1) & mask; // at most one index expires per row
    if (i >= n - 1 && lastNaN <= i - n) out[i] = since ? i - dq[head] : sign * vals[head];
    else out[i] = NaN;
  }
  return out;
}

/**
 * Rolling maximum over the last `n` rows (monotonic deque, O(n)).
 * @param x input series
 * @param n window length in rows
 * @returns Float64Array, NaN during warm-up and for windows holding a NaN
 */
export function rollingMax(x: Series, n: number): Float64Array {
  return scanExtreme(x, n, true, false);
}

/**
 * Rolling minimum over the last `n` rows (monotonic deque, O(n)).
 * @param x input series
 * @param n window length in rows
 * @returns Float64Array, NaN during warm-up and for windows holding a NaN
 */
export function rollingMin(x: Series, n: number): Float64Array {
  return scanExtreme(x, n, false, false);
}

/**
 * Rows since the rolling maximum (`which: 'max'`) or minimum over the last `n` rows (0 = today; latest of ties).
 * @param x input series
 * @param n window length in rows
 * @param options.which `max` (default) or `min`
 * @returns Float64Array of counts in [0, n-1], NaN during warm-up
 */
export function rowsSinceExtreme(x: Series, n: number, options: { which?: 'max' | 'min' } = {}): Float64Array {
  return scanExtreme(x, n, (options.which ?? 'max') === 'max', true);
}
