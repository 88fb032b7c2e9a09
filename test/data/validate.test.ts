import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { validateBars } from '../../src/data/validate';
import { formatQualityReport } from '../../src/data/report-format';
import { cloneBars, type Bars } from '../../src/data/bars';
import { randomWalk } from '../../src/data/synthetic';
import { isoToDay, dayToIso } from '../../src/util/dates';
import { tradingDays } from '../../src/data/calendar';
import { assertClose } from '../helpers';

/** Clean bars on consecutive NYSE trading days from 2020-01-02. */
function clean(n = 60): Bars {
  const b = randomWalk({ n, seed: 5, start: '2020-01-02' });
  const days = tradingDays(isoToDay('2020-01-02'), isoToDay('2021-12-31'), 'nyse');
  b.dates.set(days.subarray(0, n));
  return b;
}
const check = (r: ReturnType<typeof validateBars>, name: string) => r.checks.find((c) => c.name === name)!;

test('clean bars on the NYSE calendar pass every check', () => {
  const r = validateBars(clean());
  assert.ok(r.ok);
  assert.is(r.rows, 60);
  assert.is(r.firstDate, '2020-01-02');
  assert.equal(r.checks.map((c) => c.count), [0, 0, 0, 0, 0, 0, 0, 0, 0]);
  assert.is(r.completeness.missing, 0);
});

test('OHLC logic: high < low, open above high, close below low are counted with file lines', () => {
  const b = cloneBars(clean());
  b.high[3] = b.low[3] - 1;
  b.open[7] = b.high[7] + 1;
  b.close[9] = b.low[9] - 0.01;
  const lines = Int32Array.from({ length: 60 }, (_, i) => i + 2);
  const r = validateBars(b, { lines });
  const c = check(r, 'ohlc');
  assert.not.ok(r.ok);
  assert.is(c.count, 3);
  assert.equal(c.examples.map((e) => e.line), [5, 9, 11]);
  assert.match(c.examples[0].message, /expected high >= low/);
  assert.match(c.examples[1].message, /expected high >= max\(open, close\)/);
  assert.match(c.examples[2].message, /expected low <= min\(open, close\)/);
});

test('non-finite or non-positive prices are counted (and not double-counted as OHLC)', () => {
  const b = cloneBars(clean());
  b.close[2] = NaN;
  b.low[4] = -1;
  b.open[6] = Infinity;
  const r = validateBars(b);
  assert.is(check(r, 'prices').count, 3);
  assert.is(check(r, 'ohlc').count, 0);
  assert.match(check(r, 'prices').examples[1].message, /low=-1/);
});

test('a > 50 % close-to-close move (either way, as a ratio) is flagged as a possible split', () => {
  const b = cloneBars(clean());
  for (let i = 20; i < 60; i++) {
    b.open[i] /= 2;
    b.high[i] /= 2;
    b.low[i] /= 2;
    b.close[i] /= 2;
  }
  const r = validateBars(b);
  const j = check(r, 'jumps');
  assert.is(j.count, 1);
  assert.is(j.examples[0].row, 20);
  assert.match(j.examples[0].message, /possible split/);
  assert.ok(validateBars(b, { maxMove: 1.5 }).ok);
});

test('zero volume is flagged; all-zero volume means no volume in the source and is skipped', () => {
  const b = cloneBars(clean());
  b.volume[10] = 0;
  assert.is(check(validateBars(b), 'volume').count, 1);
  b.volume.fill(0);
  const r = validateBars(b);
  assert.ok(r.ok);
  assert.match(check(r, 'volume').skipped!, /no volume/);
  assert.is(check(validateBars(b, { volume: 'check' }), 'volume').count, 60);
});

test('duplicate and unsorted dates are found even when not adjacent', () => {
  const b = cloneBars(clean(10));
  const d = Array.from(b.dates);
  b.dates.set([d[0], d[2], d[1], d[3], d[4], d[5], d[6], d[7], d[8], d[2]]);
  const r = validateBars(b);
  assert.is(check(r, 'order').count, 2);
  assert.is(check(r, 'duplicates').count, 1);
  assert.is(check(r, 'duplicates').examples[0].row, 9);
});

test('completeness: missing days against the NYSE calendar, the 5 % threshold and the longest gap', () => {
  const b = clean(100);
  const keep = Array.from({ length: 100 }, (_, i) => i).filter((i) => i < 40 || i >= 46); // drop 6 of 100 days
  const sub: Bars = { ...b, dates: Int32Array.from(keep, (i) => b.dates[i]), open: Float64Array.from(keep, (i) => b.open[i]), high: Float64Array.from(keep, (i) => b.high[i]), low: Float64Array.from(keep, (i) => b.low[i]), close: Float64Array.from(keep, (i) => b.close[i]), volume: Float64Array.from(keep, (i) => b.volume[i]) };
  const r = validateBars(sub, { maxMove: 10 });
  assert.is(r.completeness.expected, 100);
  assert.is(r.completeness.missing, 6);
  assertClose(r.completeness.missingFraction, 0.06);
  assert.is(r.completeness.longestGap, 6);
  assert.is(r.completeness.firstMissing[0], dayToIso(b.dates[40]));
  assert.not.ok(check(r, 'completeness').passed);
  assert.ok(validateBars(sub, { maxMove: 10, maxMissingFraction: 0.1 }).ok);
});

test('the weekdays calendar counts NYSE holidays as missing; bars on weekends are a calendar warning only', () => {
  const b = cloneBars(clean());
  const r = validateBars(b, { calendar: 'weekdays' });
  assert.ok(r.completeness.missing > 0); // 2020-01-20 (MLK) and 2020-02-17 fall in the range
  const w = cloneBars(clean(3));
  w.dates.set([isoToDay('2020-01-02'), isoToDay('2020-01-03'), isoToDay('2020-01-04')]); // Saturday
  const rw = validateBars(w);
  assert.is(check(rw, 'calendar').count, 1);
  assert.is(check(rw, 'calendar').severity, 'warning');
  assert.ok(rw.ok);
});

test('calendar none skips completeness; bad options are InputErrors', () => {
  assert.match(check(validateBars(clean(), { calendar: 'none' }), 'completeness').skipped!, /none/);
  assert.throws(() => validateBars(clean(), { maxMissingFraction: 2 }), /`maxMissingFraction`: a fraction in \[0, 1\], received 2/);
});

test('formatQualityReport shows a row per check and the offending lines', () => {
  const b = cloneBars(clean());
  b.high[3] = b.low[3] - 1;
  const text = formatQualityReport(validateBars(b, { lines: Int32Array.from({ length: 60 }, (_, i) => i + 2), source: 'x.csv' }));
  assert.match(text, /NOT OK/);
  assert.match(text, /ohlc +FAIL +1/);
  assert.match(text, /line 5 2020-01-07: expected high >= low/);
});

test.run();
