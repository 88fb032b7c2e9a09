import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ar1Returns, randomWalk } from '../../../src/data/synthetic';
import '../../../src/models/linear/index';
import { createModel } from '../../../src/models/registry';
import type { Dataset } from '../../../src/models/types';
import { linearObjective, type LossKind } from '../../../src/models/linear/objective';
import { LinearModel } from '../../../src/models/linear/index';
import { Rng } from '../../../src/util/rng';
import { assertClose, rejects } from '../../helpers';
import { checkModelContract } from '../contract';

/** Features = last `lags` daily log returns (t, t-1, …), label = next-day up; rows in time order. */
function lagDataset(close: Float64Array, lags: number): Dataset {
  const r = new Float64Array(close.length);
  for (let t = 1; t < close.length; t++) r[t] = Math.log(close[t] / close[t - 1]);
  const rows: number[][] = [];
  const y: number[] = [];
  for (let t = lags; t < close.length - 1; t++) {
    rows.push(Array.from({ length: lags }, (_, j) => r[t - j]));
    y.push(r[t + 1] > 0 ? 1 : 0);
  }
  return {
    x: Float32Array.from(rows.flat()),
    shape: [rows.length, lags],
    featureNames: Array.from({ length: lags }, (_, j) => `logret_lag${j}`),
    y: Float32Array.from(y),
  };
}

function rowsOf(data: Dataset, start: number, end: number): Dataset {
  const d = data.shape[1];
  return {
    ...data,
    x: data.x.slice(start * d, end * d),
    shape: [end - start, d],
    y: data.y?.slice(start, end),
    weight: data.weight?.slice(start, end),
  };
}

async function accuracy(model: { predict(d: Dataset): Promise<Float32Array> }, data: Dataset): Promise<number> {
  const p = await model.predict(data);
  let ok = 0;
  for (let i = 0; i < p.length; i++) if (p[i] === data.y![i]) ok++;
  return ok / p.length;
}

function tiny(y: number[], weight?: number[]): Dataset {
  return {
    x: Float32Array.from(y.map((_, i) => i)),
    shape: [y.length, 1],
    featureNames: ['f'],
    y: Float32Array.from(y),
    ...(weight ? { weight: Float32Array.from(weight) } : {}),
  };
}

function clusters(n: number, seed: number): Dataset {
  const rng = new Rng(seed);
  const centres = [[-2, 0], [2, 0], [0, 3]];
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    x.push(centres[c][0] + 0.5 * rng.normal(), centres[c][1] + 0.5 * rng.normal());
    y.push(c);
  }
  return { x: Float32Array.from(x), shape: [n, 2], featureNames: ['a', 'b'], y: Float32Array.from(y) };
}

test('linearObjective gradients match central finite differences (binary, softmax, squared)', () => {
  const rng = new Rng(3);
  const n = 7;
  const d = 3;
  const z = Float64Array.from({ length: n * d }, () => rng.normal());
  for (const [kind, k] of [['binary', 1], ['softmax', 3], ['squared', 1]] as [LossKind, number][]) {
    const target = Float64Array.from({ length: n }, (_, i) => (kind === 'squared' ? rng.normal() : kind === 'binary' ? i % 2 : i % 3));
    const weight = Float64Array.from({ length: n }, () => 0.5 + rng.next());
    const f = linearObjective({ kind, z, n, d, k, target, weight, l2: 0.3 });
    const theta = Float64Array.from({ length: k * (d + 1) }, () => 0.5 * rng.normal());
    const g = new Float64Array(theta.length);
    f(theta, g);
    const tmp = new Float64Array(theta.length);
    for (let j = 0; j < theta.length; j++) {
      const h = 1e-6;
      const tp = theta.slice();
      const tm = theta.slice();
      tp[j] += h;
      tm[j] -= h;
      const num = (f(tp, tmp) - f(tm, tmp)) / (2 * h);
      assertClose(g[j], num, 1e-6, `${kind} gradient ${j}: ${g[j]} vs ${num}`);
    }
  }
});

test('logistic with a huge penalty predicts the training frequency (y = 1,1,1,0 -> 0.75)', async () => {
  const m = await createModel('logistic', { l2: 1e8 }).fit(tiny([1, 1, 1, 0]));
  const p = await m.predictProba(tiny([1, 1, 1, 0]));
  for (let i = 0; i < 4; i++) assertClose(p[2 * i + 1], 0.75, 1e-4);
});

test('logistic sample weights: weight 3 on the single 0 balances three 1s (p = 0.5)', async () => {
  const data = tiny([1, 1, 1, 0], [1, 1, 1, 3]);
  const m = await createModel('logistic', { l2: 1e8 }).fit(data);
  const p = await m.predictProba(data);
  assertClose(p[1], 0.5, 1e-4);
});

test('logistic balanced class weights equalise the classes (p = 0.5 with a huge penalty)', async () => {
  const m = await createModel('logistic', { l2: 1e8, classWeight: 'balanced' }).fit(tiny([1, 1, 1, 0]));
  const p = await m.predictProba(tiny([1, 1, 1, 0]));
  assertClose(p[1], 0.5, 1e-4);
});

test('logistic masks NaN labels out of the loss', async () => {
  const m = await createModel('logistic', { l2: 1e8 }).fit(tiny([1, 1, NaN, 0, 1]));
  const p = await m.predictProba(tiny([1, 1, 1, 0, 1]));
  assertClose(p[1], 0.75, 1e-4);
});

test('logistic refuses NaN features naming the column and row', async () => {
  const data: Dataset = { x: Float32Array.from([0, 1, 2, NaN]), shape: [2, 2], featureNames: ['rsi_14', 'vol_20'], y: Float32Array.from([0, 1]) };
  await rejects(() => createModel('logistic', {}).fit(data), /column `vol_20`.*NaN at row 1/);
});

test('logistic refuses bad labels, regression, unknown params, wrong feature names', async () => {
  await rejects(() => createModel('logistic', {}).fit(tiny([0, 2])), /class indices 0\.\.1, received 2 at row 1/);
  assert.throws(() => createModel('logistic', { task: 'regression' }), /binary, ternary, multiclass \(use `ridge` for regression\)/);
  assert.throws(() => createModel('logistic', { C: 1 }), /unknown key `C`/);
  assert.throws(() => createModel('logistic', { classWeight: 'auto' }), /none.*balanced|classWeight/);
  const m = await createModel('logistic', {}).fit(tiny([0, 1, 0, 1]));
  await rejects(() => m.predict({ ...tiny([0, 1]), featureNames: ['g'] }), /`g` where `f` was expected/);
});

test('logistic learns AR(1) phi=0.3 next-day direction: >= 0.56 out of sample on 3,000 rows', async () => {
  const data = lagDataset(ar1Returns({ n: 6010, seed: 11, phi: 0.3 }).close, 5);
  const train = rowsOf(data, 0, 3000);
  const testSet = rowsOf(data, 3000, data.shape[0]);
  assert.ok(testSet.shape[0] >= 2000);
  const m = await createModel('logistic', {}).fit(train);
  const acc = await accuracy(m, testSet);
  assert.ok(acc >= 0.56, `accuracy ${acc}`);
  const w = (m as LinearModel).coefficients().weights[0];
  assert.ok(w.logret_lag0 > 0, 'positive weight on the last return');
});

test('logistic on a random walk scores 0.50 ± 0.03 out of sample on 3,000 rows', async () => {
  const data = lagDataset(randomWalk({ n: 6010, seed: 12 }).close, 5);
  const m = await createModel('logistic', {}).fit(rowsOf(data, 0, 3000));
  const acc = await accuracy(m, rowsOf(data, 3000, data.shape[0]));
  assert.ok(Math.abs(acc - 0.5) <= 0.03, `accuracy ${acc}`);
});

test('logistic ternary (softmax) separates three clusters; probabilities sum to 1', async () => {
  const m = await createModel('logistic', { task: 'ternary' }).fit(clusters(300, 1));
  const testSet = clusters(300, 2);
  assert.ok((await accuracy(m, testSet)) > 0.97);
  const p = await m.predictProba(testSet);
  assert.is(p.length, 900);
  assertClose(p[0] + p[1] + p[2], 1, 1e-6);
});

test('logistic multiclass needs `classes` and predicts k columns', async () => {
  assert.throws(() => createModel('logistic', { task: 'multiclass' }), /classes.*integer >= 2/);
  const m = await createModel('logistic', { task: 'multiclass', classes: 3 }).fit(clusters(90, 4));
  assert.is(m.classes, 3);
  assert.is((await m.predictProba(clusters(6, 5))).length, 18);
});

test('finetune continues from the current weights (lower loss than a truncated fit)', async () => {
  const data = clusters(300, 6);
  const m = createModel('logistic', { task: 'ternary', maxIterations: 2, l2: 1e-2 });
  await m.fit(data);
  const after2 = m.history().loss.at(-1)!;
  await m.finetune(data, { epochs: 200 });
  const h = m.history().loss;
  assert.ok(h[0] < after2 + 1e-12, 'first finetune iteration starts below where fit stopped');
  assert.ok(h.at(-1)! < after2);
});

test('ridge recovers y = 1 + 2a - 3b exactly with no penalty', async () => {
  const rng = new Rng(9);
  const n = 200;
  const x = Float32Array.from({ length: 2 * n }, () => rng.normal());
  const y = Float32Array.from({ length: n }, (_, i) => 1 + 2 * x[2 * i] - 3 * x[2 * i + 1]);
  const data: Dataset = { x, shape: [n, 2], featureNames: ['a', 'b'], y };
  const m = await createModel('ridge', { l2: 0, tolerance: 1e-10 }).fit(data);
  const probe: Dataset = { x: Float32Array.from([0, 0, 1, 1]), shape: [2, 2], featureNames: ['a', 'b'] };
  const p = await m.predict(probe);
  assertClose(p[0], 1, 1e-4);
  assertClose(p[1], 0, 1e-4);
  await rejects(() => m.predictProba(probe), /classification model/);
});

test('fit validation adds a valLoss curve and honours an aborted signal', async () => {
  const data = clusters(60, 7);
  const m = createModel('logistic', { task: 'ternary' });
  await m.fit(data, { validation: clusters(30, 8) });
  const h = m.history();
  assert.is(h.valLoss!.length, h.loss.length);
  const ac = new AbortController();
  ac.abort();
  await rejects(() => createModel('logistic', {}).fit(tiny([0, 1]), { signal: ac.signal }), /abort/i);
});

test('contract: logistic binary, ternary and ridge', async () => {
  const data = lagDataset(ar1Returns({ n: 400, seed: 5 }).close, 5);
  await checkModelContract({ key: 'logistic', params: { task: 'binary' }, train: rowsOf(data, 0, 300), test: rowsOf(data, 300, 394) });
  const c = clusters(120, 3);
  await checkModelContract({ key: 'logistic', params: { task: 'ternary', classWeight: 'balanced' }, train: rowsOf(c, 0, 90), test: rowsOf(c, 90, 120) });
  const reg: Dataset = { ...data, y: Float32Array.from(data.x.filter((_, i) => i % 5 === 0).map((v) => Math.abs(v))) };
  await checkModelContract({ key: 'ridge', params: {}, train: rowsOf(reg, 0, 300), test: rowsOf(reg, 300, 394) });
});

test.run();
