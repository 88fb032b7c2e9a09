/**
 * Histogram building for the tree grower (internal hot loops).
 * A histogram holds, for every feature's bins plus its NaN bin, `C` channel sums:
 * gradient trees use C = 2 (gradient, hessian); forest classifiers use C = k (class weights).
 */
import type { BinMapper } from './binning';

/** Reusable gather buffers (grown on demand). */
export class Scratch {
  a = new Float64Array(0);
  b = new Float64Array(0);
  r = new Int32Array(0);
  /** Free histogram buffers, reused across nodes and trees (all of one size per model). */
  pool: Float64Array[] = [];
  /** True when every pooled buffer is all zeros. */
  poolZeroed = false;
  ensure(len: number): void {
    if (this.a.length < 2 * len) {
      this.a = new Float64Array(2 * len);
      this.b = new Float64Array(len);
      this.r = new Int32Array(len);
    }
  }
}

/**
 * Fills the (gradient, hessian) histogram of rows[s..e) for the listed features.
 * @param gh interleaved per-row gradient and hessian, `2 * n`
 * @param zero clear the listed features' slots first (false when the caller keeps them zeroed)
 * @param hist output, `2 * mapper.totalSlots`; only the listed features' slots are written
 */
export function buildGradHist(
  bins: Uint8Array, n: number, rows: Int32Array, s: number, e: number, gh: Float64Array,
  feats: Int32Array, nf: number, mapper: BinMapper, hist: Float64Array, scratch: Scratch, zero: boolean,
): void {
  const len = e - s;
  scratch.ensure(len);
  const og = scratch.a;
  const rr = scratch.r;
  for (let j = 0; j < len; j++) {
    const i = rows[s + j];
    rr[j] = i;
    og[2 * j] = gh[2 * i];
    og[2 * j + 1] = gh[2 * i + 1];
  }
  const off = mapper.offset;
  const nBins = mapper.nBins;
  if (zero) {
    for (let q = 0; q < nf; q++) {
      const f = feats[q];
      hist.fill(0, off[f] * 2, (off[f] + nBins[f] + 1) * 2);
    }
  }
  let q = 0;
  // four features per pass over the rows: each row's gradient pair is loaded once for four updates
  for (; q + 3 < nf; q += 4) {
    const f0 = feats[q], f1 = feats[q + 1], f2 = feats[q + 2], f3 = feats[q + 3];
    const o0 = off[f0] * 2, o1 = off[f1] * 2, o2 = off[f2] * 2, o3 = off[f3] * 2;
    const c0 = f0 * n, c1 = f1 * n, c2 = f2 * n, c3 = f3 * n;
    for (let j = 0; j < len; j++) {
      const i = rr[j];
      const g = og[2 * j];
      const h = og[2 * j + 1];
      let b = o0 + (bins[c0 + i] << 1);
      hist[b] += g;
      hist[b + 1] += h;
      b = o1 + (bins[c1 + i] << 1);
      hist[b] += g;
      hist[b + 1] += h;
      b = o2 + (bins[c2 + i] << 1);
      hist[b] += g;
      hist[b + 1] += h;
      b = o3 + (bins[c3 + i] << 1);
      hist[b] += g;
      hist[b + 1] += h;
    }
  }
  for (; q < nf; q++) {
    const f = feats[q];
    const o = off[f] * 2;
    const c = f * n;
    for (let j = 0; j < len; j++) {
      const b = o + (bins[c + rr[j]] << 1);
      hist[b] += og[2 * j];
      hist[b + 1] += og[2 * j + 1];
    }
  }
}

/**
 * Fills the class-weight histogram (C = k channels) of rows[s..e) for the listed features.
 * @param label class index per row; `w` weight per row (bootstrap count × sample weight)
 */
export function buildClassHist(
  bins: Uint8Array, n: number, rows: Int32Array, s: number, e: number, label: Int32Array, w: Float64Array, k: number,
  feats: Int32Array, nf: number, mapper: BinMapper, hist: Float64Array, scratch: Scratch, zero: boolean,
): void {
  const len = e - s;
  scratch.ensure(len);
  const ow = scratch.b;
  const oc = scratch.r;
  for (let j = 0; j < len; j++) {
    const i = rows[s + j];
    ow[j] = w[i];
    oc[j] = label[i];
  }
  const off = mapper.offset;
  if (zero) {
    for (let q = 0; q < nf; q++) {
      const f = feats[q];
      hist.fill(0, off[f] * k, (off[f] + mapper.nBins[f] + 1) * k);
    }
  }
  let q = 0;
  for (; q + 3 < nf; q += 4) {
    const f0 = feats[q], f1 = feats[q + 1], f2 = feats[q + 2], f3 = feats[q + 3];
    const o0 = off[f0] * k, o1 = off[f1] * k, o2 = off[f2] * k, o3 = off[f3] * k;
    const c0 = f0 * n, c1 = f1 * n, c2 = f2 * n, c3 = f3 * n;
    for (let j = 0; j < len; j++) {
      const i = rows[s + j];
      const wj = ow[j];
      const cj = oc[j];
      hist[o0 + bins[c0 + i] * k + cj] += wj;
      hist[o1 + bins[c1 + i] * k + cj] += wj;
      hist[o2 + bins[c2 + i] * k + cj] += wj;
      hist[o3 + bins[c3 + i] * k + cj] += wj;
    }
  }
  for (; q < nf; q++) {
    const f = feats[q];
    const o = off[f] * k;
    const c = f * n;
    for (let j = 0; j < len; j++) hist[o + bins[c + rows[s + j]] * k + oc[j]] += ow[j];
  }
}

/**
 * Zeroes the listed features' slots of a histogram after use, by the rows that touched them when
 * that is cheaper than clearing every bin.
 * @param C channels per bin
 */
export function clearHist(
  bins: Uint8Array, n: number, rows: Int32Array, s: number, e: number, C: number,
  feats: Int32Array, nf: number, mapper: BinMapper, hist: Float64Array,
): void {
  const byRows = e - s < 64;
  for (let q = 0; q < nf; q++) {
    const f = feats[q];
    const o = mapper.offset[f] * C;
    if (!byRows) {
      hist.fill(0, o, o + (mapper.nBins[f] + 1) * C);
      continue;
    }
    const c = f * n;
    for (let r = s; r < e; r++) {
      const b = o + bins[c + rows[r]] * C;
      for (let j = 0; j < C; j++) hist[b + j] = 0;
    }
  }
}
