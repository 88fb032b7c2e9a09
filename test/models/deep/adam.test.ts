import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../src/models/deep/backend';
import { FusedAdam } from '../../../src/models/deep/adam';
import { clipByGlobalNorm } from '../../../src/models/deep/loss';
import { Rng } from '../../../src/util/rng';
import { assertClose } from '../../helpers';
import { randn } from './gradcheck';

test.before(async () => {
  await initBackend({ backend: 'cpu', log: () => undefined });
});

/** Runs `steps` updates on two copies of the same variables: tfjs clip + Adam, and FusedAdam. */
function compare(clipNorm: number, gradScale: number): void {
  const shapes = [[3, 4], [4], [2, 2]];
  const init = shapes.map((s, k) => randn(new Rng(k + 1), s.reduce((a, b) => a * b, 1)));
  const a = shapes.map((s, k) => tf.variable(tf.tensor(init[k], s), true, `ref${k}_${clipNorm}`));
  const b = shapes.map((s, k) => tf.variable(tf.tensor(init[k], s), true, `fused${k}_${clipNorm}`));
  const opt = tf.train.adam(0.01);
  const fused = new FusedAdam(b, { learningRate: 0.01, clipNorm });
  for (let step = 0; step < 5; step++) {
    tf.tidy(() => {
      const g = shapes.map((s, k) => tf.tensor(randn(new Rng(100 * step + k), s.reduce((p, q) => p * q, 1), gradScale), s));
      const named: Record<string, tf.Tensor> = {};
      a.forEach((v, k) => (named[v.name] = g[k]));
      opt.applyGradients(clipByGlobalNorm(named, clipNorm) as unknown as Record<string, tf.Variable>);
      fused.step(g);
    });
  }
  a.forEach((v, k) => {
    const x = v.dataSync();
    const y = b[k].dataSync();
    for (let i = 0; i < x.length; i++) assertClose(y[i], x[i], 1e-6, `variable ${k}[${i}]: fused ${y[i]} vs tfjs ${x[i]}`);
  });
  opt.dispose();
  [...a, ...b].forEach((v) => v.dispose());
}

test('FusedAdam equals tfjs clipByGlobalNorm + Adam over five steps (clip active)', () => {
  compare(1, 3);
});

test('FusedAdam equals tfjs Adam with clipping off', () => {
  compare(0, 1);
});

test('a variable without gradient is left unchanged', () => {
  const v = tf.variable(tf.tensor1d([1, 2]), true, 'no_grad_var');
  const w = tf.variable(tf.tensor1d([1, 2]), true, 'grad_var');
  new FusedAdam([v, w], { learningRate: 0.1, clipNorm: 0 }).step([undefined, tf.tensor1d([1, -1])]);
  assert.equal(Array.from(v.dataSync()), [1, 2]);
  // First Adam step moves each weight by ≈ lr against the gradient's sign.
  assertClose(w.dataSync()[0], 0.9, 1e-5);
  assertClose(w.dataSync()[1], 2.1, 1e-5);
  v.dispose();
  w.dispose();
});

test.run();
