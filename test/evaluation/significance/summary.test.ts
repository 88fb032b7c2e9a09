import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assertClose } from '../../helpers';
import { accuracySummary } from '../../../src/evaluation/significance/summary';
import { bootstrapAccuracy } from '../../../src/evaluation/significance/bootstrap';
import { wilsonInterval } from '../../../src/evaluation/significance/binomial';

const y10 = [1, 0, 1, 1, 0, 1, 1, 0, 1, 1];
const p10 = [1, 0, 1, 1, 0, 1, 1, 1, 0, 0]; // 7 of 10 right

test('h = 1: exact binomial p-value on all rows (hand: 176/1024) and a Wilson CI', () => {
  const s = accuracySummary(y10, p10, { baselineRate: 0.5, ciMethod: 'wilson' });
  assertClose(s.accuracy, 0.7);
  assertClose(s.pValue, 176 / 1024, 1e-14);
  assert.is(s.nEffective, 10);
  assert.equal(s.accuracyCI, wilsonInterval(7, 10));
  assert.is(s.baselineAccuracy, 0.5);
});

test('h = 5: the test uses ⌊n/h⌋ trials (hand: 12 of 20 → 263950/2^20)', () => {
  const y = new Array(100).fill(1);
  const p = y.map((_, i) => (i < 60 ? 1 : 0));
  const s = accuracySummary(y, p, { baselineRate: 0.5, horizon: 5, ciMethod: 'wilson' });
  assert.is(s.nEffective, 20);
  assertClose(s.pValue, 263950 / 1048576, 1e-13);
  assert.equal(s.accuracyCI, wilsonInterval(12, 20));
});

test('default CI is the seeded block bootstrap with blocks of at least h rows', () => {
  const y = new Array(200).fill(0).map((_, i) => (i % 3 === 0 ? 1 : 0));
  const p = new Array(200).fill(0).map((_, i) => (i % 4 === 0 ? 1 : 0));
  const s = accuracySummary(y, p, { baselineRate: 0.5, horizon: 7, bootstrap: { resamples: 300, seed: 3 } });
  assert.is(s.ciMethod, 'bootstrap');
  assert.equal(s.accuracyCI, bootstrapAccuracy(y, p, { horizon: 7, resamples: 300, seed: 3 }).ci);
});

test('bad options are rejected', () => {
  assert.throws(() => accuracySummary(y10, p10, { baselineRate: 2 }), /baselineRate.*\[0, 1\].*2/);
  assert.throws(() => accuracySummary(y10, p10, { baselineRate: 0.5, ciMethod: 'exact' as never }), /bootstrap.*wilson.*exact/);
});

test.run();
