import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../src/models/deep/backend';
import { conv1dCausal, dropout, layerNorm, multiHeadSelfAttention, sinusoidalPositions, type AttentionParams } from '../../../src/models/deep/layers';
import { glorotUniform, orthogonal } from '../../../src/models/deep/init';
import { Rng } from '../../../src/util/rng';
import { assertClose } from '../../helpers';
import { maxGradError, randn } from './gradcheck';

test.before(async () => {
  await initBackend({ backend: 'wasm' });
});

test('causal conv1d equals the hand-computed sums (kernel 2, zero left padding)', () => {
  // x = [1, 2, 3] (1 feature), w rows: [previous step, current step] = [10, 1], bias 0.5
  const v = tf.tidy(() => conv1dCausal(tf.tensor3d([1, 2, 3], [1, 3, 1]), tf.tensor2d([10, 1], [2, 1]), tf.tensor1d([0.5]), 2).dataSync().slice());
  assert.equal(Array.from(v), [1.5, 12.5, 23.5]);
});

test('causal conv1d output at step t does not depend on later steps', () => {
  const rng = new Rng(1);
  const x = randn(rng, 2 * 5 * 3);
  const w = randn(rng, 3 * 3 * 4);
  const x2 = x.slice();
  for (let i = 0; i < 2; i++) x2[(i * 5 + 4) * 3] += 5; // change the last step only
  const run = (xv: Float32Array) => tf.tidy(() => conv1dCausal(tf.tensor3d(xv, [2, 5, 3]), tf.tensor2d(w, [9, 4]), tf.zeros([4]) as tf.Tensor1D, 3).dataSync().slice());
  const a = run(x);
  const b = run(x2);
  for (let i = 0; i < 2; i++) for (let t = 0; t < 4; t++) for (let j = 0; j < 4; j++) assert.is(a[(i * 5 + t) * 4 + j], b[(i * 5 + t) * 4 + j]);
  assert.not.equal(a[4 * 4], b[4 * 4]);
});

test('causal conv1d gradients match finite differences (trains on wasm)', () => {
  const rng = new Rng(2);
  const err = maxGradError((x, w, b) => tf.sum(tf.square(conv1dCausal(x as tf.Tensor3D, w as tf.Tensor2D, b as tf.Tensor1D, 3))) as tf.Scalar, [
    { values: randn(rng, 2 * 4 * 2), shape: [2, 4, 2] },
    { values: randn(rng, 6 * 3, 0.5), shape: [6, 3] },
    { values: randn(rng, 3, 0.1), shape: [3] },
  ]);
  assert.ok(err < 5e-3, `max relative gradient error ${err}`);
});

test('layerNorm normalises [1, 2, 3] to ±sqrt(1.5) around 0', () => {
  const v = tf.tidy(() => layerNorm(tf.tensor2d([1, 2, 3], [1, 3]), tf.ones([3]) as tf.Tensor1D, tf.zeros([3]) as tf.Tensor1D, 0).dataSync().slice());
  assertClose(v[0], -Math.sqrt(1.5), 1e-5);
  assertClose(v[1], 0, 1e-6);
  assertClose(v[2], Math.sqrt(1.5), 1e-5);
});

test('layerNorm gradients match finite differences', () => {
  const rng = new Rng(6);
  const err = maxGradError((x, g, b) => tf.sum(tf.mul(layerNorm(x, g as tf.Tensor1D, b as tf.Tensor1D), tf.tensor(randn(new Rng(9), 12), [3, 4]))) as tf.Scalar, [
    { values: randn(rng, 12), shape: [3, 4] },
    { values: randn(rng, 4), shape: [4] },
    { values: randn(rng, 4), shape: [4] },
  ]);
  assert.ok(err < 5e-3, `max relative gradient error ${err}`);
});

function attParams(rng: Rng, d: number): Array<{ values: Float32Array; shape: number[] }> {
  const out: Array<{ values: Float32Array; shape: number[] }> = [];
  for (let i = 0; i < 4; i++) {
    out.push({ values: randn(rng, d * d, 0.4), shape: [d, d] });
    out.push({ values: randn(rng, d, 0.1), shape: [d] });
  }
  return out;
}
function asParams(t: tf.Tensor[]): AttentionParams {
  const [wq, bq, wk, bk, wv, bv, wo, bo] = t;
  return { wq, bq, wk, bk, wv, bv, wo, bo } as AttentionParams;
}

test('self-attention with one head equals softmax(QKᵀ/√d)·V·Wo computed naively', () => {
  const rng = new Rng(3);
  const x = randn(rng, 1 * 3 * 2);
  const p = attParams(rng, 2);
  const [mine, ref] = tf.tidy(() => {
    const xt = tf.tensor3d(x, [1, 3, 2]);
    const pt = p.map((q) => tf.tensor(q.values, q.shape));
    const P = asParams(pt);
    const x2 = tf.reshape(xt, [3, 2]);
    const q = tf.add(tf.matMul(x2, P.wq), P.bq);
    const k = tf.add(tf.matMul(x2, P.wk), P.bk);
    const v = tf.add(tf.matMul(x2, P.wv), P.bv);
    const a = tf.softmax(tf.div(tf.matMul(q, tf.transpose(k)), Math.sqrt(2)));
    const naive = tf.add(tf.matMul(tf.matMul(a, v), P.wo), P.bo);
    return [multiHeadSelfAttention(xt, P, 1).dataSync().slice(), naive.dataSync().slice()];
  });
  for (let i = 0; i < ref.length; i++) assertClose(mine[i], ref[i], 1e-5);
});

test('multi-head attention gradients match finite differences (2 heads)', () => {
  const rng = new Rng(4);
  const inputs = [{ values: randn(rng, 2 * 3 * 4), shape: [2, 3, 4] }, ...attParams(rng, 4)];
  const err = maxGradError((x, ...w) => tf.sum(tf.square(multiHeadSelfAttention(x as tf.Tensor3D, asParams(w), 2))) as tf.Scalar, inputs, { probes: 3 });
  assert.ok(err < 1e-2, `max relative gradient error ${err}`);
});

test('attention rejects a width not divisible by the heads', () => {
  const rng = new Rng(5);
  const p = attParams(rng, 3).map((q) => tf.tensor(q.values, q.shape));
  assert.throws(() => multiHeadSelfAttention(tf.zeros([1, 2, 3]) as tf.Tensor3D, asParams(p), 2), /divisible by heads 2/);
});

test('sinusoidal positions: step 0 is [0, 1, 0, 1], step 1 starts with sin(1), cos(1)', () => {
  const pe = sinusoidalPositions(2, 4);
  assert.equal(Array.from(pe.slice(0, 4)), [0, 1, 0, 1]);
  assertClose(pe[4], Math.sin(1), 1e-6);
  assertClose(pe[5], Math.cos(1), 1e-6);
  assertClose(pe[6], Math.sin(1 / 100), 1e-6);
});

test('dropout keeps the mean, is reproducible per seed and is the identity at rate 0', () => {
  const [a, b, c] = tf.tidy(() => {
    const x = tf.ones([4000]);
    return [dropout(x, 0.5, 7), dropout(x, 0.5, 7), dropout(x, 0, 7)].map((t) => Array.from(t.dataSync()));
  });
  assert.equal(a, b);
  const mean = a.reduce((s, v) => s + v, 0) / a.length;
  assert.ok(Math.abs(mean - 1) < 0.06, `mean ${mean}`);
  assert.ok(a.every((v) => v === 0 || v === 2));
  assert.ok(c.every((v) => v === 1));
});

test('dropout with a noise shape [b, 1, d] drops the same channels at every step', () => {
  const v = tf.tidy(() => Array.from(dropout(tf.ones([2, 5, 8]), 0.5, 3, [2, 1, 8]).dataSync()));
  for (let b = 0; b < 2; b++) for (let t = 1; t < 5; t++) for (let j = 0; j < 8; j++) assert.is(v[(b * 5 + t) * 8 + j], v[b * 40 + j]);
  assert.ok(v.some((x) => x === 0) && v.some((x) => x === 2));
});

test('glorot uniform stays within its limit; orthogonal rows are orthonormal', () => {
  const g = glorotUniform(new Rng(1), [4, 8]);
  const lim = Math.sqrt(6 / 12);
  assert.ok(g.every((v) => Math.abs(v) <= lim));
  const o = orthogonal(new Rng(2), 3, 8);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      let d = 0;
      for (let k = 0; k < 8; k++) d += o[i * 8 + k] * o[j * 8 + k];
      assertClose(d, i === j ? 1 : 0, 1e-5);
    }
  }
});

test.run();
