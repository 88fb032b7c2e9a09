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
  // the deque never holds more than n + 1 indices (n + 1 just before the oldest expires): a ring of n + 1 slots
  const cap = Math.min(len, n) + 1;
  const dq = new Int32Array(cap);
  const vals = new Float64Array(cap);
  let head = 0;
  let size = 0;
  let lastNaN = -1;
  for (let i = 0; i < len; i++) {
    const v = x[i];
    if (!Number.isFinite(v)) {
      lastNaN = i;
      head = size = 0;
      out[i] = NaN;
      continue;
    }
    // keep the most recent index among ties (Aroon counts periods since the latest extreme)
    if (isMax) {
      while (size > 0 && vals[(head + size - 1) % cap] <= v) size--;
    } else {
      while (size > 0 && vals[(head + size - 1) % cap] >= v) size--;
    }
    const slot = (head + size) % cap;
    dq[slot] = i;
    vals[slot] = v;
    size++;
    while (dq[head] <= i - n) {
      head = head + 1 === cap ? 0 : head + 1;
      size--;
    }
    if (i >= n - 1 && lastNaN <= i - n) out[i] = since ? i - dq[head] : vals[head];
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
