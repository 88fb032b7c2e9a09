/**
 * Best-split search over node histograms (see histogram.ts for the layout): XGBoost's second-order
 * gain for gradient trees, weighted Gini / entropy decrease for forest classifiers. NaN is tried on
 * both sides of every threshold, and alone against all values.
 */
import type { BinMapper } from './binning';

/** The best split found in a node. `left` / `right` are channel totals of the two children. */
export interface Split {
  feature: number;
  /** Codes <= bin go left. */
  bin: number;
  defaultLeft: boolean;
  gain: number;
  left: Float64Array;
  right: Float64Array;
}

/** Parameters of the gradient split search. */
export interface GradSplitParams {
  lambda: number;
  minChildWeight: number;
  /** Minimum gain (gamma) a split must exceed. */
  gamma: number;
  /** Absolute gain floor (default 1e-6 as XGBoost's kRtEps; forests use 0). A relative floor 1e-12·G²/(H+λ) always applies. */
  minGain?: number;
}

/**
 * Best (gradient, hessian) split of a node over the listed features, XGBoost gain
 * `GL²/(HL+λ) + GR²/(HR+λ) − G²/(H+λ)`, trying NaN on either side.
 * @param total node totals [G, H]
 * @returns the best split, or null when none beats gamma and the child-weight limits
 */
export function bestGradSplit(hist: Float64Array, total: Float64Array, feats: Int32Array, nf: number, mapper: BinMapper, p: GradSplitParams): Split | null {
  const G = total[0];
  const H = total[1];
  const lam = p.lambda;
  const mcw = p.minChildWeight;
  const parent = (G * G) / (H + lam);
  let best = Math.max(p.gamma, p.minGain ?? 1e-6, 1e-12 * parent);
  let bf = -1, bb = 0, bLeft = false, bGL = 0, bHL = 0;
  for (let q = 0; q < nf; q++) {
    const f = feats[q];
    const o = mapper.offset[f] * 2;
    const nb = mapper.nBins[f];
    const gm = hist[o + 2 * nb];
    const hm = hist[o + 2 * nb + 1];
    const hasMissing = hm > 0;
    let GL = 0, HL = 0;
    const last = hasMissing ? nb : nb - 1;
    for (let b = 0; b < last; b++) {
      const hb = hist[o + 2 * b + 1];
      if (hb === 0 && b > 0 && hist[o + 2 * b] === 0) continue; // same partition as the previous threshold
      GL += hist[o + 2 * b];
      HL += hb;
      // NaN goes right
      let HR = H - HL;
      if (HL >= mcw && HR >= mcw) {
        const GR = G - GL;
        const gain = (GL * GL) / (HL + lam) + (GR * GR) / (HR + lam) - parent;
        if (gain > best) {
          best = gain; bf = f; bb = b; bLeft = false; bGL = GL; bHL = HL;
        }
      }
      if (hasMissing && b < nb - 1) {
        // NaN goes left
        const GL2 = GL + gm;
        const HL2 = HL + hm;
        HR = H - HL2;
        if (HL2 >= mcw && HR >= mcw) {
          const GR = G - GL2;
          const gain = (GL2 * GL2) / (HL2 + lam) + (GR * GR) / (HR + lam) - parent;
          if (gain > best) {
            best = gain; bf = f; bb = b; bLeft = true; bGL = GL2; bHL = HL2;
          }
        }
      }
    }
  }
  if (bf < 0) return null;
  if (mapper.nBins[bf] > 0 && hist[mapper.offset[bf] * 2 + 2 * mapper.nBins[bf] + 1] <= 0) {
    // no NaN seen in this node: send future NaNs to the heavier child
    bLeft = bHL >= H - bHL;
  }
  return { feature: bf, bin: bb, defaultLeft: bLeft, gain: best, left: Float64Array.of(bGL, bHL), right: Float64Array.of(G - bGL, H - bHL) };
}

/** Parameters of the class-impurity split search. */
export interface ClassSplitParams {
  criterion: 'gini' | 'entropy';
  /** Minimum weight in each child. */
  minLeafWeight: number;
}

function entropyScore(c: Float64Array, k: number): number {
  let W = 0, s = 0;
  for (let j = 0; j < k; j++) {
    const v = c[j];
    W += v;
    if (v > 0) s += v * Math.log(v);
  }
  return W > 0 ? s - W * Math.log(W) : 0;
}

/**
 * Best impurity-decrease split (weighted Gini or entropy) of a class-weight histogram. The gain is the
 * decrease of W·impurity; Gini is evaluated in O(1) per threshold from running sums of squares.
 * @param total node class weights, length k
 * @returns the best split, or null when no split decreases impurity
 */
export function bestClassSplit(hist: Float64Array, total: Float64Array, k: number, feats: Int32Array, nf: number, mapper: BinMapper, p: ClassSplitParams): Split | null {
  const ent = p.criterion === 'entropy';
  let W = 0, TT = 0;
  for (let j = 0; j < k; j++) {
    W += total[j];
    TT += total[j] * total[j];
  }
  const parent = ent ? entropyScore(total, k) : TT / W;
  let best = 1e-9 * Math.max(1, W);
  let bf = -1, bb = 0, bLeft = false;
  const L = new Float64Array(k);
  const tmpL = new Float64Array(k);
  const tmpR = new Float64Array(k);
  const min = p.minLeafWeight;
  for (let q = 0; q < nf; q++) {
    const f = feats[q];
    const o = mapper.offset[f] * k;
    const nb = mapper.nBins[f];
    const mo = o + nb * k;
    let wm = 0, MM = 0, TM = 0;
    for (let j = 0; j < k; j++) {
      const v = hist[mo + j];
      wm += v;
      MM += v * v;
      TM += total[j] * v;
    }
    const hasMissing = wm > 0;
    L.fill(0);
    let WL = 0, SL2 = 0, SR2 = TT, LM = 0;
    const last = hasMissing ? nb : nb - 1;
    for (let b = 0; b < last; b++) {
      const bo = o + b * k;
      let wb = 0;
      for (let j = 0; j < k; j++) {
        const v = hist[bo + j];
        if (v === 0) continue;
        wb += v;
        const lj = L[j];
        const rj = total[j] - lj;
        SL2 += 2 * lj * v + v * v;
        SR2 += -2 * rj * v + v * v;
        LM += v * hist[mo + j];
        L[j] = lj + v;
      }
      if (wb === 0 && b > 0) continue; // same partition as the previous threshold
      WL += wb;
      const WR = W - WL;
      if (WL >= min && WR >= min) {
        let gain: number;
        if (ent) {
          for (let j = 0; j < k; j++) tmpR[j] = total[j] - L[j];
          gain = entropyScore(L, k) + entropyScore(tmpR, k) - parent;
        } else gain = SL2 / WL + SR2 / WR - parent;
        if (gain > best) {
          best = gain; bf = f; bb = b; bLeft = false;
        }
      }
      if (hasMissing && b < nb - 1) {
        const WL2 = WL + wm;
        const WR2 = W - WL2;
        if (WL2 >= min && WR2 >= min) {
          let gain: number;
          if (ent) {
            for (let j = 0; j < k; j++) {
              tmpL[j] = L[j] + hist[mo + j];
              tmpR[j] = total[j] - tmpL[j];
            }
            gain = entropyScore(tmpL, k) + entropyScore(tmpR, k) - parent;
          } else gain = (SL2 + 2 * LM + MM) / WL2 + (SR2 - 2 * (TM - LM) + MM) / WR2 - parent;
          if (gain > best) {
            best = gain; bf = f; bb = b; bLeft = true;
          }
        }
      }
    }
  }
  if (bf < 0) return null;
  // recompute the children's class weights of the chosen split exactly
  const o = mapper.offset[bf] * k;
  const mo = o + mapper.nBins[bf] * k;
  const left = new Float64Array(k);
  for (let b = 0; b <= bb; b++) for (let j = 0; j < k; j++) left[j] += hist[o + b * k + j];
  let wmBest = 0;
  for (let j = 0; j < k; j++) wmBest += hist[mo + j];
  if (bLeft) for (let j = 0; j < k; j++) left[j] += hist[mo + j];
  const right = new Float64Array(k);
  let wl = 0;
  for (let j = 0; j < k; j++) {
    right[j] = Math.max(0, total[j] - left[j]);
    wl += left[j];
  }
  if (wmBest <= 0) bLeft = wl >= W - wl;
  return { feature: bf, bin: bb, defaultLeft: bLeft, gain: best, left, right };
}
