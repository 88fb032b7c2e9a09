/**
 * The one long-run variance of a serially correlated series (a loss differential, a daily IC series), used
 * by every test that divides a mean by its standard error: the kernel (HAC) estimators with rectangular
 * (Diebold–Mariano 1995) or Bartlett (Newey–West) weights, and the equal-weighted cosine (EWC) estimator
 * with ν degrees of freedom (Müller 2007; Lazarus, Lewis, Stock & Watson 2018). Also the loss differential
 * and the Student-t p-value the paired tests share.
 */
import { inputError, show } from '../../util/errors';
import { checkFinite, checkSameLength, Numeric } from '../check';
import { normalCdf, studentTCdf } from '../distributions';
import { TestAlternative } from './binomial';

/** Long-run variance estimator of {@link longRunVariance}. */
export type LongRunKernel = 'rectangular' | 'bartlett' | 'ewc';

/** Options of {@link longRunVariance}. */
export interface LongRunOptions {
  /** `rectangular`: γ₀ + 2 Σ_{k=1..L} γ_k; `bartlett`: Newey–West weights 1 − k/(L+1); `ewc`: cosines. */
  kernel: LongRunKernel;
  /** Autocovariance lags L >= 0 of the HAC kernels (ignored by `ewc`); default 0. */
  lags?: number;
  /** Number of cosines ν >= 1 of `ewc` (ignored by the HAC kernels); default 1. */
  df?: number;
}

/**
 * Long-run variance of a series x (mean removed; autocovariances divided by n).
 * HAC: γ₀ + 2 Σ_{k=1..min(L, n−1)} w_k γ_k, w_k = 1 (`rectangular`) or 1 − k/(L+1) (`bartlett`).
 * EWC: (1/ν) Σ_{j=1..ν} Λ_j², Λ_j = √(2/n) Σ_t (x_t − x̄) cos(πj(t + ½)/n), t = 0..n−1.
 * @param x finite values, length n >= 1 (not checked here: the callers check their inputs)
 * @param options kernel (required), lags L (0), df ν (1)
 * @returns the long-run variance (of x, not of its mean: divide by n for the variance of x̄); may be <= 0
 *   for `rectangular`, where the callers fall back to another kernel
 */
export function longRunVariance(x: ArrayLike<number>, options: LongRunOptions): number {
  const n = x.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += x[i];
  m /= n;
  if (options.kernel === 'ewc') {
    const df = options.df ?? 1;
    let s = 0;
    for (let j = 1; j <= df; j++) {
      let proj = 0;
      for (let t = 0; t < n; t++) proj += (x[t] - m) * Math.cos((Math.PI * j * (t + 0.5)) / n);
      s += (2 / n) * proj * proj;
    }
    return s / df;
  }
  const lags = options.lags ?? 0;
  const bartlett = options.kernel === 'bartlett';
  let v = 0;
  for (let i = 0; i < n; i++) v += (x[i] - m) * (x[i] - m);
  v /= n;
  for (let k = 1; k <= lags && k < n; k++) {
    let g = 0;
    for (let t = k; t < n; t++) g += (x[t] - m) * (x[t - k] - m);
    g /= n;
    v += 2 * (bartlett ? 1 - k / (lags + 1) : 1) * g;
  }
  return v;
}

/**
 * The loss differential d = lossA − lossB of a paired test, with the checks every paired test makes.
 * @param fn name of the calling test, for error messages
 * @param lossA per-row losses of A, length n >= 2
 * @param lossB per-row losses of B, length n
 * @returns {d (Float64Array of n), mean d̄}
 * @throws InputError when the lengths differ, a loss is not finite or n < 2
 */
export function lossDifferential(fn: string, lossA: Numeric, lossB: Numeric): { d: Float64Array; mean: number } {
  checkSameLength(fn, 'lossA', lossA, 'lossB', lossB);
  checkFinite(fn, 'lossA', lossA);
  checkFinite(fn, 'lossB', lossB);
  const n = lossA.length;
  if (n < 2) throw inputError({ key: `${fn}(lossA)` }, 'at least 2 paired losses', `length ${n}`);
  const d = new Float64Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    d[i] = lossA[i] - lossB[i];
    m += d[i];
  }
  return { d, mean: m / n };
}

/**
 * p-value of a t statistic under H1 about E[d]: `two-sided`, `less` (d̄ < 0) or `greater` (d̄ > 0).
 * @param fn name of the calling test, for the error on an unknown alternative
 * @param stat the statistic
 * @param alternative the H1
 * @param df degrees of freedom ν > 0 of the Student-t reference; Infinity: the standard normal
 * @returns the p-value, at most 1
 * @throws InputError naming `fn(options.alternative)` on an unknown alternative
 */
export function tPValue(fn: string, stat: number, alternative: TestAlternative, df: number): number {
  const cdf = (x: number): number => (df === Infinity ? normalCdf(x) : studentTCdf(x, df));
  let p: number;
  if (alternative === 'two-sided') p = 2 * cdf(-Math.abs(stat));
  else if (alternative === 'less') p = cdf(stat);
  else if (alternative === 'greater') p = cdf(-stat);
  else throw inputError({ key: `${fn}(options.alternative)` }, '`two-sided`, `less` or `greater`', show(alternative));
  return Math.min(1, p);
}
