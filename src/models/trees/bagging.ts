/**
 * Random-forest training: bootstrap samples, one tree per sample on the shared histogram engine
 * (features drawn per split), out-of-bag predictions and score.
 */
import { Rng } from '../../util/rng';
import type { FitOptions } from '../types';
import type { BinMapper } from './binning';
import { abortError, nextTick } from './data';
import { growTree, type GrowParams } from './grow';
import { Scratch } from './histogram';
import { leafOfBinned, type Tree } from './tree';

/** Settings of a forest-growing session. */
export interface BagConfig {
  trees: number;
  /** Class count, or 1 for regression. */
  classes: number;
  regression: boolean;
  criterion: 'gini' | 'entropy';
  /** Minimum weight per leaf (bootstrap count × sample weight). */
  minSamplesLeaf: number;
  bootstrap: boolean;
  /** Draws per bootstrap sample as a fraction of the rows. */
  maxSamples: number;
  grow: GrowParams;
  rng: Rng;
  family: string;
}

/** Binned training rows. */
export interface BagTrain {
  bins: Uint8Array;
  n: number;
  mapper: BinMapper;
  y: Float64Array;
  w: Float64Array;
}

/** Trees grown plus out-of-bag vote sums `[n, outputs]` and counts. */
export interface BagResult {
  trees: Tree[];
  oobSum: Float64Array;
  oobCount: Int32Array;
}

/**
 * Grows `cfg.trees` trees on bootstrap samples.
 * @returns the trees and out-of-bag sums (rows never left out keep count 0)
 */
export async function bag(cfg: BagConfig, train: BagTrain, options: FitOptions = {}): Promise<BagResult> {
  const { n, bins, mapper } = train;
  const out = cfg.regression ? 1 : cfg.classes;
  const counts = new Int32Array(n);
  const weight = new Float64Array(n);
  const rows = new Int32Array(n);
  const label = new Int32Array(n);
  const gh = cfg.regression ? new Float64Array(2 * n) : new Float64Array(0);
  if (!cfg.regression) for (let i = 0; i < n; i++) label[i] = train.y[i];
  const oobSum = new Float64Array(n * out);
  const oobCount = new Int32Array(n);
  const scratch = new Scratch();
  const trees: Tree[] = [];
  const allFeat = new Int32Array(mapper.upper.length);
  for (let f = 0; f < allFeat.length; f++) allFeat[f] = f;
  const draws = Math.max(1, Math.round(cfg.maxSamples * n));
  const t0 = Date.now();
  for (let t = 0; t < cfg.trees; t++) {
    if (options.signal?.aborted) throw abortError(cfg.family);
    if (cfg.bootstrap) {
      counts.fill(0);
      for (let d = 0; d < draws; d++) counts[cfg.rng.int(n)]++;
    } else counts.fill(1);
    let m = 0;
    for (let i = 0; i < n; i++) {
      weight[i] = counts[i] * train.w[i];
      if (counts[i] > 0 && train.w[i] > 0) rows[m++] = i;
    }
    if (cfg.regression) {
      for (let i = 0; i < n; i++) {
        gh[2 * i] = -weight[i] * train.y[i];
        gh[2 * i + 1] = weight[i];
      }
    }
    const crit = cfg.regression
      ? { kind: 'grad' as const, gh, lambda: 0, minChildWeight: cfg.minSamplesLeaf, gamma: 0, minGain: 0, leafScale: 1 }
      : { kind: 'class' as const, label, weight, classes: cfg.classes, criterion: cfg.criterion, minLeafWeight: cfg.minSamplesLeaf };
    const { tree } = growTree({ bins, n, mapper, rows, m, treeFeatures: allFeat, crit, grow: cfg.grow, rng: cfg.rng, scratch });
    trees.push(tree);
    if (cfg.bootstrap) {
      for (let i = 0; i < n; i++) {
        if (counts[i] > 0) continue;
        const leaf = leafOfBinned(tree, bins, n, mapper.nBins, i);
        for (let k = 0; k < out; k++) oobSum[i * out + k] += tree.value[leaf * out + k];
        oobCount[i]++;
      }
    }
    const elapsed = Date.now() - t0;
    options.onProgress?.({
      stage: 'fit', model: cfg.family, iteration: t + 1, iterations: cfg.trees, fraction: (t + 1) / cfg.trees,
      etaMs: (elapsed / (t + 1)) * (cfg.trees - t - 1),
    });
    await nextTick();
  }
  return { trees, oobSum, oobCount };
}

/**
 * Out-of-bag score: accuracy (classification, weighted by sample weight) or R² (regression) over rows
 * left out of at least one bootstrap sample.
 * @returns the score, or NaN when no row was ever out of bag
 */
export function oobScoreOf(res: BagResult, y: Float64Array, w: Float64Array, classes: number, regression: boolean): number {
  const out = regression ? 1 : classes;
  let W = 0, hit = 0, sy = 0;
  const n = y.length;
  for (let i = 0; i < n; i++) {
    if (res.oobCount[i] === 0) continue;
    W += w[i];
    sy += w[i] * y[i];
    if (!regression) {
      let best = 0;
      for (let k = 1; k < out; k++) if (res.oobSum[i * out + k] > res.oobSum[i * out + best]) best = k;
      if (best === y[i]) hit += w[i];
    }
  }
  if (W <= 0) return NaN;
  if (!regression) return hit / W;
  const mean = sy / W;
  let ssr = 0, sst = 0;
  for (let i = 0; i < n; i++) {
    if (res.oobCount[i] === 0) continue;
    const pred = res.oobSum[i] / res.oobCount[i];
    ssr += w[i] * (y[i] - pred) ** 2;
    sst += w[i] * (y[i] - mean) ** 2;
  }
  return sst > 0 ? 1 - ssr / sst : NaN;
}
