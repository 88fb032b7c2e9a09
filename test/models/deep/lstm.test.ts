import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../src/models/deep/backend';
import { lstmLayer, lstmRecurrence } from '../../../src/models/deep/lstm';
import { Rng } from '../../../src/util/rng';
import { assertClose } from '../../helpers';
import { maxGradError, randn } from './gradcheck';

/** Plain-autograd LSTM (gates [i, f, o, g], sigmoid recurrent activation) as the reference. */
function referenceLstm(x: tf.Tensor3D, wx: tf.Tensor2D, wh: tf.Tensor2D, b: tf.Tensor1D): tf.Tensor3D {
  const [batch, steps] = x.shape;
  const u = wh.shape[0];
  let h: tf.Tensor = tf.zeros([batch, u]);
  let c: tf.Tensor = tf.zeros([batch, u]);
  const hs: tf.Tensor[] = [];
  for (let t = 0; t < steps; t++) {
    const xt = tf.reshape(tf.slice(x, [0, t, 0], [batch, 1, x.shape[2]]), [batch, x.shape[2]]);
    const z = tf.add(tf.add(tf.matMul(xt, wx), tf.matMul(h, wh)), b);
    const [i, f, o, g] = tf.split(z, 4, 1);
    c = tf.add(tf.mul(tf.sigmoid(f), c), tf.mul(tf.sigmoid(i), tf.tanh(g)));
    h = tf.mul(tf.sigmoid(o), tf.tanh(c));
    hs.push(h);
  }
  return tf.stack(hs) as tf.Tensor3D;
}

const sizes = { batch: 3, steps: 4, f: 2, u: 3 };
function inputs(seed: number) {
  const rng = new Rng(seed);
  const { batch, steps, f, u } = sizes;
  return [
    { values: randn(rng, batch * steps * f), shape: [batch, steps, f] },
    { values: randn(rng, f * 4 * u, 0.5), shape: [f, 4 * u] },
    { values: randn(rng, u * 4 * u, 0.5), shape: [u, 4 * u] },
    { values: randn(rng, 4 * u, 0.3), shape: [4 * u] },
  ];
}
const mix = (seed: number) => randn(new Rng(seed), sizes.steps * sizes.batch * sizes.u);

test.before(async () => {
  await initBackend({ backend: 'cpu' });
});

test('one step from zero state equals the hand-computed cell', () => {
  // u = 1, one step, projection z = [zi, zf, zo, zg]: c = σ(zi)·tanh(zg), h = σ(zo)·tanh(c).
  const z = [0.5, -1, 2, 0.3];
  const h = tf.tidy(() => lstmRecurrence(tf.tensor3d(z, [1, 1, 4]), tf.zeros([1, 4])).dataSync()[0]);
  const s = (v: number) => 1 / (1 + Math.exp(-v));
  assertClose(h, s(2) * Math.tanh(s(0.5) * Math.tanh(0.3)), 1e-6);
});

test('fused LSTM forward equals a plain autograd LSTM', () => {
  const inp = inputs(1);
  const [a, b] = tf.tidy(() => {
    const [x, wx, wh, bias] = inp.map((i) => tf.tensor(i.values, i.shape));
    return [
      lstmLayer(x as tf.Tensor3D, { wx: wx as tf.Tensor2D, wh: wh as tf.Tensor2D, b: bias as tf.Tensor1D }).dataSync().slice(),
      referenceLstm(x as tf.Tensor3D, wx as tf.Tensor2D, wh as tf.Tensor2D, bias as tf.Tensor1D).dataSync().slice(),
    ];
  });
  assert.is(a.length, sizes.steps * sizes.batch * sizes.u);
  for (let i = 0; i < a.length; i++) assertClose(a[i], b[i], 1e-5);
});

test('hand-written BPTT gradients equal autograd of the plain LSTM', () => {
  const inp = inputs(2);
  const r = mix(3);
  const loss = (impl: typeof referenceLstm) => (x: tf.Tensor, wx: tf.Tensor, wh: tf.Tensor, b: tf.Tensor) =>
    tf.sum(tf.mul(impl(x as tf.Tensor3D, wx as tf.Tensor2D, wh as tf.Tensor2D, b as tf.Tensor1D), tf.tensor(r, [sizes.steps, sizes.batch, sizes.u]))) as tf.Scalar;
  const fused = (x: tf.Tensor3D, wx: tf.Tensor2D, wh: tf.Tensor2D, b: tf.Tensor1D) => lstmLayer(x, { wx, wh, b });
  const [ga, gb] = [fused, referenceLstm].map((impl) =>
    tf.tidy(() => tf.grads(loss(impl))(inp.map((i) => tf.tensor(i.values, i.shape))).map((g) => g.dataSync().slice())),
  );
  ga.forEach((g, k) => {
    assert.is(g.length, gb[k].length);
    for (let i = 0; i < g.length; i++) assertClose(g[i], gb[k][i], 1e-4, `input ${k} entry ${i}: ${g[i]} vs ${gb[k][i]}`);
  });
});

test('fused LSTM gradients match finite differences (all four inputs)', () => {
  const r = mix(4);
  const err = maxGradError(
    (x, wx, wh, b) => tf.sum(tf.mul(lstmLayer(x as tf.Tensor3D, { wx: wx as tf.Tensor2D, wh: wh as tf.Tensor2D, b: b as tf.Tensor1D }), tf.tensor(r, [sizes.steps, sizes.batch, sizes.u]))) as tf.Scalar,
    inputs(5),
    { probes: 8 },
  );
  assert.ok(err < 5e-3, `max relative gradient error ${err}`);
});

test('gradient flows only through the steps that are used (last state)', () => {
  // Loss on the last hidden state only: the gradient w.r.t. the first step's projection is non-zero
  // (it reaches through the recurrence), and every gradient is finite.
  const g = tf.tidy(() => {
    const xp = tf.tensor3d(randn(new Rng(6), 3 * 2 * 8), [3, 2, 8]);
    const wh = tf.tensor2d(randn(new Rng(7), 2 * 8, 0.5), [2, 8]);
    return tf.grad((p: tf.Tensor) => tf.sum(tf.slice(lstmRecurrence(p as tf.Tensor3D, wh), [2, 0, 0], [1, 2, 2])))(xp).dataSync().slice();
  });
  assert.ok(g.every(Number.isFinite));
  assert.ok(g.slice(0, 16).some((v) => Math.abs(v) > 1e-6), 'first step receives gradient');
});

test('rejects a projection whose width is not 4 × units', () => {
  assert.throws(() => lstmRecurrence(tf.zeros([2, 1, 6]) as tf.Tensor3D, tf.zeros([2, 8]) as tf.Tensor2D), /expected xproj \[steps, batch, 4u\]/);
});

test.run();
