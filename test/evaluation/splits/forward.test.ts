import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isoToDay } from '../../../src/util/dates';
import { Rng } from '../../../src/util/rng';
import { chronologicalSplit, walkForward, walkForwardSplits } from '../../../src/evaluation/splits/forward';
import { overlappingRows } from '../../../src/evaluation/splits/purge';

const range = (a: number, b: number): number[] => Array.from({ length: b - a + 1 }, (_, i) => a + i);
const arr = (x: Int32Array): number[] => Array.from(x);
const day0 = isoToDay('2020-01-01');
const dates = new Int32Array(20).map((_, i) => day0 + i);

test('walk-forward, expanding, h = 2: labels reaching the test block are purged (hand)', () => {
  const folds = walkForwardSplits(20, { forecastHorizon: 2, testLength: 5, startIndex: 10 });
  assert.is(folds.length, 2);
  assert.equal(arr(folds[0].train), range(0, 7)); // 8 + 2 and 9 + 2 reach row 10
  assert.equal(arr(folds[0].test), range(10, 14));
  assert.is(folds[0].purged, 2);
  assert.equal(arr(folds[1].train), range(0, 12));
  assert.equal(arr(folds[1].test), range(15, 19));
  assert.equal([folds[1].trainStart, folds[1].trainEnd, folds[1].testStart, folds[1].testEnd], [0, 12, 15, 19]);
  assert.equal(arr(folds[0].validation), []);
  assert.is(folds[0].validationStart, -1);
});

test('walk-forward, rolling: trainLength samples right before the purged gap', () => {
  const folds = walkForwardSplits(20, { forecastHorizon: 2, testLength: 5, startIndex: 10, trainLength: 4 });
  assert.equal(arr(folds[0].train), range(4, 7));
  assert.equal(arr(folds[1].train), range(9, 12));
});

test('walk-forward stride and a short last block', () => {
  const folds = walkForwardSplits(20, { forecastHorizon: 1, testLength: 4, stride: 3, startIndex: 12 });
  assert.equal(folds.map((f) => [f.testStart, f.testEnd]), [[12, 15], [15, 18], [18, 19]]);
  assert.equal(folds.map((f) => f.fold), [0, 1, 2]);
});

test('walk-forward validation is carved from the tail and purged against test and train (hand)', () => {
  const [f] = walkForwardSplits(20, { forecastHorizon: 2, testLength: 5, startIndex: 10, validationLength: 3 });
  assert.equal(arr(f.validation), [5, 6, 7]); // 8, 9 purged against the test block at 10
  assert.equal(arr(f.train), [0, 1, 2]); // 3, 4 purged against the validation block at 5
  assert.is(f.purged, 4);
  assert.equal([f.validationStart, f.validationEnd], [5, 7]);
});

test('embargo removes exactly the rows right before the held-out block', () => {
  const [noPurge] = walkForwardSplits(20, { forecastHorizon: 2, testLength: 5, startIndex: 10, purge: false, embargo: 3 });
  assert.equal(arr(noPurge.train), range(0, 6));
  assert.equal([noPurge.purged, noPurge.embargoed], [0, 3]);
  const [both] = walkForwardSplits(20, { forecastHorizon: 2, testLength: 5, startIndex: 10, embargo: 3 });
  assert.equal(arr(both.train), range(0, 6));
  assert.equal([both.purged, both.embargoed], [2, 1]);
});

test('purge: false lets overlapping samples through', () => {
  const [f] = walkForwardSplits(20, { forecastHorizon: 2, testLength: 5, startIndex: 10, purge: false });
  assert.equal(arr(f.train), range(0, 9));
  assert.equal(arr(overlappingRows(f.train, f.test, new Int32Array(20).map((_, i) => i + 2))), [8, 9]);
});

test('folds with fewer than minTrainLength training samples are skipped', () => {
  const folds = walkForwardSplits(30, { forecastHorizon: 5, testLength: 5, startIndex: 5, minTrainLength: 8 });
  // s = 5: 0 samples; s = 10: 5; s = 15: 10 → first fold
  assert.is(folds[0].testStart, 15);
  assert.is(folds[0].train.length, 10);
});

test('property: with purge no training or validation label reaches the next block; without, some do', () => {
  const rng = new Rng(21);
  const n = 600;
  const endIndex = new Int32Array(n).map((_, i) => i + rng.int(30));
  for (const trainLength of [undefined, 100]) {
    for (const validationLength of [0, 40]) {
      let folds = 0;
      for (const f of walkForward(n, { endIndex, trainLength, validationLength, testLength: 50, embargo: 2, minTrainLength: trainLength ?? 20 })) {
        folds++;
        const vStart = f.validation.length ? f.validation[0] : f.testStart;
        for (const i of f.train) assert.ok(endIndex[i] < vStart && i < vStart - 2, `train ${i} → ${endIndex[i]} vs ${vStart}`);
        for (const i of f.validation) assert.ok(endIndex[i] < f.testStart && i < f.testStart - 2);
        assert.is(overlappingRows(f.train, f.test, endIndex).length, 0);
        if (trainLength !== undefined) assert.is(f.train.length, trainLength);
        if (validationLength) assert.is(f.validation.length, validationLength);
        for (let j = 1; j < f.train.length; j++) assert.ok(f.train[j] > f.train[j - 1]);
      }
      assert.ok(folds >= 8, `${folds} folds`);
    }
  }
  let leaks = 0;
  for (const f of walkForward(n, { endIndex, testLength: 50, startIndex: 100, purge: false })) leaks += overlappingRows(f.train, f.test, endIndex).length;
  assert.ok(leaks > 0);
});

test('rows without a label (endIndex −1, as the labels module marks the last h rows) are left out', () => {
  const endIndex = new Int32Array(20).map((_, i) => (i < 18 ? i + 2 : -1));
  const folds = walkForwardSplits(20, { endIndex, testLength: 5, startIndex: 10 });
  assert.equal(arr(folds[1].test), [15, 16, 17]);
  assert.equal([folds[1].testStart, folds[1].testEnd], [15, 17]);
  assert.equal(arr(folds[1].train), range(0, 12));
  assert.is(walkForwardSplits(20, { endIndex, testLength: 2, startIndex: 18 }).length, 0);
  const c = chronologicalSplit(dates, { endIndex, testStart: day0 + 15 });
  assert.equal(arr(c.test), [15, 16, 17]);
  assert.equal(arr(c.train), range(0, 12));
});

test('walkForward validates its options eagerly', () => {
  assert.throws(() => walkForward(20, { testLength: 0 }), /testLength.*integer >= 1.*0/);
  assert.throws(() => walkForward(20, { trainLength: 2.5 }), /trainLength.*2\.5/);
  assert.throws(() => walkForward(3, { endIndex: new Int32Array([0, 0, 2]) }), /endIndex\)\[1\].*>= the sample row 1.*0/);
  assert.throws(() => walkForward(3, { endIndex: new Int32Array(2) }), /length n = 3.*length 2/);
  assert.throws(() => walkForward(3, { embargo: -1 }), /embargo.*integer >= 0/);
});


test('chronologicalSplit by dates purges train against validation and validation against test (hand)', () => {
  const s = chronologicalSplit(dates, { forecastHorizon: 2, validationStart: '2020-01-11', testStart: '2020-01-16', testEnd: '2020-01-18' });
  assert.equal(arr(s.train), range(0, 7));
  assert.equal(arr(s.validation), range(10, 12));
  assert.equal(arr(s.test), range(15, 17));
  assert.equal([s.purged, s.embargoed], [4, 0]);
});

test('chronologicalSplit: embargo rows before each block; purge: false keeps everything', () => {
  const e = chronologicalSplit(dates, { forecastHorizon: 2, validationStart: day0 + 10, testStart: day0 + 15, embargo: 3 });
  assert.equal(arr(e.train), range(0, 6));
  assert.equal(arr(e.validation), [10, 11]);
  assert.equal(arr(e.test), range(15, 19));
  assert.equal([e.purged, e.embargoed], [4, 2]);
  const p = chronologicalSplit(dates, { forecastHorizon: 2, validationStart: day0 + 10, testStart: day0 + 15, purge: false });
  assert.equal(arr(p.train), range(0, 9));
  assert.equal(arr(p.validation), range(10, 14));
});

test('chronologicalSplit without validation purges train against the test start', () => {
  const s = chronologicalSplit(dates, { forecastHorizon: 3, trainStart: '2020-01-03', testStart: '2020-01-11' });
  assert.equal(arr(s.train), range(2, 6));
  assert.equal(arr(s.validation), []);
});

test('chronologicalSplit rejects unordered dates and blocks', () => {
  assert.throws(() => chronologicalSplit(new Int32Array([3, 2]), { testStart: 3 }), /dates\)\[1\].*strictly increasing.*2 after 3/);
  assert.throws(() => chronologicalSplit(dates, { validationStart: '2020-01-16', testStart: '2020-01-11' }), /validationStart <= testStart/);
  assert.throws(() => chronologicalSplit(dates, { testStart: '2020-02-30' }), /testStart.*ISO date.*2020-02-30/);
  assert.throws(() => chronologicalSplit(dates, { testStart: '2021-01-01' }), /at least one test row/);
});

test.run();
