/**
 * Masked, weighted losses per output head. Labels that are not known yet (NaN in the dataset) get weight 0
 * and never reach the loss or its gradient; class weights and sample weights multiply in.
 */
import * as tf from '@tensorflow/tfjs';

/** Kind of an output head. */
export type HeadKind = 'class' | 'value';

/**
 * Loss of one head on one batch.
 * `class`: -Σ w_i · log softmax(logits_i)[y_i] / denom. `value`: Σ w_i · (out_i - y_i)² / denom.
 * @param outputs `[batch, k]` logits (class) or `[batch, 1]` values
 * @param labels length batch: class index or target value; ignored where the weight is 0
 * @param weights length batch: 0 = masked, else class weight × sample weight
 * @param kind head kind
 * @param denom normaliser (default: number of rows with weight > 0, at least 1)
 * @returns scalar tensor
 */
export function headLoss(outputs: tf.Tensor2D, labels: ArrayLike<number>, weights: ArrayLike<number>, kind: HeadKind, denom?: number): tf.Scalar {
  const [batch, k] = outputs.shape;
  if (labels.length !== batch || weights.length !== batch) {
    throw new Error(`headLoss: labels and weights must have length ${batch}, received ${labels.length} and ${weights.length}`);
  }
  let count = 0;
  for (let i = 0; i < batch; i++) if (weights[i] > 0) count++;
  const d = denom ?? Math.max(1, count);
  if (kind === 'class') {
    // One-hot times weight, built in JS: a masked row is all zeros whatever its label.
    const target = new Float32Array(batch * k);
    for (let i = 0; i < batch; i++) {
      const w = weights[i];
      if (w > 0) target[i * k + labels[i]] = w;
    }
    return tf.div(tf.neg(tf.sum(tf.mul(tf.tensor2d(target, [batch, k]), tf.logSoftmax(outputs)))), d) as tf.Scalar;
  }
  const y = new Float32Array(batch);
  const w = new Float32Array(batch);
  for (let i = 0; i < batch; i++) {
    if (weights[i] > 0) {
      y[i] = labels[i];
      w[i] = weights[i];
    }
  }
  const err = tf.sub(tf.reshape(outputs, [batch]), tf.tensor1d(y));
  return tf.div(tf.sum(tf.mul(tf.square(err), tf.tensor1d(w))), d) as tf.Scalar;
}

/**
 * Scales every gradient so that their global L2 norm is at most `clipNorm` (no-op below it).
 * @param grads gradients by variable name
 * @param clipNorm maximum global norm; <= 0 or Infinity disables clipping
 * @returns new gradients (same keys)
 */
export function clipByGlobalNorm(grads: Record<string, tf.Tensor>, clipNorm: number): Record<string, tf.Tensor> {
  if (!(clipNorm > 0) || !Number.isFinite(clipNorm)) return grads;
  const keys = Object.keys(grads);
  const sq = tf.addN(keys.map((k) => tf.sum(tf.square(grads[k]))));
  const norm = tf.sqrt(sq);
  const scale = tf.div(clipNorm, tf.maximum(norm, clipNorm));
  const out: Record<string, tf.Tensor> = {};
  for (const k of keys) out[k] = tf.mul(grads[k], scale);
  return out;
}
