import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  blockSpanEnd,
  contiguousBlocks,
  heldOutSpanEnd,
  labelledRows,
  overlappingRows,
  purgeRows,
  resolveEndIndex,
  resolvePurge,
} from '../../../src/evaluation/splits/purge';

const range = (a: number, b: number): number[] => Array.from({ length: b - a + 1 }, (_, i) => a + i);
const arr = (x: Int32Array): number[] => Array.from(x);

test('resolveEndIndex: i + forecastHorizon, or the caller\'s array (validated, not copied)', () => {
  assert.equal(arr(resolveEndIndex(4, { forecastHorizon: 3 })), [3, 4, 5, 6]);
  assert.equal(arr(resolveEndIndex(3)), [1, 2, 3]);
  const e = new Int32Array([2, 3, -1]);
  assert.is(resolveEndIndex(3, { endIndex: e }), e);
  assert.throws(() => resolveEndIndex(2, { endIndex: [1, 2] as never }), /Int32Array of length n = 2/);
  assert.throws(() => resolveEndIndex(2, { forecastHorizon: -1 }), /forecastHorizon.*integer >= 0.*-1/);
});

test('resolvePurge defaults to purge on, no embargo', () => {
  assert.equal(resolvePurge({}), { purge: true, embargo: 0 });
  assert.throws(() => resolvePurge({ embargo: 1.5 }), /embargo.*integer >= 0.*1\.5/);
});

test('blockSpanEnd and labelledRows skip unlabelled rows', () => {
  const e = new Int32Array([2, 5, 4, -1]);
  assert.is(blockSpanEnd(e, { start: 0, end: 4 }), 5);
  assert.equal(arr(labelledRows(e, 1, 4)), [1, 2]);
});

test('purgeRows and contiguousBlocks for custom splits', () => {
  assert.equal(contiguousBlocks([1, 2, 3, 7, 8, 10]), [{ start: 1, end: 4 }, { start: 7, end: 9 }, { start: 10, end: 11 }]);
  const endIndex = new Int32Array(20).map((_, i) => i + 2);
  const r = purgeRows(range(0, 19), endIndex, [{ start: 10, end: 15 }], { embargoBefore: 3, embargoAfter: 3 });
  // before: 8, 9 purged, 7 embargoed; after: 15, 16 purged (≤ span end 16), 17 embargoed
  assert.equal(arr(r.train), [...range(0, 6), ...range(18, 19)]);
  assert.equal([r.purged, r.embargoed], [4, 2]);
});

test('purgeRows purges labels reaching into a held-out block that has no labelled row', () => {
  // h = 3, rows 15..19 are the unlabelled tail; a test block over them must still purge rows 12..14,
  // whose labels end on rows 15..17 (the old code skipped the purge when the block span end was −1)
  const endIndex = new Int32Array(20).map((_, i) => (i < 15 ? i + 3 : -1));
  const block = { start: 15, end: 20 };
  assert.is(blockSpanEnd(endIndex, block), -1);
  assert.is(heldOutSpanEnd(endIndex, block), 19);
  const r = purgeRows(range(0, 19), endIndex, [block]);
  assert.equal(arr(r.train), range(0, 11));
  assert.is(r.purged, 3);
  assert.equal(arr(overlappingRows(range(0, 14), range(15, 19), endIndex)), [12, 13, 14]);
  // a partly labelled block: span end is the larger of its last row and its labels' end
  assert.is(heldOutSpanEnd(endIndex, { start: 10, end: 17 }), 17);
});

test('overlappingRows finds training spans that meet any held-out run', () => {
  const e = new Int32Array(20).map((_, i) => i + 2);
  // held-out runs [5, 7) (span to 8) and [12, 13) (span to 14)
  const train = range(0, 19).filter((i) => i !== 5 && i !== 6 && i !== 12);
  assert.equal(arr(overlappingRows(train, [5, 6, 12], e)), [3, 4, 7, 8, 10, 11, 13, 14]);
});

test.run();
