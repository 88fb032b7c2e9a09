import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { randomWalk } from '../../src/data/synthetic';
import { prepareData } from '../../src/training/prepare';
import { iterationRows, progressiveSchedule } from '../../src/training/schedule';
import { dayToIso, isoToDay } from '../../src/util/dates';

const bars = randomWalk({ n: 600, seed: 8, start: '2001-01-01' });
const prep = prepareData(bars, { featureSet: 'minimal', horizons: [1, 30], steps: 5 });

test('iteration k trains to initialEnd + (k-1)·increment and tests the next increment days', () => {
  const s = progressiveSchedule(bars.dates, { startDate: '2001-01-01', initialEndDate: '2002-01-01', windowIncrement: 7, maxIterations: 3 });
  assert.is(s.length, 3);
  assert.equal(
    s.map((w) => [w.iteration, dayToIso(w.trainEndDay), dayToIso(w.testStartDay), dayToIso(w.testEndDay)]),
    [
      [1, '2002-01-01', '2002-01-02', '2002-01-08'],
      [2, '2002-01-08', '2002-01-09', '2002-01-15'],
      [3, '2002-01-15', '2002-01-16', '2002-01-22'],
    ],
  );
});

test('the schedule ends with the data and rejects windows outside it', () => {
  const last = dayToIso(bars.dates[599]);
  const s = progressiveSchedule(bars.dates, { startDate: '2001-01-01', initialEndDate: dayToIso(bars.dates[590]), windowIncrement: 7, maxIterations: 30 });
  assert.ok(s.length >= 1 && s.length <= 2, `${s.length} iterations`);
  assert.ok(s[s.length - 1].testStartDay <= isoToDay(last));
  assert.throws(() => progressiveSchedule(bars.dates, { startDate: '2001-01-01', initialEndDate: '2030-01-01' }), /initial_end_date.*start_date < initial_end_date < the last date/);
});

test('training and validation labels end on or before trainEnd; validation is the tail; test rows follow', () => {
  const [w] = progressiveSchedule(bars.dates, { startDate: '2001-01-01', initialEndDate: '2002-06-03', windowIncrement: 14, maxIterations: 1 });
  for (const key of ['h1', 'h30']) {
    const r = iterationRows(prep, w, key, { validationFraction: 0.1 });
    const end = prep.endIndex[key];
    const firstTest = r.test[0];
    for (const row of [...r.train, ...r.validation]) assert.ok(bars.dates[end[row]] <= w.trainEndDay, `${key} row ${row}: label ends after trainEnd`);
    for (const row of r.train) assert.ok(end[row] < r.validation[0], `${key} train row ${row} purged against validation`);
    assert.ok(r.train[r.train.length - 1] < r.validation[0]);
    assert.ok(bars.dates[firstTest] > w.trainEndDay && bars.dates[r.test[r.test.length - 1]] <= w.testEndDay);
    for (let i = 1; i < r.validation.length; i++) assert.is(r.validation[i], r.validation[i - 1] + 1, 'validation is one contiguous tail');
  }
  const h1 = iterationRows(prep, w, 'h1', { validationFraction: 0.1 });
  const h30 = iterationRows(prep, w, 'h30', { validationFraction: 0.1 });
  // h = 30 loses 29 more rows at the end of the window to the purge
  assert.is(h1.validation[h1.validation.length - 1] - h30.validation[h30.validation.length - 1], 29);
});

test('purge: false keeps samples whose labels reach into the test block (for demonstrations only)', () => {
  const [w] = progressiveSchedule(bars.dates, { startDate: '2001-01-01', initialEndDate: '2002-06-03', windowIncrement: 14, maxIterations: 1 });
  const r = iterationRows(prep, w, 'h30', { validationFraction: 0.1, purge: false });
  const end = prep.endIndex.h30;
  assert.ok([...r.validation].some((row) => end[row] >= r.test[0]), 'some validation labels overlap the test block');
});

test.run();
