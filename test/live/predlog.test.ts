import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { Store } from '../../src/data/store';
import { sliceBars } from '../../src/data/bars';
import { randomWalk } from '../../src/data/synthetic';
import { dayToIso } from '../../src/util/dates';
import { appendOnConnection, exportPredictionsJsonl, listPredictions, storedAccuracy, storedWeightHistory, verifyPredictions } from '../../src/live/predlog';
import { accuracyTable } from '../../src/live/accuracy';
import type { NewPrediction } from '../../src/live/types';
import { assertClose, rejects, tempDir } from '../helpers';

const bars = randomWalk({ n: 40, seed: 4, symbol: 'RW' });

function pred(i: number, horizon = 1, direction: 'up' | 'down' = 'up'): NewPrediction {
  return {
    symbol: 'RW', madeOn: dayToIso(bars.dates[i]), horizon, targetDate: dayToIso(bars.dates[i + horizon] ?? bars.dates[i] + 1), model: 'm@1',
    direction, probUp: direction === 'up' ? 0.6 : 0.4, expectedChange: direction === 'up' ? 0.001 : -0.001, confidence: 0.6, regime: 'sideways',
    signals: { p_model: 0.6, p_rsi: 0.5, raw_confidence: 0.6 }, baseClose: bars.close[i],
  };
}

async function setup(revealed: number): Promise<Store> {
  const store = new Store({ path: path.join(tempDir('wb-live-'), 'store.duckdb') });
  await store.upsertBars(sliceBars(bars, 0, revealed));
  return store;
}

test('append: pending rows; the same prediction twice is logged once and never overwritten', async () => {
  const store = await setup(30);
  const r1 = await store.withConnection((c) => appendOnConnection(c, [pred(10), pred(11, 1, 'down')]));
  assert.is(r1.inserted.length, 2);
  const changed = { ...pred(10), probUp: 0.99 };
  const r2 = await store.withConnection((c) => appendOnConnection(c, [changed]));
  assert.equal(r2.inserted, []);
  assert.equal(r2.skipped, ['RW|' + dayToIso(bars.dates[10]) + '|h1|m@1']);
  const rows = await listPredictions(store);
  assert.is(rows.length, 2);
  assert.is(rows[0].probUp, 0.6);
  assert.ok(rows.every((r) => r.status === 'pending'));
  await rejects(() => listPredictions(store, { status: 'done' as never }), /`pending` or `verified`/);
});

test('verify: fills actual outcome, hit and error from the horizon-th stored bar; twice changes nothing', async () => {
  const store = await setup(30);
  await store.withConnection((c) => appendOnConnection(c, [pred(10), pred(11, 1, 'down'), pred(12, 5), pred(28, 3)]));
  const v = await verifyPredictions(store);
  assert.is(v.verified.length, 3);
  assert.is(v.stillPending, 1);
  const rows = await listPredictions(store);
  const r10 = rows.find((r) => r.madeOn === dayToIso(bars.dates[10]))!;
  const ch = bars.close[11] / bars.close[10] - 1;
  assert.is(r10.status, 'verified');
  assert.is(r10.actualDate, dayToIso(bars.dates[11]));
  assertClose(r10.actualChange!, ch, 1e-12);
  assert.is(r10.hit, ch > 0);
  assertClose(r10.error!, 0.001 - ch, 1e-12);
  const r12 = rows.find((r) => r.horizon === 5)!;
  assertClose(r12.actualClose!, bars.close[17], 1e-12);
  assert.equal(await storedAccuracy(store), accuracyTable(rows));
  assert.is((await storedWeightHistory(store, 'RW')).length, 3);
  const again = await verifyPredictions(store);
  assert.equal(again.verified, []);
  assert.equal(await listPredictions(store), rows);
  // the pending one is verified once its bar arrives
  await store.upsertBars(sliceBars(bars, 0, 32));
  assert.is((await verifyPredictions(store)).verified.length, 1);
});

test('verify: kill -9 inside the transaction leaves the log as before; a rerun verifies consistently', async () => {
  const store = await setup(30);
  await store.withConnection((c) => appendOnConnection(c, [pred(10), pred(11), pred(12)]));
  const before = await listPredictions(store);
  const mod = path.join(__dirname, '../../src/live/predlog');
  const storeMod = path.join(__dirname, '../../src/data/store');
  const script = `const {verifyPredictions}=require(${JSON.stringify(mod)});const {Store}=require(${JSON.stringify(storeMod)});
    verifyPredictions(new Store({path:${JSON.stringify(store.path)}}),{beforeCommit:()=>process.kill(process.pid,'SIGKILL')});`;
  const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.is(child.signal, 'SIGKILL', `child ended with ${child.status} ${child.stderr}`);
  assert.equal(await listPredictions(store), before, 'nothing half-verified');
  assert.equal(await storedAccuracy(store), []);
  const v = await verifyPredictions(store);
  assert.is(v.verified.length, 3);
  const rows = await listPredictions(store);
  assert.ok(rows.every((r) => r.status === 'verified' && r.actualChange !== undefined));
  assert.equal(await storedAccuracy(store), accuracyTable(rows));
});

test('exportPredictionsJsonl: one JSON record per line, same as the table', async () => {
  const store = await setup(30);
  await store.withConnection((c) => appendOnConnection(c, [pred(10), pred(11)]));
  const file = path.join(tempDir(), 'p.jsonl');
  assert.is(await exportPredictionsJsonl(store, file), 2);
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines, await listPredictions(store));
});

test.run();
