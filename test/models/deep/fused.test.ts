import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as tf from '@tensorflow/tfjs';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { initBackend } from '../../../src/models/deep/backend';
import { lstmLayer, lstmRecurrence } from '../../../src/models/deep/lstm';
import { useFusedLstm } from '../../../src/models/deep/wasm/lstm-fused';
import { fusedMode, recordingGradients, setFusedMode } from '../../../src/models/deep/wasm/mode';
import { kernelModule } from '../../../src/models/deep/wasm/kernel';
import { fusedConv1dCausalRelu } from '../../../src/models/deep/wasm/conv-fused';
import { DeepSequenceModel } from '../../../src/models/deep/model';
import { ar1Returns } from '../../../src/data/synthetic';
import { repoRoot } from '../../../src/util/fs';
import { Rng } from '../../../src/util/rng';
import { assertClose } from '../../helpers';
import { accuracy, returnWindows, sliceRows } from './data';
import { maxGradError, randn } from './gradcheck';

interface Case {
  T: number;
  B: number;
  U: number;
  F: number;
}

function layerInputs(c: Case, seed: number): tf.Tensor[] {
  const rng = new Rng(seed);
  const G = 4 * c.U;
  return [
    tf.tensor3d(randn(rng, c.B * c.T * c.F), [c.B, c.T, c.F]),
    tf.tensor2d(randn(rng, c.F * G, 0.5), [c.F, G]),
    tf.tensor2d(randn(rng, c.U * G, 0.5), [c.U, G]),
    tf.tensor1d(randn(rng, G, 0.3)),
  ];
}

/** Output and gradients (w.r.t. x, wx, wh, b) of Σ r·lstmLayer under a fused mode. */
function layerRun(m: 'on' | 'off', c: Case, seed: number, inputGrad = true): Float32Array[] {
  setFusedMode(m);
  try {
    return tf.tidy(() => {
      const xs = layerInputs(c, seed);
      const r = tf.tensor3d(randn(new Rng(seed + 100), c.T * c.B * c.U), [c.T, c.B, c.U]);
      const f = (x: tf.Tensor, wx: tf.Tensor, wh: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.mul(lstmLayer(x as tf.Tensor3D, { wx: wx as tf.Tensor2D, wh: wh as tf.Tensor2D, b: b as tf.Tensor1D }, { inputGrad }), r)) as tf.Scalar;
      const y = lstmLayer(xs[0] as tf.Tensor3D, { wx: xs[1] as tf.Tensor2D, wh: xs[2] as tf.Tensor2D, b: xs[3] as tf.Tensor1D });
      return [y, ...tf.grads(f)(xs)].map((t) => t.dataSync().slice() as Float32Array);
    });
  } finally {
    setFusedMode(undefined);
  }
}

function assertAllClose(a: Float32Array, b: Float32Array, tol: number, what: string): void {
  assert.is(a.length, b.length, `${what}: length`);
  const scale = Math.max(1, ...Array.from(b, Math.abs));
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) <= tol * scale, `${what}[${i}]: fused ${a[i]} vs reference ${b[i]}`);
}

test.before(async () => {
  await initBackend({ backend: 'cpu', log: () => undefined });
});

test('the kernel module instantiates synchronously from the embedded bytes', () => {
  const k = kernelModule();
  assert.ok(k, 'WebAssembly SIMD is available under Node 20');
  assert.ok(k!.exports.heapBase() > 0);
});

test('fused layer: output and all four gradients equal the tfjs path to 1e-5 (odd sizes, SIMD tails)', () => {
  for (const [k, c] of [{ T: 4, B: 3, U: 3, F: 2 }, { T: 6, B: 5, U: 5, F: 7 }, { T: 7, B: 9, U: 12, F: 4 }].entries()) {
    const fused = layerRun('on', c, 10 + k);
    const ref = layerRun('off', c, 10 + k);
    ['h', 'dx', 'dwx', 'dwh', 'db'].forEach((name, i) => assertAllClose(fused[i], ref[i], 1e-5, `${JSON.stringify(c)} ${name}`));
  }
});

test('fused recurrence (pre-projected input) equals the tfjs path, value and gradients', () => {
  const c = { T: 5, B: 4, U: 8 };
  const run = (m: 'on' | 'off') => {
    setFusedMode(m);
    try {
      return tf.tidy(() => {
        const xp = tf.tensor3d(randn(new Rng(1), c.T * c.B * 4 * c.U), [c.T, c.B, 4 * c.U]);
        const wh = tf.tensor2d(randn(new Rng(2), c.U * 4 * c.U, 0.5), [c.U, 4 * c.U]);
        const r = tf.tensor3d(randn(new Rng(3), c.T * c.B * c.U), [c.T, c.B, c.U]);
        const g = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(lstmRecurrence(a as tf.Tensor3D, b as tf.Tensor2D), r)) as tf.Scalar)([xp, wh]);
        return [lstmRecurrence(xp, wh), ...g].map((t) => t.dataSync().slice() as Float32Array);
      });
    } finally {
      setFusedMode(undefined);
    }
  };
  const a = run('on');
  const b = run('off');
  a.forEach((v, i) => assertAllClose(v, b[i], 1e-5, `output ${i}`));
});

test('fused layer gradients match finite differences', () => {
  const c = { T: 4, B: 3, U: 4, F: 3 };
  const r = tf.tensor3d(randn(new Rng(7), c.T * c.B * c.U), [c.T, c.B, c.U]);
  setFusedMode('on');
  try {
    const inputs = layerInputs(c, 8).map((t) => ({ values: t.dataSync() as Float32Array, shape: t.shape }));
    const err = maxGradError(
      (x, wx, wh, b) => tf.sum(tf.mul(lstmLayer(x as tf.Tensor3D, { wx: wx as tf.Tensor2D, wh: wh as tf.Tensor2D, b: b as tf.Tensor1D }), r)) as tf.Scalar,
      inputs,
      { probes: 8 },
    );
    assert.ok(err < 5e-3, `max relative gradient error ${err}`);
  } finally {
    setFusedMode(undefined);
    r.dispose();
  }
});

test('inputGrad false: the same weight gradients, zeros for the input', () => {
  const c = { T: 5, B: 4, U: 4, F: 3 };
  const a = layerRun('on', c, 20, false);
  const b = layerRun('off', c, 20);
  assert.ok(a[1].every((v) => v === 0));
  [2, 3, 4].forEach((i) => assertAllClose(a[i], b[i], 1e-5, `gradient ${i}`));
});

test('interleaved calls: a forward of another shape before the backward gives the same gradients', () => {
  const c = { T: 4, B: 3, U: 4, F: 2 };
  const ref = layerRun('off', c, 30);
  setFusedMode('on');
  try {
    const got = tf.tidy(() => {
      const xs = layerInputs(c, 30);
      const r = tf.tensor3d(randn(new Rng(130), c.T * c.B * c.U), [c.T, c.B, c.U]);
      const other = layerInputs({ T: 6, B: 5, U: 8, F: 3 }, 31);
      const f = (x: tf.Tensor, wx: tf.Tensor, wh: tf.Tensor, b: tf.Tensor) => {
        const y = lstmLayer(x as tf.Tensor3D, { wx: wx as tf.Tensor2D, wh: wh as tf.Tensor2D, b: b as tf.Tensor1D });
        // Another layer runs between this forward and its backward (overwrites the kernel memory).
        lstmLayer(other[0] as tf.Tensor3D, { wx: other[1] as tf.Tensor2D, wh: other[2] as tf.Tensor2D, b: other[3] as tf.Tensor1D });
        return tf.sum(tf.mul(y, r)) as tf.Scalar;
      };
      return tf.grads(f)(xs).map((t) => t.dataSync().slice() as Float32Array);
    });
    got.forEach((g, i) => assertAllClose(g, ref[i + 1], 1e-5, `gradient ${i}`));
  } finally {
    setFusedMode(undefined);
  }
});

test('a conv kernel call between an LSTM forward and its backward does not corrupt the saved state', () => {
  const c = { T: 4, B: 3, U: 4, F: 2 };
  const ref = layerRun('off', c, 32);
  setFusedMode('on');
  try {
    const got = tf.tidy(() => {
      const xs = layerInputs(c, 32);
      const r = tf.tensor3d(randn(new Rng(132), c.T * c.B * c.U), [c.T, c.B, c.U]);
      const f = (x: tf.Tensor, wx: tf.Tensor, wh: tf.Tensor, b: tf.Tensor) => {
        const y = lstmLayer(x as tf.Tensor3D, { wx: wx as tf.Tensor2D, wh: wh as tf.Tensor2D, b: b as tf.Tensor1D });
        fusedConv1dCausalRelu(tf.ones([2, 50, 8]) as tf.Tensor3D, tf.ones([24, 16]) as tf.Tensor2D, tf.zeros([16]) as tf.Tensor1D, 3);
        return tf.sum(tf.mul(y, r)) as tf.Scalar;
      };
      return tf.grads(f)(xs).map((t) => t.dataSync().slice() as Float32Array);
    });
    got.forEach((g, i) => assertAllClose(g, ref[i + 1], 1e-5, `gradient ${i}`));
  } finally {
    setFusedMode(undefined);
  }
});

test('outside a gradient tape a fused LSTM forward keeps no state in the kernel memory; inside it does', () => {
  const c = { T: 3, B: 2, U: 4, F: 2 };
  const owner = () => (kernelModule() as unknown as { owner?: unknown }).owner;
  setFusedMode('on');
  try {
    tf.tidy(() => {
      const xs = layerInputs(c, 40) as [tf.Tensor3D, tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
      const run = (x: tf.Tensor3D) => lstmLayer(x, { wx: xs[1], wh: xs[2], b: xs[3] });
      assert.is(recordingGradients(), false);
      run(xs[0]);
      assert.is(owner(), undefined, 'a prediction forward holds the arena');
      let inside = false;
      let held: unknown;
      tf.grad((x: tf.Tensor) => {
        inside = recordingGradients();
        const y = tf.sum(run(x as tf.Tensor3D));
        held = owner();
        return y;
      })(xs[0]);
      assert.ok(inside, 'recordingGradients() inside tf.grad');
      assert.ok(held !== undefined, 'a recorded forward holds the arena until its backward');
    });
  } finally {
    setFusedMode(undefined);
  }
});

test('mode: WORKBENCH_FUSED and setFusedMode; auto uses the kernel on wasm only', () => {
  const saved = process.env.WORKBENCH_FUSED;
  try {
    process.env.WORKBENCH_FUSED = '0';
    assert.is(fusedMode(), 'off');
    process.env.WORKBENCH_FUSED = '1';
    assert.is(fusedMode(), 'on');
    assert.is(useFusedLstm(), true);
    delete process.env.WORKBENCH_FUSED;
    assert.is(fusedMode(), 'auto');
    assert.is(useFusedLstm(), false, 'cpu backend in auto mode keeps the tfjs path');
    setFusedMode('off');
    process.env.WORKBENCH_FUSED = '1';
    assert.is(fusedMode(), 'off', 'setFusedMode wins over the environment');
  } finally {
    setFusedMode(undefined);
    if (saved === undefined) delete process.env.WORKBENCH_FUSED;
    else process.env.WORKBENCH_FUSED = saved;
  }
});

test('AR(1) on wasm: models trained with and without the fused kernel reach the same accuracy within noise', async () => {
  const d = returnWindows(ar1Returns({ n: 4200, seed: 5, phi: 0.3 }), { steps: 10 });
  const train = sliceRows(d, 0, 2400);
  const testSet = sliceRows(d, 2400, d.shape[0]);
  const accs: number[] = [];
  await initBackend({ backend: 'wasm', log: () => undefined });
  for (const m of ['auto', 'off'] as const) {
    setFusedMode(m);
    try {
      const model = await new DeepSequenceModel('lstm', { units: 16, epochs: 3, patience: 0 }).fit(train);
      accs.push(accuracy(await model.predict(testSet), testSet.y!));
      model.dispose();
    } finally {
      setFusedMode(undefined);
    }
  }
  await initBackend({ backend: 'cpu', log: () => undefined });
  // ≈ 1,800 test rows: one binomial standard error is ≈ 0.012.
  assert.ok(accs[0] >= 0.55 && accs[1] >= 0.55, `accuracies ${accs}`);
  assertClose(accs[0], accs[1], 0.03, `fused ${accs[0]} vs reference ${accs[1]}`);
});

test('the embedded kernel bytes are a fresh build of the AssemblyScript sources (when assemblyscript is installed)', () => {
  const script = path.join(repoRoot(), 'scripts', 'build-kernels.js');
  const r = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
  if (/not installed/.test(r.stderr)) return; // offline build without the compiler: nothing to compare
  assert.is(r.status, 0, r.stderr);
});

test.run();
