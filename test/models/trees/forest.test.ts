import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { regimeSwitching } from '../../../src/data/synthetic';
import '../../../src/models/index';
import { createModel, loadModel } from '../../../src/models/registry';
import { RandomForestModel } from '../../../src/models/trees/forest';
import { createRegimeClassifier, REGIME_RF_CLASSES } from '../../../src/models/trees/regime';
import { makeClassification, sliceRows } from '../../../src/models/trees/synthetic';
import type { Dataset } from '../../../src/models/types';
import { assertClose, rejects, tempDir } from '../../helpers';
import { checkModelContract } from '../contract';
import { accuracy } from './fixtures';

test('contract: random_forest classification (gini, entropy) and regression', async () => {
  const d = makeClassification({ n: 600, features: 8, informative: 3, missing: 0.05, seed: 21 });
  await checkModelContract({ key: 'random_forest', params: { nTrees: 15, maxDepth: 6 }, train: sliceRows(d, 0, 400), test: sliceRows(d, 400, 600), finetuneEpochs: 3 });
  await checkModelContract({ key: 'random_forest', params: { nTrees: 10, criterion: 'entropy', task: 'ternary' }, train: { ...sliceRows(d, 0, 400), y: ternary(d, 0, 400) }, test: sliceRows(d, 400, 600) });
  const yr = new Float32Array(600);
  for (let i = 0; i < 600; i++) yr[i] = d.x[i * 8] || 0;
  const dr = { ...d, y: yr };
  await checkModelContract({ key: 'random_forest', params: { task: 'regression', nTrees: 10 }, train: sliceRows(dr, 0, 400), test: sliceRows(dr, 400, 600) });
});

test('binary random_forest: vote shares Platt-calibrated on the validation rows, saved with the model; calibration "none" keeps them', async () => {
  const d = makeClassification({ n: 900, features: 6, informative: 2, seed: 5 });
  const train = sliceRows(d, 0, 500);
  const validation = sliceRows(d, 500, 700);
  const test = sliceRows(d, 700, 900);
  const raw = await new RandomForestModel({ nTrees: 15, calibration: 'none' }).fit(train, { validation });
  const cal = await new RandomForestModel({ nTrees: 15 }).fit(train, { validation });
  assert.equal(raw.selection(), {});
  const sel = cal.selection();
  assert.ok((sel.plattA as number) > 0 && (sel.plattA as number) <= 1, JSON.stringify(sel));
  const pr = await raw.predictProba(test);
  const pc = await cal.predictProba(test);
  assert.not.equal(Array.from(pc), Array.from(pr));
  for (let i = 0; i < pc.length; i += 2) assertClose(pc[i] + pc[i + 1], 1, 1e-6);
  const dir = tempDir();
  await cal.save(dir);
  const back = await loadModel(dir);
  assert.equal(Array.from(await back.predictProba(test)), Array.from(pc));
  // 200 validation rows of labels spanning 30 rows each: ~6 independent labels, no opinion (P ≈ 0.5)
  const thin = await new RandomForestModel({ nTrees: 15 }).fit(train, { validation, labelSpan: 30 });
  for (const p of await thin.predictProba(test)) assert.ok(Math.abs(p - 0.5) < 0.01, `P ${p}`);
});

function ternary(d: Dataset, s: number, e: number): Float32Array {
  const F = d.shape[1];
  const y = new Float32Array(e - s);
  for (let i = s; i < e; i++) {
    const v = d.x[i * F + 1];
    y[i - s] = v < -0.5 ? 0 : v > 0.5 ? 2 : 1;
  }
  return y;
}

test('a single unbootstrapped tree with every feature fits separable data exactly; leaves hold class frequencies', async () => {
  const x = Float32Array.from([1, 2, 3, 4, 5, 6]);
  const y = Float32Array.from([0, 0, 0, 1, 1, 1]);
  const d: Dataset = { x, shape: [6, 1], featureNames: ['x'], y };
  const m = await new RandomForestModel({ nTrees: 1, bootstrap: false, maxFeatures: 'all', minSamplesLeaf: 1 }).fit(d);
  assert.equal(Array.from(await m.predict(d)), [0, 0, 0, 1, 1, 1]);
  assert.equal(Array.from(await m.predictProba({ ...d, x: Float32Array.from([3.4, 3.6]), shape: [2, 1] })), [1, 0, 0, 1]);
  assert.ok(Number.isNaN(m.oobScore), 'no out-of-bag rows without bootstrap');
  const stump = await new RandomForestModel({ nTrees: 1, bootstrap: false, maxDepth: 1, task: 'regression', minSamplesLeaf: 1 }).fit({ ...d, y: Float32Array.from([1, 1, 1, 4, 4, 5]) });
  assertClose((await stump.predict({ ...d, x: Float32Array.from([0, 10]), shape: [2, 1] }))[1], 13 / 3, 1e-6);
});

test('out-of-bag score tracks held-out accuracy', async () => {
  const d = makeClassification({ n: 3000, features: 10, informative: 4, seed: 22 });
  const m = await new RandomForestModel({ nTrees: 40, maxDepth: 8 }).fit(sliceRows(d, 0, 2000));
  const test_ = sliceRows(d, 2000, 3000);
  const acc = accuracy(await m.predict(test_), test_.y as Float32Array);
  assert.ok(m.oobScore > 0.7, `oob ${m.oobScore}`);
  assert.ok(Math.abs(m.oobScore - acc) < 0.04, `oob ${m.oobScore} vs test ${acc}`);
  const imp = m.featureImportance();
  const ranked = Object.keys(imp).sort((a, b) => imp[b] - imp[a]);
  assert.equal(ranked.slice(0, 2).sort(), ['inf0', 'inf1']);
});

test('regression forest: out-of-bag R² near the noise ceiling of y = x0 + noise', async () => {
  const d = makeClassification({ n: 2000, features: 5, informative: 1, seed: 23 });
  const y = new Float32Array(2000);
  let s = 1;
  for (let i = 0; i < 2000; i++) {
    s = (s * 16807) % 2147483647;
    y[i] = d.x[i * 5] + 0.5 * ((s / 2147483647) * 2 - 1) * Math.sqrt(3); // noise variance 0.25
  }
  const m = await new RandomForestModel({ task: 'regression', nTrees: 30, maxDepth: 8, minSamplesLeaf: 5, maxFeatures: 'all' }).fit({ ...d, y });
  // R² ceiling = 1 / 1.25 = 0.8
  assert.ok(m.oobScore > 0.74 && m.oobScore < 0.82, `oob R² ${m.oobScore}`);
});

/** Rolling features of a regime-switching series: 20-day mean and std of returns, 5-day return. */
function regimeDataset(seed: number, n: number): Dataset {
  const { bars, regime } = regimeSwitching({ n, seed, stay: 0.99 });
  const c = bars.close;
  const r = new Float64Array(n);
  for (let t = 1; t < n; t++) r[t] = Math.log(c[t] / c[t - 1]);
  const W = 20;
  const rows = n - W;
  const x = new Float32Array(rows * 3);
  const y = new Float32Array(rows);
  for (let t = W; t < n; t++) {
    let m = 0;
    let m2 = 0;
    for (let k = t - W + 1; k <= t; k++) {
      m += r[k];
      m2 += r[k] * r[k];
    }
    m /= W;
    const i = t - W;
    x[i * 3] = m;
    x[i * 3 + 1] = Math.sqrt(Math.max(0, m2 / W - m * m));
    x[i * 3 + 2] = Math.log(c[t] / c[t - 5]);
    y[i] = regime[t];
  }
  return { x, shape: [rows, 3], featureNames: ['mean20', 'std20', 'ret5'], y };
}

test('contract: regime_rf (4 classes)', async () => {
  const d = regimeDataset(31, 1500);
  await checkModelContract({ key: 'regime_rf', params: { nTrees: 20 }, train: sliceRows(d, 0, 1000), test: sliceRows(d, 1000, d.shape[0]) });
});

test('regime_rf recognises synthetic regimes far above the 25% chance level', async () => {
  const train = regimeDataset(32, 4000);
  const test_ = regimeDataset(33, 2000);
  const m = createModel('regime_rf', { nTrees: 60 }) as RandomForestModel;
  assert.is(m.task, 'multiclass');
  assert.is(m.classes, 4);
  assert.equal(m.params.classNames, REGIME_RF_CLASSES);
  await m.fit(train);
  const acc = accuracy(await m.predict(test_), test_.y as Float32Array);
  assert.ok(acc > 0.6, `regime accuracy ${acc.toFixed(3)}`);
  const imp = m.featureImportance();
  assert.ok(imp.std20 > imp.ret5, `volatility separates regimes best: ${JSON.stringify(imp)}`);
});

test('bad forest hyperparameters and labels are input errors naming the key', async () => {
  assert.throws(() => new RandomForestModel({ maxFeatures: 'half' }), /random_forest\.maxFeatures/);
  assert.throws(() => new RandomForestModel({ criterion: 'mse' }), /random_forest\.criterion.*gini/);
  assert.throws(() => createRegimeClassifier({ classNames: ['a', 'b'] }), /regime_rf\.classNames/);
  await rejects(() => createRegimeClassifier().fit({ x: Float32Array.from([1]), shape: [1, 1], featureNames: ['a'], y: Float32Array.from([4]) }), /class index 0\.\.3/);
  await rejects(() => new RandomForestModel().predict({ x: new Float32Array(1), shape: [1, 1], featureNames: ['a'] }), /fitted/);
});

test.run();
