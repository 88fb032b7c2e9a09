import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { dailyRealizedVariance, resampleBars } from '../../../src/data/intraday/resample';
import { syntheticMinuteBars } from '../../../src/data/intraday/synthetic';
import { parseIntradayBytes } from '../../../src/data/intraday/parse';
import { checkIntraday } from '../../../src/data/intraday/validate';
import { assertClose } from '../../helpers';

const iso = (t: number) => new Date(t).toISOString();

test('1m → 5m: first open, max high, min low, last close, summed volume, buckets from the open', () => {
  const csv = 'datetime,open,high,low,close,volume\n' + [
    '2020-01-02T14:30Z,10,12,9,11,1',
    '2020-01-02T14:31Z,11,13,10,12,2',
    '2020-01-02T14:32Z,12,12,8,9,3',
    '2020-01-02T14:33Z,9,10,9,10,4',
    '2020-01-02T14:34Z,10,11,10,11,5',
    '2020-01-02T14:35Z,11,11,11,11,6',
  ].join('\n');
  const p = parseIntradayBytes(csv);
  p.bars.timeframe = '1m';
  const r = resampleBars(p.bars, '5m');
  assert.equal(Array.from(r.times!, iso), ['2020-01-02T14:30:00.000Z', '2020-01-02T14:35:00.000Z']);
  assert.equal(Array.from(r.open), [10, 11]);
  assert.equal(Array.from(r.high), [13, 11]);
  assert.equal(Array.from(r.low), [8, 11]);
  assert.equal(Array.from(r.close), [11, 11]);
  assert.equal(Array.from(r.volume), [15, 6]);
  assert.is(r.timeframe, '5m');
});

test('1m → 5m → 1h → 1d agrees with 1m → 1h and 1m → 1d; NYSE hours end with a partial 15:30 bar', () => {
  const m = syntheticMinuteBars({ days: 2, start: '2020-11-25' }); // 25th full, 27th early close
  const h1 = resampleBars(m, '1h');
  const h2 = resampleBars(resampleBars(m, '5m'), '1h');
  assert.equal(h1, h2);
  assert.is(checkIntraday(h1).problems.length, 0);
  // 2020-11-25: 09:30 … 15:30 = 7 bars; 2020-11-27 (close 13:00): 09:30, 10:30, 11:30, 12:30 = 4 bars
  assert.is(h1.times!.length, 11);
  assert.is(iso(h1.times![6]), '2020-11-25T20:30:00.000Z');
  const d1 = resampleBars(m, '1d');
  assert.equal(resampleBars(h1, '1d'), d1);
  assert.is(d1.times, undefined);
  assert.is(d1.dates.length, 2);
  assert.is(d1.open[0], m.open[0]);
  assert.is(d1.close[1], m.close[m.close.length - 1]);
  assert.throws(() => resampleBars(h1, '5m'), /coarser than 1h.*received "5m"/);
  assert.throws(() => resampleBars(d1, '1h'), /intraday bars to resample, received daily bars/);
});

test('dailyRealizedVariance sums squared minute log returns of each day', () => {
  const csv = 'datetime,open,high,low,close,volume\n2020-01-02T14:30Z,100,110,100,110,1\n2020-01-02T14:31Z,110,110,99,99,1\n2020-01-03T14:30Z,98,100,98,100,1\n';
  const { bars } = parseIntradayBytes(csv);
  const { dates, rv } = dailyRealizedVariance(bars);
  assert.is(dates.length, 2);
  assertClose(rv[0], Math.log(1.1) ** 2 + Math.log(99 / 110) ** 2, 1e-12);
  assertClose(rv[1], Math.log(100 / 98) ** 2, 1e-12);
});

test.run();
