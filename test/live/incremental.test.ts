import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { appendFrames, extendFeatures } from '../../src/live/incremental';
import { ar1Returns } from '../../src/data/synthetic';
import { sliceBars } from '../../src/data/bars';
import { buildFeatures } from '../../src/features/registry';
import type { FeatureFrame } from '../../src/features/frame';

function assertFramesEqual(a: FeatureFrame, b: FeatureFrame, tol: number): void {
  assert.equal(a.names, b.names);
  assert.equal(Array.from(a.dates), Array.from(b.dates));
  a.columns.forEach((col, j) => {
    for (let i = 0; i < col.length; i++) {
      const x = col[i];
      const y = b.columns[j][i];
      if (Number.isNaN(x) || Number.isNaN(y)) {
        assert.ok(Number.isNaN(x) && Number.isNaN(y), `${a.names[j]} row ${i}: ${x} vs ${y}`);
        continue;
      }
      assert.ok(Math.abs(x - y) <= tol * Math.max(1, Math.abs(y)), `${a.names[j]} row ${i}: ${x} vs ${y}`);
    }
  });
}

const bars = ar1Returns({ n: 3300, seed: 21 });
const full = buildFeatures(bars);

test('extendFeatures: previous + new rows equal a full recompute (every column, every row)', () => {
  for (const k of [1, 3]) {
    const n0 = bars.dates.length - k;
    const prev = buildFeatures(sliceBars(bars, 0, n0));
    const ext = extendFeatures(prev, bars);
    assert.is(ext.dates.length, k);
    assertFramesEqual(appendFrames(prev, ext), full, 1e-9);
  }
});

test('extendFeatures: works from the last cached row and a suffix of the bars (what the daily update stores)', () => {
  const n0 = bars.dates.length - 2;
  const prev = buildFeatures(sliceBars(bars, 0, n0));
  const lastRow = appendFrames({ ...prev, dates: prev.dates.slice(0, 0), columns: prev.columns.map((c) => c.slice(0, 0)) }, prev, 1);
  const suffix = sliceBars(bars, n0 - 2600);
  const ext = extendFeatures(lastRow, suffix);
  const expect = { ...full, dates: full.dates.slice(n0), columns: full.columns.map((c) => c.slice(n0)) };
  assertFramesEqual(ext, expect, 1e-9);
  // OBV is re-anchored: equal to the full-history level, not the suffix's
  const j = full.names.indexOf('obv');
  assert.ok(Math.abs(ext.columns[j][1] - full.columns[j][n0 + 1]) < 1e-6);
});

test('extendFeatures: close EMAs are carried exactly; a lookback shorter than a window is not enough', () => {
  const n0 = bars.dates.length - 1;
  const prev = buildFeatures(sliceBars(bars, 0, n0));
  const ext = extendFeatures(prev, bars, { lookback: 100 });
  const e = full.names.indexOf('ema_200');
  assert.is(ext.columns[e][0], full.columns[e][n0], 'ema_200 bit-identical');
  const s = full.names.indexOf('sma_200');
  assert.ok(Number.isNaN(ext.columns[s][0]) && Number.isFinite(full.columns[s][n0]), 'sma_200 needs 200 rows');
});

test('extendFeatures: a suffix of exactly lookback + k bars (the tail the daily update reads) matches too', () => {
  for (const lookback of [700, 450]) {
    const k = 2;
    const n0 = bars.dates.length - k;
    const prev = buildFeatures(sliceBars(bars, 0, n0));
    const ext = extendFeatures(prev, sliceBars(bars, n0 - lookback), { lookback });
    const expect = { ...full, dates: full.dates.slice(n0), columns: full.columns.map((c) => c.slice(n0)) };
    assertFramesEqual(ext, expect, 1e-9);
  }
});

test('extendFeatures: bars without the previous last date are rejected', () => {
  const prev = buildFeatures(sliceBars(bars, 0, 100), { set: 'minimal' });
  assert.throws(() => extendFeatures(prev, sliceBars(bars, 200), { set: 'minimal' }), /contain the last date of the previous features/);
});

test('appendFrames: keeps the last rows, inputs untouched', () => {
  const a: FeatureFrame = { symbol: 'X', dates: Int32Array.of(1, 2), names: ['c'], columns: [Float64Array.of(10, 20)] };
  const b: FeatureFrame = { symbol: 'X', dates: Int32Array.of(3), names: ['c'], columns: [Float64Array.of(30)] };
  const c = appendFrames(a, b, 2);
  assert.equal(Array.from(c.dates), [2, 3]);
  assert.equal(Array.from(c.columns[0]), [20, 30]);
  assert.equal(Array.from(a.columns[0]), [10, 20]);
  assert.throws(() => appendFrames(a, { ...b, names: ['d'] }), /same columns/);
});

test.run();
