/** Finite-difference gradient checks for the deep layers (test helper). */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../../src/util/rng';

/** Seeded normal values ×scale. */
export function randn(rng: Rng, size: number, scale = 1): Float32Array {
  const a = new Float32Array(size);
  for (let i = 0; i < size; i++) a[i] = rng.normal() * scale;
  return a;
}

/**
 * Compares tf.grads of `f` with central differences at `probes` random entries of every input.
 * @returns the largest |analytic - numeric| / max(1, |numeric|)
 */
export function maxGradError(
  f: (...xs: tf.Tensor[]) => tf.Scalar,
  inputs: Array<{ values: Float32Array; shape: number[] }>,
  options: { eps?: number; probes?: number; seed?: number } = {},
): number {
  const eps = options.eps ?? 1e-2;
  const probes = options.probes ?? 6;
  const rng = new Rng(options.seed ?? 1);
  const analytic = tf.tidy(() => {
    const xs = inputs.map((i) => tf.tensor(i.values, i.shape));
    return tf.grads((...a: tf.Tensor[]) => f(...a))(xs).map((g) => g.dataSync().slice());
  });
  const evalAt = (k: number, j: number, delta: number): number =>
    tf.tidy(() => {
      const xs = inputs.map((inp, idx) => {
        const v = inp.values.slice();
        if (idx === k) v[j] += delta;
        return tf.tensor(v, inp.shape);
      });
      return f(...xs).dataSync()[0];
    });
  let worst = 0;
  inputs.forEach((inp, k) => {
    for (let p = 0; p < probes; p++) {
      const j = rng.int(inp.values.length);
      const numeric = (evalAt(k, j, eps) - evalAt(k, j, -eps)) / (2 * eps);
      const err = Math.abs(analytic[k][j] - numeric) / Math.max(1, Math.abs(numeric));
      worst = Math.max(worst, err);
    }
  });
  return worst;
}
