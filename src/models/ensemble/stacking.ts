/**
 * Ensembles of binary-probability models: weighted average, stacking (a logistic meta-learner fitted on
 * out-of-fold predictions only) and blending (simplex weights fitted on a later holdout block).
 * Inputs are per-model probability columns of "up", each of length n.
 */
import { inputError } from '../../util/errors';

function checkColumns(probs: ArrayLike<number>[], n?: number, key = 'probs'): number {
  if (probs.length === 0) throw inputError({ key }, 'at least one model column', 'none');
  const len = n ?? probs[0].length;
  probs.forEach((p, j) => {
    if (p.length !== len) throw inputError({ key: `${key}[${j}]` }, `${len} values`, `${p.length}`);
  });
  return len;
}

/**
 * Weighted average of model probabilities.
 * @param probs one column per model, each length n
 * @param weights one non-negative weight per model (normalised here; default equal)
 * @returns Float64Array of n combined probabilities
 */
export function weightedAverage(probs: ArrayLike<number>[], weights?: ArrayLike<number>): Float64Array {
  const n = checkColumns(probs);
  const k = probs.length;
  const w = weights ? Array.from(weights) : new Array<number>(k).fill(1);
  if (w.length !== k) throw inputError({ key: 'weights' }, `${k} weights`, `${w.length}`);
  const total = w.reduce((a, b) => a + b, 0);
  if (!(total > 0) || w.some((v) => !(v >= 0))) throw inputError({ key: 'weights' }, 'non-negative weights with a positive sum', JSON.stringify(w));
  const out = new Float64Array(n);
  for (let j = 0; j < k; j++) for (let i = 0; i < n; i++) out[i] += (w[j] / total) * probs[j][i];
  return out;
}

/**
 * Out-of-fold predictions: for each fold f, `fitPredict(trainRows, testRows)` fits on rows outside f and
 * returns predictions for the rows of f. Every row gets a prediction from a model that never saw it.
 * @param folds fold id per row (integers >= 0; a negative id = row not predicted, left NaN)
 * @param fitPredict fits on `trainRows` and returns one probability per `testRows` entry
 * @returns Float64Array of n out-of-fold probabilities
 */
export async function outOfFoldPredictions(
  folds: ArrayLike<number>,
  fitPredict: (trainRows: Int32Array, testRows: Int32Array) => Promise<ArrayLike<number>> | ArrayLike<number>,
): Promise<Float64Array> {
  const n = folds.length;
  const ids = [...new Set(Array.from(folds).filter((f) => f >= 0))].sort((a, b) => a - b);
  if (ids.length < 2) throw inputError({ key: 'folds' }, 'at least 2 folds', String(ids.length));
  const out = new Float64Array(n).fill(NaN);
  for (const f of ids) {
    const test: number[] = [];
    const train: number[] = [];
    for (let i = 0; i < n; i++) if (folds[i] === f) test.push(i);
    else if (folds[i] >= 0) train.push(i);
    const p = await fitPredict(Int32Array.from(train), Int32Array.from(test));
    if (p.length !== test.length) throw inputError({ key: `fold ${f}` }, `${test.length} predictions`, `${p.length}`);
    test.forEach((row, r) => (out[row] = p[r]));
  }
  return out;
}

/** A fitted stacking meta-learner: p = σ(b + Σ w_j·logit(p_j)). */
export interface Stacker {
  kind: 'stacking';
  weights: number[];
  bias: number;
}

/** Options of {@link fitStacker}. */
export interface StackerOptions {
  /** L2 penalty on the weights (not the bias). Default 1e-2. */
  l2?: number;
  /** Newton iterations. Default 50. */
  iterations?: number;
}

/** Defaults of {@link StackerOptions}. */
export const stackerDefaults: Required<StackerOptions> = { l2: 1e-2, iterations: 50 };

const logit = (p: number): number => {
  const q = Math.min(1 - 1e-6, Math.max(1e-6, p));
  return Math.log(q / (1 - q));
};
const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[piv][c])) piv = r;
    [m[c], m[piv]] = [m[piv], m[c]];
    const d = m[c][c] || 1e-12;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r][c] / d;
      for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
    }
  }
  return m.map((row, i) => row[n] / (row[i] || 1e-12));
}

/**
 * Fits the stacking meta-learner (L2 logistic regression on the logits of the base probabilities) by Newton's method.
 * The inputs must be OUT-OF-FOLD predictions (see {@link outOfFoldPredictions}); rows with any NaN are skipped.
 * @param oof one out-of-fold probability column per base model, each length n
 * @param y outcome per row, 1 up / 0 not up (NaN skipped)
 * @param options l2 (default 1e-2), iterations (default 50)
 * @returns Stacker `{weights (one per model), bias}`
 */
export function fitStacker(oof: ArrayLike<number>[], y: ArrayLike<number>, options: StackerOptions = {}): Stacker {
  const o = { ...stackerDefaults, ...options };
  const n = checkColumns(oof, y.length, 'oof');
  const k = oof.length;
  const rows: number[] = [];
  for (let i = 0; i < n; i++) if ((y[i] === 0 || y[i] === 1) && oof.every((c) => Number.isFinite(c[i]))) rows.push(i);
  if (rows.length < 2) throw inputError({ key: 'oof' }, 'at least 2 rows with finite predictions and a 0/1 outcome', String(rows.length));
  const x = rows.map((i) => [1, ...oof.map((c) => logit(c[i]))]);
  const t = rows.map((i) => y[i]);
  let beta = new Array<number>(k + 1).fill(0);
  for (let it = 0; it < o.iterations; it++) {
    const g = new Array<number>(k + 1).fill(0);
    const h = Array.from({ length: k + 1 }, () => new Array<number>(k + 1).fill(0));
    for (let r = 0; r < x.length; r++) {
      const p = sigmoid(x[r].reduce((s, v, j) => s + v * beta[j], 0));
      const wr = Math.max(p * (1 - p), 1e-9);
      for (let a = 0; a <= k; a++) {
        g[a] += (p - t[r]) * x[r][a];
        for (let b = 0; b <= k; b++) h[a][b] += wr * x[r][a] * x[r][b];
      }
    }
    for (let a = 1; a <= k; a++) {
      g[a] += o.l2 * x.length * beta[a];
      h[a][a] += o.l2 * x.length;
    }
    const step = solve(h, g);
    beta = beta.map((b, j) => b - step[j]);
    if (Math.max(...step.map(Math.abs)) < 1e-10) break;
  }
  return { kind: 'stacking', bias: beta[0], weights: beta.slice(1) };
}

/**
 * Applies a fitted stacker.
 * @param stacker from {@link fitStacker}
 * @param probs one probability column per base model (same order as fitted), each length n
 * @returns Float64Array of n stacked probabilities
 */
export function stackPredict(stacker: Stacker, probs: ArrayLike<number>[]): Float64Array {
  const n = checkColumns(probs);
  if (probs.length !== stacker.weights.length) throw inputError({ key: 'probs' }, `${stacker.weights.length} model columns`, `${probs.length}`);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = stacker.bias;
    for (let j = 0; j < probs.length; j++) z += stacker.weights[j] * logit(probs[j][i]);
    out[i] = sigmoid(z);
  }
  return out;
}

/** Options of {@link fitBlend}. */
export interface BlendOptions {
  /** Exponentiated-gradient iterations on the mean log loss. Default 500. */
  iterations?: number;
  /** Step size. Default 0.5. */
  step?: number;
}

/** Defaults of {@link BlendOptions}. */
export const blendDefaults: Required<BlendOptions> = { iterations: 500, step: 0.5 };

/**
 * Blending: simplex weights (non-negative, sum 1) minimising the mean log loss of the weighted average on a
 * holdout block that comes after the base models' training data in time (never their training rows).
 * @param holdout one probability column per model on the holdout rows
 * @param y outcome per holdout row, 1 / 0 (NaN skipped)
 * @param options iterations (default 500), step (default 0.5)
 * @returns weights, one per model, for {@link weightedAverage}
 */
export function fitBlend(holdout: ArrayLike<number>[], y: ArrayLike<number>, options: BlendOptions = {}): number[] {
  const o = { ...blendDefaults, ...options };
  const n = checkColumns(holdout, y.length, 'holdout');
  const k = holdout.length;
  const rows: number[] = [];
  for (let i = 0; i < n; i++) if ((y[i] === 0 || y[i] === 1) && holdout.every((c) => Number.isFinite(c[i]))) rows.push(i);
  if (rows.length === 0) throw inputError({ key: 'holdout' }, 'at least one row with finite predictions and a 0/1 outcome', '0');
  let w = new Array<number>(k).fill(1 / k);
  for (let it = 0; it < o.iterations; it++) {
    const g = new Array<number>(k).fill(0);
    for (const i of rows) {
      let p = 0;
      for (let j = 0; j < k; j++) p += w[j] * holdout[j][i];
      p = Math.min(1 - 1e-9, Math.max(1e-9, p));
      const d = y[i] === 1 ? -1 / p : 1 / (1 - p);
      for (let j = 0; j < k; j++) g[j] += (d * holdout[j][i]) / rows.length;
    }
    const gmax = Math.max(...g.map(Math.abs)) || 1;
    w = w.map((v, j) => v * Math.exp((-o.step * g[j]) / gmax));
    const s = w.reduce((a, b) => a + b, 0);
    w = w.map((v) => v / s);
  }
  return w;
}
