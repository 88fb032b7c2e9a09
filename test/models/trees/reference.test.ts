/**
 * Cross-check against reference implementations (see test/fixtures/gbdt/README.md): on a fixed dataset,
 * our gbdt must reach XGBoost 1.7 hist's test accuracy within noise with the same hyperparameters, and
 * our random_forest scikit-learn's. The reference figures were recorded once into reference.json.
 */
import * as fs from 'fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GbdtModel } from '../../../src/models/trees/gbdt';
import { RandomForestModel } from '../../../src/models/trees/forest';
import type { Dataset } from '../../../src/models/types';
import { fixture } from '../../helpers';
import { accuracy } from './fixtures';

function readSplit(which: 'train' | 'test'): Dataset {
  const lines = fs.readFileSync(fixture('gbdt/data.csv'), 'utf8').trim().split('\n');
  const header = lines[0].split(',');
  const F = header.length - 2;
  const x: number[] = [];
  const y: number[] = [];
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    if (cells[F + 1] !== which) continue;
    for (let f = 0; f < F; f++) x.push(cells[f] === '' ? NaN : Number(cells[f]));
    y.push(Number(cells[F]));
  }
  return { x: Float32Array.from(x), shape: [y.length, F], featureNames: header.slice(0, F), y: Float32Array.from(y) };
}

const ref = JSON.parse(fs.readFileSync(fixture('gbdt/reference.json'), 'utf8'));
const train = readSplit('train');
const testSet = readSplit('test');

test('gbdt matches XGBoost hist test accuracy and log loss within noise (same hyperparameters)', async () => {
  const p = ref.xgboost.params;
  const m = await new GbdtModel({
    nRounds: p.n_rounds, maxDepth: p.max_depth, learningRate: p.learning_rate, lambda: p.reg_lambda, minChildWeight: p.min_child_weight, maxBins: p.max_bin,
  }).fit(train);
  const acc = accuracy(await m.predict(testSet), testSet.y as Float32Array);
  assert.ok(Math.abs(acc - ref.xgboost.testAccuracy) < 0.02, `ours ${acc.toFixed(4)} vs XGBoost ${ref.xgboost.testAccuracy.toFixed(4)}`);
  const proba = await m.predictProba(testSet);
  let ll = 0;
  const y = testSet.y as Float32Array;
  for (let i = 0; i < y.length; i++) ll -= Math.log(Math.min(1 - 1e-15, Math.max(1e-15, proba[2 * i + y[i]])));
  ll /= y.length;
  assert.ok(Math.abs(ll - ref.xgboost.testLogLoss) < 0.02, `log loss ours ${ll.toFixed(4)} vs XGBoost ${ref.xgboost.testLogLoss.toFixed(4)}`);
});

test('random_forest matches scikit-learn RandomForestClassifier test accuracy within noise', async () => {
  const p = ref.sklearnForest.params;
  const m = await new RandomForestModel({ nTrees: p.n_estimators, maxDepth: p.max_depth, maxFeatures: p.max_features }).fit(train);
  const acc = accuracy(await m.predict(testSet), testSet.y as Float32Array);
  assert.ok(Math.abs(acc - ref.sklearnForest.testAccuracy) < 0.02, `ours ${acc.toFixed(4)} vs scikit-learn ${ref.sklearnForest.testAccuracy.toFixed(4)}`);
});

test.run();
