/**
 * Tests of a difference between two models scored on the same dates:
 * McNemar's test on paired correct/incorrect outcomes, and the Diebold–Mariano test on loss
 * differentials with a HAC long-run variance for h-step forecasts and Harvey, Leybourne and
 * Newbold's (1997) small-sample correction. To compare two models' accuracies use `pairedAccuracyTest`
 * (paired.ts): with few non-overlapping h-day windows this HAC version over-rejects (11.5 % at the 5 % level
 * on 60 random-walk rows at h = 7), and the workbench's comparisons all go through the paired one.
 */
import { inputError, show } from '../../util/errors';
import { checkInt, checkNonEmpty, checkSameLength, Numeric } from '../check';
import { binomialCdf, chiSquareSf } from '../distributions';
import { TestAlternative } from './binomial';
import { longRunVariance, lossDifferential, tPValue } from './long-run';

/** Options of {@link mcnemarTest}. */
export interface McNemarOptions {
  /** `exact` (binomial on the discordant pairs), `chi2`, or `auto`: exact when b + c < `exactBelow`. Default `auto`. */
  method?: 'auto' | 'exact' | 'chi2';
  /** `auto` uses the exact test when b + c is below this; default 25. */
  exactBelow?: number;
  /** Continuity correction of the chi-square statistic; default true. */
  continuity?: boolean;
}

/** Defaults of {@link McNemarOptions}. */
export const mcnemarDefaults: Required<McNemarOptions> = { method: 'auto', exactBelow: 25, continuity: true };

/** Result of McNemar's test. */
export interface McNemarResult {
  /** Rows where A is right and B is wrong. */
  b: number;
  /** Rows where A is wrong and B is right. */
  c: number;
  n: number;
  accuracyA: number;
  accuracyB: number;
  method: 'exact' | 'chi2';
  /** min(b, c) for the exact test; the chi-square statistic otherwise. */
  statistic: number;
  /** Two-sided p-value of H0: A and B have the same accuracy. */
  pValue: number;
}

/**
 * McNemar's test from the discordant counts b (A right, B wrong) and c (A wrong, B right).
 * Exact: p = min(1, 2 · P(X <= min(b, c))), X ~ Bin(b + c, ½). Chi-square (1 df):
 * (max(0, |b − c| − 1))² / (b + c) with continuity correction, (b − c)² / (b + c) without.
 * @param b count of A-right/B-wrong rows
 * @param c count of A-wrong/B-right rows
 * @param options method (`auto`), exactBelow (25), continuity (true)
 * @returns method, statistic, two-sided pValue (1 when b + c = 0)
 */
export function mcnemarFromCounts(b: number, c: number, options: McNemarOptions = {}): Pick<McNemarResult, 'b' | 'c' | 'method' | 'statistic' | 'pValue'> {
  const o = { ...mcnemarDefaults, ...options };
  checkInt('mcnemarFromCounts', 'b', b, 0);
  checkInt('mcnemarFromCounts', 'c', c, 0);
  if (o.method !== 'auto' && o.method !== 'exact' && o.method !== 'chi2') {
    throw inputError({ key: 'mcnemarTest(options.method)' }, '`auto`, `exact` or `chi2`', show(o.method));
  }
  const m = b + c;
  const method = o.method === 'auto' ? (m < o.exactBelow ? 'exact' : 'chi2') : o.method;
  if (m === 0) return { b, c, method, statistic: 0, pValue: 1 };
  if (method === 'exact') {
    const k = Math.min(b, c);
    return { b, c, method, statistic: k, pValue: Math.min(1, 2 * binomialCdf(k, m, 0.5)) };
  }
  const diff = o.continuity ? Math.max(0, Math.abs(b - c) - 1) : Math.abs(b - c);
  const statistic = (diff * diff) / m;
  return { b, c, method, statistic, pValue: chiSquareSf(statistic, 1) };
}

/**
 * McNemar's test between two classifiers on the same rows.
 * @param yTrue true classes, length n >= 1
 * @param predA predictions of model A, length n
 * @param predB predictions of model B, length n
 * @param options method (`auto`: exact when b + c < 25), exactBelow, continuity
 * @returns {b, c, n, accuracyA, accuracyB, method, statistic, pValue}
 */
export function mcnemarTest(yTrue: Numeric, predA: Numeric, predB: Numeric, options: McNemarOptions = {}): McNemarResult {
  const fn = 'mcnemarTest';
  checkNonEmpty(fn, 'yTrue', yTrue);
  checkSameLength(fn, 'yTrue', yTrue, 'predA', predA);
  checkSameLength(fn, 'yTrue', yTrue, 'predB', predB);
  let b = 0;
  let c = 0;
  let okA = 0;
  let okB = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const a = predA[i] === yTrue[i];
    const bb = predB[i] === yTrue[i];
    if (a) okA++;
    if (bb) okB++;
    if (a && !bb) b++;
    else if (!a && bb) c++;
  }
  const n = yTrue.length;
  return { ...mcnemarFromCounts(b, c, options), n, accuracyA: okA / n, accuracyB: okB / n };
}

/** Options of {@link dieboldMarianoTest}. */
export interface DieboldMarianoOptions {
  /** Forecast horizon h in rows; default 1. */
  horizon?: number;
  /**
   * Long-run variance kernel. `rectangular`: γ₀ + 2 Σ_{k=1..L} γ_k (Diebold–Mariano 1995; falls back to
   * `bartlett` when that is <= 0). `bartlett`: Newey–West weights 1 − k/(L+1), always > 0. Default `rectangular`.
   */
  kernel?: 'rectangular' | 'bartlett';
  /** Autocovariance lags L; default h − 1 (h-step forecast errors are MA(h − 1)). */
  lags?: number;
  /** Harvey–Leybourne–Newbold correction and Student-t(n − 1) p-values; default true (false: normal). */
  harvey?: boolean;
  /**
   * H1 about E[d], d = lossA − lossB: `two-sided` (default), `less` (A has lower loss: A better),
   * `greater` (B better).
   */
  alternative?: TestAlternative;
}

/** Defaults of {@link DieboldMarianoOptions} (lags: h − 1). */
export const dieboldMarianoDefaults = { horizon: 1, kernel: 'rectangular', harvey: true, alternative: 'two-sided' } as const;

/** Result of the Diebold–Mariano test. */
export interface DieboldMarianoResult {
  n: number;
  horizon: number;
  /** Mean loss differential d̄ = mean(lossA − lossB) (< 0: A has lower loss). */
  meanDifference: number;
  /** Long-run variance estimate of d (before dividing by n). */
  longRunVariance: number;
  /** Kernel actually used (after a possible fallback). */
  kernel: 'rectangular' | 'bartlett';
  lags: number;
  /** DM statistic (Harvey-corrected when `harvey`). */
  statistic: number;
  /** Degrees of freedom of the t reference (n − 1), or Infinity for the normal. */
  df: number;
  pValue: number;
  alternative: TestAlternative;
}

/**
 * Diebold–Mariano test of equal predictive accuracy from two per-row loss series on the same dates
 * (e.g. 0/1 losses, squared errors, per-row log losses). d_t = lossA_t − lossB_t,
 * DM = d̄ / √(V̂/n) with V̂ the long-run variance; Harvey: DM* = DM · √((n + 1 − 2h + h(h−1)/n) / n) ~ t(n−1).
 * @param lossA per-row losses of model A, length n >= 2
 * @param lossB per-row losses of model B, length n
 * @param options horizon (1), kernel (`rectangular`), lags (h − 1), harvey (true), alternative (`two-sided`)
 * @returns statistic, pValue, meanDifference, longRunVariance, kernel used, df; pValue 1 when d is constant 0
 */
export function dieboldMarianoTest(lossA: Numeric, lossB: Numeric, options: DieboldMarianoOptions = {}): DieboldMarianoResult {
  const fn = 'dieboldMarianoTest';
  const { d, mean: m } = lossDifferential(fn, lossA, lossB);
  const n = d.length;
  const h = options.horizon ?? dieboldMarianoDefaults.horizon;
  checkInt(fn, 'options.horizon', h, 1);
  const lags = options.lags ?? h - 1;
  checkInt(fn, 'options.lags', lags, 0);
  const harvey = options.harvey ?? dieboldMarianoDefaults.harvey;
  const alternative = options.alternative ?? dieboldMarianoDefaults.alternative;
  let kernel = options.kernel ?? dieboldMarianoDefaults.kernel;
  if (kernel !== 'rectangular' && kernel !== 'bartlett') throw inputError({ key: `${fn}(options.kernel)` }, '`rectangular` or `bartlett`', show(kernel));
  let v = longRunVariance(d, { kernel, lags });
  if (!(v > 0) && kernel === 'rectangular') {
    kernel = 'bartlett';
    v = longRunVariance(d, { kernel, lags });
  }
  const df = harvey ? n - 1 : Infinity;
  const base = { n, horizon: h, meanDifference: m, longRunVariance: v, kernel, lags, df, alternative };
  if (!(v > 0)) return { ...base, statistic: 0, pValue: m === 0 ? 1 : 0 };
  let stat = m / Math.sqrt(v / n);
  if (harvey) stat *= Math.sqrt((n + 1 - 2 * h + (h * (h - 1)) / n) / n);
  return { ...base, statistic: stat, pValue: tPValue(fn, stat, alternative, df) };
}

/**
 * Per-row losses for {@link dieboldMarianoTest}: `zero-one` 1[ŷ ≠ y], `squared` (ŷ − y)², `absolute` |ŷ − y|.
 * @param yTrue targets, length n
 * @param yPred predictions, length n
 * @param loss kind; default `zero-one`
 * @returns Float64Array of n losses
 */
export function pointLosses(yTrue: Numeric, yPred: Numeric, loss: 'zero-one' | 'squared' | 'absolute' = 'zero-one'): Float64Array {
  checkSameLength('pointLosses', 'yTrue', yTrue, 'yPred', yPred);
  if (loss !== 'zero-one' && loss !== 'squared' && loss !== 'absolute') {
    throw inputError({ key: 'pointLosses(loss)' }, '`zero-one`, `squared` or `absolute`', show(loss));
  }
  const out = new Float64Array(yTrue.length);
  for (let i = 0; i < yTrue.length; i++) {
    const e = yPred[i] - yTrue[i];
    out[i] = loss === 'zero-one' ? (yPred[i] === yTrue[i] ? 0 : 1) : loss === 'squared' ? e * e : Math.abs(e);
  }
  return out;
}
