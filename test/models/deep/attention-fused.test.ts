import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../src/models/deep/backend';
import { multiHeadSelfAttention, type AttentionParams } from '../../../src/models/deep/layers';
import { fusedAttention, useFusedAttention } from '../../../src/models/deep/wasm/attention-fused';
import { setFusedMode } from '../../../src/models/deep/wasm/mode';
import { Rng } from '../../../src/util/rng';
import { maxGradError, randn } from './gradcheck';

const NAMES = ['wq', 'bq', 'wk', 'bk', 'wv', 'bv', 'wo', 'bo'] as const;

/** Output and gradients (x and all eight weights) of Σ r·attention, fused or reference. */
function run(mode: 'on' | 'off', B: number, T: number, D: number, H: number, seed: number): Float32Array[] {
  setFusedMode(mode);
  try {
    return tf.tidy(() => {
      const rng = new Rng(seed);
      const x = tf.tensor3d(randn(rng, B * T * D), [B, T, D]);
      const w = NAMES.map((n) => (n.startsWith('w') ? tf.tensor2d(randn(rng, D * D, 0.4), [D, D]) : tf.tensor1d(randn(rng, D, 0.2))));
      const r = tf.tensor3d(randn(rng, B * T * D), [B, T, D]);
      const params = (ws: tf.Tensor[]) => Object.fromEntries(NAMES.map((n, i) => [n, ws[i]])) as unknown as AttentionParams;
      const loss = (xx: tf.Tensor, ...ws: tf.Tensor[]) => tf.sum(tf.mul(multiHeadSelfAttention(xx as tf.Tensor3D, params(ws), H), r)) as tf.Scalar;
      return [multiHeadSelfAttention(x, params(w), H), ...tf.grads(loss)([x, ...w])].map((t) => t.dataSync().slice() as Float32Array);
    });
  } finally {
    setFusedMode(undefined);
  }
}

test.before(async () => {
  await initBackend({ backend: 'cpu', log: () => undefined });
});

test('fused attention: output and all nine gradients equal the tfjs path to 1e-5', () => {
  for (const [k, [B, T, D, H]] of [[2, 5, 8, 2], [3, 7, 6, 3], [2, 15, 16, 4], [1, 1, 4, 1]].entries()) {
    const a = run('on', B, T, D, H, 60 + k);
    const b = run('off', B, T, D, H, 60 + k);
    a.forEach((va, i) => {
      assert.is(va.length, b[i].length);
      const scale = Math.max(1, ...Array.from(b[i], Math.abs));
      for (let j = 0; j < va.length; j++) assert.ok(Math.abs(va[j] - b[i][j]) <= 1e-5 * scale, `[${B},${T},${D},${H}] output ${i}[${j}]: ${va[j]} vs ${b[i][j]}`);
    });
  }
});

test('fused attention core gradients match finite differences', () => {
  const [B, T, D, H] = [2, 4, 6, 2];
  const rng = new Rng(70);
  const r = tf.tensor3d(randn(rng, B * T * D), [B, T, D]);
  const input = () => ({ values: randn(rng, B * T * D), shape: [B, T, D] });
  const err = maxGradError((q, k, v) => tf.sum(tf.mul(fusedAttention(q as tf.Tensor3D, k as tf.Tensor3D, v as tf.Tensor3D, H), r)) as tf.Scalar, [input(), input(), input()], {
    probes: 8,
  });
  r.dispose();
  assert.ok(err < 5e-3, `max relative gradient error ${err}`);
});

test('fused attention rejects a width not divisible by the heads', () => {
  assert.throws(() => fusedAttention(tf.zeros([1, 2, 6]) as tf.Tensor3D, tf.zeros([1, 2, 6]) as tf.Tensor3D, tf.zeros([1, 2, 6]) as tf.Tensor3D, 4), /divisible by heads 4/);
});

test('selection follows the fused mode (auto on cpu: reference path)', () => {
  assert.is(useFusedAttention(), false);
  setFusedMode('on');
  assert.is(useFusedAttention(), true);
  setFusedMode(undefined);
});

test.run();
