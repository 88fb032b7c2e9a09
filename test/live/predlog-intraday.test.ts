/**
 * The prediction log with intraday and return-forecast rows: a log written before the `timeframe` / `task`
 * columns reads and verifies as before; accuracy is kept per symbol and timeframe; the forecast scores and the
 * accuracy's CI and baseline are the hand-computed ones; intraday outcomes count stored bars of the timeframe.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'path';
import { Store } from '../../src/data/store';
import { randomWalk } from '../../src/data/synthetic';
import { dayToIso } from '../../src/util/dates';
import { appendOnConnection, listPredictions, storedAccuracy, verifyPredictions } from '../../src/live/predlog';
import { accuracyTable, forecastAccuracy } from '../../src/live/accuracy';
import { intradayOutcome } from '../../src/live/verify-intraday';
import { wilsonInterval } from '../../src/evaluation/significance/binomial';
import type { PredictionRecord } from '../../src/live/types';
import { assertClose, tempDir } from '../helpers';

const bars = randomWalk({ n: 20, seed: 9, symbol: 'OLD' });

test('a log written before the timeframe/task columns reads, gains them, and verifies as before', async () => {
  const store = new Store({ path: path.join(tempDir('wb-live-'), 'store.duckdb') });
  await store.upsertBars(bars);
  const madeOn = dayToIso(bars.dates[5]);
  await store.withConnection(async (c) => {
    // the first format of the table, one pending row as an old `predict` wrote it
    await c.run(`CREATE TABLE live_predictions (
      id VARCHAR PRIMARY KEY, symbol VARCHAR NOT NULL, made_on VARCHAR NOT NULL, horizon INTEGER NOT NULL,
      target_date VARCHAR NOT NULL, model VARCHAR NOT NULL, direction VARCHAR NOT NULL, prob_up DOUBLE NOT NULL,
      expected_change DOUBLE NOT NULL, confidence DOUBLE NOT NULL, regime VARCHAR NOT NULL, signals VARCHAR NOT NULL,
      base_close DOUBLE NOT NULL, status VARCHAR NOT NULL, created_at VARCHAR NOT NULL,
      actual_date VARCHAR, actual_close DOUBLE, actual_change DOUBLE, hit BOOLEAN, error DOUBLE, verified_at VARCHAR)`);
    await c.run(`INSERT INTO live_predictions VALUES ('OLD|${madeOn}|h1|m@1', 'OLD', '${madeOn}', 1, '${dayToIso(bars.dates[6])}', 'm@1', 'up', 0.6, 0.001, 0.6,
      'sideways', '{"p_model":0.6}', ${bars.close[5]}, 'pending', '2020-01-01T00:00:00.000Z', NULL, NULL, NULL, NULL, NULL, NULL)`);
  });
  const before = await listPredictions(store);
  assert.is(before.length, 1);
  assert.is(before[0].timeframe, undefined);
  assert.is(before[0].task, undefined);
  const v = await verifyPredictions(store);
  assert.equal(v.verified, [`OLD|${madeOn}|h1|m@1`]);
  const ch = bars.close[6] / bars.close[5] - 1;
  const [row] = await listPredictions(store);
  assertClose(row.actualChange!, ch, 1e-12);
  assert.is(row.actualDate, dayToIso(bars.dates[6]));
  const [acc] = await storedAccuracy(store);
  assert.is(acc.symbol, 'OLD');
  assert.is(acc.timeframe, undefined);
  assert.is(acc.hits, ch > 0 ? 1 : 0);
  // a new prediction of a return model keeps its task; an old row's id format is unchanged
  await store.withConnection((c) => appendOnConnection(c, [{ ...row, madeOn: dayToIso(bars.dates[7]), task: 'regression', signals: { forecast: 0.002 }, forecast: 0.002 }]));
  const all = await listPredictions(store);
  assert.is(all[1].id, `OLD|${dayToIso(bars.dates[7])}|h1|m@1`);
  assert.is(all[1].task, 'regression');
  assert.is(all[1].forecast, 0.002);
});

let seq = 0;
function rec(over: Partial<PredictionRecord>): PredictionRecord {
  return {
    id: `r${seq++}`, symbol: 'S', madeOn: '2020-01-02', horizon: 1, targetDate: '2020-01-03', model: 'm@1', direction: 'up', probUp: 0.6,
    expectedChange: 0, confidence: 0.6, regime: 'sideways', signals: {}, baseClose: 100, status: 'verified', createdAt: '', actualDate: '2020-01-03', ...over,
  };
}

test('accuracyTable: one entry per symbol and timeframe (daily first), Wilson CI on ⌊n/h⌋ outcomes, always-up baseline', () => {
  const rows = [
    rec({ actualChange: 0.01, hit: true }),
    rec({ actualChange: -0.01, hit: false, madeOn: '2020-01-03', actualDate: '2020-01-06' }),
    rec({ actualChange: -0.02, hit: true, direction: 'down', madeOn: '2020-01-06', actualDate: '2020-01-07' }),
    rec({ timeframe: '5m', madeOn: '2020-01-02T20:55Z', actualDate: '2020-01-03T14:30Z', actualChange: 0.001, hit: true }),
  ];
  const t = accuracyTable(rows);
  assert.equal(t.map((a) => [a.symbol, a.timeframe, a.count, a.hits]), [['S', undefined, 3, 2], ['S', '5m', 1, 1]]);
  assert.equal(t[0].accuracyCi, wilsonInterval(2, 3));
  assertClose(t[0].baseline!.accuracy, 1 / 3, 1e-12);
  // h = 2 on 3 outcomes: one non-overlapping outcome
  const t2 = accuracyTable(rows.slice(0, 3).map((r) => ({ ...r, horizon: 2 })));
  assert.equal(t2[0].accuracyCi, wilsonInterval(1, 1));
});

test('forecastAccuracy: MSE / R² of the forecast log return against ln(actual/base), beside the zero forecast', () => {
  const f = [0.01, -0.005, 0.002];
  const ch = [0.02, -0.01, -0.004];
  const rows = f.map((v, i) => rec({ task: 'regression', signals: { forecast: v }, actualChange: ch[i] }));
  const s = forecastAccuracy(rows, 1)!;
  const y = ch.map((c) => Math.log1p(c));
  const sse = y.reduce((a, v, i) => a + (v - f[i]) ** 2, 0);
  const sz = y.reduce((a, v) => a + v * v, 0);
  assertClose(s.mse, sse / 3, 1e-15);
  assertClose(s.baselineMse, sz / 3, 1e-15);
  assertClose(s.r2, 1 - sse / sz, 1e-12);
  assertClose(s.signAccuracy, 2 / 3, 1e-12);
  assert.ok(s.dm !== undefined && s.dm.pValue >= 0 && s.dm.pValue <= 1);
  assert.is(forecastAccuracy(rows.map((r) => ({ ...r, task: undefined })), 1), undefined);
});

test('intradayOutcome: the h-th stored bar after the one the prediction was made on (sessions are consecutive bars)', () => {
  const t0 = Date.parse('2020-01-31T20:50Z');
  const times = Float64Array.from([t0, t0 + 300_000, Date.parse('2020-02-03T14:30Z'), Date.parse('2020-02-03T14:35Z')]);
  const b = { ...randomWalk({ n: 4, seed: 1, symbol: 'X' }), times, timeframe: '5m' as const };
  const p = rec({ timeframe: '5m', madeOn: '2020-01-31T20:55Z', horizon: 2, status: 'pending' });
  assert.equal(intradayOutcome(p, b), { actualDate: '2020-02-03T14:35Z', actualClose: b.close[3] });
  assert.equal(intradayOutcome({ ...p, horizon: 1 }, b), { actualDate: '2020-02-03T14:30Z', actualClose: b.close[2] });
  assert.is(intradayOutcome({ ...p, horizon: 3 }, b), undefined);
  assert.is(intradayOutcome({ ...p, madeOn: '2020-01-31T20:45Z' }, b), undefined);
});

test.run();
