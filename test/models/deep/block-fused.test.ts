import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../src/models/deep/backend';
import { dense } from '../../../src/models/deep/ops';
import { layerNorm, multiHeadSelfAttention, type AttentionParams } from '../../../src/models/deep/layers';
import { Network, type NetworkSpec } from '../../../src/models/deep/network';
import { BLOCK_WEIGHTS, fusedEncoderBlock, useFusedBlock, type BlockWeights } from '../../../src/models/deep/wasm/block-fused';
import { setFusedMode } from '../../../src/models/deep/wasm/mode';
import { Rng } from '../../../src/util/rng';
import { maxGradError, randn } from './gradcheck';

/** Random block inputs: x [B,T,D], two dropout-like masks [B,1,D] (0 or 1/(1-0.3)), weights. */
function inputs(B: number, T: number, D: number, F: number, seed: number): { values: Float32Array; shape: number[] }[] {
  const rng = new Rng(seed);
  const mask = () => ({ values: Float32Array.from({ length: B * D }, () => (rng.next() < 0.3 ? 0 : 1 / 0.7)), shape: [B, 1, D] });
  const shapes: Record<string, number[]> = { w1: [D, F], b1: [F], w2: [F, D] };
  const ws = BLOCK_WEIGHTS.map((n) => {
    const shape = shapes[n] ?? (n.startsWith('w') ? [D, D] : [D]);
    const size = shape.reduce((a, b) => a * b, 1);
    const values = n.startsWith('g') ? Float32Array.from(randn(rng, size, 0.2), (v) => 1 + v) : randn(rng, size, n.startsWith('w') ? 0.4 : 0.2);
    return { values, shape };
  });
  return [{ values: randn(rng, B * T * D), shape: [B, T, D] }, mask(), mask(), ...ws];
}

function named(ws: tf.Tensor[]): BlockWeights {
  return Object.fromEntries(BLOCK_WEIGHTS.map((n, i) => [n, ws[i]])) as unknown as BlockWeights;
}

/** The block from tfjs ops (the same composition as Network's reference path). */
function reference(x: tf.Tensor, m1: tf.Tensor, m2: tf.Tensor, ws: tf.Tensor[], heads: number): tf.Tensor {
  const w = named(ws) as unknown as Record<string, tf.Tensor1D>;
  const att = multiHeadSelfAttention(x as tf.Tensor3D, w as unknown as AttentionParams, heads);
  const y1 = layerNorm(tf.add(x, tf.mul(att, m1)), w.g1, w.be1);
  const ff = dense(tf.relu(dense(y1, w.w1, w.b1)), w.w2, w.b2);
  return layerNorm(tf.add(y1, tf.mul(ff, m2)), w.g2, w.be2);
}

/** Output and gradients (x and the 16 weights) of Σ r·block, fused or reference. */
function run(fused: boolean, B: number, T: number, D: number, F: number, H: number, seed: number): Float32Array[] {
  setFusedMode(fused ? 'on' : 'off');
  try {
    return tf.tidy(() => {
      const [x, m1, m2, ...ws] = inputs(B, T, D, F, seed).map((i) => tf.tensor(i.values, i.shape));
      const r = tf.tensor3d(randn(new Rng(seed + 1), B * T * D), [B, T, D]);
      const block = (xx: tf.Tensor, ...w: tf.Tensor[]) => (fused ? fusedEncoderBlock(xx as tf.Tensor3D, [m1, m2], named(w), H) : reference(xx, m1, m2, w, H));
      const loss = (xx: tf.Tensor, ...w: tf.Tensor[]) => tf.sum(tf.mul(block(xx, ...w), r)) as tf.Scalar;
      return [block(x, ...ws), ...tf.grads(loss)([x, ...ws])].map((t) => t.dataSync().slice() as Float32Array);
    });
  } finally {
    setFusedMode(undefined);
  }
}

function assertAllClose(a: Float32Array[], b: Float32Array[], what: string): void {
  assert.is(a.length, b.length);
  a.forEach((va, i) => {
    assert.is(va.length, b[i].length, `${what} output ${i}: length`);
    const scale = Math.max(1, ...Array.from(b[i], Math.abs));
    for (let j = 0; j < va.length; j++) assert.ok(Math.abs(va[j] - b[i][j]) <= 1e-5 * scale, `${what} output ${i}[${j}]: fused ${va[j]} vs reference ${b[i][j]}`);
  });
}

test.before(async () => {
  await initBackend({ backend: 'cpu', log: () => undefined });
});

test('fused encoder block: output and all 17 gradients equal the tfjs path to 1e-5 (masks, odd sizes)', () => {
  for (const [k, [B, T, D, F, H]] of [[2, 5, 8, 12, 2], [3, 7, 6, 10, 3], [2, 15, 16, 32, 4], [1, 1, 4, 5, 1]].entries()) {
    assertAllClose(run(true, B, T, D, F, H, 80 + k), run(false, B, T, D, F, H, 80 + k), `[${B},${T},${D},${F},${H}]`);
  }
});

test('fused encoder block gradients match finite differences', () => {
  const [B, T, D, F, H] = [2, 4, 6, 8, 2];
  const all = inputs(B, T, D, F, 90);
  const [m1, m2] = [all[1], all[2]].map((i) => tf.tensor(i.values, i.shape));
  const r = tf.tensor3d(randn(new Rng(91), B * T * D), [B, T, D]);
  setFusedMode('on');
  try {
    const f = (x: tf.Tensor, ...ws: tf.Tensor[]) => tf.sum(tf.mul(fusedEncoderBlock(x as tf.Tensor3D, [m1, m2], named(ws), H), r)) as tf.Scalar;
    const err = maxGradError(f, [all[0], ...all.slice(3)], { probes: 3, eps: 5e-3 });
    assert.ok(err < 5e-3, `max relative gradient error ${err}`);
  } finally {
    setFusedMode(undefined);
    tf.dispose([m1, m2, r]);
  }
});

test('a Transformer network trains the same on the fused block: logits and weight gradients with dropout', () => {
  const spec: NetworkSpec = { features: 5, steps: 8, convFilters: 6, convKernel: 3, attentionHeads: 2, pool: 2, ffDim: 10, units: 4, heads: [{ name: 'h1', outputs: 2 }] };
  const x = randn(new Rng(3), 3 * 8 * 5);
  const once = (fused: boolean): Float32Array[] => {
    setFusedMode(fused ? 'on' : 'off');
    const net = new Network(spec, undefined, 7);
    try {
      return tf.tidy(() => {
        const xt = tf.tensor3d(x, [3, 8, 5]);
        const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(net.apply(xt, { training: true, dropout: 0.3, seed: 11 }).h1)) as tf.Scalar, net.weights);
        return [value, ...net.weights.map((w) => grads[w.name])].map((t) => t.dataSync().slice() as Float32Array);
      });
    } finally {
      net.dispose();
      setFusedMode(undefined);
    }
  };
  assertAllClose(once(true), once(false), 'network');
});

test('fused encoder block rejects a width not divisible by the heads; selection follows the mode', () => {
  const z = tf.zeros([1, 2, 6]) as tf.Tensor3D;
  assert.throws(() => fusedEncoderBlock(z, [z, z], {} as BlockWeights, 4), /divisible by heads 4/);
  z.dispose();
  assert.is(useFusedBlock(), false);
  setFusedMode('on');
  assert.is(useFusedBlock(), true);
  setFusedMode(undefined);
});

test.run();
