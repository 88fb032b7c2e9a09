import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../src/models/deep/backend';
import { dense, mm, rows, swapLast, unstackRows } from '../../../src/models/deep/ops';
import { Rng } from '../../../src/util/rng';
import { assertClose } from '../../helpers';
import { maxGradError, randn } from './gradcheck';

test.before(async () => {
  await initBackend({ backend: 'wasm' });
});

test('mm multiplies a 2x2 by hand', () => {
  const v = tf.tidy(() => mm(tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.tensor2d([5, 6, 7, 8], [2, 2])).dataSync().slice());
  assert.equal(Array.from(v), [19, 22, 43, 50]);
});

test('matMul gradients (registered, explicit transposes on wasm) match finite differences in every layout', () => {
  const rng = new Rng(1);
  const cases: Array<{ sa: number[]; sb: number[]; f: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor }> = [
    { sa: [3, 4], sb: [4, 5], f: (a, b) => mm(a, b) },
    { sa: [2, 2, 3, 4], sb: [2, 2, 4, 3], f: (a, b) => mm(a, b) },
    { sa: [2, 3, 4], sb: [4, 2], f: (a, b) => mm(a, b) },
    { sa: [4, 3], sb: [4, 5], f: (a, b) => tf.matMul(a, b, true, false) },
    { sa: [3, 4], sb: [5, 4], f: (a, b) => tf.matMul(a, b, false, true) },
    { sa: [4, 3], sb: [5, 4], f: (a, b) => tf.matMul(a, b, true, true) },
    { sa: [2, 3, 4], sb: [1, 4, 2], f: (a, b) => tf.matMul(a, b) },
  ];
  for (const c of cases) {
    const err = maxGradError((a, b) => tf.sum(tf.tanh(c.f(a, b))) as tf.Scalar, [
      { values: randn(rng, c.sa.reduce((p, q) => p * q, 1)), shape: c.sa },
      { values: randn(rng, c.sb.reduce((p, q) => p * q, 1)), shape: c.sb },
    ], { probes: 4 });
    assert.ok(err < 5e-3, `${JSON.stringify(c.sa)} x ${JSON.stringify(c.sb)}: max relative gradient error ${err}`);
  }
});

test('the registered matMul gradient equals the closed form 2·(ab)·bᵀ and aᵀ·2(ab) for sum((ab)²)', () => {
  const [ga, gb] = tf.tidy(() => {
    const a = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    const b = tf.tensor2d([0.5, -1, 2, 1], [2, 2]);
    return tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.square(mm(x, y))))([a, b]).map((g) => Array.from(g.dataSync()));
  });
  // ab = [[4.5, 1], [9.5, 1]]; 2ab·bᵀ = [[2.5, 20], [7.5, 40]]; aᵀ·2ab = [[66, 8], [94, 12]]
  assert.equal(ga, [2.5, 20, 7.5, 40]);
  assert.equal(gb, [66, 8, 94, 12]);
});

test('mm gradient matches finite differences', () => {
  const rng = new Rng(2);
  const err = maxGradError((a, b) => tf.sum(tf.tanh(mm(a, b))) as tf.Scalar, [
    { values: randn(rng, 12), shape: [3, 4] },
    { values: randn(rng, 8), shape: [4, 2] },
  ]);
  assert.ok(err < 5e-3, `max relative gradient error ${err}`);
});

test('dense adds the bias over the last axis', () => {
  const v = tf.tidy(() => dense(tf.ones([2, 1, 2]), tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.tensor1d([10, 20])).dataSync().slice());
  assert.equal(Array.from(v), [14, 26, 14, 26]);
});

test('unstackRows splits the leading axis without changing values', () => {
  const parts = tf.tidy(() => unstackRows(tf.tensor3d([1, 2, 3, 4, 5, 6], [3, 1, 2])).map((t) => ({ shape: t.shape, v: Array.from(t.dataSync()) })));
  assert.equal(parts, [
    { shape: [1, 2], v: [1, 2] },
    { shape: [1, 2], v: [3, 4] },
    { shape: [1, 2], v: [5, 6] },
  ]);
});

test('rows and swapLast', () => {
  const [r, s] = tf.tidy(() => {
    const x = tf.tensor3d([1, 2, 3, 4, 5, 6], [3, 2, 1]);
    return [Array.from(rows(x, 1, 3).dataSync()), swapLast(x).shape];
  });
  assert.equal(r, [3, 4, 5, 6]);
  assert.equal(s, [3, 1, 2]);
});

test.run();
