/**
 * The whole Transformer encoder block of network.ts as one `tf.customGrad` over the kernel module: q/k/v
 * projections, the attention core, the output projection, residual + dropout, layer norm, the ReLU feed-forward,
 * residual + dropout and the second layer norm, forward and backward, with every intermediate kept in the
 * kernel's memory (one copy in, one out per direction instead of ≈ 100 tfjs kernels and their copies). Same
 * arithmetic as the tfjs path (`multiHeadSelfAttention`, `layerNorm`, `dense`, `dropout` in layers.ts/ops.ts),
 * which stays the reference. Selected with the other fused kernels (see mode.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { kernelModule, type KernelModule } from './kernel';
import { fusedWanted, recordingGradients } from './mode';

/** True when the Transformer block should run on the fused kernels now. */
export function useFusedBlock(): boolean {
  return fusedWanted() && kernelModule() !== null;
}

/** Weights of the encoder block, in the order {@link fusedEncoderBlock} takes them. */
export const BLOCK_WEIGHTS = ['wq', 'bq', 'wk', 'bk', 'wv', 'bv', 'wo', 'bo', 'g1', 'be1', 'w1', 'b1', 'w2', 'b2', 'g2', 'be2'] as const;
/** The block's weights by name: kernels `[d, d]` (q, k, v, o), `[d, ff]` (w1), `[ff, d]` (w2); vectors otherwise. */
export type BlockWeights = Record<(typeof BLOCK_WEIGHTS)[number], tf.Tensor>;

interface Dims {
  B: number;
  T: number;
  D: number;
  F: number;
  H: number;
}

// Buffers kept from the forward for the backward (contiguous at the start of the arena), then scratch.
const SAVED = ['x', 'q', 'k', 'v', 'ctx', 'att', 'xhat1', 'rstd1', 'y1', 'f1', 'xhat2', 'rstd2', 'm1', 'm2', 'wq', 'wk', 'wv', 'wo', 'w1', 'w2', 'g1', 'g2'] as const;
const FWD = ['bq', 'bk', 'bv', 'bo', 'be1', 'b1', 'b2', 'be2', 'a', 'r', 'f2', 'out', 'kt'] as const;
const GRADS = ['dwq', 'dbq', 'dwk', 'dbk', 'dwv', 'dbv', 'dwo', 'dbo', 'dg1', 'dbe1', 'dw1', 'db1', 'dw2', 'db2', 'dg2', 'dbe2'] as const;
const BWD = ['dout', 'dr', 'dy1', 'dt', 'df1', 'dctx', 'dq', 'dk', 'dv', 'dx', 'ds', 'wt'] as const;
type Buf = (typeof SAVED)[number] | (typeof FWD)[number] | (typeof GRADS)[number] | (typeof BWD)[number];

function sizes(d: Dims): Record<Buf, number> {
  const { B, T, D, F, H } = d;
  const N = B * T;
  const nd = N * D;
  return {
    x: nd, q: nd, k: nd, v: nd, ctx: nd, att: B * H * T * T, xhat1: nd, rstd1: N, y1: nd, f1: N * F, xhat2: nd, rstd2: N,
    m1: B * D, m2: B * D, wq: D * D, wk: D * D, wv: D * D, wo: D * D, w1: D * F, w2: F * D, g1: D, g2: D,
    bq: D, bk: D, bv: D, bo: D, be1: D, b1: F, b2: D, be2: D, a: nd, r: nd, f2: nd, out: nd, kt: nd,
    dwq: D * D, dbq: D, dwk: D * D, dbk: D, dwv: D * D, dbv: D, dwo: D * D, dbo: D, dg1: D, dbe1: D, dw1: D * F, db1: F, dw2: F * D, db2: D, dg2: D, dbe2: D,
    dout: nd, dr: nd, dy1: nd, dt: nd, df1: N * F, dctx: nd, dq: nd, dk: nd, dv: nd, dx: nd, ds: nd + T * T, wt: D * Math.max(D, F),
  };
}

/** Byte offsets of every buffer (a function of the sizes only, so the backward recomputes the forward's). */
function layout(k: KernelModule, d: Dims): { p: Record<Buf, number>; n: Record<Buf, number>; savedEnd: number } {
  const n = sizes(d);
  const names: Buf[] = [...SAVED, ...FWD, ...GRADS, ...BWD];
  const offsets = k.reserve(names.map((b) => n[b]));
  const p = Object.fromEntries(names.map((b, i) => [b, offsets[i]])) as Record<Buf, number>;
  const last = SAVED[SAVED.length - 1];
  return { p, n, savedEnd: p[last] + 4 * n[last] };
}

const EPS = 1e-5;

// Saved-state buffers whose backward has run, reused by the next forward of the same size (a fresh multi-MB
// array per batch costs page faults and GC time; a forward without backward just lets its buffer go).
const spare: Float32Array[] = [];
function takeBuffer(n: number): Float32Array {
  const i = spare.findIndex((b) => b.length === n);
  return i >= 0 ? spare.splice(i, 1)[0] : new Float32Array(n);
}
function recycle(b: Float32Array): void {
  if (spare.length < 4) spare.push(b);
}

function blockGrad(heads: number) {
  return tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [x, m1, m2, ...ws] = args as tf.Tensor[];
    const [B, T, D] = x.shape;
    const F = ws[BLOCK_WEIGHTS.indexOf('w1')].shape[1] as number;
    const d: Dims = { B, T, D, F, H: heads };
    const N = B * T;
    const k = kernelModule();
    if (!k) throw new Error('internal invariant violated: fused block kernel is not available');
    const e = k.exports;
    k.take();
    const { p, n, savedEnd } = layout(k, d);
    let m = k.f32();
    m.set(x.dataSync() as Float32Array, p.x >> 2);
    m.set(m1.dataSync() as Float32Array, p.m1 >> 2);
    m.set(m2.dataSync() as Float32Array, p.m2 >> 2);
    BLOCK_WEIGHTS.forEach((name, i) => m.set(ws[i].dataSync() as Float32Array, p[name] >> 2));
    const proj = (out: number, inp: number, w: number, b: number, fin: number, fout: number) => {
      e.biasRows(out, b, N, fout);
      e.gemmAcc(inp, fin, 1, w, fout, out, fout, N, fout, fin);
    };
    proj(p.q, p.x, p.wq, p.bq, D, D);
    proj(p.k, p.x, p.wk, p.bk, D, D);
    proj(p.v, p.x, p.wv, p.bv, D, D);
    e.attentionForward(p.q, p.k, p.v, p.att, p.ctx, p.kt, B, T, D, heads);
    proj(p.a, p.ctx, p.wo, p.bo, D, D);
    e.maskedAdd(p.x, p.a, p.m1, p.r, B, T, D);
    e.layerNormForward(p.r, p.g1, p.be1, p.y1, p.xhat1, p.rstd1, N, D, EPS);
    proj(p.f1, p.y1, p.w1, p.b1, D, F);
    e.reluRun(p.f1, N * F);
    proj(p.f2, p.f1, p.w2, p.b2, F, D);
    e.maskedAdd(p.y1, p.f2, p.m2, p.r, B, T, D);
    e.layerNormForward(p.r, p.g2, p.be2, p.out, p.xhat2, p.rstd2, N, D, EPS);
    m = k.f32();
    const value = tf.tensor3d(m.slice(p.out >> 2, (p.out >> 2) + n.out), [B, T, D]);
    // The saved state leaves the arena (the LSTM's forward reuses it next); buffers are recycled after backward.
    // Without a gradient tape (prediction, validation loss) no backward follows: nothing is saved.
    const saved = recordingGradients() ? takeBuffer((savedEnd - p.x) >> 2) : undefined;
    saved?.set(m.subarray(p.x >> 2, savedEnd >> 2));

    const gradFunc = (dy: tf.Tensor): tf.Tensor[] => {
      if (!saved) throw new Error('internal invariant violated: fused block backward without a recorded forward');
      k.take();
      const { p: q, n: s } = layout(k, d);
      let g = k.f32();
      g.set(saved, q.x >> 2);
      g.set(dy.dataSync() as Float32Array, q.dout >> 2);
      for (const b of GRADS) g.fill(0, q[b] >> 2, (q[b] >> 2) + s[b]);
      const copy = (dst: number, src: number, len: number) => k.f32().copyWithin(dst >> 2, src >> 2, (src >> 2) + len);
      const nd = N * D;
      // Second layer norm and the feed-forward residual.
      e.layerNormBackward(q.dout, q.xhat2, q.rstd2, q.g2, q.dr, q.dg2, q.dbe2, N, D);
      copy(q.dy1, q.dr, nd);
      e.maskMul(q.dr, q.m2, q.dt, B, T, D);
      e.gemmAcc(q.f1, 1, F, q.dt, D, q.dw2, D, F, D, N);
      e.colSumsAcc(q.dt, q.db2, N, D);
      e.transpose(q.w2, q.wt, F, D);
      k.f32().fill(0, q.df1 >> 2, (q.df1 >> 2) + N * F);
      e.gemmAcc(q.dt, D, 1, q.wt, F, q.df1, F, N, F, D);
      e.reluBackRun(q.df1, q.f1, N * F);
      e.gemmAcc(q.y1, 1, D, q.df1, F, q.dw1, F, D, F, N);
      e.colSumsAcc(q.df1, q.db1, N, F);
      e.transpose(q.w1, q.wt, D, F);
      e.gemmAcc(q.df1, F, 1, q.wt, D, q.dy1, D, N, D, F);
      // First layer norm and the attention residual.
      e.layerNormBackward(q.dy1, q.xhat1, q.rstd1, q.g1, q.dr, q.dg1, q.dbe1, N, D);
      copy(q.dx, q.dr, nd);
      e.maskMul(q.dr, q.m1, q.dt, B, T, D);
      e.gemmAcc(q.ctx, 1, D, q.dt, D, q.dwo, D, D, D, N);
      e.colSumsAcc(q.dt, q.dbo, N, D);
      e.transpose(q.wo, q.wt, D, D);
      k.f32().fill(0, q.dctx >> 2, (q.dctx >> 2) + nd);
      e.gemmAcc(q.dt, D, 1, q.wt, D, q.dctx, D, N, D, D);
      e.attentionBackward(q.q, q.k, q.v, q.att, q.dctx, q.dq, q.dk, q.dv, q.ds, B, T, D, heads);
      for (const [dp, w, dw, db] of [[q.dq, q.wq, q.dwq, q.dbq], [q.dk, q.wk, q.dwk, q.dbk], [q.dv, q.wv, q.dwv, q.dbv]]) {
        e.gemmAcc(q.x, 1, D, dp, D, dw, D, D, D, N);
        e.colSumsAcc(dp, db, N, D);
        e.transpose(w, q.wt, D, D);
        e.gemmAcc(dp, D, 1, q.wt, D, q.dx, D, N, D, D);
      }
      recycle(saved);
      g = k.f32();
      const read = (b: Buf, shape: number[]) => tf.tensor(g.slice(q[b] >> 2, (q[b] >> 2) + s[b]), shape, 'float32');
      return [
        read('dx', [B, T, D]),
        tf.zerosLike(m1),
        tf.zerosLike(m2),
        ...GRADS.map((b, i) => read(b, ws[i].shape)),
      ];
    };
    return { value, gradFunc };
  });
}

const cache = new Map<number, ReturnType<typeof blockGrad>>();

/**
 * The Transformer encoder block on the fused kernels:
 * `y1 = LN1(x + m1 ⊙ MHA(x))`, `out = LN2(y1 + m2 ⊙ (relu(y1·w1 + b1)·w2 + b2))`.
 * @param x `[batch, steps, d]`
 * @param masks dropout masks `[batch, 1, d]` (kept entries 1/(1-rate), dropped 0; all ones without dropout),
 *   for the attention and the feed-forward residual
 * @param w the block's weights (see {@link BLOCK_WEIGHTS})
 * @param heads attention heads; d must be divisible by it
 * @returns `[batch, steps, d]`
 */
export function fusedEncoderBlock(x: tf.Tensor3D, masks: [tf.Tensor, tf.Tensor], w: BlockWeights, heads: number): tf.Tensor3D {
  if (x.shape[2] % heads !== 0) throw new Error(`multiHeadSelfAttention: model width ${x.shape[2]} must be divisible by heads ${heads}`);
  let f = cache.get(heads);
  if (!f) cache.set(heads, (f = blockGrad(heads)));
  return f(x, masks[0], masks[1], ...BLOCK_WEIGHTS.map((n) => w[n])) as tf.Tensor3D;
}
