import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assertClose } from '../../helpers';
import {
  accuracy,
  balancedAccuracy,
  classificationReport,
  confusionMatrix,
  mcc,
  precisionRecallF1,
} from '../../../src/evaluation/metrics/classification';

// Binary case by hand: TP = 3, FN = 1, FP = 1, TN = 1.
const yT = new Float32Array([1, 1, 1, 1, 0, 0]);
const yP = new Float32Array([1, 1, 1, 0, 1, 0]);

test('confusionMatrix counts true (rows) x predicted (columns)', () => {
  const m = confusionMatrix(yT, yP);
  assert.is(m.classes, 2);
  assert.equal(Array.from(m.counts), [1, 1, 1, 3]);
  assert.is(m.n, 6);
  assert.is(confusionMatrix([], [], { classes: 3 }).counts.length, 9);
});

test('accuracy, balanced accuracy, precision/recall/F1 and MCC on a hand-computed binary case', () => {
  assertClose(accuracy(yT, yP), 4 / 6);
  assertClose(balancedAccuracy(yT, yP), (3 / 4 + 1 / 2) / 2);
  const prf = precisionRecallF1(yT, yP);
  assert.is(prf.average, 'binary');
  assertClose(prf.precision, 3 / 4);
  assertClose(prf.recall, 3 / 4);
  assertClose(prf.f1, 3 / 4);
  // (TP·TN − FP·FN) / √((TP+FP)(TP+FN)(TN+FP)(TN+FN)) = (3 − 1) / √(4·4·2·2)
  assertClose(mcc(yT, yP), 0.25);
});

test('binary precision of the other class via `positive`', () => {
  const prf = precisionRecallF1(yT, yP, { positive: 0 });
  assertClose(prf.precision, 1 / 2); // TN / (TN + FN)
  assertClose(prf.recall, 1 / 2); // TN / (TN + FP)
  assert.throws(() => precisionRecallF1(yT, yP, { positive: 2 }), /positive.*class index in 0\.\.1.*received 2/);
});

test('multiclass: macro averages and Gorodkin MCC match scikit-learn 1.2.1', () => {
  const t = [0, 1, 2, 2, 1, 0];
  const p = [0, 2, 2, 2, 1, 1];
  const r = classificationReport(t, p);
  assert.is(r.average, 'macro');
  assertClose(r.accuracy, 4 / 6);
  assertClose(r.precision, 0.7222222222222222);
  assertClose(r.recall, 0.6666666666666666);
  assertClose(r.f1, 0.6555555555555556);
  assertClose(r.balancedAccuracy, 0.6666666666666666);
  assertClose(r.mcc, 0.5222329678670935, 1e-12);
});

test('zero-division conventions: constant prediction gives precision 0 and MCC 0', () => {
  const t = [1, 0, 1, 0];
  const p = [0, 0, 0, 0];
  const prf = precisionRecallF1(t, p);
  assert.is(prf.precision, 0);
  assert.is(prf.recall, 0);
  assert.is(prf.f1, 0);
  assert.is(mcc(t, p), 0);
  assertClose(balancedAccuracy(t, p), 0.5);
});

test('balanced accuracy skips classes absent from yTrue', () => {
  assertClose(balancedAccuracy([1, 1, 1], [1, 0, 1], { classes: 2 }), 2 / 3);
});

test('perfect and inverted predictions give MCC 1 and -1', () => {
  assertClose(mcc([0, 1, 0, 1], [0, 1, 0, 1]), 1);
  assertClose(mcc([0, 1, 0, 1], [1, 0, 1, 0]), -1);
});

test('bad input: length mismatch, non-class labels, empty input, NaN', () => {
  assert.throws(() => accuracy([1, 0], [1]), /accuracy\(yPred\).*same length as `yTrue` \(2\).*length 1/);
  assert.throws(() => accuracy([1, 0.5], [1, 0]), /yTrue\)\[1\].*class index.*0\.5/);
  assert.throws(() => accuracy([], []), /at least one value/);
  assert.throws(() => mcc([1, NaN], [1, 0]), /yTrue\)\[1\].*NaN/);
  assert.throws(() => confusionMatrix([0, 3], [0, 1], { classes: 3 }), /class index in 0\.\.2.*3/);
});

test('inputs are not mutated', () => {
  const t = new Float32Array([1, 0, 1]);
  const p = new Float32Array([0, 0, 1]);
  classificationReport(t, p);
  assert.equal(Array.from(t), [1, 0, 1]);
  assert.equal(Array.from(p), [0, 0, 1]);
});

test.run();
