/**
 * The distribution functions the significance tests need, written here (no dependency): the normal,
 * Student-t, chi-square, beta and binomial CDFs and quantiles, on top of `special.ts`. Tails are
 * computed directly (never as 1 - CDF) so that small p-values keep their relative accuracy. Accuracy is
 * checked in the tests against scipy values.
 */
import { inputError, show } from '../util/errors';
import { betaPair, logBetaFront, regularizedGammaP, regularizedGammaQ } from './special';

/**
 * Standard normal CDF Φ(x) = ½ erfc(−x/√2), with erfc(z) = Q(½, z²).
 * @returns Φ(x); the lower tail keeps full relative accuracy for x down to about −37
 * @param x standard normal quantile
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const half = 0.5 * regularizedGammaQ(0.5, (x * x) / 2);
  return x < 0 ? half : 1 - half;
}

/**
 * Standard normal upper tail 1 − Φ(x), computed directly.
 * @param x standard normal quantile
 * @returns P(Z > x)
 */
export function normalSf(x: number): number {
  return normalCdf(-x);
}

/**
 * Standard normal quantile Φ⁻¹(p) (Acklam's rational approximation refined by one Halley step).
 * @param p probability in (0, 1); 0 → −∞, 1 → +∞
 * @returns z with Φ(z) = p (relative error ~1e-15)
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) throw inputError({ key: 'normalQuantile(p)' }, 'a probability in [0, 1]', show(p));
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const pl = 0.02425;
  let x: number;
  if (p < pl || p > 1 - pl) {
    const q = Math.sqrt(-2 * Math.log(p < pl ? p : 1 - p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    if (p > pl) x = -x;
  } else {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }
  // Halley refinement against the accurate CDF (use the smaller tail for accuracy)
  const err = p < 0.5 ? normalCdf(x) - p : 1 - p - normalSf(x);
  const u = err * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

/**
 * Student-t CDF with `df` degrees of freedom: for t > 0, 1 − ½ I_{df/(df+t²)}(df/2, ½).
 * @param t statistic
 * @param df degrees of freedom, > 0 (Infinity gives the normal CDF)
 * @returns P(T <= t)
 */
export function studentTCdf(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return NaN;
  if (df === Infinity) return normalCdf(t);
  const t2 = t * t;
  const tail = 0.5 * betaPair(df / (df + t2), t2 / (df + t2), df / 2, 0.5)[0];
  return t > 0 ? 1 - tail : tail;
}

/**
 * Student-t upper tail P(T > t), computed directly.
 * @param t statistic
 * @param df degrees of freedom, > 0
 * @returns P(T > t)
 */
export function studentTSf(t: number, df: number): number {
  return studentTCdf(-t, df);
}

/**
 * Chi-square CDF P(X <= x) = P(k/2, x/2).
 * @param x >= 0
 * @param df degrees of freedom k, > 0
 * @returns P(X <= x)
 */
export function chiSquareCdf(x: number, df: number): number {
  return x <= 0 ? 0 : regularizedGammaP(df / 2, x / 2);
}

/**
 * Chi-square upper tail P(X > x) = Q(k/2, x/2), computed directly (the p-value of a chi-square statistic).
 * @param x statistic, >= 0
 * @param df degrees of freedom k, > 0
 * @returns P(X > x)
 */
export function chiSquareSf(x: number, df: number): number {
  return x <= 0 ? 1 : regularizedGammaQ(df / 2, x / 2);
}

/**
 * Quantile of the Beta(a, b) distribution: the x with I_x(a, b) = p (bisection to machine precision).
 * @param p probability in [0, 1]
 * @param a > 0
 * @param b > 0
 * @returns x in [0, 1]
 */
export function betaQuantile(p: number, a: number, b: number): number {
  if (!(p >= 0 && p <= 1)) throw inputError({ key: 'betaQuantile(p)' }, 'a probability in [0, 1]', show(p));
  if (p === 0) return 0;
  if (p === 1) return 1;
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 2000; i++) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    // compare in the smaller tail for accuracy
    const [cdf, sf] = betaPair(mid, 1 - mid, a, b);
    const below = p < 0.5 ? cdf < p : sf > 1 - p;
    if (below) lo = mid;
    else hi = mid;
    if (hi - lo <= 1e-17 * hi) break;
  }
  return 0.5 * (lo + hi);
}

/**
 * Binomial CDF P(X <= k) for X ~ Bin(n, p), exact through I_{1−p}(n − k, k + 1).
 * @param k count (non-integers are floored)
 * @param n trials, integer >= 0
 * @param p success probability in [0, 1]
 * @returns P(X <= k)
 */
export function binomialCdf(k: number, n: number, p: number): number {
  const kk = Math.floor(k);
  if (kk < 0) return 0;
  if (kk >= n) return 1;
  if (p <= 0) return 1;
  if (p >= 1) return 0;
  return betaPair(1 - p, p, n - kk, kk + 1)[0];
}

/**
 * Binomial upper tail P(X >= k) = I_p(k, n − k + 1), computed directly (the one-sided p-value).
 * @param k count (non-integers are rounded up)
 * @param n trials, integer >= 0
 * @param p success probability in [0, 1]
 * @returns P(X >= k)
 */
export function binomialSfAtLeast(k: number, n: number, p: number): number {
  const kk = Math.ceil(k);
  if (kk <= 0) return 1;
  if (kk > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  return betaPair(p, 1 - p, kk, n - kk + 1)[0];
}

/**
 * Binomial probability mass P(X = k), via log-gamma.
 * @param k count, integer
 * @param n trials, integer >= 0
 * @param p success probability in [0, 1]
 * @returns P(X = k) (0 for k outside 0..n)
 */
export function binomialPmf(k: number, n: number, p: number): number {
  if (!Number.isInteger(k) || k < 0 || k > n) return 0;
  if (p <= 0) return k === 0 ? 1 : 0;
  if (p >= 1) return k === n ? 1 : 0;
  // p^k q^(n-k) C(n, k) = [p^(k+1) q^(n-k+1) / B(k+1, n-k+1)] / ((n+1) p q)
  return Math.exp(logBetaFront(p, 1 - p, k + 1, n - k + 1)) / ((n + 1) * p * (1 - p));
}
