/**
 * Exact binomial test of an accuracy against a baseline rate, confidence intervals for an
 * accuracy (Wilson, Clopper–Pearson), the null interval around a chance rate, and the effective
 * sample size of overlapping h-day labels.
 */
import { inputError, show } from '../../util/errors';
import { checkInt, checkRange, checkSameLength, checkNonEmpty, Numeric } from '../check';
import { betaQuantile, binomialCdf, binomialPmf, binomialSfAtLeast, normalQuantile } from '../distributions';

/** TestAlternative hypothesis about the success rate p vs p0. */
export type TestAlternative = 'greater' | 'less' | 'two-sided';

/** Options of {@link binomialTest}. */
export interface BinomialTestOptions {
  /** `greater` (H1: p > p0, "the model beats the baseline"), `less`, or `two-sided`; default `greater`. */
  alternative?: TestAlternative;
}

/** Defaults of {@link BinomialTestOptions}. */
export const binomialTestDefaults: Required<BinomialTestOptions> = { alternative: 'greater' };

/** Result of an exact binomial test. */
export interface BinomialTestResult {
  successes: number;
  n: number;
  /** successes / n. */
  rate: number;
  p0: number;
  alternative: TestAlternative;
  pValue: number;
}

/**
 * Exact binomial test of k successes in n trials against rate p0.
 * greater: P(X >= k) = I_{p0}(k, n−k+1); less: P(X <= k); two-sided: the sum of the probabilities of
 * all outcomes no more likely than k (scipy's `binomtest` rule, relative tolerance 1e-7).
 * Accurate (relative error ~1e-11) for n up to 100,000 and beyond.
 * @param successes k, integer in 0..n
 * @param n trials, integer >= 1
 * @param p0 null success rate in [0, 1] (e.g. the majority-class baseline rate)
 * @param options alternative (default `greater`)
 * @returns {successes, n, rate, p0, alternative, pValue}
 */
export function binomialTest(successes: number, n: number, p0: number, options: BinomialTestOptions = {}): BinomialTestResult {
  const fn = 'binomialTest';
  checkInt(fn, 'n', n, 1);
  checkInt(fn, 'successes', successes, 0);
  if (successes > n) throw inputError({ key: `${fn}(successes)` }, `at most n = ${n}`, show(successes));
  checkRange(fn, 'p0', p0, 0, 1);
  const alternative = options.alternative ?? binomialTestDefaults.alternative;
  const k = successes;
  let pValue: number;
  if (alternative === 'greater') pValue = binomialSfAtLeast(k, n, p0);
  else if (alternative === 'less') pValue = binomialCdf(k, n, p0);
  else if (alternative === 'two-sided') pValue = twoSided(k, n, p0);
  else throw inputError({ key: `${fn}(options.alternative)` }, '`greater`, `less` or `two-sided`', show(alternative));
  return { successes: k, n, rate: k / n, p0, alternative, pValue: Math.min(1, pValue) };
}

function twoSided(k: number, n: number, p: number): number {
  if (p === 0) return k === 0 ? 1 : 0;
  if (p === 1) return k === n ? 1 : 0;
  const d = binomialPmf(k, n, p) * (1 + 1e-7);
  const m = n * p;
  if (k === m) return 1;
  if (k < m) {
    // count outcomes j in [ceil(m), n] with pmf(j) <= d (pmf decreases there): first such j by bisection
    let lo = Math.ceil(m);
    let hi = n + 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (binomialPmf(mid, n, p) <= d) hi = mid;
      else lo = mid + 1;
    }
    return binomialCdf(k, n, p) + (lo <= n ? binomialSfAtLeast(lo, n, p) : 0);
  }
  // k > m: outcomes j in [0, floor(m)] with pmf(j) <= d (pmf increases there): last such j
  let lo = -1;
  let hi = Math.floor(m);
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (binomialPmf(mid, n, p) <= d) lo = mid;
    else hi = mid - 1;
  }
  return (lo >= 0 ? binomialCdf(lo, n, p) : 0) + binomialSfAtLeast(k, n, p);
}

/**
 * Exact binomial test of a classifier's accuracy (correct predictions) against a baseline rate p0.
 * @param yTrue true classes, length n >= 1
 * @param yPred predicted classes, length n
 * @param p0 baseline rate, e.g. the majority-class baseline accuracy
 * @param options alternative (default `greater`)
 * @returns {@link BinomialTestResult} with successes = correct predictions
 */
export function accuracyBinomialTest(yTrue: Numeric, yPred: Numeric, p0: number, options: BinomialTestOptions = {}): BinomialTestResult {
  checkNonEmpty('accuracyBinomialTest', 'yTrue', yTrue);
  checkSameLength('accuracyBinomialTest', 'yTrue', yTrue, 'yPred', yPred);
  let k = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) k++;
  return binomialTest(k, yTrue.length, p0, options);
}

/** Options of the interval functions. */
export interface IntervalOptions {
  /** Two-sided confidence level in (0, 1); default 0.95. */
  confidence?: number;
}

/** Defaults of {@link IntervalOptions}. */
export const intervalDefaults: Required<IntervalOptions> = { confidence: 0.95 };

function checkCounts(fn: string, k: number, n: number): void {
  checkInt(fn, 'n', n, 1);
  checkInt(fn, 'successes', k, 0);
  if (k > n) throw inputError({ key: `${fn}(successes)` }, `at most n = ${n}`, show(k));
}

function zFor(fn: string, confidence: number): number {
  checkRange(fn, 'options.confidence', confidence, 0, 1, 'both');
  return normalQuantile(1 - (1 - confidence) / 2);
}

/**
 * Wilson score interval for a proportion:
 * (p̂ + z²/2n ± z √(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n), z = Φ⁻¹(1 − α/2).
 * @param successes k in 0..n
 * @param n trials >= 1
 * @param options confidence (default 0.95)
 * @returns [lo, hi] within [0, 1]
 */
export function wilsonInterval(successes: number, n: number, options: IntervalOptions = {}): [number, number] {
  checkCounts('wilsonInterval', successes, n);
  const z = zFor('wilsonInterval', options.confidence ?? intervalDefaults.confidence);
  const p = successes / n;
  const z2 = z * z;
  const den = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / den;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / den;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/**
 * Clopper–Pearson ("exact") interval: lo = B⁻¹(α/2; k, n−k+1) (0 if k = 0),
 * hi = B⁻¹(1−α/2; k+1, n−k) (1 if k = n), B⁻¹ the beta quantile.
 * @param successes k in 0..n
 * @param n trials >= 1
 * @param options confidence (default 0.95)
 * @returns [lo, hi] within [0, 1]
 */
export function clopperPearsonInterval(successes: number, n: number, options: IntervalOptions = {}): [number, number] {
  checkCounts('clopperPearsonInterval', successes, n);
  const conf = options.confidence ?? intervalDefaults.confidence;
  checkRange('clopperPearsonInterval', 'options.confidence', conf, 0, 1, 'both');
  const a = (1 - conf) / 2;
  const k = successes;
  const lo = k === 0 ? 0 : betaQuantile(a, k, n - k + 1);
  const hi = k === n ? 1 : betaQuantile(1 - a, k + 1, n - k);
  return [lo, hi];
}

/**
 * Interval an accuracy falls in under the null "rate p0" (normal approximation):
 * p0 ± z √(p0(1−p0)/n). Pass the effective n for overlapping labels (see {@link effectiveSampleSize}).
 * @param p0 null rate, e.g. 0.5
 * @param n (effective) number of independent trials >= 1
 * @param options confidence (default 0.95; 0.99 for the random-walk proofs)
 * @returns [lo, hi]
 */
export function nullAccuracyInterval(p0: number, n: number, options: IntervalOptions = {}): [number, number] {
  checkRange('nullAccuracyInterval', 'p0', p0, 0, 1);
  if (!(n >= 1)) throw inputError({ key: 'nullAccuracyInterval(n)' }, 'a sample size >= 1', show(n));
  const z = zFor('nullAccuracyInterval', options.confidence ?? intervalDefaults.confidence);
  const half = z * Math.sqrt((p0 * (1 - p0)) / n);
  return [p0 - half, p0 + half];
}

/**
 * Effective number of independent samples among n consecutive h-day labels: ⌊n / h⌋ (at least 1),
 * the number of non-overlapping labels. Consecutive h-day labels share h − 1 of their daily moves, so
 * their correctness indicators are strongly dependent; ⌊n / h⌋ is a conservative count (it ignores
 * the partial information in the overlapping ones).
 * @param n number of consecutive labelled rows >= 1
 * @param horizon label horizon h in rows >= 1
 * @returns ⌊n / h⌋, at least 1
 */
export function effectiveSampleSize(n: number, horizon: number): number {
  checkInt('effectiveSampleSize', 'n', n, 1);
  checkInt('effectiveSampleSize', 'horizon', horizon, 1);
  return Math.max(1, Math.floor(n / horizon));
}
