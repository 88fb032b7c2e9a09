/**
 * The core of multi-head self-attention — per head softmax(q·kᵀ/√dh)·v — as one WebAssembly SIMD kernel per
 * direction inside a `tf.customGrad`, on `[batch, steps, d]` tensors with heads in column blocks (no split or
 * merge transposes, no batched matMul, which wasm runs as a naive loop). Same values as the tfjs path in
 * layers.ts. Selected with the other fused kernels (see mode.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { kernelModule } from './kernel';
import { fusedWanted } from './mode';

/** True when attention should run on the fused kernel now. */
export function useFusedAttention(): boolean {
  return fusedWanted() && kernelModule() !== null;
}

function attentionGrad(heads: number) {
  return tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [q, k, v] = args as tf.Tensor[];
    const [B, T, D] = q.shape;
    const km = kernelModule();
    if (!km) throw new Error('internal invariant violated: fused attention kernel is not available');
    const n = B * T * D;
    const na = B * heads * T * T;
    const data = [q, k, v].map((t) => (t.dataSync() as Float32Array).slice());
    km.take();
    const [pq, pk, pv, pa, pc, pt] = km.reserve([n, n, n, na, n, n]);
    const m = km.f32();
    m.set(data[0], pq >> 2);
    m.set(data[1], pk >> 2);
    m.set(data[2], pv >> 2);
    km.exports.attentionForward(pq, pk, pv, pa, pc, pt, B, T, D, heads);
    const out = km.f32();
    const att = out.slice(pa >> 2, (pa >> 2) + na);
    const ctx = out.slice(pc >> 2, (pc >> 2) + n);
    const gradFunc = (dctx: tf.Tensor): tf.Tensor[] => {
      km.take();
      const [gq, gk, gv, ga, gc, dq, dk, dv, ds] = km.reserve([n, n, n, na, n, n, n, n, n + T * T]);
      const mm = km.f32();
      mm.set(data[0], gq >> 2);
      mm.set(data[1], gk >> 2);
      mm.set(data[2], gv >> 2);
      mm.set(att, ga >> 2);
      mm.set(dctx.dataSync() as Float32Array, gc >> 2);
      km.exports.attentionBackward(gq, gk, gv, ga, gc, dq, dk, dv, ds, B, T, D, heads);
      const r = km.f32();
      return [dq, dk, dv].map((p) => tf.tensor3d(r.slice(p >> 2, (p >> 2) + n), [B, T, D]));
    };
    return { value: tf.tensor3d(ctx, [B, T, D]), gradFunc };
  });
}

const cache = new Map<number, ReturnType<typeof attentionGrad>>();

/**
 * Per-head scaled dot-product attention on the fused kernel.
 * @param q `[batch, steps, d]` queries (head h in columns h·d/heads …)
 * @param k `[batch, steps, d]` keys
 * @param v `[batch, steps, d]` values
 * @param heads number of heads; d must be divisible by it
 * @returns `[batch, steps, d]` context, heads merged in the same column blocks
 */
export function fusedAttention(q: tf.Tensor3D, k: tf.Tensor3D, v: tf.Tensor3D, heads: number): tf.Tensor3D {
  if (q.shape[2] % heads !== 0) throw new Error(`multiHeadSelfAttention: model width ${q.shape[2]} must be divisible by heads ${heads}`);
  let f = cache.get(heads);
  if (!f) cache.set(heads, (f = attentionGrad(heads)));
  return f(q, k, v) as tf.Tensor3D;
}
