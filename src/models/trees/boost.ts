/**
 * The gradient-boosting loop: per round, gradients from the current margins, one tree per output,
 * margin updates (leaf row ranges for the sampled rows), validation loss and early stopping.
 */
import { Rng } from '../../util/rng';
import type { FitOptions } from '../types';
import type { BinMapper } from './binning';
import { abortError, nextTick } from './data';
import { growTree, type GrowParams } from './grow';
import { Scratch } from './histogram';
import { gradients, lossOf, softmaxRows, type ObjectiveKind } from './objectives';
import { addTreeRaw, leafOfBinned, type Tree } from './tree';

/** Settings of one boosting session. */
export interface BoostConfig {
  kind: ObjectiveKind;
  /** Margins per row: 1, or the class count for softmax. */
  K: number;
  rounds: number;
  learningRate: number;
  lambda: number;
  gamma: number;
  minChildWeight: number;
  /** Fraction of rows per tree (Bernoulli, seeded). */
  subsample: number;
  /** Fraction of features per tree (seeded). */
  colsampleByTree: number;
  grow: GrowParams;
  /** Stop when the validation loss has not improved for this many rounds (0 = off). */
  earlyStoppingRounds: number;
  /**
   * Continue an ensemble (warm start): with validation rows, the loss before any new tree is the one to beat
   * and the new trees are truncated to the best round at the end, so no tree is added that validation does
   * not endorse (possibly none). Default false.
   */
  keepBest?: boolean;
  rng: Rng;
  /** Registry key for progress events and errors. */
  family: string;
}

/** Binned training rows and their running margins `[n, K]` (updated in place). */
export interface BoostTrain {
  bins: Uint8Array;
  n: number;
  mapper: BinMapper;
  y: Float64Array;
  w: Float64Array;
  margin: Float64Array;
}

/** Raw validation rows and their running margins `[n, K]` (updated in place). */
export interface BoostValidation {
  x: Float32Array;
  n: number;
  features: number;
  y: Float64Array;
  w: Float64Array;
  margin: Float64Array;
}

/** What a boosting session produced. */
export interface BoostResult {
  /** New trees, K per kept round (truncated to the best round when early stopping triggered). */
  trees: Tree[];
  loss: number[];
  valLoss?: number[];
  /** Rounds kept. */
  rounds: number;
  stoppedEarly: boolean;
}

/**
 * Runs up to `cfg.rounds` boosting rounds.
 * @returns the new trees and per-round losses
 */
export async function boost(cfg: BoostConfig, train: BoostTrain, val: BoostValidation | undefined, options: FitOptions = {}): Promise<BoostResult> {
  const { n, K, kind } = { n: train.n, K: cfg.K, kind: cfg.kind };
  const F = train.mapper.upper.length;
  const gh = new Float64Array(2 * n);
  const rows = new Int32Array(n);
  const inSample = new Uint8Array(n);
  const scratch = new Scratch();
  const trees: Tree[] = [];
  const loss: number[] = [];
  const valLoss: number[] = [];
  let best = val && cfg.keepBest ? lossOf(kind, val.margin, val.y, val.w, K) : Infinity;
  let bestRound = -1;
  let stoppedEarly = false;
  const nTreeFeat = Math.max(1, Math.round(cfg.colsampleByTree * F));
  const allFeat = new Int32Array(F);
  for (let f = 0; f < F; f++) allFeat[f] = f;
  const t0 = Date.now();
  for (let round = 0; round < cfg.rounds; round++) {
    if (options.signal?.aborted) throw abortError(cfg.family);
    // rows of this round
    let m = 0;
    if (cfg.subsample < 1) {
      for (let i = 0; i < n; i++) {
        const take = cfg.rng.next() < cfg.subsample;
        inSample[i] = take ? 1 : 0;
        if (take) rows[m++] = i;
      }
      if (m === 0) {
        rows[m++] = 0;
        inSample[0] = 1;
      }
    }
    let treeFeat = allFeat;
    if (nTreeFeat < F) {
      const perm = cfg.rng.shuffle(allFeat.slice());
      treeFeat = perm.subarray(0, nTreeFeat).slice().sort();
    }
    const prob = kind === 'softmax' ? softmaxRows(train.margin, n, K) : null;
    for (let k = 0; k < K; k++) {
      gradients(kind, train.margin, prob, train.y, train.w, K, k, gh);
      if (cfg.subsample >= 1) {
        m = n;
        for (let i = 0; i < n; i++) rows[i] = i;
      } else {
        let j = 0;
        for (let i = 0; i < n; i++) if (inSample[i]) rows[j++] = i;
      }
      const { tree, leafRanges } = growTree({
        bins: train.bins, n, mapper: train.mapper, rows, m, treeFeatures: treeFeat, rng: cfg.rng, scratch, grow: cfg.grow,
        crit: { kind: 'grad', gh, lambda: cfg.lambda, minChildWeight: cfg.minChildWeight, gamma: cfg.gamma, leafScale: cfg.learningRate },
      });
      trees.push(tree);
      for (let q = 0; q < leafRanges.length; q += 3) {
        const v = tree.value[leafRanges[q]];
        for (let r = leafRanges[q + 1]; r < leafRanges[q + 2]; r++) train.margin[rows[r] * K + k] += v;
      }
      if (cfg.subsample < 1) {
        for (let i = 0; i < n; i++) {
          if (!inSample[i]) train.margin[i * K + k] += tree.value[leafOfBinned(tree, train.bins, n, train.mapper.nBins, i)];
        }
      }
      if (val) addTreeRaw(tree, val.x, val.n, val.features, val.margin, K, k);
    }
    loss.push(lossOf(kind, train.margin, train.y, train.w, K));
    let vl: number | undefined;
    if (val) {
      vl = lossOf(kind, val.margin, val.y, val.w, K);
      valLoss.push(vl);
      if (vl < best - 1e-12) {
        best = vl;
        bestRound = round;
      }
    }
    const elapsed = Date.now() - t0;
    options.onProgress?.({
      stage: 'fit', model: cfg.family, iteration: round + 1, iterations: cfg.rounds, loss: loss[round], valLoss: vl,
      fraction: (round + 1) / cfg.rounds, etaMs: (elapsed / (round + 1)) * (cfg.rounds - round - 1),
    });
    if (val && cfg.earlyStoppingRounds > 0 && round - bestRound >= cfg.earlyStoppingRounds) {
      stoppedEarly = true;
      break;
    }
    await nextTick();
  }
  let rounds = trees.length / K;
  if (stoppedEarly || (val && cfg.keepBest)) {
    rounds = bestRound + 1;
    trees.length = rounds * K;
  }
  return { trees, loss, valLoss: val ? valLoss : undefined, rounds, stoppedEarly };
}
