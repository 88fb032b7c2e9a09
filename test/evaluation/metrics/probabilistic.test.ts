import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assertClose } from '../../helpers';
import { brierScore, logLoss, rocAuc } from '../../../src/evaluation/metrics/probabilistic';

test('rocAuc counts ties as half (hand: 6 of 9 pairs)', () => {
  // positives .35, .8, .4 vs negatives .1, .4, .4: 1 + 3 + (1 + ½ + ½) = 6 of 9 pairs
  assertClose(rocAuc([0, 0, 1, 1, 0, 1], [0.1, 0.4, 0.35, 0.8, 0.4, 0.4]), 6 / 9);
});

test('rocAuc: perfect ranking 1, reversed 0, constant score 0.5', () => {
  assert.is(rocAuc([0, 0, 1, 1], [0.1, 0.2, 0.3, 0.4]), 1);
  assert.is(rocAuc([0, 0, 1, 1], [0.4, 0.3, 0.2, 0.1]), 0);
  assert.is(rocAuc([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5]), 0.5);
});

test('rocAuc reads column 1 of an [n, 2] predictProba matrix', () => {
  const proba = new Float32Array([0.9, 0.1, 0.6, 0.4, 0.65, 0.35, 0.2, 0.8, 0.6, 0.4, 0.6, 0.4]);
  assertClose(rocAuc([0, 0, 1, 1, 0, 1], proba), rocAuc([0, 0, 1, 1, 0, 1], [0.1, 0.4, 0.35, 0.8, 0.4, 0.4]));
});

test('rocAuc is NaN when only one class is present', () => {
  assert.ok(Number.isNaN(rocAuc([1, 1, 1], [0.2, 0.4, 0.9])));
});

test('logLoss: hand value and scikit-learn 1.2.1 (binary vector, multiclass matrix)', () => {
  assertClose(logLoss([1, 0, 1], [0.9, 0.2, 0.6]), -(Math.log(0.9) + Math.log(0.8) + Math.log(0.6)) / 3);
  assertClose(logLoss([1, 0, 1], [0.9, 0.2, 0.6]), 0.2797765635793423, 1e-12);
  assertClose(logLoss([0, 1, 2], [0.7, 0.2, 0.1, 0.1, 0.8, 0.1, 0.3, 0.3, 0.4]), 0.4987030757090323, 1e-12);
  assertClose(logLoss([0, 1], [0.5, 0.5]), Math.log(2));
});

test('logLoss clips certainties that are wrong to eps', () => {
  assertClose(logLoss([1], [0]), -Math.log(1e-15), 1e-12);
  assertClose(logLoss([1], [0], { eps: 1e-3 }), -Math.log(1e-3), 1e-12);
});

test('brierScore: binary mean (p - y)^2, multiclass sums over classes', () => {
  assertClose(brierScore([1, 0, 1], [0.9, 0.2, 0.6]), (0.01 + 0.04 + 0.16) / 3);
  assertClose(brierScore([1, 0], [0.5, 0.5, 0.5, 0.5]), 0.25);
  // (0.3² + 0.2² + 0.1²) + (0.1² + 0.2² + 0.1²) = 0.14 + 0.06, over 2 rows
  assertClose(brierScore([0, 1], [0.7, 0.2, 0.1, 0.1, 0.8, 0.1]), 0.1);
});

test('bad probability input is rejected with where and what', () => {
  assert.throws(() => logLoss([1, 0], [0.5, 0.5, 0.5]), /n = 2 values.*length 3/);
  assert.throws(() => logLoss([1, 0], [0.5, 1.5]), /proba\)\[1\].*probability in \[0, 1\].*1\.5/);
  assert.throws(() => brierScore([1, 0], [0.5, 0.6, 0.5, 0.5]), /row 0.*summing to 1.*1\.1/);
  assert.throws(() => rocAuc([1, 2], [0.5, 0.6]), /yTrue\)\[1\].*0\.\.1/);
  assert.throws(() => logLoss([0, 3], [0.7, 0.2, 0.1, 0.1, 0.8, 0.1]), /class index in 0\.\.2/);
});

test.run();
