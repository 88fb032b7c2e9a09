/**
 * Inference helpers of the deep model (split out of model.ts): the batched forward pass to one head's raw
 * outputs, and the decoding of raw outputs into predictions (class index, or the value in target units).
 */
import * as tf from '@tensorflow/tfjs';
import { taskClasses, type Task } from '../types';
import type { Network } from './network';
import type { TargetScale } from './prepare';

/**
 * One head's outputs for every window, in batches of `batch` windows (softmax probabilities for
 * classification, the scaled value for regression).
 * @param net the fitted network
 * @param x scaled windows, `[n, steps, features]` row-major (shape from `shape`)
 * @param shape `[n, steps, features]`
 * @param head head name
 * @param task the model's task
 * @param batch windows per forward pass (default 512)
 * @returns `[n, k]` row-major, k = the head's width
 */
export function headOutputs(net: Network, x: Float32Array, shape: number[], head: string, task: Task, batch = 512): Float32Array {
  const [n, steps, f] = shape;
  const k = net.spec.heads[0].outputs;
  const out = new Float32Array(n * k);
  const stride = steps * f;
  for (let s = 0; s < n; s += batch) {
    const e = Math.min(n, s + batch);
    const vals = tf.tidy(() => {
      const xb = tf.tensor3d(x.subarray(s * stride, e * stride), [e - s, steps, f]);
      const o = net.apply(xb)[head];
      return task === 'regression' ? o : tf.softmax(o);
    });
    out.set(vals.dataSync(), s * k);
    vals.dispose();
  }
  return out;
}

/**
 * Predictions from raw head outputs: for regression the value in the target's original units (un-scaled,
 * exp'd back with a log target), else the argmax class index.
 * @param raw `[n, k]` head outputs from {@link headOutputs} (calibrated probabilities for binary)
 * @param n rows
 * @param task the model's task
 * @param scale the head's target scale (regression only)
 * @returns length n
 */
export function decodePredictions(raw: Float32Array, n: number, task: Task, scale: TargetScale | undefined): Float32Array {
  const out = new Float32Array(n);
  if (task === 'regression') {
    if (!scale) throw new Error('internal invariant violated: a regression head has no target scale');
    for (let i = 0; i < n; i++) {
      const v = raw[i] * scale.std + scale.mean;
      out[i] = scale.log ? Math.exp(v) : v;
    }
    return out;
  }
  const classes = taskClasses(task);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < classes; j++) if (raw[i * classes + j] > raw[i * classes + best]) best = j;
    out[i] = best;
  }
  return out;
}
