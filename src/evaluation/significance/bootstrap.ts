/**
 * Block bootstrap (moving or circular blocks, Künsch 1989 / Politis–Romano 1992) for confidence
 * intervals of statistics of dependent series: accuracy on overlapping h-day labels and the Sharpe
 * ratio of strategy returns. Seeded through `Rng`, so the same seed gives the same interval.
 */
import { inputError, show } from '../../util/errors';
import { Rng } from '../../util/rng';
import { checkFinite, checkInt, checkNonEmpty, checkRange, checkSameLength, Numeric } from '../check';
import { sharpeRatio, TradingOptions } from '../metrics/trading';

/** Options of the block bootstrap. */
export interface BootstrapOptions {
  /** Block length in rows; default {@link defaultBlockLength}(n, horizon). Use >= h for h-day overlapping labels. */
  blockLength?: number;
  /** Label horizon h, used only for the default block length; default 1. */
  horizon?: number;
  /** Number of bootstrap resamples; default 1000. */
  resamples?: number;
  /** Two-sided confidence level of the percentile interval; default 0.95. */
  confidence?: number;
  /** `circular` (blocks wrap around the end, every row equally likely) or `moving`; default `circular`. */
  scheme?: 'circular' | 'moving';
  /** Seed of a fresh `Rng` when `rng` is not given; default 42. */
  seed?: number;
  /** Generator to draw from (advanced in place); overrides `seed`. */
  rng?: Rng;
}

/** Defaults of {@link BootstrapOptions} (blockLength: see {@link defaultBlockLength}). */
export const bootstrapDefaults = { horizon: 1, resamples: 1000, confidence: 0.95, scheme: 'circular', seed: 42 } as const;

/** A percentile bootstrap interval. */
export interface BootstrapResult {
  /** The statistic on the original sample. */
  estimate: number;
  /** Percentile interval [lo, hi] at `confidence`. */
  ci: [number, number];
  /** Standard deviation of the resampled statistics. */
  se: number;
  blockLength: number;
  resamples: number;
  confidence: number;
  /** Resamples whose statistic was not finite (left out of the interval). */
  invalid: number;
  /** The resampled statistics (finite ones), sorted ascending. */
  distribution: Float64Array;
}

/**
 * Default block length: max(h, round(n^(1/3))) — at least the label horizon so overlapping labels
 * stay inside one block, and the n^(1/3) rate of the block-bootstrap literature otherwise.
 * @param n sample size
 * @param horizon label horizon h (default 1)
 * @returns a block length in 1..n
 */
export function defaultBlockLength(n: number, horizon = 1): number {
  return Math.max(1, Math.min(n, Math.max(horizon, Math.round(Math.cbrt(n)))));
}

/**
 * One block-bootstrap resample of row indices: ⌈n / L⌉ blocks of L consecutive rows, truncated to n.
 * Moving: block starts uniform in 0..n−L. Circular: starts uniform in 0..n−1, indices wrap mod n.
 * @param n sample size >= 1
 * @param blockLength L in 1..n
 * @param rng generator (advanced)
 * @param scheme `circular` (default) or `moving`
 * @returns Int32Array of n row indices
 */
export function blockBootstrapIndices(n: number, blockLength: number, rng: Rng, scheme: 'circular' | 'moving' = 'circular'): Int32Array {
  checkInt('blockBootstrapIndices', 'n', n, 1);
  checkInt('blockBootstrapIndices', 'blockLength', blockLength, 1);
  if (blockLength > n) throw inputError({ key: 'blockBootstrapIndices(blockLength)' }, `a block length <= n = ${n}`, show(blockLength));
  const out = new Int32Array(n);
  for (let i = 0; i < n; ) {
    const start = scheme === 'moving' ? rng.int(n - blockLength + 1) : rng.int(n);
    for (let j = 0; j < blockLength && i < n; j++, i++) {
      const t = start + j;
      out[i] = t >= n ? t - n : t;
    }
  }
  return out;
}

/** Type-7 (linear interpolation) quantile of sorted values. */
function quantileSorted(sorted: Float64Array, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * Percentile block bootstrap of any statistic of a series of n rows.
 * @param n sample size >= 1
 * @param statistic computes the statistic from row indices (Int32Array of length n; identity for the estimate)
 * @param options blockLength, horizon, resamples (1000), confidence (0.95), scheme (`circular`), seed (42) / rng
 * @returns {estimate, ci [lo, hi], se, blockLength, resamples, confidence, invalid, distribution}
 */
export function blockBootstrap(n: number, statistic: (rows: Int32Array) => number, options: BootstrapOptions = {}): BootstrapResult {
  const fn = 'blockBootstrap';
  checkInt(fn, 'n', n, 1);
  const horizon = options.horizon ?? bootstrapDefaults.horizon;
  checkInt(fn, 'options.horizon', horizon, 1);
  const L = options.blockLength ?? defaultBlockLength(n, horizon);
  checkInt(fn, 'options.blockLength', L, 1);
  const resamples = options.resamples ?? bootstrapDefaults.resamples;
  checkInt(fn, 'options.resamples', resamples, 1);
  const confidence = options.confidence ?? bootstrapDefaults.confidence;
  checkRange(fn, 'options.confidence', confidence, 0, 1, 'both');
  const scheme = options.scheme ?? bootstrapDefaults.scheme;
  if (scheme !== 'circular' && scheme !== 'moving') throw inputError({ key: `${fn}(options.scheme)` }, '`circular` or `moving`', show(scheme));
  const rng = options.rng ?? new Rng(options.seed ?? bootstrapDefaults.seed);
  const block = Math.min(L, n);
  const identity = new Int32Array(n);
  for (let i = 0; i < n; i++) identity[i] = i;
  const estimate = statistic(identity);
  const values: number[] = [];
  let invalid = 0;
  for (let b = 0; b < resamples; b++) {
    const v = statistic(blockBootstrapIndices(n, block, rng, scheme));
    if (Number.isFinite(v)) values.push(v);
    else invalid++;
  }
  const distribution = Float64Array.from(values).sort();
  let m = 0;
  for (const v of distribution) m += v;
  m /= distribution.length || 1;
  let ss = 0;
  for (const v of distribution) ss += (v - m) * (v - m);
  const alpha = 1 - confidence;
  const ci: [number, number] = distribution.length
    ? [quantileSorted(distribution, alpha / 2), quantileSorted(distribution, 1 - alpha / 2)]
    : [NaN, NaN];
  return {
    estimate,
    ci,
    se: distribution.length > 1 ? Math.sqrt(ss / (distribution.length - 1)) : NaN,
    blockLength: block,
    resamples,
    confidence,
    invalid,
    distribution,
  };
}

/**
 * Block-bootstrap confidence interval of accuracy (resampling the per-row correctness indicators).
 * @param yTrue true classes, length n >= 1
 * @param yPred predicted classes, length n
 * @param options see {@link BootstrapOptions}; pass `horizon` (or `blockLength` >= h) for h-day labels
 * @returns {@link BootstrapResult} of the accuracy
 */
export function bootstrapAccuracy(yTrue: Numeric, yPred: Numeric, options: BootstrapOptions = {}): BootstrapResult {
  checkNonEmpty('bootstrapAccuracy', 'yTrue', yTrue);
  checkSameLength('bootstrapAccuracy', 'yTrue', yTrue, 'yPred', yPred);
  checkFinite('bootstrapAccuracy', 'yTrue', yTrue);
  const n = yTrue.length;
  const correct = new Uint8Array(n);
  for (let i = 0; i < n; i++) correct[i] = yTrue[i] === yPred[i] ? 1 : 0;
  return blockBootstrap(
    n,
    (rows) => {
      let s = 0;
      for (let i = 0; i < rows.length; i++) s += correct[rows[i]];
      return s / rows.length;
    },
    options,
  );
}

/**
 * Block-bootstrap confidence interval of the annualised Sharpe ratio of per-period strategy returns
 * (e.g. `strategyReturns(...).returns`, already non-overlapping for h > 1).
 * @param returns per-period returns, length >= 2
 * @param options bootstrap options plus `horizon` h of each period and `periodsPerYear` (252) for annualising;
 *   note the default block length uses `horizon` too — pass `blockLength` explicitly when periods are already non-overlapping
 * @returns {@link BootstrapResult} of the Sharpe ratio
 */
export function bootstrapSharpe(returns: Numeric, options: BootstrapOptions & Pick<TradingOptions, 'periodsPerYear'> = {}): BootstrapResult {
  checkFinite('bootstrapSharpe', 'returns', returns);
  if (returns.length < 2) throw inputError({ key: 'bootstrapSharpe(returns)' }, 'at least 2 returns', `length ${returns.length}`);
  const sharpeOpts = { horizon: options.horizon ?? 1, periodsPerYear: options.periodsPerYear };
  const buf = new Float64Array(returns.length);
  const blockLength = options.blockLength ?? defaultBlockLength(returns.length, 1);
  return blockBootstrap(
    returns.length,
    (rows) => {
      for (let i = 0; i < rows.length; i++) buf[i] = returns[rows[i]];
      return sharpeRatio(buf, sharpeOpts);
    },
    { ...options, blockLength },
  );
}
