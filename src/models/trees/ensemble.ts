/** Ensemble-level helpers shared by boosted trees and forests: summed predictions, gain importance. */
import { leafOfBinned, leafOfRow, type Tree } from './tree';

/**
 * Boosted margins: `base[k]` plus the sum of the leaf values of every tree of output k
 * (tree t belongs to output t mod K).
 * @param x row-major `[n, features]`
 * @returns Float64Array `[n, K]`
 */
export function boostedMargins(trees: Tree[], K: number, base: Float64Array, x: Float32Array, n: number, features: number): Float64Array {
  const out = new Float64Array(n * K);
  for (let i = 0; i < n; i++) for (let k = 0; k < K; k++) out[i * K + k] = base[k];
  for (let t = 0; t < trees.length; t++) {
    const tree = trees[t];
    const k = t % K;
    for (let i = 0; i < n; i++) out[i * K + k] += tree.value[leafOfRow(tree, x, features, i)];
  }
  return out;
}

/**
 * The same margins computed from column-major bin codes (identical results for binned training data).
 * @param bins `[features, n]`; `nBins` per feature NaN code
 */
export function boostedMarginsBinned(trees: Tree[], K: number, base: Float64Array, bins: Uint8Array, n: number, nBins: Int32Array): Float64Array {
  const out = new Float64Array(n * K);
  for (let i = 0; i < n; i++) for (let k = 0; k < K; k++) out[i * K + k] = base[k];
  for (let t = 0; t < trees.length; t++) {
    const tree = trees[t];
    const k = t % K;
    for (let i = 0; i < n; i++) out[i * K + k] += tree.value[leafOfBinned(tree, bins, n, nBins, i)];
  }
  return out;
}

/**
 * Mean of the trees' leaf vectors (forest prediction).
 * @param outputs values per leaf (class count, or 1 for regression)
 * @returns Float64Array `[n, outputs]`
 */
export function averagedLeaves(trees: Tree[], outputs: number, x: Float32Array, n: number, features: number): Float64Array {
  const out = new Float64Array(n * outputs);
  for (const tree of trees) {
    for (let i = 0; i < n; i++) {
      const leaf = leafOfRow(tree, x, features, i);
      for (let k = 0; k < outputs; k++) out[i * outputs + k] += tree.value[leaf * outputs + k];
    }
  }
  const inv = trees.length > 0 ? 1 / trees.length : 0;
  for (let j = 0; j < out.length; j++) out[j] *= inv;
  return out;
}

/**
 * Total split gain per feature over all trees, normalised to sum 1 (all zeros when no tree splits).
 * @param names feature names (index = feature number)
 * @returns `{name: share of total gain}` for every feature
 */
export function gainImportance(trees: Tree[], names: string[]): Record<string, number> {
  const g = new Float64Array(names.length);
  for (const t of trees) for (let j = 0; j < t.feature.length; j++) if (t.feature[j] >= 0) g[t.feature[j]] += t.gain[j];
  let total = 0;
  for (let f = 0; f < g.length; f++) total += g[f];
  const out: Record<string, number> = {};
  for (let f = 0; f < names.length; f++) out[names[f]] = total > 0 ? g[f] / total : 0;
  return out;
}
