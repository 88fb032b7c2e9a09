import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sliceBars, type Bars } from '../../src/data/bars';
import { parseIntradayBytes } from '../../src/data/intraday/parse';
import { resampleBars } from '../../src/data/intraday/resample';
import { syntheticMinuteBars } from '../../src/data/intraday/synthetic';
import { column } from '../../src/features/frame';
import { INTRADAY_FEATURES } from '../../src/features/intraday';
import { buildFeatures, featureCatalog } from '../../src/features/registry';
import { randomWalk } from '../../src/data/synthetic';
import { Rng } from '../../src/util/rng';
import { assertClose } from '../helpers';

function hourly(): Bars {
  const csv = 'datetime,open,high,low,close,volume\n' + [
    '2020-01-02T14:30Z,100,101,99,101,1',
    '2020-01-02T15:30Z,101,103,100,102,1',
    '2020-01-02T20:30Z,102,102,100,100,1',
    '2020-01-03T14:30Z,98,99,97,99,1',
  ].join('\n');
  const { bars } = parseIntradayBytes(csv);
  return { ...bars, timeframe: '1h' };
}

test('time of day, minutes since open / to close, session flags, overnight gap, realised variance (hand-computed)', () => {
  const f = buildFeatures(hourly(), { set: 'minimal' });
  for (const n of INTRADAY_FEATURES) assert.ok(f.names.includes(n), n);
  const c = (n: string) => Array.from(column(f, n));
  assert.equal(c('min_since_open'), [0, 60, 360, 0]);
  assert.equal(c('min_to_close'), [390, 330, 30, 390]);
  assert.equal(c('session_open'), [1, 0, 0, 1]);
  assert.equal(c('session_close'), [0, 0, 1, 0]);
  assertClose(c('tod_sin')[1], Math.sin((2 * Math.PI * 60) / 390), 1e-12);
  assertClose(c('tod_cos')[0], 1, 1e-12);
  assert.ok(Number.isNaN(c('overnight_gap')[0]));
  assertClose(c('overnight_gap')[3], Math.log(98 / 100), 1e-12);
  assertClose(c('overnight_gap')[2], NaN);
  const r1 = Math.log(101 / 100);
  const r2 = Math.log(102 / 101);
  const r3 = Math.log(100 / 102);
  assertClose(c('rv_intraday')[2], r1 * r1 + r2 * r2 + r3 * r3, 1e-12);
  assertClose(c('rv_prev_day')[3], r1 * r1 + r2 * r2 + r3 * r3, 1e-12);
  assertClose(c('ret_since_open')[2], Math.log(100 / 100), 1e-12);
  assertClose(c('rv_intraday')[3], Math.log(99 / 98) ** 2, 1e-12);
});

test('daily bars are unchanged: no intraday columns, same catalog', () => {
  const d = randomWalk({ n: 300, seed: 1 });
  const f = buildFeatures(d, { set: 'full' });
  assert.not.ok(f.names.some((n) => (INTRADAY_FEATURES as readonly string[]).includes(n) || n.startsWith('realized_vol')));
  assert.not.ok(featureCatalog().some((c) => c.family === 'intraday'));
});

test('minute returns feed daily volatility features through the 1d resample', () => {
  const m = syntheticMinuteBars({ days: 8, seed: 3 });
  const d = resampleBars(m, '1d', { realizedVariance: true });
  const f = buildFeatures(d, { set: 'minimal' });
  const rv = column(f, 'realized_vol');
  assert.is(rv.length, 8);
  // 390 minute returns of sd 0.0005: daily realised vol ≈ 0.0005·√390 ≈ 0.0099
  for (const x of rv) assert.ok(x > 0.008 && x < 0.012, `realized_vol ${x}`);
  assert.ok(Number.isNaN(column(f, 'realized_vol_5')[3]) && Number.isFinite(column(f, 'realized_vol_5')[4]));
});

test('no look-ahead on intraday bars: features at i <= t are identical on bars[0..t] and bars[0..t+k]', () => {
  const bars = resampleBars(syntheticMinuteBars({ days: 40, seed: 11 }), '5m'); // 3,120 bars
  const n = bars.times!.length;
  const rng = new Rng(5);
  const same = (a: number, b: number) => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
  const cases: Array<[number, number]> = [[n - 60, 59]];
  for (let trial = 0; trial < 4; trial++) {
    const t = 300 + rng.int(n - 400);
    cases.push([t, 1 + rng.int(n - 1 - t)]);
  }
  for (const [t, k] of cases) {
    const part = buildFeatures(sliceBars(bars, 0, t + 1), { set: 'full' });
    const full = buildFeatures(sliceBars(bars, 0, t + k + 1), { set: 'full' });
    assert.equal(part.names, full.names);
    for (let j = 0; j < full.names.length; j++) {
      for (let i = 0; i <= t; i++) {
        if (!same(part.columns[j][i], full.columns[j][i])) assert.unreachable(`${full.names[j]}[${i}] t=${t} k=${k}: ${part.columns[j][i]} vs ${full.columns[j][i]}`);
      }
    }
  }
  // not vacuous: the intraday columns are finite late in the series
  const f = buildFeatures(bars, { set: 'full' });
  for (const name of INTRADAY_FEATURES) assert.ok(Number.isFinite(column(f, name)[n - 1]), name);
});

test.run();
