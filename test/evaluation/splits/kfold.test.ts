import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng } from '../../../src/util/rng';
import { combinatorialPurgedCV, groupBlocks, purgedKFold } from '../../../src/evaluation/splits/kfold';
import { overlappingRows } from '../../../src/evaluation/splits/purge';

const range = (a: number, b: number): number[] => Array.from({ length: b - a + 1 }, (_, i) => a + i);
const arr = (x: Int32Array): number[] => Array.from(x);

test('groupBlocks: contiguous, sizes differ by at most one', () => {
  assert.equal(groupBlocks(10, 3), [{ start: 0, end: 4 }, { start: 4, end: 7 }, { start: 7, end: 10 }]);
  assert.throws(() => groupBlocks(3, 4), /1\.\.n = 3.*4/);
});

test('embargo removes exactly the rows after each test block (no label overlap, h = 0)', () => {
  const folds = purgedKFold(30, { k: 3, forecastHorizon: 0, embargo: 2 });
  assert.equal(arr(folds[0].train), range(12, 29));
  assert.equal(arr(folds[1].train), [...range(0, 9), ...range(22, 29)]);
  assert.equal(arr(folds[2].train), range(0, 19));
  assert.equal(folds.map((f) => [f.purged, f.embargoed]), [[0, 2], [0, 2], [0, 0]]);
  assert.equal(arr(folds[1].test), range(10, 19));
  assert.equal([folds[1].testStart, folds[1].testEnd], [10, 19]);
});

test('purged k-fold, h = 3: purges before (labels reaching the block) and after (inside its label span)', () => {
  const [, f] = purgedKFold(30, { k: 3, forecastHorizon: 3 });
  assert.equal(arr(f.train), [...range(0, 6), ...range(23, 29)]);
  assert.equal([f.purged, f.embargoed], [6, 0]);
  const [, e] = purgedKFold(30, { k: 3, forecastHorizon: 3, embargo: 5 });
  assert.equal(arr(e.train), [...range(0, 6), ...range(25, 29)]);
  assert.equal([e.purged, e.embargoed], [6, 2]);
});

test('purge: false lets overlapping samples through k-fold', () => {
  const [, f] = purgedKFold(30, { k: 3, forecastHorizon: 3, purge: false });
  assert.equal(arr(f.train), [...range(0, 9), ...range(20, 29)]);
  assert.equal(arr(overlappingRows(f.train, f.test, new Int32Array(30).map((_, i) => i + 3))), [7, 8, 9, 20, 21, 22]);
});

test('property: no k-fold or CPCV training span overlaps a test span; without purge some do', () => {
  const rng = new Rng(5);
  const n = 500;
  const endIndex = new Int32Array(n).map((_, i) => i + rng.int(25));
  for (const f of purgedKFold(n, { k: 5, endIndex, embargo: 3 })) {
    assert.is(overlappingRows(f.train, f.test, endIndex).length, 0);
    assert.is(f.train.length + f.test.length + f.purged + f.embargoed, n);
  }
  const cv = combinatorialPurgedCV(n, { endIndex, groups: 6, testGroups: 2, embargo: 3 });
  for (const s of cv.splits) {
    assert.is(overlappingRows(s.train, s.test, endIndex).length, 0);
    const inTest = new Set(arr(s.test));
    for (const i of s.train) assert.not.ok(inTest.has(i));
  }
  let leaks = 0;
  for (const f of purgedKFold(n, { k: 5, endIndex, purge: false })) leaks += overlappingRows(f.train, f.test, endIndex).length;
  assert.ok(leaks > 0);
});

test('CPCV: C(N, k) splits, k·C(N, k)/N paths, each path covers every group once', () => {
  const cv = combinatorialPurgedCV(60, { groups: 6, testGroups: 2, forecastHorizon: 2 });
  assert.is(cv.splits.length, 15);
  assert.is(cv.paths.length, 5);
  assert.equal(cv.splits[0].testGroups, [0, 1]);
  assert.equal(arr(cv.splits[0].test), range(0, 19));
  const uses = new Array(15).fill(0);
  for (const path of cv.paths) {
    assert.is(path.length, 6);
    path.forEach((s, g) => {
      assert.ok(cv.splits[s].testGroups.includes(g), `path uses split ${s} for group ${g}`);
      uses[s]++;
    });
  }
  assert.ok(uses.every((u) => u === 2)); // every split contributes its k = 2 test groups
});

test('CPCV with adjacent test groups purges around the merged block (hand)', () => {
  const cv = combinatorialPurgedCV(30, { groups: 3, testGroups: 2, forecastHorizon: 2 });
  // groups [0,10) [10,20) [20,30); split 0 tests groups 0 and 1 → train 22..29 (20, 21 inside the span of row 19)
  assert.equal(arr(cv.splits[0].train), range(22, 29));
  // split 1 tests groups 0 and 2 → train 12..17 (18, 19 reach row 20; 10, 11 inside the span of row 9)
  assert.equal(arr(cv.splits[1].train), range(12, 17));
});

test('k-fold leaves unlabelled rows (endIndex −1) out of train and test', () => {
  const endIndex = new Int32Array(20).map((_, i) => (i < 18 ? i + 2 : -1));
  const [f0, f1] = purgedKFold(20, { k: 2, endIndex });
  assert.equal(arr(f0.train), range(12, 17)); // 10, 11 inside the span of row 9; 18, 19 unlabelled
  assert.equal(arr(f1.test), range(10, 17));
  assert.equal(arr(f1.train), range(0, 7));
  assert.equal([f1.testStart, f1.testEnd], [10, 19]);
  assert.throws(() => purgedKFold(3, { endIndex: new Int32Array([1, -2, 3]) }), /endIndex\)\[1\].*or −1: no label.*-2/);
});

test('bad options are rejected', () => {
  assert.throws(() => purgedKFold(10, { k: 1 }), /k.*2\.\.n = 10.*1/);
  assert.throws(() => combinatorialPurgedCV(10, { groups: 4, testGroups: 4 }), /testGroups.*1\.\.3.*4/);
  assert.throws(() => purgedKFold(10, { purge: 'yes' as never }), /purge.*true or false/);
});

test.run();
