/**
 * Turning a {@link Dataset} into what the tree engine reads: a row-major `[n, features]` matrix
 * (for a rank-3 `[n, steps, features]` dataset, the LAST time step's features), checked labels
 * and weights.
 */
import { inputError } from '../../util/errors';
import type { Dataset, Task } from '../types';

/** A row-major tabular view of a dataset. */
export interface Tabular {
  /** `[n, features]` row-major; the caller's array itself when the dataset is already rank 2 (never written). */
  x: Float32Array;
  n: number;
  features: number;
  names: string[];
}

/**
 * Tabular view of a dataset; rank-3 datasets contribute their last time step.
 * @param family registry key, for messages
 * @returns a {@link Tabular}; `x` is copied only for rank-3 input
 */
export function tabular(data: Dataset, family: string): Tabular {
  const shape = data.shape;
  if (!Array.isArray(shape) || (shape.length !== 2 && shape.length !== 3)) {
    throw inputError({ key: `${family}.data.shape` }, '[n, features] or [n, steps, features]', JSON.stringify(shape));
  }
  const n = shape[0];
  const features = shape[shape.length - 1];
  const size = shape.reduce((a, b) => a * b, 1);
  if (data.x.length !== size) {
    throw inputError({ key: `${family}.data.x` }, `${size} values for shape ${JSON.stringify(shape)}`, `${data.x.length}`);
  }
  if (data.featureNames.length !== features) {
    throw inputError({ key: `${family}.data.featureNames` }, `${features} names (last dimension of shape)`, `${data.featureNames.length}`);
  }
  if (shape.length === 2) return { x: data.x, n, features, names: data.featureNames };
  const steps = shape[1];
  const x = new Float32Array(n * features);
  for (let i = 0; i < n; i++) x.set(data.x.subarray((i * steps + steps - 1) * features, (i * steps + steps) * features), i * features);
  return { x, n, features, names: data.featureNames };
}

/**
 * Checks that prediction data has the features the model was fitted on, in the same order.
 * @param fitted feature names seen at fit
 */
export function checkFeatureNames(family: string, fitted: string[], got: string[]): void {
  if (fitted.length !== got.length) {
    throw inputError({ key: `${family}.data.featureNames` }, `the ${fitted.length} features the model was fitted on`, `${got.length} features`);
  }
  for (let i = 0; i < fitted.length; i++) {
    if (fitted[i] !== got[i]) {
      throw inputError({ key: `${family}.data.featureNames[${i}]` }, `feature ${JSON.stringify(fitted[i])} (fit order)`, JSON.stringify(got[i]));
    }
  }
}

/** Labelled rows ready for training. */
export interface Labelled {
  tab: Tabular;
  /** Target per kept row (class index or value). */
  y: Float64Array;
  /** Sample weight per kept row (1 when the dataset has none). */
  w: Float64Array;
}

/**
 * Keeps the rows with a known label (NaN labels are masked out), validates labels against the task
 * and weights (finite, >= 0).
 * @param classes class count (2, 3, k) or 1 for regression
 * @returns the kept rows (the data is copied only when rows are dropped)
 */
export function labelled(data: Dataset, task: Task, classes: number, family: string): Labelled {
  const tab = tabular(data, family);
  const yIn = data.y;
  if (!yIn || yIn.length !== tab.n) {
    throw inputError({ key: `${family}.data.y` }, `a target of length ${tab.n}`, yIn ? `length ${yIn.length}` : 'none');
  }
  if (data.weight && data.weight.length !== tab.n) {
    throw inputError({ key: `${family}.data.weight` }, `weights of length ${tab.n}`, `length ${data.weight.length}`);
  }
  const keep: number[] = [];
  for (let i = 0; i < tab.n; i++) {
    const v = yIn[i];
    if (v !== v) continue;
    if (task === 'regression') {
      if (!Number.isFinite(v)) throw inputError({ key: `${family}.data.y[${i}]` }, 'a finite target', String(v));
    } else if (!(Number.isInteger(v) && v >= 0 && v < classes)) {
      throw inputError({ key: `${family}.data.y[${i}]` }, `a class index 0..${classes - 1} for task ${task}`, String(v));
    }
    const wi = data.weight ? data.weight[i] : 1;
    if (!(wi >= 0 && Number.isFinite(wi))) throw inputError({ key: `${family}.data.weight[${i}]` }, 'a finite weight >= 0', String(wi));
    keep.push(i);
  }
  if (keep.length === 0) throw inputError({ key: `${family}.data.y` }, 'at least one row with a known (non-NaN) label', 'none');
  const m = keep.length;
  const y = new Float64Array(m);
  const w = new Float64Array(m);
  let x = tab.x;
  if (m !== tab.n) x = new Float32Array(m * tab.features);
  for (let r = 0; r < m; r++) {
    const i = keep[r];
    y[r] = yIn[i];
    w[r] = data.weight ? data.weight[i] : 1;
    if (m !== tab.n) x.set(tab.x.subarray(i * tab.features, (i + 1) * tab.features), r * tab.features);
  }
  return { tab: { ...tab, x, n: m }, y, w };
}

/**
 * Multiplies weights by balanced class weights n / (k · n_c) (scikit-learn's `class_weight='balanced'`).
 * @returns a new weight array
 */
export function balancedWeights(y: Float64Array, w: Float64Array, classes: number): Float64Array {
  const count = new Float64Array(classes);
  for (let i = 0; i < y.length; i++) count[y[i]] += w[i];
  let total = 0;
  for (let c = 0; c < classes; c++) total += count[c];
  const out = new Float64Array(w.length);
  for (let i = 0; i < y.length; i++) out[i] = w[i] * (count[y[i]] > 0 ? total / (classes * count[y[i]]) : 0);
  return out;
}

/** An AbortError (the `name` callers test for) raised when a fit's signal is aborted. */
export function abortError(family: string): Error {
  const e = new Error(`${family}: training aborted`);
  e.name = 'AbortError';
  return e;
}

/** Resolves at the next macrotask, so aborts and progress output can happen between boosting rounds. */
export function nextTick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
