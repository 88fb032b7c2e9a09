/**
 * Small tensor helpers that avoid slow paths of the tfjs wasm backend (measured here):
 * - `matMul` with `transposeA`/`transposeB`, and any batched product, run a naive loop (≈ 15× slower
 *   than an explicit transpose followed by a plain 2-D matMul); {@link mm} folds batch axes, and
 *   kernels.ts registers a matMul gradient with explicit transposes.
 * - every `slice` (hence `unstack`/`split`) of a tensor copies the *whole* input out of the wasm heap
 *   first, so unstacking `[T, …]` costs T full copies; {@link unstackRows} reads once and builds T tensors.
 */
import * as tf from '@tensorflow/tfjs';

/** Swaps the last two axes (`[…, m, n]` → `[…, n, m]`). */
export function swapLast(x: tf.Tensor): tf.Tensor {
  const r = x.rank;
  const perm = Array.from({ length: r }, (_, i) => i);
  perm[r - 2] = r - 1;
  perm[r - 1] = r - 2;
  return tf.transpose(x, perm);
}

/**
 * Matrix product `a · b` (batched over leading axes, same batch shape); a rank-3+ `a` times a 2-D `b`
 * is folded into one 2-D product (wasm runs batched products with a naive loop). Its gradient is the
 * explicit-transpose one registered by kernels.ts (see there).
 * @param a `[…, m, k]`
 * @param b `[…, k, n]` (or `[k, n]`)
 * @returns `[…, m, n]`
 */
export function mm(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  if (a.rank > 2 && b.rank === 2) {
    // Fold batch axes into rows: one 2-D product.
    const lead = a.shape.slice(0, -1);
    const out = tf.matMul(tf.reshape(a, [-1, a.shape[a.rank - 1]]), b);
    return tf.reshape(out, [...lead, b.shape[1] as number]);
  }
  return tf.matMul(a, b);
}

/**
 * Dense layer `x · w + b` over the last axis (any leading shape).
 * @param x `[…, in]`
 * @param w `[in, out]`
 * @param b `[out]` or undefined for no bias
 * @returns `[…, out]`
 */
export function dense(x: tf.Tensor, w: tf.Tensor, b?: tf.Tensor): tf.Tensor {
  const y = mm(x, w);
  return b ? tf.add(y, b) : y;
}

/**
 * Splits a tensor along its leading axis into plain (non-differentiable) tensors with one read of the
 * data instead of one full copy per slice. Use only where no gradient flows (inside a custom gradient).
 * @param x `[T, …rest]`
 * @returns T tensors of shape `rest`
 */
export function unstackRows(x: tf.Tensor): tf.Tensor[] {
  const data = x.dataSync() as Float32Array;
  const rest = x.shape.slice(1);
  const size = rest.reduce((p, q) => p * q, 1);
  const out: tf.Tensor[] = new Array(x.shape[0]);
  for (let t = 0; t < x.shape[0]; t++) out[t] = tf.tensor(data.subarray(t * size, (t + 1) * size), rest, 'float32');
  return out;
}

/**
 * Rows `[start, end)` of the leading axis as a differentiable tensor (a plain `tf.slice`); kept here so
 * callers slice small tensors only.
 */
export function rows(x: tf.Tensor, start: number, end: number): tf.Tensor {
  const begin = x.shape.map((_, i) => (i === 0 ? start : 0));
  const size = x.shape.map((d, i) => (i === 0 ? end - start : d));
  return tf.slice(x, begin, size);
}
