/**
 * From a {@link Dataset} to what the network trains on: shape checks with clear errors, a per-feature
 * standard scaler fitted on the training set only (recorded with its date range), target scaling for
 * regression, class weights, and NaN labels turned into weight-0 (masked) rows.
 */
import { inputError } from '../../util/errors';
import { taskClasses, type Dataset, type Task } from '../types';
import type { HeadTargets, Prepared } from './train';

/** Per-feature standardisation fitted on training rows (all steps of every window). */
export interface FeatureScaler {
  kind: 'standard';
  mean: number[];
  std: number[];
  /** Training rows it was fitted on. */
  rows: number;
  /** First and last trading day (days since epoch) of the fitted rows, when the dataset had dates. */
  firstDay?: number;
  lastDay?: number;
}

/** Scaling of a regression head's target: y' = (f(y) - mean) / std with f = log or identity. */
export interface TargetScale {
  mean: number;
  std: number;
  log: boolean;
  /** With `log`: zero targets (e.g. |r| of an unchanged close) are raised to this, the smallest positive training target. */
  floor?: number;
}

/** log of a target under `scale`: zeros raised to the scale's floor (absent in older models: no floor). */
function logTarget(y: number, scale: TargetScale): number {
  return Math.log(y === 0 && scale.floor !== undefined ? scale.floor : y);
}

/** How a head reads its labels. */
export interface HeadDef {
  /** Head name (`y` for single-output families, else the Dataset.targets key). */
  name: string;
  task: Task;
}

/**
 * Checks a sequence dataset's shape and values.
 * @param data the dataset
 * @param where label for messages (e.g. `lstm.fit(train)`)
 * @param expect steps and features the model was fitted on, when known
 */
export function checkSequenceData(data: Dataset, where: string, expect?: { steps: number; features: number }): void {
  const s = data.shape;
  if (!Array.isArray(s) || s.length !== 3 || !s.every((d) => Number.isInteger(d) && d >= 0)) {
    throw inputError({ key: `${where}.shape` }, 'a sequence shape [n, steps, features]', JSON.stringify(s));
  }
  const [n, steps, f] = s;
  if (!(data.x instanceof Float32Array) || data.x.length !== n * steps * f) {
    throw inputError({ key: `${where}.x` }, `a Float32Array of n*steps*features = ${n * steps * f} values`, `length ${data.x?.length}`);
  }
  if (data.featureNames.length !== f) throw inputError({ key: `${where}.featureNames` }, `${f} names`, String(data.featureNames.length));
  if (expect && (steps !== expect.steps || f !== expect.features)) {
    throw inputError({ key: `${where}.shape` }, `[n, ${expect.steps}, ${expect.features}] as at fit time`, JSON.stringify(s));
  }
  for (let i = 0; i < data.x.length; i++) {
    if (!Number.isFinite(data.x[i])) {
      const row = Math.floor(i / (steps * f));
      throw inputError({ key: `${where}.x` }, 'finite feature values (deep models take no NaN; impute first)', `${data.x[i]} at row ${row}, step ${Math.floor(i / f) % steps}, feature \`${data.featureNames[i % f]}\``);
    }
  }
  if (data.weight && data.weight.length !== n) throw inputError({ key: `${where}.weight` }, `${n} sample weights`, String(data.weight.length));
}

/**
 * Fits the per-feature standard scaler on a training dataset (never on validation or test data).
 * @returns mean and std per feature (std floored at 1e-8)
 */
export function fitFeatureScaler(data: Dataset): FeatureScaler {
  const [n, steps, f] = data.shape;
  const sum = new Float64Array(f);
  const sq = new Float64Array(f);
  const count = n * steps;
  for (let i = 0; i < data.x.length; i++) sum[i % f] += data.x[i];
  const mean = Array.from(sum, (s) => s / Math.max(1, count));
  for (let i = 0; i < data.x.length; i++) {
    const d = data.x[i] - mean[i % f];
    sq[i % f] += d * d;
  }
  const std = Array.from(sq, (s) => Math.max(1e-8, Math.sqrt(s / Math.max(1, count))));
  const out: FeatureScaler = { kind: 'standard', mean, std, rows: n };
  if (data.dates && data.dates.length === n && n > 0) {
    out.firstDay = data.dates[0];
    out.lastDay = data.dates[n - 1];
  }
  return out;
}

/** Applies a feature scaler (or copies when undefined); never mutates `data.x`. */
export function scaleFeatures(data: Dataset, scaler: FeatureScaler | undefined): Float32Array {
  const f = data.shape[2];
  const out = new Float32Array(data.x.length);
  if (!scaler) {
    out.set(data.x);
    return out;
  }
  for (let i = 0; i < out.length; i++) out[i] = (data.x[i] - scaler.mean[i % f]) / scaler.std[i % f];
  return out;
}

/** The raw label column of a head: `data.targets[name]`, or `data.y` for the primary head. */
export function headLabels(data: Dataset, head: string, primary: boolean, where: string): Float32Array {
  const t = data.targets?.[head] ?? (primary || head === 'y' ? data.y : undefined);
  if (!t) throw inputError({ key: `${where}.targets.${head}` }, `labels for head \`${head}\``, 'none');
  if (t.length !== data.shape[0]) throw inputError({ key: `${where}.targets.${head}` }, `${data.shape[0]} labels`, String(t.length));
  return t;
}

/**
 * Fits a regression target scale on known (non-NaN) training labels. With `log`, targets must be >= 0; zeros
 * (a realised volatility of an unchanged close) are raised to the smallest positive training target.
 */
export function fitTargetScale(labels: Float32Array, log: boolean, where: string): TargetScale {
  let s = 0;
  let s2 = 0;
  let c = 0;
  let floor = Infinity;
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i];
    if (Number.isNaN(y)) continue;
    if (log && !(y >= 0)) throw inputError({ key: where }, 'non-negative targets with logTarget', `${y} at row ${i}`);
    if (y > 0 && y < floor) floor = y;
  }
  if (log && !Number.isFinite(floor)) throw inputError({ key: where }, 'at least one positive target with logTarget', 'none');
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i];
    if (Number.isNaN(y)) continue;
    const v = log ? Math.log(y > 0 ? y : floor) : y;
    s += v;
    s2 += v * v;
    c++;
  }
  if (c === 0) throw inputError({ key: where }, 'at least one known (non-NaN) label', 'all NaN');
  const mean = s / c;
  return { mean, std: Math.max(1e-8, Math.sqrt(Math.max(0, s2 / c - mean * mean))), log, ...(log ? { floor } : {}) };
}

/** Class weights for 'balanced': n / (k · count_c) over known labels (1 for absent classes). */
export function balancedClassWeights(labels: Float32Array, k: number): number[] {
  const counts = new Array(k).fill(0);
  let n = 0;
  for (const y of labels) {
    if (Number.isNaN(y)) continue;
    counts[y]++;
    n++;
  }
  return counts.map((c) => (c > 0 ? n / (k * c) : 1));
}

/**
 * Builds per-head training targets: labels checked (class indices in range), NaN → weight 0.
 * @param classWeights per class (classification) or undefined (all 1)
 * @param scale target scaling (regression)
 */
export function headTargets(
  labels: Float32Array,
  head: HeadDef,
  sampleWeight: Float32Array | undefined,
  classWeights: number[] | undefined,
  scale: TargetScale | undefined,
  where: string,
): HeadTargets {
  const n = labels.length;
  const out = new Float32Array(n);
  const w = new Float32Array(n);
  const k = taskClasses(head.task);
  for (let i = 0; i < n; i++) {
    const y = labels[i];
    if (Number.isNaN(y)) continue;
    const sw = sampleWeight ? sampleWeight[i] : 1;
    if (head.task === 'regression') {
      const v = scale!.log ? logTarget(y, scale!) : y;
      out[i] = (v - scale!.mean) / scale!.std;
      w[i] = sw;
    } else {
      if (!Number.isInteger(y) || y < 0 || y >= k) {
        throw inputError({ key: `${where}.${head.name}` }, `a class index 0..${k - 1} (or NaN = unknown)`, `${y} at row ${i}`);
      }
      out[i] = y;
      w[i] = sw * (classWeights ? classWeights[y] : 1);
    }
    if (!Number.isFinite(out[i])) throw inputError({ key: `${where}.${head.name}` }, 'a finite label', `${y} at row ${i}`);
  }
  return { name: head.name, kind: head.task === 'regression' ? 'value' : 'class', labels: out, weights: w };
}

/** Assembles a {@link Prepared} dataset from scaled features and head targets. */
export function preparedFrom(data: Dataset, x: Float32Array, heads: HeadTargets[]): Prepared {
  const [n, steps, features] = data.shape;
  return { x, n, steps, features, heads };
}
