/**
 * Dataset checks shared by the classical families (linear, GARCH, baselines): shape checks,
 * NaN checks that name the column, label checks, sample/class weights.
 */
import { inputError } from '../../util/errors';
import type { Dataset } from '../types';

/** Rows and columns of a dataset after its shape has been checked. */
export interface TableShape {
  /** Rows. */
  n: number;
  /** Time steps (1 for tabular data). */
  steps: number;
  /** Features per row (per step for sequences). */
  d: number;
}

/**
 * Checks that `data` has a consistent shape; `ranks` lists the ranks the family accepts.
 * @param data the dataset
 * @param family registry key, for messages
 * @param ranks accepted ranks (default `[2]`: `[n, features]`)
 * @returns `{n, steps, d}` (`steps` = 1 for rank 2)
 */
export function checkShape(data: Dataset, family: string, ranks: number[] = [2]): TableShape {
  const shape = data.shape;
  if (!Array.isArray(shape) || !ranks.includes(shape.length)) {
    const want = ranks.map((r) => (r === 2 ? '[n, features]' : '[n, steps, features]')).join(' or ');
    throw inputError({ key: `${family}.shape` }, `a dataset of shape ${want}`, JSON.stringify(shape));
  }
  const n = shape[0];
  const steps = shape.length === 3 ? shape[1] : 1;
  const d = shape[shape.length - 1];
  if (data.x.length !== n * steps * d) {
    throw inputError({ key: `${family}.x` }, `${n * steps * d} feature values for shape ${JSON.stringify(shape)}`, `${data.x.length}`);
  }
  if (data.featureNames.length !== d) {
    throw inputError({ key: `${family}.featureNames` }, `${d} feature names (last dimension of shape)`, `${data.featureNames.length}`);
  }
  if (data.y && data.y.length !== n) throw inputError({ key: `${family}.y` }, `${n} targets (one per row)`, `${data.y.length}`);
  if (data.weight && data.weight.length !== n) {
    throw inputError({ key: `${family}.weight` }, `${n} sample weights (one per row)`, `${data.weight.length}`);
  }
  return { n, steps, d };
}

/**
 * Throws an InputError naming the first column and row holding NaN or ±Infinity (rank-2 data).
 * @param data a `[n, d]` dataset
 * @param family registry key, for messages
 */
export function assertFinite(data: Dataset, family: string): void {
  const { n, d } = checkShape(data, family);
  const x = data.x;
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) {
      const v = x[o + j];
      if (!Number.isFinite(v)) {
        throw inputError(
          { key: `${family}.x`, column: data.featureNames[j] },
          `finite feature values (${family} does not accept missing values; drop or impute them)`,
          `${v} at row ${i}`,
        );
      }
    }
  }
}

/**
 * Checks that every non-NaN target of a classification dataset is a class index 0..k-1.
 * @param data dataset with `y`
 * @param k number of classes (2 binary, 3 ternary, k multiclass: see `taskClasses`)
 * @param family registry key, for messages
 * @returns the labels as integers, -1 where the label is NaN (unknown, masked)
 */
export function classLabels(data: Dataset, k: number, family: string): Int32Array {
  if (!data.y) throw inputError({ key: `${family}.y` }, 'training targets `y`', 'a dataset without y');
  const out = new Int32Array(data.y.length);
  for (let i = 0; i < data.y.length; i++) {
    const v = data.y[i];
    if (Number.isNaN(v)) {
      out[i] = -1;
      continue;
    }
    if (!Number.isInteger(v) || v < 0 || v >= k) {
      throw inputError({ key: `${family}.y` }, `class indices 0..${k - 1}`, `${v} at row ${i}`);
    }
    out[i] = v;
  }
  return out;
}

/**
 * Per-row training weights: the dataset's sample weights (default 1) times class weights, 0 where
 * the label is unknown. `balanced` class weights are n / (k · n_c) over rows with a known label
 * (the scikit-learn rule), so every class carries the same total weight.
 * @param labels class index per row, -1 = unknown (regression: pass undefined and `y`)
 * @param k number of classes (ignored for regression)
 * @param classWeight `none` or `balanced`
 * @param data the dataset (for `weight` and, in regression, NaN targets)
 * @param family registry key, for messages
 * @returns weights, length n (not normalised)
 */
export function rowWeights(labels: Int32Array | undefined, k: number, classWeight: string, data: Dataset, family: string): Float64Array {
  const n = data.shape[0];
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const sw = data.weight ? data.weight[i] : 1;
    if (!(sw >= 0) || !Number.isFinite(sw)) {
      throw inputError({ key: `${family}.weight` }, 'finite sample weights >= 0', `${sw} at row ${i}`);
    }
    const known = labels ? labels[i] >= 0 : data.y !== undefined && Number.isFinite(data.y[i]);
    w[i] = known ? sw : 0;
  }
  if (labels && classWeight === 'balanced') {
    const counts = new Float64Array(k);
    let total = 0;
    for (let i = 0; i < n; i++) {
      if (labels[i] >= 0) {
        counts[labels[i]]++;
        total++;
      }
    }
    for (let i = 0; i < n; i++) if (labels[i] >= 0) w[i] *= total / (k * counts[labels[i]]);
  } else if (classWeight !== 'none' && classWeight !== 'balanced') {
    throw inputError({ key: `${family}.classWeight` }, '"none" or "balanced"', JSON.stringify(classWeight));
  }
  return w;
}

/**
 * Checks that prediction data has the feature names the model was fitted on, in the same order.
 * @param fitted feature names saved at fit time
 * @param data prediction dataset
 * @param family registry key, for messages
 */
export function checkSameFeatures(fitted: string[], data: Dataset, family: string): void {
  const names = data.featureNames;
  if (names.length !== fitted.length || names.some((s, i) => s !== fitted[i])) {
    const i = names.findIndex((s, j) => s !== fitted[j]);
    throw inputError(
      { key: `${family}.featureNames` },
      `the ${fitted.length} features the model was fitted on, in order`,
      names.length !== fitted.length ? `${names.length} features` : `\`${names[i]}\` where \`${fitted[i]}\` was expected (position ${i})`,
    );
  }
}

/** First and last `dates` of a dataset (days since epoch), or undefined when it has none. */
export function dateRange(data: Dataset): [number, number] | undefined {
  const dt = data.dates;
  if (!dt || dt.length === 0) return undefined;
  return [dt[0], dt[dt.length - 1]];
}
