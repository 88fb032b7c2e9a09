import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { randomWalk } from '../../src/data/synthetic';
import { datasetForRows, fitRowScaler, prepareData, scaleMatrix } from '../../src/training/prepare';
import { dayToIso } from '../../src/util/dates';
import { assertClose } from '../helpers';

const bars = randomWalk({ n: 400, seed: 5 });
const prep = prepareData(bars, { featureSet: 'minimal', horizons: [1, 7], steps: 10 });

test('usable rows need a complete NaN-free window of `steps` rows', () => {
  const f = prep.features;
  let first = -1;
  for (let r = 0; r < prep.usable.length; r++) if (prep.usable[r]) { first = r; break; }
  assert.ok(first >= 9, 'no window before row steps-1');
  for (let r = first - 9; r <= first; r++) for (let j = 0; j < f; j++) assert.ok(Number.isFinite(prep.matrix[r * f + j]), `row ${r} col ${j} finite`);
  assert.is(prep.usable[first - 1], 0);
  // warm-up: the row just before the first complete feature row is never usable
  let hasNaN = false;
  for (let j = 0; j < f; j++) if (Number.isNaN(prep.matrix[(first - 10) * f + j])) hasNaN = true;
  assert.ok(hasNaN, 'the row before the first window holds a warm-up NaN');
});

test('labels and label ends are carried per horizon; the last h rows have none', () => {
  assert.is(prep.endIndex.h7[100], 107);
  assert.is(prep.endIndex.h7[399], -1);
  assert.ok(Number.isNaN(prep.target.h1[399]));
  assert.is(prep.target.h1[100], bars.close[101] > bars.close[100] ? 1 : 0);
  assertClose(prep.forwardReturn.h7[100], bars.close[107] / bars.close[100] - 1, 1e-9);
});

test('the scaler is fitted on the given training rows only and records their dates', () => {
  const rows = Int32Array.from({ length: 100 }, (_, i) => 100 + i);
  const sc = fitRowScaler(prep, rows);
  assert.is(sc.state.fittedFrom, dayToIso(bars.dates[100]));
  assert.is(sc.state.fittedTo, dayToIso(bars.dates[199]));
  assert.is(sc.state.samples, 100);
  const scaled = scaleMatrix(prep, sc);
  // column 0 over the fitted rows has mean 0
  let s = 0;
  for (const r of rows) s += scaled[r * prep.features];
  assertClose(s / 100, 0, 1e-5);
});

test('datasetForRows builds tabular rows and sequence windows ending at each row, never later', () => {
  const sc = fitRowScaler(prep, Int32Array.from([100, 101, 102, 103]));
  const scaled = scaleMatrix(prep, sc);
  const f = prep.features;
  const rows = Int32Array.from([150, 160]);
  const tab = datasetForRows(prep, scaled, rows, { rank: 2, target: 'h1' });
  assert.equal(tab.shape, [2, f]);
  assert.equal(Array.from(tab.x.subarray(f, 2 * f)), Array.from(scaled.subarray(160 * f, 161 * f)));
  assert.equal(Array.from(tab.dates as Int32Array), [bars.dates[150], bars.dates[160]]);
  assert.is((tab.y as Float32Array)[0], prep.target.h1[150]);
  const seq = datasetForRows(prep, scaled, rows, { rank: 3, targets: ['h1', 'h7'], target: 'h1', masks: { h7: Uint8Array.from([1, 0]) } });
  assert.equal(seq.shape, [2, 10, f]);
  // the last step of window 1 is row 160, its first step row 151
  assert.equal(Array.from(seq.x.subarray(10 * f + 9 * f, 20 * f)), Array.from(scaled.subarray(160 * f, 161 * f)));
  assert.equal(Array.from(seq.x.subarray(10 * f, 11 * f)), Array.from(scaled.subarray(151 * f, 152 * f)));
  assert.ok(Number.isNaN((seq.targets as Record<string, Float32Array>).h7[1]), 'masked target is NaN');
  assert.is((seq.targets as Record<string, Float32Array>).h7[0], prep.target.h7[150]);
});

test('datasetForRows refuses a row without a complete window', () => {
  const sc = fitRowScaler(prep, Int32Array.from([100, 101]));
  assert.throws(() => datasetForRows(prep, scaleMatrix(prep, sc), Int32Array.from([3]), { rank: 2 }), /complete feature window, received row 3/);
});

test.run();
