/**
 * The live loop on minute bars: `update` appends a day of minute bars, then seed 002's retrain decision counts
 * new bars in each MODEL's timeframe (a 1m model sees 390 per session, a 1h model 7); the bars a timeframe is
 * served from; the instant h bars ahead across sessions.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { barCount, sliceBars } from '../../src/data/bars';
import { Store } from '../../src/data/store';
import { appendIntradayBars } from '../../src/data/intraday/import';
import { intradayCsv, syntheticMinuteBars } from '../../src/data/intraday/synthetic';
import type { Timeframe } from '../../src/data/intraday/timeframe';
import { BUNDLE_FORMAT, writeBundleMeta, type BundleMeta } from '../../src/training/bundle';
import { folderModelSource } from '../../src/live/model-source';
import { barsAhead, instantIso, intradayRetrainProfile, storedBarsOf } from '../../src/live/intraday';
import { updateCommand } from '../../src/cli/update';
import { dayToIso } from '../../src/util/dates';
import { runCommand } from '../cli/run-command';
import { tempDir } from '../helpers';

const DAY = 390;
const minutes = syntheticMinuteBars({ days: 12, start: '2020-01-02', seed: 3, symbol: 'MIN' });
const NOW = new Date('2020-01-21T00:00:00Z');

/** A model folder whose bundle.json says what the decision reads (timeframe, training end, age). */
function fakeModel(root: string, h: number, timeframe: Timeframe, trainEndDay: number, ageDays: number, now = NOW): void {
  const dir = path.join(root, 'MIN', `h${h}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'model.json'), '{}');
  const meta: BundleMeta = {
    format: BUNDLE_FORMAT, name: `m-${timeframe}`, version: '1', model: 'logistic', symbol: 'MIN', featureSet: 'minimal', featureNames: ['a'],
    steps: 30, rank: 2, scaler: { kind: 'zscore' } as unknown as BundleMeta['scaler'], task: 'binary', horizon: h, horizons: [h], neutralBand: 0.001,
    trainStart: '2020-01-02', trainEnd: dayToIso(trainEndDay), trainedAt: new Date(now.getTime() - ageDays * 86_400_000).toISOString(), dataSha256: 'x', origin: { mode: 'live' },
    ...(timeframe === '1d' ? {} : { timeframe, exchange: 'NYSE' }),
  };
  writeBundleMeta(dir, meta);
}

test('update appends a day of minute bars; the retrain decision counts bars of each model\'s timeframe', async () => {
  const dir = tempDir('wb-intra-');
  const store = new Store({ path: path.join(dir, 'store.duckdb') });
  await appendIntradayBars(store, sliceBars(minutes, 0, 10 * DAY), { onlyNew: false });
  const root = path.join(dir, 'models');
  const day10 = minutes.dates[10 * DAY - 1];
  // the CLI's clock is the real one: ages are relative to it
  fakeModel(root, 1, '1m', day10, 8, new Date()); // minute model, 8 days old
  fakeModel(root, 2, '1h', day10, 8, new Date()); // hourly model, 8 days old
  fakeModel(root, 3, '1d', day10, 8, new Date()); // daily model
  const csv = path.join(dir, 'day11.csv');
  fs.writeFileSync(csv, intradayCsv(minutes, { from: 10 * DAY, to: 11 * DAY }));
  const r = await runCommand(updateCommand, ['--from', csv, '--symbols', 'MIN', '--models', root, '--horizons', '1,2,3,4', '--store', store.path, '--json']);
  assert.is(r.code, 0, r.err);
  const out = JSON.parse(r.out);
  assert.is(out.inserted, DAY);
  assert.is(out.total, 11 * DAY);
  const byH = new Map<number, { newBars: number; timeframe: string }>(out.ml.models.map((m: { horizon: number }) => [m.horizon, m]));
  assert.equal([1, 2, 3].map((h) => [byH.get(h)!.timeframe, byH.get(h)!.newBars]), [['1m', DAY], ['1h', 7], ['1d', 1]]);
  const reasons: string[] = out.ml.retrain.reasons;
  assert.ok(reasons.some((s) => /^h1 \(1m bars\): model is 8\.0 days old > 7 with 390 new bars$/.test(s)), reasons.join('\n'));
  assert.ok(reasons.some((s) => /^h2 \(1h bars\): keep: 7 new bars < 100$/.test(s)), reasons.join('\n'));
  assert.ok(reasons.some((s) => /^h3 \(1d bars\): keep: 1 new bars < 100$/.test(s)), reasons.join('\n'));
  assert.ok(reasons.some((s) => /^h4: no model yet/.test(s)), 'h4 has no model');
  assert.is(out.ml.retrain.retrain, true);
  // the text report prints the decision too
  fs.writeFileSync(csv, intradayCsv(minutes, { from: 11 * DAY, to: 11 * DAY + 50 }));
  const text = await runCommand(updateCommand, ['--from', csv, '--symbols', 'MIN', '--models', root, '--horizons', '1', '--store', store.path]);
  assert.is(text.code, 0, text.err);
  assert.match(text.out, /written 50: inserted 50/);
  assert.match(text.out, /MIN retrain: yes: h1 \(1m bars\): model is \d+\.\d days old > 7 with 440 new bars/);
});

test('intradayRetrainProfile: under 100 new minute bars keeps an old model; a young one is kept with many', async () => {
  const dir = tempDir('wb-intra-');
  const store = new Store({ path: path.join(dir, 'store.duckdb') });
  await appendIntradayBars(store, sliceBars(minutes, 0, 11 * DAY + 60), { onlyNew: false });
  const root = path.join(dir, 'models');
  fakeModel(root, 1, '1m', minutes.dates[11 * DAY - 1], 30);
  fakeModel(root, 2, '5m', minutes.dates[9 * DAY - 1], 1);
  const p = await intradayRetrainProfile(store, 'MIN', { models: folderModelSource(root), horizons: [1, 2], now: NOW });
  assert.equal(p.models.map((m) => [m.timeframe, m.newBars]), [['1m', 60], ['5m', 2 * 78 + 12]]);
  assert.equal(p.retrain!.reasons, ['h1 (1m bars): keep: 60 new bars < 100', 'h2 (5m bars): keep: model is 1.0 days old <= 7']);
  assert.is(p.retrain!.retrain, false);
});

test('storedBarsOf resamples a finer stored series and reads only the sessions a lookback needs; barsAhead crosses sessions', async () => {
  const dir = tempDir('wb-intra-');
  const store = new Store({ path: path.join(dir, 'store.duckdb') });
  await appendIntradayBars(store, minutes, { onlyNew: false });
  const h = await storedBarsOf(store, 'MIN', '1h');
  assert.is(h.timeframe, '1h');
  assert.is(barCount(h), 12 * 7);
  const tail = await storedBarsOf(store, 'MIN', '5m', { lookback: 100 });
  assert.ok(barCount(tail) >= 100 && barCount(tail) < 12 * 78, `${barCount(tail)} bars`);
  assert.is(tail.times![barCount(tail) - 1], minutes.times![minutes.times!.length - 5]);
  let message = '';
  try {
    await storedBarsOf(store, 'NOPE', '5m');
  } catch (e) {
    message = (e as Error).message;
  }
  assert.match(message, /`symbol`: 5m \(or finer\) intraday bars of NOPE in the store, received no intraday bars of it/);
  // 2020-01-02 is a Thursday: 20:55Z (15:55 New York) + 1 five-minute bar = Friday's open 14:30Z; + 2 bars = 14:35Z
  const t = Date.parse('2020-01-02T20:55:00Z');
  assert.is(instantIso(barsAhead(t, '5m', 'NYSE', 1)), '2020-01-03T14:30Z');
  assert.is(instantIso(barsAhead(t, '5m', 'NYSE', 2)), '2020-01-03T14:35Z');
  assert.is(instantIso(barsAhead(Date.parse('2020-01-03T20:00:00Z'), '1h', 'NYSE', 1)), '2020-01-06T14:30Z');
});

test.run();
