/**
 * Rolling maxima / minima and the rows since them: one O(n) van Herk / Gil–Werman scan (re-exported by `rolling.ts`).
 * Same conventions as the other rolling primitives: NaN during warm-up and for windows holding a non-finite value.
 */
import type { Series } from './rolling';

/**
 * One scan for the rolling maximum (`isMax`) or minimum of the last `n` rows, the latest among ties: writes the
 * extreme's value (`since` false) or the rows since it (`since` true); NaN during warm-up and for windows holding a
 * non-finite value.
 *
 * van Herk / Gil–Werman: the rows are cut into blocks of n; a window [i − n + 1, i] is the tail of the previous
 * block (its suffix extremes, computed backwards once per block) plus the head of the current block (a running
 * prefix extreme), so a row costs three comparisons whose outcomes rarely change within a block (a monotonic
 * deque pays a mispredicted branch on most rows). Ties go to the later row in all three, as the deque did.
 * The minimum is the maximum of −x (negation is exact, ±0 included).
 * @param x input series
 * @param n window length in rows (an integer ≥ 1; smaller gives all NaN)
 * @param isMax true for the maximum, false for the minimum
 * @param since write rows since the extreme instead of its value
 * @returns Float64Array, length x.length
 */
function scanExtreme(x: Series, n: number, isMax: boolean, since: boolean): Float64Array {
  const len = x.length;
  const out = new Float64Array(len);
  if (!(n >= 1)) return out.fill(NaN); // no window
  const sign = isMax ? 1 : -1;
  const w = Math.max(1, Math.min(n, len));
  const sufVal = new Float64Array(w); // suffix extremes of the previous block, by offset in the block
  const sufIdx = new Int32Array(w); // and their rows
  let lastBad = -1; // last non-finite row: windows holding it are NaN (so it can count as −∞ below)
  for (let start = 0; start < len; start += n) {
    const end = Math.min(len, start + n);
    let g = -Infinity; // prefix extreme of this block up to row i
    let gi = start;
    for (let i = start; i < end; i++) {
      const raw = x[i];
      let v = sign * raw;
      if (raw - raw !== 0) {
        lastBad = i;
        v = -Infinity;
      }
      if (v >= g) {
        g = v;
        gi = i;
      }
      if (i - lastBad < n) {
        out[i] = NaN; // warm-up (lastBad starts at −1) or a non-finite value in the window
        continue;
      }
      const off = i + 1 - start; // the window's first row is at this offset in the previous block (n: this block)
      let best = g;
      let bi = gi;
      if (off < n && sufVal[off] > g) {
        best = sufVal[off];
        bi = sufIdx[off];
      }
      out[i] = since ? i - bi : sign * best;
    }
    let m = -Infinity;
    let mi = end - 1;
    for (let i = end - 1; i >= start; i--) {
      const raw = x[i];
      const v = raw - raw !== 0 ? -Infinity : sign * raw;
      if (v > m) {
        m = v;
        mi = i;
      }
      sufVal[i - start] = m;
      sufIdx[i - start] = mi;
    }
  }
  return out;
}

/**
 * Rolling maximum over the last `n` rows (O(n), see {@link scanExtreme}).
 * @param x input series
 * @param n window length in rows
 * @returns Float64Array, NaN during warm-up and for windows holding a NaN
 */
export function rollingMax(x: Series, n: number): Float64Array {
  return scanExtreme(x, n, true, false);
}

/**
 * Rolling minimum over the last `n` rows (O(n), see {@link scanExtreme}).
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
