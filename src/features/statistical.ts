/**
 * Statistical family: log returns, z-scores of price and volume, rolling skewness and excess kurtosis,
 * autocorrelation of returns, entropy of return signs.
 */
import { logRet1, sdClose20, smaClose, smaVolume20, type FeatureContext } from './context';
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
  return zScoreOf(x, m, rollingStd(x, n), m); // reuses the mean's buffer: one allocation less per call
}

/**
 * `(x − mean) / sd` per row (NaN when sd is 0 or a side is NaN), from a rolling mean and σ already computed.
 * @param x input series
 * @param mean rolling mean of x
 * @param sd rolling standard deviation of x
 * @param out destination (default a new array; may be `mean` itself)
 * @returns out
 */
export function zScoreOf(x: Series, mean: Series, sd: Series, out = new Float64Array(x.length)): Float64Array {
  for (let i = 0; i < out.length; i++) out[i] = safeDiv(x[i] - mean[i], sd[i]);
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
  // −(c/n)·log2(c/n) per count c (0 for c = 0, whose term the sum skips), summed in the order −, 0, + as before
  const term = new Float64Array(n + 1);
  for (let c = 1; c <= n; c++) term[c] = (c / n) * Math.log2(c / n);
  let c0 = 0;
  let c1 = 0;
  let c2 = 0;
  let lastNaN = -1;
  for (let i = 0; i < len; i++) {
    const v = x[i];
    if (v - v !== 0) {
      lastNaN = i;
      c0 = c1 = c2 = 0;
      continue;
    }
    if (v > 0) c2++;
    else if (v < 0) c0++;
    else c1++;
    if (i - n >= 0 && i - n > lastNaN) {
      const o = x[i - n];
      if (o > 0) c2--;
      else if (o < 0) c0--;
      else c1--;
    }
    if (i - lastNaN >= n) out[i] = 0 - term[c0] - term[c1] - term[c2];
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
    ['zscore_close_20', zScoreOf(b.close, smaClose(ctx, 20), sdClose20(ctx))],
    ['zscore_volume_20', zScoreOf(b.volume, smaVolume20(ctx), rollingStd(b.volume, 20))],
    ['ret_skew_20', m20.skew],
    ['ret_kurt_20', m20.kurt],
    ['ret_skew_60', m60.skew],
    ['ret_kurt_60', m60.kurt],
    ['ret_autocorr_1_60', rollingAutocorr(r1, 1, 60)],
    ['ret_autocorr_5_60', rollingAutocorr(r1, 5, 60)],
    ['ret_sign_entropy_20', signEntropy(r1, 20)],
  ];
}
