/**
 * Data drift between a reference window (the model's training data) and recent data:
 * the Population Stability Index (PSI) on reference-quantile bins and the two-sample
 * Kolmogorov–Smirnov test. Pure functions; NaN values are ignored.
 */
import { inputError } from '../util/errors';
import type { FeatureFrame } from '../features/frame';
import { fillDefaults } from '../util/options';

/** Options of {@link psi}. */
export interface PsiOptions {
  /** Number of bins, cut at the reference sample's quantiles. Default 10. */
  bins?: number;
  /** Floor on a bin's share, so empty bins do not give infinite PSI. Default 1e-4. */
  epsilon?: number;
}

/** Defaults of {@link PsiOptions}. */
export const psiDefaults: Required<PsiOptions> = { bins: 10, epsilon: 1e-4 };

function finiteSorted(x: ArrayLike<number>): Float64Array {
  const out: number[] = [];
  for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i])) out.push(x[i]);
  return Float64Array.from(out).sort();
}

/**
 * Population Stability Index Σ (a − e)·ln(a / e) over bins cut at the reference quantiles
 * (e = reference share, a = current share). Rule of thumb: < 0.1 stable, 0.1–0.25 moderate, > 0.25 major shift.
 * @param reference reference sample (e.g. a feature over the training window); NaN ignored
 * @param current current sample (e.g. the same feature over recent days); NaN ignored
 * @param options bins (default 10), epsilon floor (default 1e-4)
 * @returns PSI ≥ 0 (NaN when either sample has no finite value)
 */
export function psi(reference: ArrayLike<number>, current: ArrayLike<number>, options: PsiOptions = {}): number {
  const o = fillDefaults(psiDefaults, options);
  if (!Number.isInteger(o.bins) || o.bins < 2) throw inputError({ key: 'psi.bins' }, 'an integer >= 2', String(o.bins));
  const ref = finiteSorted(reference);
  const cur = finiteSorted(current);
  if (ref.length === 0 || cur.length === 0) return NaN;
  const cuts: number[] = [];
  for (let b = 1; b < o.bins; b++) {
    const c = ref[Math.min(ref.length - 1, Math.floor((b * ref.length) / o.bins))];
    if (cuts.length === 0 || c > cuts[cuts.length - 1]) cuts.push(c);
  }
  const share = (s: Float64Array): number[] => {
    const counts = new Array<number>(cuts.length + 1).fill(0);
    let k = 0;
    for (let i = 0; i < s.length; i++) {
      while (k < cuts.length && s[i] >= cuts[k]) k++;
      counts[k]++;
    }
    return counts.map((c) => Math.max(o.epsilon, c / s.length));
  };
  const e = share(ref);
  const a = share(cur);
  let total = 0;
  for (let b = 0; b < e.length; b++) total += (a[b] - e[b]) * Math.log(a[b] / e[b]);
  return total;
}

/** Result of {@link ksTest}. */
export interface KsResult {
  /** sup |F_ref − F_cur|, in [0, 1]. */
  statistic: number;
  /** Asymptotic p-value (Kolmogorov distribution with the Stephens small-sample correction). */
  pValue: number;
  nReference: number;
  nCurrent: number;
}

/** Kolmogorov survival function Q(λ) = 2 Σ (−1)^{k−1} exp(−2k²λ²). */
function kolmogorovQ(lambda: number): number {
  if (lambda < 1e-3) return 1;
  let sum = 0;
  for (let k = 1; k <= 100; k++) {
    const term = Math.exp(-2 * k * k * lambda * lambda);
    sum += (k % 2 === 1 ? 1 : -1) * term;
    if (term < 1e-12) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}

/**
 * Two-sample Kolmogorov–Smirnov test (two-sided). Assumes independent samples: on autocorrelated
 * features the p-value is too small, so use it with a strict alpha or together with PSI.
 * @param reference first sample; NaN ignored
 * @param current second sample; NaN ignored
 * @param options.effectiveN sample sizes to use for the p-value instead of the counts (autocorrelated data,
 *   see {@link effectiveSize}); default the counts
 * @returns {statistic, pValue, nReference, nCurrent}; statistic NaN and pValue 1 when a sample is empty
 */
export function ksTest(reference: ArrayLike<number>, current: ArrayLike<number>, options: { effectiveN?: [number, number] } = {}): KsResult {
  const a = finiteSorted(reference);
  const b = finiteSorted(current);
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return { statistic: NaN, pValue: 1, nReference: n, nCurrent: m };
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n && j < m) {
    const v = Math.min(a[i], b[j]);
    while (i < n && a[i] === v) i++;
    while (j < m && b[j] === v) j++;
    d = Math.max(d, Math.abs(i / n - j / m));
  }
  const [en, em] = options.effectiveN ?? [n, m];
  const ne = (Math.max(1, en) * Math.max(1, em)) / (Math.max(1, en) + Math.max(1, em));
  const sq = Math.sqrt(ne);
  return { statistic: d, pValue: kolmogorovQ((sq + 0.12 + 0.11 / sq) * d), nReference: n, nCurrent: m };
}

/**
 * Effective sample size of an autocorrelated series under an AR(1) approximation: n·(1 − ρ)/(1 + ρ), with ρ the
 * lag-1 autocorrelation of the finite values (clamped to [0, 0.999]).
 * @param x series (NaN ignored)
 * @returns effective number of independent observations (<= the finite count)
 */
export function effectiveSize(x: ArrayLike<number>): number {
  const v: number[] = [];
  for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i])) v.push(x[i]);
  const n = v.length;
  if (n < 3) return n;
  const mean = v.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    den += (v[i] - mean) ** 2;
    if (i > 0) num += (v[i] - mean) * (v[i - 1] - mean);
  }
  const rho = den > 0 ? Math.min(0.999, Math.max(0, num / den)) : 0;
  return (n * (1 - rho)) / (1 + rho);
}

/** Options of {@link featureDrift}. */
export interface FeatureDriftOptions extends PsiOptions {
  /** PSI above which a feature counts as drifted. Default 0.25 ("major shift"). */
  psiThreshold?: number;
  /** KS p-value (on effective sample sizes, see {@link effectiveSize}) below which a feature counts as drifted. Default 0.01. */
  ksAlpha?: number;
  /** A feature is flagged when `both` tests fire (default) or `either`. */
  rule?: 'both' | 'either';
  /** Share of flagged features above which the whole frame counts as drifted. Default 0.25. */
  maxShare?: number;
  /** Columns to test; default every column of the reference frame. */
  columns?: string[];
}

/** Defaults of {@link FeatureDriftOptions}. */
export const featureDriftDefaults: Required<Omit<FeatureDriftOptions, 'columns'>> = {
  ...psiDefaults,
  psiThreshold: 0.25,
  ksAlpha: 0.01,
  rule: 'both',
  maxShare: 0.25,
};

/** Drift of one feature. */
export interface FeatureDriftEntry {
  feature: string;
  psi: number;
  ks: number;
  ksPValue: number;
  drifted: boolean;
}

/** Result of {@link featureDrift}. */
export interface FeatureDriftReport {
  features: FeatureDriftEntry[];
  /** Flagged features / tested features. */
  share: number;
  /** True when `share` > `maxShare`. */
  drifted: boolean;
  /** Human-readable reasons (the flagged features with their PSI and KS p-value). */
  reasons: string[];
}

/**
 * PSI and KS per feature between two frames (e.g. the training window and the last 60 days). The KS p-value
 * uses effective sample sizes, because indicator columns are strongly autocorrelated (a 50-day SMA ratio over
 * 300 days holds only a handful of independent observations); without that, a random walk "drifts" every week.
 * @param reference frame of the reference window (rows = days)
 * @param current frame of the recent window, same column names
 * @param options thresholds and rule (see {@link featureDriftDefaults})
 * @returns per-feature entries, the flagged share, an overall flag and reasons
 * @throws InputError when a tested column is missing from `current`
 */
export function featureDrift(reference: FeatureFrame, current: FeatureFrame, options: FeatureDriftOptions = {}): FeatureDriftReport {
  const o = fillDefaults(featureDriftDefaults, options);
  const cols = options.columns ?? reference.names;
  const features: FeatureDriftEntry[] = [];
  for (const name of cols) {
    const ri = reference.names.indexOf(name);
    const ci = current.names.indexOf(name);
    if (ri < 0 || ci < 0) throw inputError({ key: 'featureDrift.columns' }, `a column present in both frames`, JSON.stringify(name));
    const p = psi(reference.columns[ri], current.columns[ci], o);
    const k = ksTest(reference.columns[ri], current.columns[ci], { effectiveN: [effectiveSize(reference.columns[ri]), effectiveSize(current.columns[ci])] });
    const psiHit = p > o.psiThreshold;
    const ksHit = k.pValue < o.ksAlpha;
    const drifted = o.rule === 'both' ? psiHit && ksHit : psiHit || ksHit;
    features.push({ feature: name, psi: p, ks: k.statistic, ksPValue: k.pValue, drifted });
  }
  const flagged = features.filter((f) => f.drifted);
  const share = features.length ? flagged.length / features.length : 0;
  const reasons = flagged.map((f) => `${f.feature}: PSI ${f.psi.toFixed(3)} > ${o.psiThreshold}, KS p ${f.ksPValue.toExponential(2)}`);
  return { features, share, drifted: share > o.maxShare, reasons };
}

/**
 * Prediction drift: PSI and KS between the model's predicted probabilities over a reference period and recently.
 * @param reference probabilities over the reference period
 * @param recent probabilities over the recent period
 * @param options thresholds (psiThreshold default 0.25, ksAlpha default 0.01 on effective sizes, rule `both`)
 * @returns {psi, ksPValue, drifted}
 */
export function predictionDrift(reference: ArrayLike<number>, recent: ArrayLike<number>, options: FeatureDriftOptions = {}): { psi: number; ksPValue: number; drifted: boolean } {
  const o = fillDefaults(featureDriftDefaults, options);
  const p = psi(reference, recent, o);
  const k = ksTest(reference, recent, { effectiveN: [effectiveSize(reference), effectiveSize(recent)] });
  const drifted = o.rule === 'both' ? p > o.psiThreshold && k.pValue < o.ksAlpha : p > o.psiThreshold || k.pValue < o.ksAlpha;
  return { psi: p, ksPValue: k.pValue, drifted };
}
