/**
 * Combining member class probabilities: weighted average of `[n, k]` blocks and simplex blend weights
 * learned on a validation block (binary: `fitBlend` of ./stacking; k > 2: the same exponentiated-gradient
 * scheme on the multiclass log loss).
 */
import { fitBlend } from './stacking';

/**
 * Weighted average of member probability blocks.
 * @param probas one `[n, k]` row-major block per member
 * @param weights one non-negative weight per member (normalised here)
 * @returns Float32Array `[n, k]`
 */
export function averageProba(probas: Float32Array[], weights: number[]): Float32Array {
  const total = weights.reduce((a, b) => a + b, 0);
  const out = new Float64Array(probas[0].length);
  probas.forEach((p, j) => {
    const w = weights[j] / total;
    for (let i = 0; i < p.length; i++) out[i] += w * p[i];
  });
  return Float32Array.from(out);
}

/**
 * Simplex weights (non-negative, sum 1) minimising the validation log loss of the averaged probabilities.
 * @param probas one `[n, k]` block per member, on validation rows
 * @param y class index per validation row (NaN skipped)
 * @param k classes
 * @param iterations exponentiated-gradient steps (default 500)
 * @returns one weight per member
 */
export function learnBlendWeights(probas: Float32Array[], y: Float32Array, k: number, iterations = 500): number[] {
  if (k === 2) return fitBlend(probas.map((p) => Float64Array.from({ length: y.length }, (_, i) => p[2 * i + 1])), y, { iterations });
  const m = probas.length;
  const rows: number[] = [];
  for (let i = 0; i < y.length; i++) if (Number.isInteger(y[i]) && y[i] >= 0 && y[i] < k) rows.push(i);
  let w = new Array<number>(m).fill(1 / m);
  if (rows.length === 0) return w;
  for (let it = 0; it < iterations; it++) {
    const g = new Array<number>(m).fill(0);
    for (const i of rows) {
      const c = i * k + y[i];
      let p = 0;
      for (let j = 0; j < m; j++) p += w[j] * probas[j][c];
      p = Math.max(1e-9, p);
      for (let j = 0; j < m; j++) g[j] -= probas[j][c] / p / rows.length;
    }
    const gmax = Math.max(...g.map(Math.abs)) || 1;
    w = w.map((v, j) => v * Math.exp((-0.5 * g[j]) / gmax));
    const s = w.reduce((a, b) => a + b, 0);
    w = w.map((v) => v / s);
  }
  return w;
}
