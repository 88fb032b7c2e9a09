import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { easterDay, nyseHolidays, tradingDays, isTradingDay, yearOf } from '../../src/data/calendar';
import { dayToIso, isoToDay } from '../../src/util/dates';

const iso = (days: ArrayLike<number>) => Array.from(days, dayToIso);

test('nyseHolidays 2020: the nine published NYSE holidays', () => {
  assert.equal(iso(nyseHolidays(2020)), [
    '2020-01-01', '2020-01-20', '2020-02-17', '2020-04-10', '2020-05-25',
    '2020-07-03', '2020-09-07', '2020-11-26', '2020-12-25',
  ]);
});

test('nyseHolidays 2022: New Year on Saturday not observed, Juneteenth and Christmas moved to Monday', () => {
  assert.equal(iso(nyseHolidays(2022)), [
    '2022-01-17', '2022-02-21', '2022-04-15', '2022-05-30', '2022-06-20',
    '2022-07-04', '2022-09-05', '2022-11-24', '2022-12-26',
  ]);
});

test('nyseHolidays includes unscheduled closures (2001-09-11..14, 2012-10-29/30)', () => {
  const h2001 = iso(nyseHolidays(2001));
  for (const d of ['2001-09-11', '2001-09-12', '2001-09-13', '2001-09-14']) assert.ok(h2001.includes(d), d);
  const h2012 = iso(nyseHolidays(2012));
  assert.ok(h2012.includes('2012-10-29') && h2012.includes('2012-10-30'));
});

test('easterDay gives known Easter Sundays', () => {
  assert.is(dayToIso(easterDay(2024)), '2024-03-31');
  assert.is(dayToIso(easterDay(2000)), '2000-04-23');
  assert.is(dayToIso(easterDay(2019)), '2019-04-21');
});

test('tradingDays: first week of 2020 on nyse and weekdays calendars', () => {
  const from = isoToDay('2019-12-30');
  const to = isoToDay('2020-01-05');
  assert.equal(iso(tradingDays(from, to, 'nyse')), ['2019-12-30', '2019-12-31', '2020-01-02', '2020-01-03']);
  assert.equal(iso(tradingDays(from, to, 'weekdays')), ['2019-12-30', '2019-12-31', '2020-01-01', '2020-01-02', '2020-01-03']);
  assert.not.ok(isTradingDay(isoToDay('2020-01-01'), 'nyse'));
  assert.ok(isTradingDay(isoToDay('2020-01-01'), 'weekdays'));
});

test('yearOf inverts day numbers across leap years and year ends', () => {
  for (const s of ['1999-12-31', '2000-01-01', '2000-02-29', '2000-12-31', '1969-12-31', '2100-03-01']) {
    assert.is(yearOf(isoToDay(s)), +s.slice(0, 4), s);
  }
});

test.run();
