import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseIntradayBytes, readIntradayCsv } from '../../../src/data/intraday/parse';
import { assertIntraday, checkIntraday } from '../../../src/data/intraday/validate';
import { intradayCsv, syntheticMinuteBars } from '../../../src/data/intraday/synthetic';
import { isoToDay } from '../../../src/util/dates';
import { tempDir } from '../../helpers';

const iso = (t: number) => new Date(t).toISOString();

test('offsets are converted to UTC; Z, ±hh:mm, ±hhmm; local trading day recorded', () => {
  const csv = 'Datetime,Open,High,Low,Close,Volume\n2020-01-02T09:30:00-05:00,10,11,9,10.5,100\n2020-01-02 14:31Z,10.5,11,10,10.8,50\n2020-01-02T09:32:00.000-0500,10.8,10.9,10.1,10.2,0\n';
  const { bars, lines, zoned } = parseIntradayBytes(csv, { symbol: 'X' });
  assert.equal(Array.from(bars.times!, iso), ['2020-01-02T14:30:00.000Z', '2020-01-02T14:31:00.000Z', '2020-01-02T14:32:00.000Z']);
  assert.equal(Array.from(bars.dates), [isoToDay('2020-01-02'), isoToDay('2020-01-02'), isoToDay('2020-01-02')]);
  assert.equal(Array.from(lines), [2, 3, 4]);
  assert.is(zoned, 3);
  assert.is(bars.exchange, 'NYSE');
  assert.equal(Array.from(bars.close), [10.5, 10.8, 10.2]);
});

test('a date-time without a zone is an error with file:line unless the file zone is given', () => {
  const csv = 'datetime,open,high,low,close,volume\n2020-07-06T09:30:00-04:00,1,1,1,1,1\n2020-07-06T09:31:00,1,1,1,1,1\n';
  assert.throws(() => parseIntradayBytes(csv), /<bytes>:3: column `datetime`: .*no zone.*--zone/);
  const ex = parseIntradayBytes(csv, { zone: 'exchange' });
  assert.is(iso(ex.bars.times![1]), '2020-07-06T13:31:00.000Z');
  const utc = parseIntradayBytes(csv, { zone: 'UTC' });
  assert.is(iso(utc.bars.times![1]), '2020-07-06T09:31:00.000Z');
  assert.throws(() => parseIntradayBytes(csv, { zone: 'Mars' }), /`zone`.*received "Mars"/);
});

test('bad rows: missing column, bad number, high < low, bad date name file:line', () => {
  assert.throws(() => parseIntradayBytes('datetime,open,high,low,close\n'), /<bytes>:1: column `volume`/);
  assert.throws(() => parseIntradayBytes('time,open,high,low,close,volume\n2020-01-02T14:30Z,1,x,1,1,1\n'), /<bytes>:2: column `high`: a finite number, received "x"/);
  assert.throws(() => parseIntradayBytes('time,open,high,low,close,volume\n2020-01-02T14:30Z,1,1,2,1,1\n'), /<bytes>:2: .*low <= open, close <= high/);
  assert.throws(() => parseIntradayBytes('time,open,high,low,close,volume\n2020-02-30T14:30Z,1,1,1,1,1\n'), /<bytes>:2: column `datetime`.*not a real date/);
});

test('validation: duplicates, bars outside the session, mixed timeframes and gaps with lines', () => {
  const head = 'datetime,open,high,low,close,volume\n';
  const row = (t: string) => `${t},1,1,1,1,1\n`;
  const load = (...ts: string[]) => parseIntradayBytes(head + ts.map(row).join(''));
  const check = (...ts: string[]) => {
    const p = load(...ts);
    return () => assertIntraday(p.bars, 'f.csv', { lines: p.lines });
  };
  assert.throws(check('2020-01-02T14:30Z', '2020-01-02T14:31Z', '2020-01-02T14:31Z'), /f\.csv:4: .*duplicates: expected one bar per instant/);
  assert.throws(check('2020-01-02T14:30Z', '2020-01-02T14:31Z', '2020-01-02T21:00Z'), /f\.csv:4: .*outside_session: expected bars inside the NYSE session 09:30–16:00 local time, received 2020-01-02 16:00/);
  assert.throws(check('2020-01-01T14:30Z', '2020-01-01T14:31Z'), /f\.csv:2: .*weekend or holiday/);
  assert.throws(check('2020-01-02T14:30Z', '2020-01-02T14:35Z', '2020-01-02T14:40Z', '2020-01-02T14:41Z'), /f\.csv:5: .*mixed_timeframe: expected one timeframe per file \(5m bars/);
  assert.throws(check('2020-01-02T14:30Z', '2020-01-02T14:31Z', '2020-01-02T14:34Z'), /f\.csv:4: .*gap: expected consecutive 1m bars inside a session, received a gap of 2 bar\(s\)/);
  const ok = load('2020-01-02T14:30Z', '2020-01-02T14:31Z', '2020-01-03T14:30Z');
  const r = checkIntraday(ok.bars);
  assert.is(r.timeframe, '1m');
  assert.is(r.sessions, 2);
  assert.is(r.partialSessions, 2);
  assert.is(r.problems.length, 0);
});

test('a generated month of minute bars round-trips through CSV and passes every check', async () => {
  const bars = syntheticMinuteBars({ days: 21, start: '2020-11-02' });
  const file = path.join(tempDir(), 'MIN.csv');
  fs.writeFileSync(file, intradayCsv(bars));
  const p = await readIntradayCsv(file, { symbol: 'MIN', chunkSize: 4096 });
  assert.equal(p.bars.times, bars.times);
  assert.equal(p.bars.dates, bars.dates);
  assert.equal(p.bars.close, bars.close);
  const r = assertIntraday(p.bars, file, { lines: p.lines });
  assert.is(r.timeframe, '1m');
  assert.is(r.sessions, 21);
  assert.is(r.partialSessions, 0);
  // 20 full days of 390 minutes plus the early close after Thanksgiving (210 minutes)
  assert.is(bars.times!.length, 20 * 390 + 210);
});

test.run();
