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

test('mm gradients equal tf.matMul autograd (2-D, batched 4-D, rank-3 × rank-2)', () => {
  const rng = new Rng(1);
  const cases: Array<[number[], number[]]> = [
    [[3, 4], [4, 5]],
    [[2, 2, 3, 4], [2, 2, 4, 3]],
    [[2, 3, 4], [4, 2]],
  ];
  for (const [sa, sb] of cases) {
    const av = randn(rng, sa.reduce((p, q) => p * q, 1));
    const bv = randn(rng, sb.reduce((p, q) => p * q, 1));
    // tfjs' own BatchMatMul gradient mishandles rank-3 × rank-2, so that reference folds the batch first.
    const reference = (a: tf.Tensor, b: tf.Tensor) =>
      a.rank === 3 && b.rank === 2 ? tf.reshape(tf.matMul(tf.reshape(a, [-1, a.shape[2] as number]), b), [a.shape[0], a.shape[1] as number, b.shape[1] as number]) : tf.matMul(a, b);
    const [mine, ref] = [mm, reference].map((f) =>
      tf.tidy(() => tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(f(a, b))))([tf.tensor(av, sa), tf.tensor(bv, sb)]).map((g) => g.dataSync().slice())),
    );
    mine.forEach((g, k) => g.forEach((v, i) => assertClose(v, ref[k][i], 1e-4, `${JSON.stringify(sa)}: grad ${k}[${i}] ${v} vs ${ref[k][i]}`)));
  }
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
