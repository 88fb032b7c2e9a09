import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rocCurve, rocFigure } from '../../src/viz/roc';
import { assertClose } from '../helpers';
import { Rng } from '../../src/util/rng';

type Obj = Record<string, unknown>;

test('rocCurve of a perfect ranking has AUC 1 and passes through (0, 1)', () => {
  const c = rocCurve([0.9, 0.8, 0.3, 0.1], [1, 1, 0, 0]);
  assert.equal(c.fpr, [0, 0, 0, 0.5, 1]);
  assert.equal(c.tpr, [0, 0.5, 1, 1, 1]);
  assert.is(c.auc, 1);
  assert.is(c.thresholds[0], Infinity);
});

test('rocCurve matches a hand-computed AUC with one misordered pair', () => {
  // positives 0.8, 0.4; negatives 0.6, 0.2 -> 3 of 4 pairs ordered -> AUC 0.75
  assertClose(rocCurve([0.8, 0.6, 0.4, 0.2], [1, 0, 1, 0]).auc, 0.75, 1e-12);
});

test('rocCurve counts tied scores as one half', () => {
  const c = rocCurve([0.5, 0.5], [1, 0]);
  assert.equal(c.fpr, [0, 1]);
  assert.equal(c.tpr, [0, 1]);
  assertClose(c.auc, 0.5, 1e-12);
});

test('rocCurve skips NaN labels and scores', () => {
  assertClose(rocCurve([0.9, NaN, 0.1, 0.5], [1, 0, 0, NaN]).auc, 1, 1e-12);
});

test('rocCurve of random scores is near 0.5', () => {
  const rng = new Rng(3);
  const s = Array.from({ length: 4000 }, () => rng.next());
  const l = Array.from({ length: 4000 }, () => (rng.next() < 0.5 ? 1 : 0));
  assertClose(rocCurve(s, l).auc, 0.5, 0.04);
});

test('rocCurve needs both classes and 0/1 labels', () => {
  assert.throws(() => rocCurve([0.1, 0.2], [1, 1]), /both positive \(1\) and negative \(0\) labels, received 2 positive and 0 negative/);
  assert.throws(() => rocCurve([0.1, 0.2], [1, 2]), /`labels\[1\]`: a label of 0, 1 or NaN, received 2/);
  assert.throws(() => rocCurve([0.1], [1, 0]), /`labels`: 1 values/);
});

test('rocFigure has one line per classifier named with its AUC, plus the chance diagonal', () => {
  const f = rocFigure([
    { name: 'gbdt', scores: [0.9, 0.1], labels: [1, 0] },
    { name: 'lstm', curve: rocCurve([0.8, 0.6, 0.4, 0.2], [1, 0, 1, 0]) },
  ]);
  assert.equal(f.data.map((t) => t.name), ['gbdt (AUC 1.000)', 'lstm (AUC 0.750)', 'chance']);
  assert.equal(f.data[2].x, [0, 1]);
  assert.equal((f.layout.xaxis as Obj).title, { text: 'False positive rate' });
  assert.equal((f.layout.yaxis as Obj).title, { text: 'True positive rate' });
  assert.is((f.data[1].x as number[]).length, 5);
});

test.run();
