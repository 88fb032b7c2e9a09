import { test } from 'uvu';
import * as assert from 'uvu/assert';
import '../../../src/models/baselines/index';
import { createModel, modelKeys } from '../../../src/models/registry';
import type { Dataset } from '../../../src/models/types';
import { rejects } from '../../helpers';
import { checkModelContract } from '../contract';

/** Rows with features [rsi_14, log_ret_1, ret_std_20]; y given. */
function table(rows: number[][], y: number[], names = ['rsi_14', 'log_ret_1', 'ret_std_20']): Dataset {
  return { x: Float32Array.from(rows.flat()), shape: [rows.length, names.length], featureNames: names, y: Float32Array.from(y) };
}

const train = table(
  [[50, 0.01, 0.010], [40, -0.02, 0.012], [60, 0.005, 0.011], [55, 0.0, 0.009], [45, -0.01, 0.013]],
  [1, 0, 1, 1, 0],
);
const probe = table([[50, 0.02, 0.02], [50, -0.001, 0.005], [50, 0, 0.01]], [0, 0, 0]);

test('baselines are registered under their keys', () => {
  for (const k of ['baseline_majority', 'baseline_up', 'baseline_last_move', 'baseline_vol_naive']) assert.ok(modelKeys().includes(k), k);
});

test('baseline_majority predicts the training majority; probabilities are the training frequencies', async () => {
  const m = await createModel('baseline_majority', {}).fit(train);
  assert.equal(Array.from(await m.predict(probe)), [1, 1, 1]);
  const p = await m.predictProba(probe);
  assert.equal(Array.from(p.slice(0, 2)), [Math.fround(0.4), Math.fround(0.6)]);
  // sample weights count: 3 × weight 1 for class 1 vs 2 × weight 2 for class 0
  const w = await createModel('baseline_majority', {}).fit({ ...train, weight: Float32Array.from([1, 2, 1, 1, 2]) });
  assert.equal(Array.from(await w.predict(probe)), [0, 0, 0]);
});

test('baseline_majority finetune adds the new class counts', async () => {
  const m = await createModel('baseline_majority', {}).fit(train);
  await m.finetune(table([[1, 1, 1], [1, 1, 1]], [0, 0]));
  // counts now 4 × class 0, 3 × class 1
  assert.equal(Array.from(await m.predict(probe)), [0, 0, 0]);
});

test('baseline_up always predicts up: class 1 binary, class 2 ternary, one-hot probabilities', async () => {
  const m = await createModel('baseline_up', {}).fit(train);
  assert.equal(Array.from(await m.predict(probe)), [1, 1, 1]);
  assert.equal(Array.from(await m.predictProba(probe)), [0, 1, 0, 1, 0, 1]);
  const t = await createModel('baseline_up', { task: 'ternary' }).fit(table([[1, 0, 1]], [2]));
  assert.equal(Array.from(await t.predict(probe)), [2, 2, 2]);
});

test('baseline_last_move: up iff the return at t > 0; ternary uses the neutral band', async () => {
  const m = await createModel('baseline_last_move', {}).fit(train);
  assert.equal(Array.from(await m.predict(probe)), [1, 0, 0]);
  assert.equal(Array.from(await m.predictProba(probe)), [0, 1, 1, 0, 1, 0]);
  const tern = table([[0, 0.01, 0], [0, -0.01, 0], [0, 0.003, 0]], [2, 0, 1]);
  const t = await createModel('baseline_last_move', { task: 'ternary', neutralBand: 0.005 }).fit(tern);
  assert.equal(Array.from(await t.predict(tern)), [2, 0, 1]);
});

test('baseline_last_move reads the last step of sequence data and a NaN return falls back to the majority', async () => {
  // [n=2, steps=2, f=1]: the last step holds the return at t
  const seq: Dataset = { x: Float32Array.from([0.5, -0.01, -0.5, 0.02]), shape: [2, 2, 1], featureNames: ['logret_1'], y: Float32Array.from([0, 0]) };
  const m = await createModel('baseline_last_move', {}).fit(seq);
  assert.equal(Array.from(await m.predict(seq)), [0, 1]);
  const nan: Dataset = { ...seq, x: Float32Array.from([0, NaN, 0, NaN]) };
  assert.equal(Array.from(await m.predict(nan)), [0, 0]);
  assert.equal(Array.from(await m.predictProba(nan)), [1, 0, 1, 0]);
});

test('baseline_last_move names the missing feature and the aliases it tried', async () => {
  await rejects(() => createModel('baseline_last_move', {}).fit(table([[1, 2]], [1], ['a', 'b'])), /`log_ret_1`, `logret_1`.*received features `a`, `b`/);
  await rejects(() => createModel('baseline_last_move', { feature: 'close_ret' }).fit(train), /a feature named `close_ret`/);
  assert.throws(() => createModel('baseline_last_move', { task: 'regression' }), /one of binary, ternary/);
});

test("baseline_vol_naive predicts today's realized vol (annualised on request); NaN -> training mean", async () => {
  const m = await createModel('baseline_vol_naive', {}).fit(train);
  assert.equal(Array.from(await m.predict(probe)), [0.02, 0.005, 0.01].map(Math.fround));
  const a = await createModel('baseline_vol_naive', { annualize: true, feature: 'ret_std_20' }).fit(train);
  assert.ok(Math.abs((await a.predict(probe))[0] - 0.02 * Math.sqrt(252)) < 1e-6);
  const nan = table([[0, 0, NaN]], [0]);
  assert.ok(Math.abs((await m.predict(nan))[0] - 0.011) < 1e-6);
  await rejects(() => m.predictProba(probe), /classification/);
  await rejects(() => createModel('baseline_vol_naive', {}).fit(table([[1]], [1], ['log_ret_1'])), /`ret_std_20`, `rv_20`/);
});

test('contract: every baseline', async () => {
  const big = table(
    Array.from({ length: 40 }, (_, i) => [i, Math.sin(i) / 100, 0.01 + (i % 5) / 1000]),
    Array.from({ length: 40 }, (_, i) => i % 3),
  );
  const rows = (d: Dataset, s: number, e: number): Dataset => ({ ...d, x: d.x.slice(s * 3, e * 3), shape: [e - s, 3], y: d.y!.slice(s, e) });
  await checkModelContract({ key: 'baseline_majority', params: { task: 'ternary' }, train: rows(big, 0, 30), test: rows(big, 30, 40) });
  await checkModelContract({ key: 'baseline_majority', params: { task: 'multiclass', classes: 4 }, train: rows(big, 0, 30), test: rows(big, 30, 40) });
  const bin = { ...big, y: big.y!.map((v) => (v > 0 ? 1 : 0)) };
  await checkModelContract({ key: 'baseline_up', params: {}, train: rows(bin, 0, 30), test: rows(bin, 30, 40) });
  await checkModelContract({ key: 'baseline_last_move', params: {}, train: rows(bin, 0, 30), test: rows(bin, 30, 40) });
  await checkModelContract({ key: 'baseline_last_move', params: { task: 'ternary', neutralBand: 0.002 }, train: rows(big, 0, 30), test: rows(big, 30, 40) });
  const reg = { ...big, y: big.x.filter((_, i) => i % 3 === 2) };
  await checkModelContract({ key: 'baseline_vol_naive', params: {}, train: rows(reg, 0, 30), test: rows(reg, 30, 40) });
});

test.run();
