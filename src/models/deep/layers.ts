/**
 * Network building blocks written from tfjs ops that have gradients on every backend, wasm included:
 * Conv1D as shifted slices + one matMul (wasm has no Conv2DBackpropFilter), multi-head self-attention
 * from matMul/softmax (no einsum), layer norm, sinusoidal positions, dropout.
 */
import * as tf from '@tensorflow/tfjs';
import { dense, mm } from './ops';
import { fusedAttention, useFusedAttention } from './wasm/attention-fused';

/**
 * Causal 1-D convolution over time: output step t sees input steps t-k+1 … t (zero-padded on the left).
 * @param x `[batch, steps, in]`
 * @param w `[kernel * in, filters]`, row block j multiplies input step t-k+1+j
 * @param b `[filters]`
 * @param kernel kernel width in steps
 * @returns `[batch, steps, filters]` (no activation)
 */
export function conv1dCausal(x: tf.Tensor3D, w: tf.Tensor2D, b: tf.Tensor1D, kernel: number): tf.Tensor3D {
  const [batch, steps, fin] = x.shape;
  if (w.shape[0] !== kernel * fin) {
    throw new Error(`conv1dCausal: kernel rows must be kernel*in = ${kernel * fin}, received ${w.shape[0]}`);
  }
  const padded = kernel > 1 ? tf.pad(x, [[0, 0], [kernel - 1, 0], [0, 0]]) : x;
  const cols: tf.Tensor[] = [];
  for (let j = 0; j < kernel; j++) cols.push(tf.slice(padded, [0, j, 0], [batch, steps, fin]));
  const patches = kernel > 1 ? tf.concat(cols, 2) : cols[0];
  return dense(patches, w, b) as tf.Tensor3D;
}

/**
 * Layer normalisation over the last axis: (x - mean) / sqrt(var + eps) * gamma + beta.
 * @param x `[…, d]`
 * @param gamma `[d]`
 * @param beta `[d]`
 * @param eps variance floor (default 1e-5)
 * @returns same shape as x
 */
export function layerNorm(x: tf.Tensor, gamma: tf.Tensor1D, beta: tf.Tensor1D, eps = 1e-5): tf.Tensor {
  const axis = x.rank - 1;
  const mean = tf.mean(x, axis, true);
  const centered = tf.sub(x, mean);
  const variance = tf.mean(tf.square(centered), axis, true);
  return tf.add(tf.mul(tf.mul(centered, tf.rsqrt(tf.add(variance, eps))), gamma), beta);
}

/**
 * Sinusoidal position encodings (Vaswani et al.): PE[t, 2i] = sin(t / 10000^(2i/d)), PE[t, 2i+1] = cos(…).
 * @param steps sequence length
 * @param dim model width
 * @returns `[steps, dim]` values, row-major
 */
export function sinusoidalPositions(steps: number, dim: number): Float32Array {
  const out = new Float32Array(steps * dim);
  for (let t = 0; t < steps; t++) {
    for (let i = 0; i < dim; i++) {
      const angle = t / Math.pow(10000, (2 * Math.floor(i / 2)) / dim);
      out[t * dim + i] = i % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }
  }
  return out;
}

/** Weights of one multi-head self-attention block (all `[d, d]` kernels and `[d]` biases). */
export interface AttentionParams {
  wq: tf.Tensor2D;
  bq: tf.Tensor1D;
  wk: tf.Tensor2D;
  bk: tf.Tensor1D;
  wv: tf.Tensor2D;
  bv: tf.Tensor1D;
  wo: tf.Tensor2D;
  bo: tf.Tensor1D;
}

/**
 * Multi-head scaled dot-product self-attention (no mask: every step of a window is in the past). The core
 * (scores, softmax, weighted sum, per head) runs on the fused kernel of wasm/attention-fused.ts when selected.
 * @param x `[batch, steps, d]`
 * @param p projection weights
 * @param heads number of heads; d must be divisible by it
 * @returns `[batch, steps, d]`
 */
export function multiHeadSelfAttention(x: tf.Tensor3D, p: AttentionParams, heads: number): tf.Tensor3D {
  const [batch, steps, d] = x.shape;
  if (d % heads !== 0) throw new Error(`multiHeadSelfAttention: model width ${d} must be divisible by heads ${heads}`);
  if (useFusedAttention()) {
    const ctx = fusedAttention(dense(x, p.wq, p.bq) as tf.Tensor3D, dense(x, p.wk, p.bk) as tf.Tensor3D, dense(x, p.wv, p.bv) as tf.Tensor3D, heads);
    return dense(ctx, p.wo, p.bo) as tf.Tensor3D;
  }
  const dh = d / heads;
  const split = (t: tf.Tensor, perm: number[]) => tf.transpose(tf.reshape(t, [batch, steps, heads, dh]), perm);
  const q = split(dense(x, p.wq, p.bq), [0, 2, 1, 3]); // [b, h, T, dh]
  const kT = split(dense(x, p.wk, p.bk), [0, 2, 3, 1]); // [b, h, dh, T]
  const v = split(dense(x, p.wv, p.bv), [0, 2, 1, 3]); // [b, h, T, dh]
  const scores = tf.mul(mm(q, kT), 1 / Math.sqrt(dh)); // [b, h, T, T]
  const att = tf.softmax(scores);
  const ctx = tf.reshape(tf.transpose(mm(att, v), [0, 2, 1, 3]), [batch, steps, d]);
  return dense(ctx, p.wo, p.bo) as tf.Tensor3D;
}

/**
 * Inverted dropout: zeroes a fraction `rate` of entries and scales the rest by 1/(1-rate); identity when
 * `rate` is 0. The mask is drawn from `seed`, so a seeded run is reproducible.
 * @param x any tensor
 * @param rate fraction dropped, in [0, 1)
 * @param seed integer seed of the mask
 * @param noiseShape mask shape broadcast over x (default x.shape); e.g. `[batch, 1, d]` drops the same
 *   channels at every step of a sequence (variational dropout) and draws 1/steps as many random numbers
 */
export function dropout(x: tf.Tensor, rate: number, seed: number, noiseShape?: number[]): tf.Tensor {
  if (rate <= 0) return x;
  return tf.mul(x, dropoutMask(noiseShape ?? x.shape, rate, seed));
}

/**
 * The mask {@link dropout} multiplies by: 1/(1-rate) where kept, 0 where dropped (all ones when `rate` is 0).
 * @param shape mask shape
 * @param rate fraction dropped, in [0, 1)
 * @param seed integer seed (the same seed gives the same mask as {@link dropout})
 */
export function dropoutMask(shape: number[], rate: number, seed: number): tf.Tensor {
  if (rate <= 0) return tf.ones(shape);
  const keep = tf.cast(tf.greaterEqual(tf.randomUniform(shape, 0, 1, 'float32', seed), rate), 'float32');
  return tf.mul(keep, 1 / (1 - rate));
}
