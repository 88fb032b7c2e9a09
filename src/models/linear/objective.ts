/**
 * Penalised losses of linear models on standardised inputs, with analytic gradients:
 * binary logistic (sigmoid), multinomial logistic (softmax) and squared error (ridge).
 * Parameters are K blocks of `[intercept, w_1 … w_d]`; the intercepts are not penalised.
 */
import type { ObjectiveWithGradient } from './lbfgs';

/** Loss kind: `binary` (K = 1), `softmax` (K = classes), `squared` (K = 1). */
export type LossKind = 'binary' | 'softmax' | 'squared';

/** Training data of {@link linearObjective}. */
export interface LinearProblem {
  kind: LossKind;
  /** Standardised features, row-major `[n, d]`. */
  z: Float64Array;
  n: number;
  d: number;
  /** Outputs: 1 for binary/squared, classes for softmax. */
  k: number;
  /** Class index (binary/softmax; -1 = unknown) or standardised target (squared). */
  target: ArrayLike<number>;
  /** Row weights (0 = ignored); normalised inside to sum 1. */
  weight: Float64Array;
  /** L2 penalty λ in ½·λ·‖w‖² added to the weighted mean loss. */
  l2: number;
}

/** Numerically stable log(1 + e^z). */
export function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/** Logistic function 1 / (1 + e^-z). */
export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/**
 * Linear scores (logits or values) of every row: K per row.
 * @param theta parameters, K·(d+1)
 * @param z standardised features `[n, d]`
 * @param n rows
 * @param d features
 * @param k outputs
 * @returns scores, row-major `[n, k]`
 */
export function linearScores(theta: ArrayLike<number>, z: ArrayLike<number>, n: number, d: number, k: number): Float64Array {
  const out = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let c = 0; c < k; c++) {
      const p = c * (d + 1);
      let s = theta[p];
      for (let j = 0; j < d; j++) s += theta[p + 1 + j] * z[o + j];
      out[i * k + c] = s;
    }
  }
  return out;
}

/**
 * Builds f(θ) = Σ wᵢ·lossᵢ / Σ w + ½λ‖w‖² and its gradient for L-BFGS.
 * @param p the problem (not modified)
 * @returns objective filling the gradient; Σ w = 0 yields f = penalty only
 */
export function linearObjective(p: LinearProblem): ObjectiveWithGradient {
  const { kind, z, n, d, k, target, l2 } = p;
  let wsum = 0;
  for (let i = 0; i < n; i++) wsum += p.weight[i];
  const w = p.weight.map((v) => (wsum > 0 ? v / wsum : 0));
  const resid = new Float64Array(k);
  const score = new Float64Array(k);
  return (theta, grad) => {
    grad.fill(0);
    let f = 0;
    for (let i = 0; i < n; i++) {
      const wi = w[i];
      if (wi === 0) continue;
      const o = i * d;
      for (let c = 0; c < k; c++) {
        const q = c * (d + 1);
        let s = theta[q];
        for (let j = 0; j < d; j++) s += theta[q + 1 + j] * z[o + j];
        score[c] = s;
      }
      const t = target[i];
      if (kind === 'binary') {
        f += wi * (softplus(score[0]) - t * score[0]);
        resid[0] = wi * (sigmoid(score[0]) - t);
      } else if (kind === 'squared') {
        const r = score[0] - t;
        f += wi * 0.5 * r * r;
        resid[0] = wi * r;
      } else {
        let mx = -Infinity;
        for (let c = 0; c < k; c++) mx = Math.max(mx, score[c]);
        let se = 0;
        for (let c = 0; c < k; c++) se += Math.exp(score[c] - mx);
        const lse = mx + Math.log(se);
        f += wi * (lse - score[t]);
        for (let c = 0; c < k; c++) resid[c] = wi * (Math.exp(score[c] - lse) - (c === t ? 1 : 0));
      }
      for (let c = 0; c < k; c++) {
        const r = resid[c];
        const q = c * (d + 1);
        grad[q] += r;
        for (let j = 0; j < d; j++) grad[q + 1 + j] += r * z[o + j];
      }
    }
    if (l2 > 0) {
      for (let c = 0; c < k; c++) {
        const q = c * (d + 1);
        for (let j = 1; j <= d; j++) {
          f += 0.5 * l2 * theta[q + j] * theta[q + j];
          grad[q + j] += l2 * theta[q + j];
        }
      }
    }
    return f;
  };
}
