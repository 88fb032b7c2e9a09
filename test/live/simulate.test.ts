/**
 * The simulated-days proof: replay 120 trading days of a synthetic series one day at a time through
 * update → predict → verify, then check the log and the accuracy table against a direct computation.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import '../../src/models/index';
import { Store } from '../../src/data/store';
import { sliceBars } from '../../src/data/bars';
import { ar1Returns } from '../../src/data/synthetic';
import { dayToIso, isoToDay } from '../../src/util/dates';
import { buildFeatures } from '../../src/features/registry';
import { memorySource } from '../../src/live/sources';
import { dailyUpdate } from '../../src/live/update';
import { runPredict } from '../../src/live/predictor';
import { listPredictions, storedAccuracy, storedWeightHistory, verifyPredictions } from '../../src/live/predlog';
import { accuracyTable } from '../../src/live/accuracy';
import { EXPERT_NAMES, weightsAsOf } from '../../src/live/adaptive';
import { trainLiveModel } from '../../src/live/train';
import { folderModelSource, liveModelDir, saveLiveModel } from '../../src/live/model-source';
import { readState } from '../../src/live/state';
import { assertClose, tempDir } from '../helpers';

const DAYS = 120;
const HORIZONS = [1, 3];

test('simulated days: 120 days of update → predict → verify; accuracy equals a direct computation', async () => {
  const dir = tempDir('wb-sim-');
  const bars = ar1Returns({ n: 1000, seed: 8, symbol: 'SIM' });
  const n0 = bars.dates.length - DAYS;
  const store = new Store({ path: path.join(dir, 'store.duckdb') });
  await store.upsertBars(sliceBars(bars, 0, n0));
  const root = path.join(dir, 'models');
  for (const h of HORIZONS) {
    const { model, meta } = await trainLiveModel(sliceBars(bars, 0, n0), { horizon: h, trainDays: 600, version: '1' });
    await saveLiveModel(liveModelDir(root, 'SIM', h), model, meta);
  }
  const models = folderModelSource(root);
  const source = memorySource([bars]);
  const jsonl = path.join(dir, 'predictions.jsonl');
  const modes: string[] = [];
  for (let d = n0; d < n0 + DAYS; d++) {
    source.asOf = bars.dates[d];
    const u = await dailyUpdate(store, { source, models, horizons: HORIZONS });
    assert.is(u.symbols[0].newBars, 1, `day ${d}: one new bar`);
    modes.push(u.symbols[0].mode);
    const p = await runPredict(store, { models, horizons: HORIZONS, jsonl: d === n0 + DAYS - 1 ? jsonl : false });
    assert.is(p.inserted.length, HORIZONS.length, `day ${d}: ${JSON.stringify(p.missing)}`);
    await verifyPredictions(store);
  }
  assert.is(modes.filter((m) => m === 'incremental').length, DAYS - 1, 'every day after the first extends features incrementally');

  const rows = await listPredictions(store);
  // nothing lost or duplicated: one prediction per day and horizon
  assert.is(rows.length, DAYS * HORIZONS.length);
  assert.is(new Set(rows.map((r) => r.id)).size, rows.length);
  for (const h of HORIZONS) {
    const days = rows.filter((r) => r.horizon === h).map((r) => r.madeOn);
    assert.equal(days, Array.from({ length: DAYS }, (_, i) => dayToIso(bars.dates[n0 + i])));
    // the last h predictions have no outcome yet
    assert.is(rows.filter((r) => r.horizon === h && r.status === 'pending').length, h);
  }

  // direct computation from predictions and actual closes
  let count = 0;
  let hits = 0;
  for (const r of rows) {
    const i = n0 + rows.filter((q) => q.horizon === r.horizon).indexOf(r);
    assert.is(r.madeOn, dayToIso(bars.dates[i]));
    if (i + r.horizon >= n0 + DAYS) {
      assert.is(r.status, 'pending');
      continue;
    }
    const change = bars.close[i + r.horizon] / bars.close[i] - 1;
    assert.is(r.status, 'verified');
    assert.is(r.actualDate, dayToIso(bars.dates[i + r.horizon]));
    assertClose(r.actualChange!, change, 1e-12);
    const hit = (r.probUp >= 0.5) === change > 0;
    assert.is(r.hit, hit);
    count++;
    if (hit) hits++;
  }
  const acc = await storedAccuracy(store);
  assert.is(acc.length, 1);
  assert.is(acc[0].count, count);
  assert.is(acc[0].hits, hits);
  assertClose(acc[0].accuracy, hits / count, 1e-12);
  assert.equal(acc, accuracyTable(rows));

  // adaptive weights of each prediction were learned only from outcomes dated before its day
  for (const r of rows) {
    const day = isoToDay(r.madeOn);
    const known = rows.filter((q) => q.status === 'verified' && isoToDay(q.actualDate!) < day);
    const w = weightsAsOf(known, day, { horizon: r.horizon });
    EXPERT_NAMES.forEach((name, j) => assertClose(r.signals[`w_${name}`], w[j], 1e-12, `${r.id} weight ${name}`));
  }
  const history = await storedWeightHistory(store, 'SIM');
  assert.is(history.length, count);

  // verifying again changes nothing; the JSONL export holds the same records
  assert.equal((await verifyPredictions(store)).verified, []);
  assert.equal(await listPredictions(store), rows);
  const lines = fs.readFileSync(jsonl, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.is(lines.length, rows.length);
  // incremental state equals a full recompute on the revealed bars
  const state = (await readState(store, 'SIM'))!;
  const full = buildFeatures(sliceBars(bars, 0, n0 + DAYS));
  const last = full.dates.length - 1;
  state.features.names.forEach((name, j) => {
    const a = state.features.columns[j][state.features.dates.length - 1];
    const b = full.columns[j][last];
    assert.ok((Number.isNaN(a) && Number.isNaN(b)) || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${name}: ${a} vs ${b}`);
  });
  assert.ok(state.statistical && state.statistical.var95 > 0 && state.statistical.maxDrawdown >= 0);
  assert.ok(state.ml?.retrain?.reasons.length);
});

test.run();
