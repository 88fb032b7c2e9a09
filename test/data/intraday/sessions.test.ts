import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SessionCalendar, checkExchange, utcOffsetMinutes } from '../../../src/data/intraday/sessions';
import { checkTimeframe, canResample } from '../../../src/data/intraday/timeframe';
import { isoToDay } from '../../../src/util/dates';

const iso = (t: number) => new Date(t).toISOString();

test('NYSE session in winter is 14:30–21:00 UTC, in summer 13:30–20:00 UTC', () => {
  const cal = new SessionCalendar('NYSE');
  const w = cal.session(isoToDay('2020-01-02'))!;
  assert.is(iso(w.open), '2020-01-02T14:30:00.000Z');
  assert.is(iso(w.close), '2020-01-02T21:00:00.000Z');
  const s = cal.session(isoToDay('2020-07-06'))!;
  assert.is(iso(s.open), '2020-07-06T13:30:00.000Z');
  // DST starts on the second Sunday of March 2020 (March 8): Friday 6th is winter, Monday 9th summer
  assert.is(utcOffsetMinutes('NYSE', isoToDay('2020-03-06')), -300);
  assert.is(utcOffsetMinutes('NYSE', isoToDay('2020-03-09')), -240);
  assert.is(utcOffsetMinutes('NYSE', isoToDay('2006-04-03')), -240);
  assert.is(utcOffsetMinutes('NYSE', isoToDay('2006-03-20')), -300);
});

test('NYSE holidays, weekends and early closes', () => {
  const cal = new SessionCalendar('NYSE');
  assert.is(cal.session(isoToDay('2020-01-01')), undefined);
  assert.is(cal.session(isoToDay('2020-01-04')), undefined);
  assert.is(cal.session(isoToDay('2020-11-26')), undefined); // Thanksgiving
  assert.is(iso(cal.session(isoToDay('2020-11-27'))!.close), '2020-11-27T18:00:00.000Z');
  assert.is(iso(cal.session(isoToDay('2019-12-24'))!.close), '2019-12-24T18:00:00.000Z');
});

test('NSE: 09:15–15:30 IST = 03:45–10:00 UTC, fixed national holidays, extra holidays', () => {
  const cal = new SessionCalendar('NSE', { extraHolidays: [isoToDay('2024-03-25')] });
  const s = cal.session(isoToDay('2024-01-02'))!;
  assert.is(iso(s.open), '2024-01-02T03:45:00.000Z');
  assert.is(iso(s.close), '2024-01-02T10:00:00.000Z');
  assert.is(cal.session(isoToDay('2024-01-26')), undefined);
  assert.is(cal.session(isoToDay('2024-03-25')), undefined);
  assert.is(cal.localDay(Date.parse('2024-01-01T19:00:00Z')), isoToDay('2024-01-02'));
});

test('checkExchange and checkTimeframe name the accepted values', () => {
  assert.is(checkExchange('nyse'), 'NYSE');
  assert.throws(() => checkExchange('LSE'), /exchange among NYSE, NSE, received "LSE"/);
  assert.throws(() => checkTimeframe('2m', { key: 'data.timeframe' }), /data\.timeframe.*1d, 1h, 30m, 5m, 1m, received "2m"/);
  assert.ok(canResample('1m', '5m') && canResample('5m', '1h') && canResample('1h', '1d'));
  assert.not.ok(canResample('30m', '5m') || canResample('1h', '1h'));
});

test.run();
