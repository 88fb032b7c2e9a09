/**
 * Re-based running kernels of the statistical family: rolling skewness / excess kurtosis and rolling
 * autocorrelation in O(n), with the drift controls of `running.ts` (shift by the window's mean, exact re-sum
 * every `n` rows and whenever a central power sum fell below {@link SHRINK} of the largest shifted one held). Results match the exact
 * per-window two-pass formulas to ~1e-12 (scale-free outputs: absolute). A window of identical values has no
 * spread: skewness, kurtosis and the autocorrelation are NaN there.
 */
import type { Series } from './rolling';
import { SHRINK, windowCentre } from './running';

/**
 * Rolling population skewness m3/m2^1.5 and excess kurtosis m4/m2² − 3 over n rows.
 * @param x input series
 * @param n window in rows
 * @param skew NaN-filled output
 * @param kurt NaN-filled output
 */
export function windowMoments(x: Series, n: number, skew: Float64Array, kurt: Float64Array): void {
  const len = x.length;
  let lastNaN = -1;
  let run = 0;
  let k = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  let hi2 = 0;
  let hi4 = 0;
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
      const d2 = d * d;
      const o2 = o * o;
      s1 += d - o;
      s2 += d2 - o2;
      s3 += d2 * d - o2 * o;
      s4 += d2 * d2 - o2 * o2;
      steps++;
      if (s2 > hi2) hi2 = s2;
      if (s4 > hi4) hi4 = s4;
      const m = s1 / n;
      const c2 = s2 - m * s1;
      const c4 = s4 - 4 * m * s3 + 6 * m * m * s2 - 3 * m * m * m * s1;
      if (c2 < hi2 * SHRINK || c4 < hi4 * SHRINK) steps = n;
    }
    if (run >= n) continue; // no spread: m2 = 0
    if (steps >= n) {
      k = windowCentre(x, i, n);
      s1 = s2 = s3 = s4 = 0;
      for (let j = i - n + 1; j <= i; j++) {
        const d = x[j] - k;
        const d2 = d * d;
        s1 += d;
        s2 += d2;
        s3 += d2 * d;
        s4 += d2 * d2;
      }
      hi2 = s2;
      hi4 = s4;
      steps = 0;
    }
    const m = s1 / n;
    const a2 = s2 / n;
    const a3 = s3 / n;
    const a4 = s4 / n;
    const mm = m * m;
    const m2 = a2 - mm;
    const m3 = a3 - 3 * m * a2 + 2 * mm * m;
    const m4 = a4 - 4 * m * a3 + 6 * mm * a2 - 3 * mm * mm;
    if (m2 > 0) {
      skew[i] = m3 / (m2 * Math.sqrt(m2)); // = m2^1.5 to an ulp, without the slow pow
      kurt[i] = m4 / (m2 * m2) - 3;
    }
  }
}

/**
 * Rolling autocorrelation: Pearson correlation of the pairs (x[j], x[j−lag]) for the n rows j ending at i.
 * @param x input series
 * @param lag lag in rows
 * @param n pairs per estimate
 * @param out NaN-filled output
 */
export function windowAutocorr(x: Series, lag: number, n: number, out: Float64Array): void {
  const len = x.length;
  // lengths of the runs of identical finite values ending at i and at i − lag (0 on a non-finite value)
  let runI = 0;
  let runL = 0;
  let lastNaN = -1;
  let ka = 0;
  let kb = 0;
  let sa = 0;
  let sb = 0;
  let saa = 0;
  let sbb = 0;
  let sab = 0;
  let hiA = 0;
  let hiB = 0;
  let steps = n;
  for (let i = 0; i < len; i++) {
    const v = x[i];
    runI = v - v !== 0 ? 0 : i > 0 && v === x[i - 1] ? runI + 1 : 1;
    if (i >= lag) {
      const w = x[i - lag];
      runL = w - w !== 0 ? 0 : i - lag > 0 && w === x[i - lag - 1] ? runL + 1 : 1;
    }
    if (v - v !== 0) {
      lastNaN = i;
      steps = n;
      continue;
    }
    if (i < n + lag - 1 || lastNaN > i - n - lag) continue;
    if (steps < n) {
      const a = v - ka;
      const b = x[i - lag] - kb;
      const oa = x[i - n] - ka;
      const ob = x[i - n - lag] - kb;
      sa += a - oa;
      sb += b - ob;
      saa += a * a - oa * oa;
      sbb += b * b - ob * ob;
      sab += a * b - oa * ob;
      steps++;
      if (saa > hiA) hiA = saa;
      if (sbb > hiB) hiB = sbb;
      if (saa - (sa * sa) / n < hiA * SHRINK || sbb - (sb * sb) / n < hiB * SHRINK) steps = n;
    }
    if (runI >= n || runL >= n) continue; // one side has no spread
    if (steps >= n) {
      ka = windowCentre(x, i, n);
      kb = windowCentre(x, i - lag, n);
      sa = sb = saa = sbb = sab = 0;
      for (let j = i - n + 1; j <= i; j++) {
        const a = x[j] - ka;
        const b = x[j - lag] - kb;
        sa += a;
        sb += b;
        saa += a * a;
        sbb += b * b;
        sab += a * b;
      }
      hiA = saa;
      hiB = sbb;
      steps = 0;
    }
    const cov = sab - (sa * sb) / n;
    const va = saa - (sa * sa) / n;
    const vb = sbb - (sb * sb) / n;
    const den = Math.sqrt(va * vb);
    if (den > 0 && Number.isFinite(den)) out[i] = cov / den;
  }
}
