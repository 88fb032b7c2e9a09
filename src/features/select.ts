/**
 * Feature selection inside a training window (`features.select`): features are ranked by their mutual
 * information with the label on the training rows only (quantile bins, so any monotone or non-monotone
 * dependence counts), and `auto` keeps those that beat a label-shuffling null — the 95th percentile, over
 * seeded shuffles, of the best score any feature reaches by chance — so on data without signal it keeps
 * every feature (it never narrows the model onto a lucky column) and on data with signal it drops the noise.
 */
import { inputError, show } from '../util/errors';
import { Rng } from '../util/rng';

/** `auto`, `none`, or keep the `k` best-ranked features. */
export type FeatureSelect = 'auto' | 'none' | number;

/** Options of {@link selectFeatures}. */
export interface SelectOptions {
  /** The rule. Default `auto`. */
  select: FeatureSelect;
  /** Quantile bins per feature. Default 8. */
  bins: number;
  /** Label shuffles for the null of `auto`. Default 40. */
  permutations: number;
  /** Most features `auto` keeps (the best-ranked of those that pass). Default 20. */
  maxAuto: number;
  seed: number;
}

/** Defaults of {@link SelectOptions}. */
export const selectDefaults: SelectOptions = { select: 'auto', bins: 8, permutations: 40, maxAuto: 20, seed: 42 };

/** What {@link selectFeatures} chose. */
export interface FeatureSelection {
  /** Kept feature indices, ascending. */
  keep: number[];
  /** Mutual information (nats) of every feature with the label on the given rows. */
  scores: Float64Array;
  /** Null threshold of `auto` (NaN otherwise). */
  threshold: number;
}

/**
 * Checks a `features.select` value.
 * @param value `"auto"`, `"none"` or a positive integer
 * @returns the value
 * @throws InputError naming `features.select`
 */
export function checkFeatureSelect(value: unknown): FeatureSelect {
  if (value === 'auto' || value === 'none') return value;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1) return value;
  throw inputError({ key: 'features.select' }, '"auto", "none" or a positive integer', show(value));
}

/** Bin index (0 … bins−1, `bins` for NaN) of every row of column `j` by the column's quantiles. */
function binColumn(x: ArrayLike<number>, n: number, f: number, j: number, bins: number): Uint8Array {
  const vals: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = x[i * f + j];
    if (!Number.isNaN(v)) vals.push(v);
  }
  vals.sort((a, b) => a - b);
  const cuts: number[] = [];
  for (let q = 1; q < bins; q++) if (vals.length) cuts.push(vals[Math.min(vals.length - 1, Math.floor((q * vals.length) / bins))]);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = x[i * f + j];
    if (Number.isNaN(v)) {
      out[i] = bins;
      continue;
    }
    let b = 0;
    while (b < cuts.length && v >= cuts[b]) b++;
    out[i] = b;
  }
  return out;
}

/** Mutual information (nats) of binned feature `b` (values < B) and class labels `y` (values < C). */
function mutualInformation(b: Uint8Array, y: Int32Array, B: number, C: number): number {
  const joint = new Float64Array(B * C);
  const pb = new Float64Array(B);
  const py = new Float64Array(C);
  const n = y.length;
  for (let i = 0; i < n; i++) {
    joint[b[i] * C + y[i]]++;
    pb[b[i]]++;
    py[y[i]]++;
  }
  let mi = 0;
  for (let u = 0; u < B; u++) {
    for (let c = 0; c < C; c++) {
      const j = joint[u * C + c];
      if (j > 0) mi += (j / n) * Math.log((j * n) / (pb[u] * py[c]));
    }
  }
  return mi;
}

/**
 * Ranks and selects features on training rows.
 * @param x row-major `[n, f]` feature values of the training rows only
 * @param y class label per row (0 … C−1; rows with a NaN label are ignored)
 * @param f features per row
 * @param options rule (`auto`), bins (8), permutations (40), maxAuto (20), seed (42)
 * @returns kept indices (ascending), per-feature scores, the `auto` threshold
 */
export function selectFeatures(x: ArrayLike<number>, y: ArrayLike<number>, f: number, options: Partial<SelectOptions> = {}): FeatureSelection {
  const o = { ...selectDefaults, ...options };
  const rule = checkFeatureSelect(o.select);
  const all = Array.from({ length: f }, (_, j) => j);
  const rows: number[] = [];
  for (let i = 0; i < y.length; i++) if (Number.isFinite(y[i])) rows.push(i);
  const n = rows.length;
  if (rule === 'none' || n < 2 * o.bins || f === 0) return { keep: all, scores: new Float64Array(f), threshold: NaN };
  const xs = new Float64Array(n * f);
  const labels = new Int32Array(n);
  rows.forEach((r, i) => {
    for (let j = 0; j < f; j++) xs[i * f + j] = x[r * f + j];
    labels[i] = y[r];
  });
  let C = 1; // a loop, not Math.max(...labels): spreading 125,000+ training rows overflows the stack
  for (let i = 0; i < n; i++) if (labels[i] >= C) C = labels[i] + 1;
  const B = o.bins + 1;
  const binned = all.map((j) => binColumn(xs, n, f, j, o.bins));
  const scores = Float64Array.from(binned, (b) => mutualInformation(b, labels, B, C));
  const order = all.slice().sort((a, b) => scores[b] - scores[a] || a - b);
  if (rule !== 'auto') return { keep: order.slice(0, Math.min(rule, f)).sort((a, b) => a - b), scores, threshold: NaN };
  const rng = new Rng(o.seed);
  const maxima: number[] = [];
  const shuffled = labels.slice();
  for (let p = 0; p < o.permutations; p++) {
    rng.shuffle(shuffled);
    let m = 0;
    for (const b of binned) m = Math.max(m, mutualInformation(b, shuffled, B, C));
    maxima.push(m);
  }
  maxima.sort((a, b) => a - b);
  const threshold = maxima[Math.min(maxima.length - 1, Math.ceil(0.95 * maxima.length) - 1)];
  const pass = order.filter((j) => scores[j] > threshold).slice(0, o.maxAuto);
  return { keep: pass.length ? pass.sort((a, b) => a - b) : all, scores, threshold };
}
