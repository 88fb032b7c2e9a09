import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { balancedClassWeights, checkSequenceData, fitFeatureScaler, fitTargetScale, headTargets, scaleFeatures } from '../../../src/models/deep/prepare';
import { resolveDeepParams } from '../../../src/models/deep/params';
import type { Dataset } from '../../../src/models/types';
import { assertClose } from '../../helpers';

function tiny(): Dataset {
  // n = 2 windows, 2 steps, 2 features: feature a = 1,2,3,4; feature b = 10 everywhere.
  return { x: new Float32Array([1, 10, 2, 10, 3, 10, 4, 10]), shape: [2, 2, 2], featureNames: ['a', 'b'], y: new Float32Array([0, 1]), dates: new Int32Array([100, 101]) };
}

test('feature scaler: mean/std per feature over all steps, with the fitted date range', () => {
  const s = fitFeatureScaler(tiny());
  assert.equal(s.mean, [2.5, 10]);
  assertClose(s.std[0], Math.sqrt(1.25), 1e-9);
  assert.is(s.std[1], 1e-8); // constant feature: floored, not 0
  assert.is(s.firstDay, 100);
  assert.is(s.lastDay, 101);
  const d = tiny();
  const x = scaleFeatures(d, s);
  assertClose(x[0], -1.5 / Math.sqrt(1.25), 1e-6);
  assert.is(d.x[0], 1, 'input not mutated');
});

test('checkSequenceData names the row, step and feature of a NaN', () => {
  const d = tiny();
  d.x[5] = NaN; // row 1, step 0, feature b
  assert.throws(() => checkSequenceData(d, 'lstm.fit(train)'), /row 1, step 0, feature `b`/);
});

test('checkSequenceData rejects a tabular shape and a mismatch with the fitted shape', () => {
  const d = tiny();
  assert.throws(() => checkSequenceData({ ...d, shape: [2, 4] }, 'lstm.fit(train)'), /lstm\.fit\(train\)\.shape.*\[n, steps, features\]/);
  assert.throws(() => checkSequenceData(d, 'lstm.predict(data)', { steps: 3, features: 2 }), /\[n, 3, 2\] as at fit time/);
});

test('headTargets masks NaN labels, applies class weights and rejects out-of-range classes', () => {
  const h = headTargets(new Float32Array([0, NaN, 1]), { name: 'y', task: 'binary' }, undefined, [2, 0.5], undefined, 'w');
  assert.equal(Array.from(h.weights), [2, 0, 0.5]);
  assert.equal(Array.from(h.labels), [0, 0, 1]);
  assert.throws(() => headTargets(new Float32Array([2]), { name: 'y', task: 'binary' }, undefined, undefined, undefined, 'w'), /class index 0\.\.1.*2 at row 0/);
});

test('balanced class weights are n / (k · count)', () => {
  const w = balancedClassWeights(new Float32Array([0, 1, 1, 1, NaN]), 2);
  assertClose(w[0], 2, 1e-12);
  assertClose(w[1], 4 / 6, 1e-12);
});

test('target scale on log values; logTarget raises zeros to the smallest positive target and rejects negative ones', () => {
  const s = fitTargetScale(new Float32Array([Math.E, NaN, Math.E ** 3]), true, 'y');
  assertClose(s.mean, 2, 1e-6);
  assertClose(s.std, 1, 1e-6);
  // a zero realised vol (unchanged close) counts as the smallest positive one: log values 1, 1, 3
  const z = fitTargetScale(new Float32Array([Math.E, 0, Math.E ** 3]), true, 'y');
  assertClose(z.mean, 5 / 3, 1e-6);
  assertClose(z.floor as number, Math.E, 1e-6);
  const t = headTargets(new Float32Array([0, Math.E]), { name: 'y', task: 'regression' }, undefined, undefined, z, 'fit');
  assertClose(t.labels[0], t.labels[1], 1e-6);
  assert.throws(() => fitTargetScale(new Float32Array([0.1, -0.2]), true, 'y'), /non-negative targets.*-0\.2.* at row 1/);
  assert.throws(() => fitTargetScale(new Float32Array([0, 0]), true, 'y'), /at least one positive target/);
  assert.is(fitTargetScale(new Float32Array([-1, 1]), false, 'y').floor, undefined);
});

test('resolveDeepParams: family defaults, unknown keys and bad values are InputErrors naming the key', () => {
  assert.is(resolveDeepParams('lstm_cnn', {}).convFilters, 64);
  assert.is(resolveDeepParams('lstm_vol', {}).task, 'regression');
  assert.throws(() => resolveDeepParams('lstm', { unitz: 3 }), /lstm\.unitz.*unknown key/);
  assert.throws(() => resolveDeepParams('lstm', { dropout: 1 }), /lstm\.dropout.*\[0, 1\)/);
  assert.throws(() => resolveDeepParams('lstm_transformer_cnn', { attentionHeads: 5 }), /divisor of convFilters \(64\)/);
  assert.throws(() => resolveDeepParams('lstm', { classWeight: [1] }), /lstm\.classWeight.*2 non-negative numbers/);
  assert.throws(() => resolveDeepParams('unified', { targets: [] }), /unified\.targets/);
  assert.throws(() => resolveDeepParams('lstm_vol', { task: 'binary' }), /lstm_vol\.task/);
  assert.throws(() => resolveDeepParams('lstm', { targets: ['h1'] }), /lstm\.targets.*unknown key/);
  assert.throws(() => resolveDeepParams('gru', {}), /one of the deep families lstm, .*received "gru"/);
});

test.run();
