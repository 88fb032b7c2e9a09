/**
 * The histogram tree grower shared by gradient boosting and random forests: depth-wise or leaf-wise
 * (best-first) growth, row indices partitioned in place, the histogram subtraction trick (build the
 * smaller child, subtract it from the parent) when every node sees the same features.
 */
import { Rng } from '../../util/rng';
import type { BinMapper } from './binning';
import { buildClassHist, buildGradHist, clearHist, Scratch } from './histogram';
import { bestClassSplit, bestGradSplit, type Split } from './split';
import type { Tree } from './tree';

/** How a tree grows. */
export interface GrowParams {
  /** `depthwise`: level by level; `leafwise`: always split the leaf with the largest gain. */
  growPolicy: 'depthwise' | 'leafwise';
  /** Maximum depth (root = 0); 0 = unlimited. */
  maxDepth: number;
  /** Maximum number of leaves; 0 = unlimited. */
  maxLeaves: number;
  /** Features tried per node: 0 = all of the tree's features (enables the subtraction trick). */
  featuresPerNode: number;
}

/** Gradient criterion: per-row interleaved (gradient, hessian) and the XGBoost split/leaf rules. */
export interface GradCriterion {
  kind: 'grad';
  gh: Float64Array;
  lambda: number;
  minChildWeight: number;
  gamma: number;
  /** Multiplier of the leaf weight −G/(H+λ) (the learning rate). */
  leafScale: number;
  /** Absolute gain floor (see GradSplitParams.minGain). */
  minGain?: number;
}

/** Class criterion: per-row class index and weight, Gini or entropy; leaves hold class frequencies. */
export interface ClassCriterion {
  kind: 'class';
  label: Int32Array;
  weight: Float64Array;
  classes: number;
  criterion: 'gini' | 'entropy';
  minLeafWeight: number;
}

/** Everything one tree is grown from. `rows[0..m)` are the rows of this tree (reordered in place). */
export interface GrowInput {
  bins: Uint8Array;
  n: number;
  mapper: BinMapper;
  rows: Int32Array;
  m: number;
  treeFeatures: Int32Array;
  crit: GradCriterion | ClassCriterion;
  grow: GrowParams;
  rng: Rng;
  scratch: Scratch;
}

/** A grown tree plus, per leaf, the range of `rows` it holds (for fast training-prediction updates). */
export interface GrowResult {
  tree: Tree;
  /** Triples (leaf node, start, end) into the reordered `rows`. */
  leafRanges: Int32Array;
}

interface Cand {
  id: number;
  depth: number;
  s: number;
  e: number;
  total: Float64Array;
  hist: Float64Array | null;
  split: Split | null;
}

/**
 * Grows one tree.
 * @param input see {@link GrowInput}; `rows` is partitioned in place, everything else is read only
 * @returns the tree and its leaf row ranges
 */
export function growTree(input: GrowInput): GrowResult {
  const { bins, n, mapper, rows, crit, grow, rng, scratch, treeFeatures } = input;
  const C = crit.kind === 'grad' ? 2 : crit.classes;
  const outputs = crit.kind === 'grad' ? 1 : crit.classes;
  const subtract = grow.featuresPerNode <= 0 || grow.featuresPerNode >= treeFeatures.length;
  const size = mapper.totalSlots * C;
  const pool = scratch.pool.length > 0 && scratch.pool[0].length !== size ? (scratch.pool = []) : scratch.pool;
  // buffers in the pool are all zero when there is no subtraction (clearHist), dirty otherwise
  if (scratch.poolZeroed !== !subtract) {
    pool.length = 0;
    scratch.poolZeroed = !subtract;
  }
  const take = (): Float64Array => pool.pop() ?? new Float64Array(size);
  const nodeFeats = new Int32Array(treeFeatures.length);
  const sizeOf = (s: number, e: number): number => e - s;

  const feature: number[] = [];
  const bin: number[] = [];
  const thr: number[] = [];
  const defLeft: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const gain: number[] = [];
  const value: number[] = [];
  const newNode = (total: Float64Array): number => {
    const id = feature.length;
    feature.push(-1); bin.push(0); thr.push(0); defLeft.push(0); left.push(-1); right.push(-1); gain.push(0);
    if (crit.kind === 'grad') value.push(total[1] + crit.lambda > 0 ? (-total[0] / (total[1] + crit.lambda)) * crit.leafScale : 0);
    else {
      let W = 0;
      for (let j = 0; j < C; j++) W += total[j];
      for (let j = 0; j < C; j++) value.push(W > 0 ? total[j] / W : 1 / C);
    }
    return id;
  };

  const canSplit = (c: Cand): boolean => {
    if (grow.maxDepth > 0 && c.depth >= grow.maxDepth) return false;
    if (c.e - c.s < 2) return false;
    if (crit.kind === 'grad') return c.total[1] >= 2 * crit.minChildWeight;
    let W = 0;
    for (let j = 0; j < C; j++) W += c.total[j];
    return W >= 2 * crit.minLeafWeight && W > 0;
  };

  const pickFeatures = (): number => {
    const all = treeFeatures.length;
    nodeFeats.set(treeFeatures);
    const k = grow.featuresPerNode > 0 ? Math.min(all, grow.featuresPerNode) : all;
    for (let i = 0; i < k; i++) {
      const j = i + rng.int(all - i);
      const t = nodeFeats[i];
      nodeFeats[i] = nodeFeats[j];
      nodeFeats[j] = t;
    }
    return k;
  };

  const build = (c: Cand, hist: Float64Array): void => {
    const nf = subtract ? treeFeatures.length : pickFeatures();
    const feats = subtract ? treeFeatures : nodeFeats;
    if (crit.kind === 'grad') buildGradHist(bins, n, rows, c.s, c.e, crit.gh, feats, nf, mapper, hist, scratch, subtract);
    else buildClassHist(bins, n, rows, c.s, c.e, crit.label, crit.weight, C, feats, nf, mapper, hist, scratch, subtract);
    c.hist = hist;
    if (!subtract) {
      // without subtraction a histogram serves only its own node: search, then hand it back zeroed
      c.split = findSplit(c, feats, nf);
      clearHist(bins, n, rows, c.s, c.e, C, feats, nf, mapper, hist);
      pool.push(hist);
      c.hist = null;
    }
  };

  const findSplit = (c: Cand, feats: Int32Array, nf: number): Split | null => {
    if (!c.hist) return null;
    if (crit.kind === 'grad') return bestGradSplit(c.hist, c.total, feats, nf, mapper, crit);
    return bestClassSplit(c.hist, c.total, C, feats, nf, mapper, crit);
  };

  // with subtraction every node searches all the tree's features (its split is found once its histogram is known)
  const evaluate = (c: Cand): void => {
    if (subtract && c.hist) c.split = findSplit(c, treeFeatures, treeFeatures.length);
  };

  // root
  const rootTotal = new Float64Array(C);
  if (crit.kind === 'grad') {
    for (let r = 0; r < input.m; r++) {
      const i = rows[r];
      rootTotal[0] += crit.gh[2 * i];
      rootTotal[1] += crit.gh[2 * i + 1];
    }
  } else {
    for (let r = 0; r < input.m; r++) rootTotal[crit.label[rows[r]]] += crit.weight[rows[r]];
  }
  const root: Cand = { id: newNode(rootTotal), depth: 0, s: 0, e: input.m, total: rootTotal, hist: null, split: null };
  const open: Cand[] = [];
  const closed: Cand[] = [];
  if (canSplit(root)) {
    build(root, take());
    evaluate(root);
    open.push(root);
  } else closed.push(root);
  let leaves = 1;
  const tmp = new Int32Array(input.m);
  const leafRanges: number[] = [];

  while (open.length > 0) {
    let at = 0;
    if (grow.growPolicy === 'leafwise') {
      for (let i = 1; i < open.length; i++) if (gainOf(open[i]) > gainOf(open[at])) at = i;
    }
    const c = open.splice(at, 1)[0];
    const sp = c.split;
    if (!sp || (grow.maxLeaves > 0 && leaves >= grow.maxLeaves)) {
      if (c.hist) pool.push(c.hist);
      c.hist = null;
      closed.push(c);
      continue;
    }
    // partition rows[c.s..c.e) stably: left rows first
    const f = sp.feature;
    const col = f * n;
    const nanCode = mapper.nBins[f];
    let nl = 0;
    let nr = 0;
    for (let r = c.s; r < c.e; r++) {
      const i = rows[r];
      const b = bins[col + i];
      const goLeft = b === nanCode ? sp.defaultLeft : b <= sp.bin;
      if (goLeft) rows[c.s + nl++] = i;
      else tmp[nr++] = i;
    }
    rows.set(tmp.subarray(0, nr), c.s + nl);
    const L: Cand = { id: newNode(sp.left), depth: c.depth + 1, s: c.s, e: c.s + nl, total: sp.left, hist: null, split: null };
    const R: Cand = { id: newNode(sp.right), depth: c.depth + 1, s: c.s + nl, e: c.e, total: sp.right, hist: null, split: null };
    feature[c.id] = f;
    bin[c.id] = sp.bin;
    thr[c.id] = mapper.upper[f][sp.bin];
    defLeft[c.id] = sp.defaultLeft ? 1 : 0;
    left[c.id] = L.id;
    right[c.id] = R.id;
    gain[c.id] = sp.gain;
    leaves++;
    const lOk = canSplit(L);
    const rOk = canSplit(R);
    const parentHist = c.hist;
    c.hist = null;
    if (subtract && parentHist && (lOk || rOk)) {
      const small = sizeOf(L.s, L.e) <= sizeOf(R.s, R.e) ? L : R;
      const large = small === L ? R : L;
      build(small, take());
      const sh = small.hist as Float64Array;
      if (canSplit(large)) {
        for (let q = 0; q < treeFeatures.length; q++) {
          const ff = treeFeatures[q];
          const o = mapper.offset[ff] * C;
          const end = o + (mapper.nBins[ff] + 1) * C;
          for (let j = o; j < end; j++) parentHist[j] -= sh[j];
        }
        large.hist = parentHist;
      } else pool.push(parentHist);
      for (const ch of [L, R]) {
        if (canSplit(ch)) {
          evaluate(ch);
          open.push(ch);
        } else {
          if (ch.hist) pool.push(ch.hist);
          ch.hist = null;
          closed.push(ch);
        }
      }
    } else {
      if (parentHist) pool.push(parentHist);
      for (const ch of [L, R]) {
        if (canSplit(ch)) {
          build(ch, take());
          evaluate(ch);
          open.push(ch);
        } else closed.push(ch);
      }
    }
  }
  for (const c of closed) leafRanges.push(c.id, c.s, c.e);
  const tree: Tree = {
    feature: Int32Array.from(feature),
    threshold: Float64Array.from(thr),
    bin: Int32Array.from(bin),
    defaultLeft: Uint8Array.from(defLeft),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    gain: Float64Array.from(gain),
    value: Float64Array.from(value),
    outputs,
  };
  return { tree, leafRanges: Int32Array.from(leafRanges) };
}

function gainOf(c: Cand): number {
  return c.split ? c.split.gain : -Infinity;
}
