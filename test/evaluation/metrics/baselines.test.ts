import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assertClose } from '../../helpers';
import { constantPredictions, lastMovePredictions, majorityClass, scoreBaselines } from '../../../src/evaluation/metrics/baselines';

test('majorityClass skips unknown (NaN) labels; ties go to the smaller class', () => {
  const m = majorityClass(new Float32Array([1, 0, 1, NaN, 1, 0]));
  assert.equal(m, { classIndex: 1, rate: 3 / 5, n: 5 });
  assert.is(majorityClass([0, 1]).classIndex, 0);
  assert.is(majorityClass([2, 2, 0]).classIndex, 2);
  assert.throws(() => majorityClass([NaN]), /at least one value/);
});

test('constantPredictions fills n rows', () => {
  assert.equal(Array.from(constantPredictions(1, 3)), [1, 1, 1]);
});

test('lastMovePredictions repeats the most recent move, using data up to t only', () => {
  const close = [10, 11, 10.5, 10.5, 12];
  assert.equal(Array.from(lastMovePredictions(close, [1, 2, 3, 4])), [1, 0, 0, 1]);
  assert.equal(Array.from(lastMovePredictions(close, [2, 3, 4], { lookback: 2 })), [1, 0, 1]);
  assert.equal(Array.from(lastMovePredictions(close, [1, 2, 3, 4], { task: 'ternary' })), [2, 0, 1, 2]);
  assert.equal(Array.from(lastMovePredictions(close, [1, 2], { task: 'ternary', neutralBand: 0.06 })), [2, 1]);
});

test('lastMovePredictions rejects rows without enough history', () => {
  assert.throws(() => lastMovePredictions([10, 11], [0]), /rows\)\[0\].*row index in 1\.\.1.*0/);
  assert.throws(() => lastMovePredictions([10, 11, 12], [1], { lookback: 2 }), /lookback 2/);
});

test('scoreBaselines scores majority and last move on the same test rows', () => {
  const close = [10, 11, 10.5, 10.5, 12, 12.5];
  const s = scoreBaselines({ trainLabels: [1, 1, 0], testLabels: [0, 1, 1], close, testRows: [3, 4, 5] });
  // majority = 1 → 2 of 3; last move at rows 3, 4, 5 = [0 (flat), 1, 1] → 3 of 3
  assertClose(s.majority.accuracy, 2 / 3);
  assert.is(s.majority.classIndex, 1);
  assertClose(s.majority.rate, 2 / 3);
  assertClose(s.lastMove.accuracy, 1);
  assert.is(s.nTest, 3);
  assert.throws(() => scoreBaselines({ trainLabels: [1], testLabels: [0, 1], close, testRows: [3] }), /testRows.*same length.*length 1/);
});

test.run();
