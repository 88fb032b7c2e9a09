/**
 * Re-based running window sums, the O(n) kernels behind `rollingSum` / `sma` / `rollingStd` for windows up to 64
 * rows and behind the statistical family's moments.
 *
 * A plain running sum (add the new value, subtract the one leaving) drifts: each step rounds, and after a large
 * value leaves the window the small sum that remains carries the large value's rounding error. These kernels
 * (1) shift the data by `K`, the current window's mean at the last re-sum (so squares and higher powers stay on the
 * window's own scale), (2) re-sum the window exactly every `n` rows (with a fresh `K`), and (3) re-sum it as soon
 * as its spread (Σ|x − K|, or the central Σ(x − mean)²) fell below {@link SHRINK} of the largest shifted sum
 * (Σ|x − K|, Σ(x − K)²) held since the last re-sum: the rounding error of a running sum is a few ulps of the
 * largest value it held, so this bounds the error relative to the window's own spread. The result
 * then matches an exact per-window sum to about 1e-12 relative (tests compare both on hostile series). Windows of
 * identical values are detected exactly (run length) and give exactly that value's mean and a 0 deviation.
 *
 * Conventions: `out` comes in filled with NaN; a window holding a non-finite value stays NaN.
 */
import type { Series } from './rolling';

/** Re-sum when a window's magnitude falls below this fraction of its peak since the last re-sum. */
export const SHRINK = 1 / 1024;

/**
 * The shift of a re-sum: the window's mean, rounded to a value of the window's own scale (so the shifted sums
 * are nearly central and their cancellation is minimal).
 * @param x input series
 * @param i last row of the window
 * @param n window in rows
 * @returns x[i] + Σ(x − x[i])/n over rows i − n + 1 … i
 */
export function windowCentre(x: Series, i: number, n: number): number {
  const v = x[i];
  let s = 0;
  for (let j = i - n + 1; j <= i; j++) s += x[j] - v;
  return v + s / n;
}

/**
 * Rolling sum of raw values (no shift: the sum itself is the output).
 * @param x input series
 * @param n window in rows
 * @param out NaN-filled output, length x.length
 * @returns out
 */
export function windowSum(x: Series, n: number, out: Float64Array): Float64Array {
  const len = x.length;
  let lastNaN = -1;
  let s = 0;
  let mass = 0;
  let hi = 0;
  let steps = n;
  for (let i = 0; i < len; i++) {
    const v = x[i];
    if (!Number.isFinite(v)) {
      lastNaN = i;
      steps = n;
      continue;
    }
    if (i - lastNaN < n) continue;
    if (steps < n) {
      const o = x[i - n];
      s += v - o;
      mass += Math.abs(v) - Math.abs(o);
      steps++;
      if (mass > hi) hi = mass;
      else if (mass < hi * SHRINK) steps = n;
    }
    if (steps >= n) {
      s = 0;
      mass = 0;
      for (let j = i - n + 1; j <= i; j++) {
        s += x[j];
        mass += Math.abs(x[j]);
      }
      hi = mass;
      steps = 0;
    }
    out[i] = s;
  }
  return out;
}

/**
 * Rolling mean: K + Σ(x − K)/n with K a value of the window; a window of identical values gives that value.
 * @param x input series
 * @param n window in rows
 * @param out NaN-filled output, length x.length
 * @returns out
 */
export function windowMean(x: Series, n: number, out: Float64Array): Float64Array {
  const len = x.length;
  let lastNaN = -1;
  let run = 0;
  let k = 0;
  let s = 0;
  let mass = 0;
  let hi = 0;
  let steps = n;
  for (let i = 0; i < len; i++) {
    const v = x[i];
    if (!Number.isFinite(v)) {
      lastNaN = i;
      run = 0;
      steps = n;
      continue;
    }
    run = i > 0 && v === x[i - 1] ? run + 1 : 1;
    if (i - lastNaN < n) continue;
    if (steps < n) {
      const d = v - k;
      const o = x[i - n] - k;
      s += d - o;
      mass += Math.abs(d) - Math.abs(o);
      steps++;
      if (mass > hi) hi = mass;
      else if (mass < hi * SHRINK) steps = n;
    }
    if (run >= n) {
      out[i] = v;
      continue;
    }
    if (steps >= n) {
      k = windowCentre(x, i, n);
      s = 0;
      mass = 0;
      for (let j = i - n + 1; j <= i; j++) {
        const d = x[j] - k;
        s += d;
        mass += Math.abs(d);
      }
      hi = mass;
      steps = 0;
    }
    out[i] = k + s / n;
  }
  return out;
}

/**
 * Rolling standard deviation: √((Σd² − (Σd)²/n)/(n − ddof)), d = x − K; exactly 0 on a window of identical values.
 * @param x input series
 * @param n window in rows
 * @param ddof 0 population, 1 sample
 * @param out NaN-filled output, length x.length
 * @returns out
 */
export function windowStd(x: Series, n: number, ddof: number, out: Float64Array): Float64Array {
  const len = x.length;
  let lastNaN = -1;
  let run = 0;
  let k = 0;
  let s1 = 0;
  let s2 = 0;
  let hi = 0;
  let steps = n;
  for (let i = 0; i < len; i++) {
    const v = x[i];
    if (!Number.isFinite(v)) {
      lastNaN = i;
      run = 0;
      steps = n;
      continue;
    }
    run = i > 0 && v === x[i - 1] ? run + 1 : 1;
    if (i - lastNaN < n) continue;
    if (steps < n) {
      const d = v - k;
      const o = x[i - n] - k;
      s1 += d - o;
      s2 += d * d - o * o;
      steps++;
      if (s2 > hi) hi = s2;
      if (s2 - (s1 * s1) / n < hi * SHRINK) steps = n;
    }
    if (run >= n) {
      out[i] = 0;
      continue;
    }
    if (steps >= n) {
      k = windowCentre(x, i, n);
      s1 = 0;
      s2 = 0;
      for (let j = i - n + 1; j <= i; j++) {
        const d = x[j] - k;
        s1 += d;
        s2 += d * d;
      }
      hi = s2;
      steps = 0;
    }
    const ss = s2 - (s1 * s1) / n;
    out[i] = Math.sqrt(ss > 0 ? ss / (n - ddof) : 0);
  }
  return out;
}
