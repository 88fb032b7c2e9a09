import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../src/models/deep/backend';
import { conv1dCausal } from '../../../src/models/deep/layers';
import { fusedConv1dCausalRelu, useFusedConv } from '../../../src/models/deep/wasm/conv-fused';
import { setFusedMode } from '../../../src/models/deep/wasm/mode';
import { Rng } from '../../../src/util/rng';
import { maxGradError, randn } from './gradcheck';

interface Case {
  B: number;
  T: number;
  K: number;
  Fin: number;
  Fout: number;
}

/** Output and gradients (x, w, b) of Σ r·relu(conv) on the fused kernel or the tfjs reference. */
function run(fused: boolean, c: Case, seed: number, inputGrad = true): Float32Array[] {
  return tf.tidy(() => {
    const rng = new Rng(seed);
    const x = tf.tensor3d(randn(rng, c.B * c.T * c.Fin), [c.B, c.T, c.Fin]);
    const w = tf.tensor2d(randn(rng, c.K * c.Fin * c.Fout, 0.5), [c.K * c.Fin, c.Fout]);
    const b = tf.tensor1d(randn(rng, c.Fout, 0.3));
    const r = tf.tensor3d(randn(rng, c.B * c.T * c.Fout), [c.B, c.T, c.Fout]);
    const f = (xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => {
      const [x3, w2, b1] = [xx as tf.Tensor3D, ww as tf.Tensor2D, bb as tf.Tensor1D];
      return fused ? fusedConv1dCausalRelu(x3, w2, b1, c.K, inputGrad) : tf.relu(conv1dCausal(x3, w2, b1, c.K));
    };
    const loss = (xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(f(xx, ww, bb), r)) as tf.Scalar;
    return [f(x, w, b), ...tf.grads(loss)([x, w, b])].map((t) => t.dataSync().slice() as Float32Array);
  });
}

test.before(async () => {
  await initBackend({ backend: 'cpu', log: () => undefined });
});

test('fused causal conv + ReLU: output and gradients equal the tfjs path to 1e-5', () => {
  const cases: Case[] = [
    { B: 2, T: 5, K: 3, Fin: 2, Fout: 3 },
    { B: 3, T: 7, K: 1, Fin: 5, Fout: 9 },
    { B: 2, T: 2, K: 4, Fin: 3, Fout: 8 }, // kernel longer than the sequence
    { B: 5, T: 9, K: 3, Fin: 16, Fout: 12 },
  ];
  cases.forEach((c, k) => {
    const a = run(true, c, 40 + k);
    const b = run(false, c, 40 + k);
    ['y', 'dx', 'dw', 'db'].forEach((name, i) => {
      assert.is(a[i].length, b[i].length);
      const scale = Math.max(1, ...Array.from(b[i], Math.abs));
      for (let j = 0; j < a[i].length; j++) assert.ok(Math.abs(a[i][j] - b[i][j]) <= 1e-5 * scale, `${JSON.stringify(c)} ${name}[${j}]: ${a[i][j]} vs ${b[i][j]}`);
    });
  });
});

test('fused conv gradients match finite differences', () => {
  const c = { B: 2, T: 4, K: 2, Fin: 3, Fout: 4 };
  const rng = new Rng(9);
  const r = tf.tensor3d(randn(rng, c.B * c.T * c.Fout), [c.B, c.T, c.Fout]);
  const err = maxGradError(
    (x, w, b) => tf.sum(tf.mul(fusedConv1dCausalRelu(x as tf.Tensor3D, w as tf.Tensor2D, b as tf.Tensor1D, c.K), r)) as tf.Scalar,
    [
      { values: randn(rng, c.B * c.T * c.Fin), shape: [c.B, c.T, c.Fin] },
      { values: randn(rng, c.K * c.Fin * c.Fout, 0.5), shape: [c.K * c.Fin, c.Fout] },
      { values: randn(rng, c.Fout, 0.3), shape: [c.Fout] },
    ],
    { probes: 8, eps: 1e-3 },
  );
  r.dispose();
  assert.ok(err < 5e-3, `max relative gradient error ${err}`);
});

test('inputGrad false: zeros for x, the same weight gradients', () => {
  const c = { B: 2, T: 5, K: 3, Fin: 2, Fout: 4 };
  const a = run(true, c, 50, false);
  const b = run(false, c, 50);
  assert.ok(a[1].every((v) => v === 0));
  for (const i of [2, 3]) for (let j = 0; j < a[i].length; j++) assert.ok(Math.abs(a[i][j] - b[i][j]) <= 1e-5 * Math.max(1, Math.abs(b[i][j])));
});

test('rejects a kernel matrix whose rows are not kernel × in', () => {
  assert.throws(() => fusedConv1dCausalRelu(tf.zeros([1, 3, 2]) as tf.Tensor3D, tf.zeros([5, 4]) as tf.Tensor2D, tf.zeros([4]) as tf.Tensor1D, 3), /kernel rows must be kernel\*in = 6/);
});

test('selection follows the fused mode (auto on cpu: reference path)', () => {
  assert.is(useFusedConv(), false);
  setFusedMode('on');
  assert.is(useFusedConv(), true);
  setFusedMode(undefined);
});

test.run();
