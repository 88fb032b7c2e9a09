/**
 * Metrics on predicted probabilities: ROC AUC (binary), log loss, Brier score and the reliability bins
 * (calibration) of binary probabilities.
 * Probabilities come either as a vector of P(class 1), length n (binary only), or as the
 * row-major [n, k] matrix that `Model.predictProba` returns (k = length / n).
 */
import { inputError, show } from '../../util/errors';
import { checkClasses, checkFinite, checkInt, checkNonEmpty, Numeric } from '../check';
import { wilsonInterval } from '../significance/binomial';
import { Rng } from '../../util/rng';

/** Options of {@link logLoss}. */
export interface LogLossOptions {
  /** Probabilities are clipped to [eps, 1 − eps] before the log; default 1e-15. */
  eps?: number;
}

/** Defaults of {@link LogLossOptions}. */
export const logLossDefaults: Required<LogLossOptions> = { eps: 1e-15 };

/** Rows sum to 1 within this tolerance (Float32 softmax outputs sum to 1 within ~1e-7). */
const ROW_SUM_TOL = 1e-4;

/** Number of columns of `proba` for n labels (1 = a vector of P(class 1)); checks values are probabilities. */
function probaColumns(fn: string, yTrue: Numeric, proba: Numeric): number {
  const n = yTrue.length;
  checkNonEmpty(fn, 'yTrue', yTrue);
  if (proba.length === 0 || proba.length % n !== 0) {
    throw inputError({ key: `${fn}(proba)` }, `n = ${n} values (P(class 1)) or an [n, k] row-major matrix`, `length ${proba.length}`);
  }
  checkFinite(fn, 'proba', proba);
  for (let i = 0; i < proba.length; i++) {
    if (proba[i] < 0 || proba[i] > 1) throw inputError({ key: `${fn}(proba)[${i}]` }, 'a probability in [0, 1]', show(proba[i]));
  }
  const k = proba.length / n;
  if (k > 1) {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let c = 0; c < k; c++) s += proba[i * k + c];
      if (Math.abs(s - 1) > ROW_SUM_TOL) throw inputError({ key: `${fn}(proba) row ${i}` }, 'class probabilities summing to 1', `sum ${s}`);
    }
  }
  checkClasses(fn, [['yTrue', yTrue]], k === 1 ? 2 : k);
  return k;
}

/** P(class 1) of row i. */
function p1(proba: Numeric, k: number, i: number): number {
  return k === 1 ? proba[i] : proba[i * k + 1];
}

/**
 * Area under the ROC curve for a binary task, from scores (Mann–Whitney form, ties get average ranks):
 * AUC = (Σ_{i: y=1} rank(sᵢ) − n₁(n₁+1)/2) / (n₁ n₀).
 * @param yTrue classes 0/1, length n
 * @param score P(class 1) per sample (length n), or the [n, 2] `predictProba` matrix
 * @returns AUC in [0, 1] (0.5 = no skill); NaN when yTrue holds only one class
 */
export function rocAuc(yTrue: Numeric, score: Numeric): number {
  const fn = 'rocAuc';
  const n = yTrue.length;
  checkNonEmpty(fn, 'yTrue', yTrue);
  checkClasses(fn, [['yTrue', yTrue]], 2);
  if (score.length !== n && score.length !== 2 * n) {
    throw inputError({ key: `${fn}(score)` }, `n = ${n} scores or an [n, 2] probability matrix`, `length ${score.length}`);
  }
  checkFinite(fn, 'score', score);
  const k = score.length / n;
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) s[i] = p1(score, k, i);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => s[a] - s[b]);
  let rankSumPos = 0;
  let nPos = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && s[order[j + 1]] === s[order[i]]) j++;
    const avgRank = (i + j + 2) / 2; // ranks are 1-based: i+1 … j+1
    for (let t = i; t <= j; t++) {
      if (yTrue[order[t]] === 1) {
        rankSumPos += avgRank;
        nPos++;
      }
    }
    i = j + 1;
  }
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) return NaN;
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

/**
 * Log loss (cross-entropy, natural log): −(1/n) Σᵢ ln p̃_{i, yᵢ}, with p̃ = clip(p, eps, 1 − eps).
 * For a vector of P(class 1): p_{i,1} = pᵢ, p_{i,0} = 1 − pᵢ.
 * @param yTrue classes 0..k−1, length n
 * @param proba P(class 1) (length n, binary) or the [n, k] row-major matrix (rows sum to 1 ± 1e-4)
 * @param options `eps` (default 1e-15)
 * @returns mean loss in nats, >= 0 (ln 2 ≈ 0.693 for a constant 0.5)
 */
export function logLoss(yTrue: Numeric, proba: Numeric, options: LogLossOptions = {}): number {
  const k = probaColumns('logLoss', yTrue, proba);
  const eps = options.eps ?? logLossDefaults.eps;
  const n = yTrue.length;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const y = yTrue[i];
    const p = k === 1 ? (y === 1 ? proba[i] : 1 - proba[i]) : proba[i * k + y];
    s -= Math.log(Math.min(1 - eps, Math.max(eps, p)));
  }
  return s / n;
}

/**
 * Brier score. Binary (a vector, or k = 2): (1/n) Σ (pᵢ − yᵢ)² with pᵢ = P(class 1) (scikit-learn's
 * `brier_score_loss`, range [0, 1]). Multiclass (k > 2): (1/n) Σᵢ Σ_c (p_{ic} − 1[yᵢ = c])² (Brier's
 * original form, range [0, 2]).
 * @param yTrue classes, length n
 * @param proba P(class 1) (length n) or the [n, k] row-major matrix
 * @returns mean squared probability error (0.25 for a constant 0.5 on a binary task)
 */
export function brierScore(yTrue: Numeric, proba: Numeric): number {
  const k = probaColumns('brierScore', yTrue, proba);
  const n = yTrue.length;
  let s = 0;
  if (k <= 2) {
    for (let i = 0; i < n; i++) {
      const d = p1(proba, k, i) - yTrue[i];
      s += d * d;
    }
  } else {
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < k; c++) {
        const d = proba[i * k + c] - (yTrue[i] === c ? 1 : 0);
        s += d * d;
      }
    }
  }
  return s / n;
}

/** Options of {@link reliabilityBins}. */
export interface ReliabilityOptions {
  /** Number of bins, 1..1000. Default 10. */
  bins?: number;
  /**
   * `uniform`: equal-width bins [0, 0.1), [0.1, 0.2), …, [0.9, 1]; `quantile`: edges at the quantiles of the
   * predicted probabilities (about n/bins rows each; tied probabilities stay in one bin, so there may be fewer).
   * Default `uniform`.
   */
  strategy?: 'uniform' | 'quantile';
  /** Two-sided level of each bin's Wilson interval of the observed frequency. Default 0.95. */
  confidence?: number;
  /** Draws of the consistency resampling behind `eceNoise` (0: skip, NaN fields). Default 200. */
  resamples?: number;
  /** Seed of those draws. Default 42. */
  seed?: number;
}

/** Defaults of {@link ReliabilityOptions}. */
export const reliabilityDefaults: Required<ReliabilityOptions> = { bins: 10, strategy: 'uniform', confidence: 0.95, resamples: 200, seed: 42 };

/** One non-empty bin of a reliability diagram. */
export interface ReliabilityBin {
  /** Bin edges: lo <= p < hi (the last bin includes its upper edge). */
  lo: number;
  hi: number;
  /** Rows whose predicted P(class 1) falls in the bin. */
  count: number;
  /** Mean predicted P(class 1) of those rows. */
  meanPredicted: number;
  /** Share of those rows whose label is 1. */
  observed: number;
  /** Wilson interval of `observed` at `confidence`. */
  observedCI: [number, number];
}

/** Reliability bins of binary probabilities and the calibration errors they give. */
export interface Reliability {
  strategy: 'uniform' | 'quantile';
  /** Rows scored. */
  n: number;
  /** Non-empty bins in ascending order of probability (empty bins are left out). */
  bins: ReliabilityBin[];
  /** Expected calibration error: Σ_b (count_b / n) · |meanPredicted_b − observed_b|, in [0, 1]. */
  ece: number;
  /** Maximum calibration error: max_b |meanPredicted_b − observed_b|. */
  mce: number;
  /**
   * ECE a perfectly calibrated model shows on these rows from sampling noise alone: the mean, and the 95th
   * percentile, of the ECE over `resamples` label draws yᵢ* ~ Bernoulli(pᵢ) in the same bins (consistency
   * resampling, Bröcker & Smith 2007). It assumes independent rows, so it understates the noise of
   * overlapping h-day labels. NaN with `resamples: 0`.
   */
  eceNoise: number;
  eceNoise95: number;
}

/** Inner bin edges at the quantiles of `p` (ascending, distinct, above the smallest value). */
function quantileEdges(p: Float64Array, bins: number): number[] {
  const sorted = Float64Array.from(p).sort();
  const n = sorted.length;
  const edges: number[] = [];
  for (let k = 1; k < bins; k++) {
    const e = sorted[Math.floor((k * n) / bins)];
    if (e > sorted[0] && (edges.length === 0 || e > edges[edges.length - 1])) edges.push(e);
  }
  return edges;
}

/** Number of `edges` that are <= v (edges ascending): the bin of v. */
function binOf(edges: number[], v: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edges[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Reliability (calibration) bins of a binary classifier's probabilities: per bin the number of rows, the mean
 * predicted P(class 1), the observed frequency of class 1 with its Wilson interval, and over all bins the
 * expected (ECE) and maximum (MCE) calibration errors. A calibrated model's points lie on the diagonal and its
 * ECE is near 0 (up to sampling noise of about √(p(1−p)/count) per bin); an overconfident one has its points
 * flatter than the diagonal.
 * @param yTrue classes 0/1, length n
 * @param proba P(class 1) (length n) or the [n, 2] row-major `predictProba` matrix
 * @param options bins (10), strategy (`uniform`), confidence (0.95)
 * @returns {@link Reliability}
 */
export function reliabilityBins(yTrue: Numeric, proba: Numeric, options: ReliabilityOptions = {}): Reliability {
  const fn = 'reliabilityBins';
  const k = probaColumns(fn, yTrue, proba);
  if (k > 2) throw inputError({ key: `${fn}(proba)` }, 'binary probabilities (a vector or an [n, 2] matrix)', `${k} classes`);
  const bins = options.bins ?? reliabilityDefaults.bins;
  checkInt(fn, 'options.bins', bins, 1);
  if (bins > 1000) throw inputError({ key: `${fn}(options.bins)` }, 'an integer in 1..1000', show(bins));
  const strategy = options.strategy ?? reliabilityDefaults.strategy;
  if (strategy !== 'uniform' && strategy !== 'quantile') throw inputError({ key: `${fn}(options.strategy)` }, '"uniform" or "quantile"', show(strategy));
  const confidence = options.confidence ?? reliabilityDefaults.confidence;
  const n = yTrue.length;
  const p = new Float64Array(n);
  for (let i = 0; i < n; i++) p[i] = p1(proba, k, i);
  const edges = strategy === 'uniform' ? Array.from({ length: bins - 1 }, (_, b) => (b + 1) / bins) : quantileEdges(p, bins);
  const m = edges.length + 1;
  const count = new Float64Array(m);
  const sumP = new Float64Array(m);
  const pos = new Float64Array(m);
  const binIx = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const b = (binIx[i] = binOf(edges, p[i]));
    count[b]++;
    sumP[b] += p[i];
    pos[b] += yTrue[i];
  }
  const out: ReliabilityBin[] = [];
  let ece = 0;
  let mce = 0;
  for (let b = 0; b < m; b++) {
    if (count[b] === 0) continue;
    const meanPredicted = sumP[b] / count[b];
    const observed = pos[b] / count[b];
    const gap = Math.abs(meanPredicted - observed);
    ece += (count[b] / n) * gap;
    mce = Math.max(mce, gap);
    const lo = b === 0 ? 0 : edges[b - 1];
    const hi = b === m - 1 ? 1 : edges[b];
    out.push({ lo, hi, count: count[b], meanPredicted, observed, observedCI: wilsonInterval(pos[b], count[b], { confidence }) });
  }
  const noise = eceUnderCalibration(p, binIx, { count, sumP }, options.resamples ?? reliabilityDefaults.resamples, options.seed ?? reliabilityDefaults.seed);
  return { strategy, n, bins: out, ece, mce, eceNoise: noise.mean, eceNoise95: noise.q95 };
}

/** Mean and 95th percentile of the ECE when labels are drawn from the predicted probabilities themselves. */
function eceUnderCalibration(p: Float64Array, binIx: Int32Array, s: { count: Float64Array; sumP: Float64Array }, resamples: number, seed: number): { mean: number; q95: number } {
  checkInt('reliabilityBins', 'options.resamples', resamples, 0);
  if (resamples === 0) return { mean: NaN, q95: NaN };
  const rng = new Rng(seed);
  const n = p.length;
  const pos = new Float64Array(s.count.length);
  const draws = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    pos.fill(0);
    for (let i = 0; i < n; i++) if (rng.next() < p[i]) pos[binIx[i]]++;
    let e = 0;
    for (let b = 0; b < pos.length; b++) if (s.count[b] > 0) e += Math.abs(s.sumP[b] - pos[b]) / n;
    draws[r] = e;
  }
  draws.sort();
  return { mean: draws.reduce((a, v) => a + v, 0) / resamples, q95: draws[Math.min(resamples - 1, Math.floor(0.95 * resamples))] };
}
