import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { dayToIso, isoToDay, lowerBound, upperBound, weekday } from '../../src/util/dates';

test('isoToDay and dayToIso round-trip', () => {
  assert.is(isoToDay('1970-01-01'), 0);
  assert.is(isoToDay('2000-01-03'), 10959);
  assert.is(dayToIso(10959), '2000-01-03');
  assert.is(dayToIso(isoToDay('2024-02-29')), '2024-02-29');
});

test('isoToDay rejects impossible or non-ISO dates with NaN', () => {
  for (const s of ['2023-02-29', '2020-13-01', '2020-1-5', '01/02/2020', '2020-01-01T00:00', '']) {
    assert.ok(Number.isNaN(isoToDay(s)), s);
  }
});

test('weekday: 2000-01-03 is a Monday', () => {
  assert.is(weekday(isoToDay('2000-01-03')), 1);
  assert.is(weekday(isoToDay('2000-01-02')), 0);
});

test('lowerBound / upperBound on sorted days', () => {
  const d = [1, 3, 3, 5];
  assert.is(lowerBound(d, 3), 1);
  assert.is(upperBound(d, 3), 3);
  assert.is(lowerBound(d, 6), 4);
  assert.is(upperBound(d, 0), 0);
});

test.run();
