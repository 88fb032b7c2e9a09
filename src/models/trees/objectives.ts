/**
 * Boosting objectives: binary logistic, multiclass softmax, squared error. Each turns margins into
 * (gradient, hessian) pairs, a loss for the history and early stopping, and probabilities.
 */

/** Which objective a task boosts. */
export type ObjectiveKind = 'binary' | 'softmax' | 'squared';

/**
 * Initial margin per output: log-odds of the weighted positive rate (binary), log class priors
 * (softmax), weighted mean (squared).
 * @param K margins per row (1, or the class count for softmax)
 * @returns Float64Array of length K
 */
export function baseScore(kind: ObjectiveKind, y: Float64Array, w: Float64Array, K: number): Float64Array {
  const out = new Float64Array(K);
  let W = 0;
  for (let i = 0; i < y.length; i++) W += w[i];
  if (W <= 0) return out;
  if (kind === 'squared') {
    let s = 0;
    for (let i = 0; i < y.length; i++) s += w[i] * y[i];
    out[0] = s / W;
  } else if (kind === 'binary') {
    let s = 0;
    for (let i = 0; i < y.length; i++) s += w[i] * y[i];
    const p = Math.min(1 - 1e-6, Math.max(1e-6, s / W));
    out[0] = Math.log(p / (1 - p));
  } else {
    const c = new Float64Array(K);
    for (let i = 0; i < y.length; i++) c[y[i]] += w[i];
    for (let k = 0; k < K; k++) out[k] = Math.log(Math.max(1e-6, c[k] / W));
  }
  return out;
}

/** Logistic function. */
export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/**
 * Softmax of each row of `[n, K]` margins.
 * @returns new Float64Array `[n, K]`
 */
export function softmaxRows(margin: Float64Array, n: number, K: number): Float64Array {
  const p = new Float64Array(n * K);
  for (let i = 0; i < n; i++) {
    let mx = -Infinity;
    for (let k = 0; k < K; k++) mx = Math.max(mx, margin[i * K + k]);
    let s = 0;
    for (let k = 0; k < K; k++) {
      const e = Math.exp(margin[i * K + k] - mx);
      p[i * K + k] = e;
      s += e;
    }
    for (let k = 0; k < K; k++) p[i * K + k] /= s;
  }
  return p;
}

/**
 * Writes weighted (gradient, hessian) of output `k` for every row into `gh` (interleaved, length 2n).
 * @param margin `[n, K]`; `prob` softmax of it (softmax only, else unused)
 */
export function gradients(kind: ObjectiveKind, margin: Float64Array, prob: Float64Array | null, y: Float64Array, w: Float64Array, K: number, k: number, gh: Float64Array): void {
  const n = y.length;
  if (kind === 'squared') {
    for (let i = 0; i < n; i++) {
      gh[2 * i] = w[i] * (margin[i] - y[i]);
      gh[2 * i + 1] = w[i];
    }
  } else if (kind === 'binary') {
    for (let i = 0; i < n; i++) {
      const p = sigmoid(margin[i]);
      gh[2 * i] = w[i] * (p - y[i]);
      gh[2 * i + 1] = w[i] * Math.max(p * (1 - p), 1e-16);
    }
  } else {
    const P = prob as Float64Array;
    for (let i = 0; i < n; i++) {
      const p = P[i * K + k];
      gh[2 * i] = w[i] * (p - (y[i] === k ? 1 : 0));
      gh[2 * i + 1] = w[i] * Math.max(p * (1 - p), 1e-16);
    }
  }
}

/**
 * Weighted mean loss: log loss (binary, softmax) or root mean squared error (squared).
 * @param margin `[n, K]`
 */
export function lossOf(kind: ObjectiveKind, margin: Float64Array, y: Float64Array, w: Float64Array, K: number): number {
  const n = y.length;
  let s = 0;
  let W = 0;
  if (kind === 'softmax') {
    const p = softmaxRows(margin, n, K);
    for (let i = 0; i < n; i++) {
      s -= w[i] * Math.log(Math.max(1e-15, p[i * K + y[i]]));
      W += w[i];
    }
    return W > 0 ? s / W : 0;
  }
  for (let i = 0; i < n; i++) {
    W += w[i];
    if (kind === 'squared') s += w[i] * (margin[i] - y[i]) ** 2;
    else {
      const p = Math.min(1 - 1e-15, Math.max(1e-15, sigmoid(margin[i])));
      s -= w[i] * (y[i] === 1 ? Math.log(p) : Math.log(1 - p));
    }
  }
  if (W <= 0) return 0;
  return kind === 'squared' ? Math.sqrt(s / W) : s / W;
}
