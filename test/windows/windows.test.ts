import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { FeatureFrame } from '../../src/features/frame';
import { buildWindows, windowAt, windowsToDataset } from '../../src/windows/windows';

/** 6 rows, 2 features: a = row index, b = 10 * row index (NaN at row 1). */
function frame(): FeatureFrame {
  const a = Float64Array.from({ length: 6 }, (_, i) => i);
  const b = Float64Array.from({ length: 6 }, (_, i) => (i === 1 ? NaN : 10 * i));
  return { symbol: 'T', dates: Int32Array.from({ length: 6 }, (_, i) => 100 + i), names: ['a', 'b'], columns: [a, b] };
}

test('sample i holds rows end-steps+1..end and ends at its own row (no future row)', () => {
  const w = buildWindows(frame(), { steps: 3, nan: 'keep' });
  assert.equal(w.shape, [4, 3, 2]);
  assert.equal(Array.from(w.endRows), [2, 3, 4, 5]);
  assert.equal(Array.from(w.dates), [102, 103, 104, 105]);
  // sample 2 ends at row 4: rows 2, 3, 4
  assert.equal(Array.from(w.x.subarray(2 * 6, 3 * 6)), [2, 20, 3, 30, 4, 40]);
  for (let s = 0; s < 4; s++) {
    const maxRow = Math.max(...Array.from(w.x.subarray(s * 6, (s + 1) * 6)).filter((_, k) => k % 2 === 0));
    assert.is(maxRow, w.endRows[s]);
  }
});

test('windows holding a NaN are skipped by default', () => {
  const w = buildWindows(frame(), { steps: 2 });
  assert.equal(Array.from(w.endRows), [3, 4, 5]);
  assert.equal(w.shape, [3, 2, 2]);
});

test('explicit end rows are validated', () => {
  const w = buildWindows(frame(), { steps: 2, endRows: [5, 3] });
  assert.equal(Array.from(w.endRows), [5, 3]);
  assert.throws(() => buildWindows(frame(), { steps: 3, endRows: [1] }), /endRows\[0\].*row in \[2, 5\].*received 1/);
  assert.throws(() => buildWindows(frame(), { steps: 0 }), /steps.*>= 1.*received 0/);
});

test('longer windows than rows give zero samples, not an error', () => {
  const w = buildWindows(frame(), { steps: 10 });
  assert.equal(w.shape, [0, 10, 2]);
  assert.is(w.x.length, 0);
});

test('windowAt is a view into the row-major matrix (no copy)', () => {
  const m = new Float32Array([0, 0, 1, 10, 2, 20, 3, 30]);
  const v = windowAt(m, 2, 2, 3);
  assert.equal(Array.from(v), [2, 20, 3, 30]);
  assert.is(v.buffer, m.buffer);
  assert.throws(() => windowAt(m, 2, 2, 0), /end row in \[1, 3\].*received 0/);
});

test('windowsToDataset takes targets at each end row', () => {
  const w = buildWindows(frame(), { steps: 2 });
  const y = [0, 1, 0, 1, 1, 0];
  const ds = windowsToDataset(w, { y, targets: { h7: y } });
  assert.equal(ds.shape, [3, 2, 2]);
  assert.equal(Array.from(ds.y!), [1, 1, 0]);
  assert.equal(Array.from(ds.targets!.h7), [1, 1, 0]);
  assert.equal(Array.from(ds.dates!), [103, 104, 105]);
});

test.run();
