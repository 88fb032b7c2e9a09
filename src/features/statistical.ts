/**
 * Statistical family: log returns, z-scores of price and volume, rolling skewness and excess kurtosis,
 * autocorrelation of returns, entropy of return signs.
 */
import { logRet1, type FeatureContext } from './context';
import { logReturn, rollingStd, safeDiv, sma, type Series } from './rolling';
import { windowAutocorr, windowMoments } from './running-moments';

/**
 * Rolling z-score of the last value in its window: (x − mean)/σ over n rows, population σ.
 * @param x input series
 * @param n window in rows (default 20)
 * @returns Float64Array, NaN during warm-up and when σ = 0
 */
export function rollingZScore(x: Series, n = 20): Float64Array {
  const m = sma(x, n);
  const s = rollingStd(x, n);
  const out = m; // reuses the mean's buffer: one allocation less per call
  for (let i = 0; i < out.length; i++) out[i] = safeDiv(x[i] - m[i], s[i]);
  return out;
}

/**
 * Rolling population skewness g1 = m3/m2^1.5 and excess kurtosis g2 = m4/m2² − 3 over n rows.
 * @param x input series (e.g. log returns)
 * @param n window in rows
 * @returns `{skew, kurt}`, NaN during warm-up, for windows holding a NaN, and when m2 = 0 (O(n), see running-moments.ts)
 */
export function rollingMoments(x: Series, n: number): { skew: Float64Array; kurt: Float64Array } {
  const len = x.length;
  const skew = new Float64Array(len).fill(NaN);
  const kurt = new Float64Array(len).fill(NaN);
  windowMoments(x, n, skew, kurt);
  return { skew, kurt };
}

/**
 * Rolling autocorrelation: Pearson correlation of the pairs (x[j], x[j−k]) for the n rows j ending at i.
 * @param x input series (e.g. log returns)
 * @param k lag in rows
 * @param n window in rows (pairs per estimate)
 * @returns Float64Array in [−1, 1], NaN until n + k rows and when either side has zero variance
 */
export function rollingAutocorr(x: Series, k: number, n: number): Float64Array {
  const out = new Float64Array(x.length).fill(NaN);
  windowAutocorr(x, k, n, out);
  return out;
}

/**
 * Shannon entropy (bits) of the signs (−, 0, +) of x over the last n rows, in [0, log2 3].
 * @param x input series (e.g. log returns)
 * @param n window in rows (default 20)
 * @returns Float64Array, NaN during warm-up and for windows holding a NaN
 */
export function signEntropy(x: Series, n = 20): Float64Array {
  const len = x.length;
  const out = new Float64Array(len).fill(NaN);
  const counts = [0, 0, 0];
  const cat = (v: number): number => (v > 0 ? 2 : v < 0 ? 0 : 1);
  let lastNaN = -1;
  for (let i = 0; i < len; i++) {
    const v = x[i];
    if (!Number.isFinite(v)) {
      lastNaN = i;
      counts[0] = counts[1] = counts[2] = 0;
      continue;
    }
    counts[cat(v)]++;
    if (i - n >= 0 && i - n > lastNaN) counts[cat(x[i - n])]--;
    if (i - lastNaN >= n) {
      let h = 0;
      for (const c of counts) if (c > 0) h -= (c / n) * Math.log2(c / n);
      out[i] = h;
    }
  }
  return out;
}

/** Statistical feature columns (names → values). */
export function statisticalFeatures(ctx: FeatureContext): Array<[string, Float64Array]> {
  const b = ctx.bars;
  const r1 = logRet1(ctx);
  const m20 = rollingMoments(r1, 20);
  const m60 = rollingMoments(r1, 60);
  return [
    ['log_ret_1', r1],
    ['log_ret_5', logReturn(b.close, 5)],
    ['log_ret_20', ctx.memo('logret20', () => logReturn(b.close, 20))],
    ['zscore_close_20', rollingZScore(b.close, 20)],
    ['zscore_volume_20', rollingZScore(b.volume, 20)],
    ['ret_skew_20', m20.skew],
    ['ret_kurt_20', m20.kurt],
    ['ret_skew_60', m60.skew],
    ['ret_kurt_60', m60.kurt],
    ['ret_autocorr_1_60', rollingAutocorr(r1, 1, 60)],
    ['ret_autocorr_5_60', rollingAutocorr(r1, 5, 60)],
    ['ret_sign_entropy_20', signEntropy(r1, 20)],
  ];
}
