import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { Store, openStore } from '../../src/data/store';
import { checkStorableBars } from '../../src/data/store-write';
import { defaultStorePath } from '../../src/data/store-db';
import { randomWalk } from '../../src/data/synthetic';
import { allocBars, cloneBars, sliceBars, type Bars } from '../../src/data/bars';
import { isoToDay } from '../../src/util/dates';
import { InputError } from '../../src/util/errors';
import { assertClose, rejects, tempDir } from '../helpers';

function freshStore(): Store {
  return new Store({ path: path.join(tempDir('wb-store-'), 'store.duckdb') });
}

/** Three hand-written bars on 2024-01-02..04 (adjClose = close - 1). */
function tiny(symbol = 'TINY'): Bars {
  const b = allocBars(symbol, 3, { adjClose: true });
  const d0 = isoToDay('2024-01-02');
  [0, 1, 2].forEach((i) => {
    b.dates[i] = d0 + i;
    b.open[i] = 10 + i;
    b.high[i] = 11 + i;
    b.low[i] = 9 + i;
    b.close[i] = 10.5 + i;
    (b.adjClose as Float64Array)[i] = 9.5 + i;
    b.volume[i] = 1000 * (i + 1);
  });
  return b;
}

test('defaultStorePath lives under WORKBENCH_HOME', () => {
  const prev = process.env.WORKBENCH_HOME;
  const home = tempDir('wb-home-');
  process.env.WORKBENCH_HOME = home;
  try {
    assert.is(defaultStorePath(), path.join(home, 'store.duckdb'));
    assert.is(openStore().path, path.join(home, 'store.duckdb'));
  } finally {
    if (prev === undefined) delete process.env.WORKBENCH_HOME;
    else process.env.WORKBENCH_HOME = prev;
  }
});

test('upsertBars then readBars round-trips every column exactly', async () => {
  const store = freshStore();
  const bars = tiny();
  const r = await store.upsertBars(bars);
  assert.equal(r, { inserted: 3, updated: 0, unchanged: 0, total: 3 });
  const back = await store.readBars('TINY');
  assert.is(back.symbol, 'TINY');
  assert.ok(back.dates instanceof Int32Array && back.close instanceof Float64Array);
  assert.equal(Array.from(back.dates), Array.from(bars.dates));
  for (const k of ['open', 'high', 'low', 'close', 'volume', 'adjClose'] as const) {
    assert.equal(Array.from(back[k] as Float64Array), Array.from(bars[k] as Float64Array), k);
  }
  assert.is(back.extra, undefined);
});

test('re-importing the same bars never duplicates and reports them unchanged', async () => {
  const store = freshStore();
  const bars = randomWalk({ n: 300, symbol: 'GBM' });
  await store.upsertBars(bars);
  const again = await store.upsertBars(bars);
  assert.equal(again, { inserted: 0, updated: 0, unchanged: 300, total: 300 });
  assert.is((await store.readBars('GBM')).dates.length, 300);
});

test('overlapping append inserts new dates, updates changed ones and keeps older rows', async () => {
  const store = freshStore();
  const all = randomWalk({ n: 100, symbol: 'GBM' });
  await store.upsertBars(sliceBars(all, 0, 60));
  const next = cloneBars(sliceBars(all, 50, 100)); // 10 overlapping rows, 40 new
  next.close[0] = next.close[0] * 1.01; // one overlapping row changes
  next.high[0] = Math.max(next.high[0], next.close[0]);
  const r = await store.upsertBars(next);
  assert.equal(r, { inserted: 40, updated: 1, unchanged: 9, total: 100 });
  const back = await store.readBars('GBM');
  assert.is(back.dates.length, 100);
  assertClose(back.close[50], all.close[50] * 1.01, 1e-12);
  assert.is(back.close[49], all.close[49]);
});

test('upsertBars does not modify the caller arrays', async () => {
  const store = freshStore();
  const bars = tiny();
  const copy = cloneBars(bars);
  await store.upsertBars(bars);
  assert.equal(bars, copy);
});

test('readBars honours inclusive from/to as ISO dates or day numbers', async () => {
  const store = freshStore();
  await store.upsertBars(tiny());
  const mid = await store.readBars('TINY', { from: '2024-01-03', to: '2024-01-03' });
  assert.equal(Array.from(mid.close), [11.5]);
  const tail = await store.readBars('TINY', { from: isoToDay('2024-01-03') });
  assert.equal(Array.from(tail.close), [11.5, 12.5]);
  const none = await store.readBars('TINY', { from: '2025-01-01' });
  assert.is(none.dates.length, 0);
  await rejects(() => store.readBars('TINY', { from: '2024-13-01' }), /`from`: a date as YYYY-MM-DD/);
});

test('reads of a store file that does not exist answer empty without creating it', async () => {
  const store = freshStore();
  assert.equal(await store.listSymbols(), []);
  assert.is(await store.lastDate('AAA'), undefined);
  assert.is(await store.latestQualityReport('AAA'), undefined);
  assert.is(await store.deleteSymbol('AAA'), 0);
  await rejects(() => store.readBars('AAA'), /does not exist yet\), received "AAA"/);
  assert.is(store.exists(), false);
  assert.is(fs.existsSync(store.path), false);
});

test('readBars of an unknown symbol names the stored ones', async () => {
  const store = freshStore();
  await store.upsertBars(tiny('ZZZ'));
  await store.deleteSymbol('ZZZ');
  await rejects(() => store.readBars('NOPE'), /the store is empty.*"NOPE"/);
  await store.upsertBars(tiny('AAA'));
  await rejects(() => store.readBars('NOPE'), /a symbol in the store \(AAA\), received "NOPE"/);
});

test('missing adjClose reads back as no adjClose column', async () => {
  const store = freshStore();
  const bars = tiny();
  delete bars.adjClose;
  await store.upsertBars(bars);
  assert.is((await store.readBars('TINY')).adjClose, undefined);
});

test('extra columns are stored long and read back aligned, NaN meaning unknown', async () => {
  const store = freshStore();
  const bars = tiny();
  bars.extra = { pe: new Float64Array([NaN, 20, 21]), vix: new Float64Array([13, NaN, 14]) };
  await store.upsertBars(bars);
  const back = await store.readBars('TINY');
  assert.equal(Object.keys(back.extra ?? {}), ['pe', 'vix']);
  assert.equal(Array.from(back.extra?.pe ?? []), [NaN, 20, 21]);
  assert.equal(Array.from(back.extra?.vix ?? []), [13, NaN, 14]);
  const noExtras = await store.readBars('TINY', { extras: false });
  assert.is(noExtras.extra, undefined);
  // a later import with NaN clears the stored value
  const upd = cloneBars(bars);
  (upd.extra as Record<string, Float64Array>).pe[2] = NaN;
  await store.upsertBars(upd);
  assert.equal(Array.from((await store.readBars('TINY')).extra?.pe ?? []), [NaN, 20, NaN]);
});

test('listSymbols and lastDate summarise each symbol', async () => {
  const store = freshStore();
  assert.equal(await store.listSymbols(), []);
  await store.upsertBars(tiny('BBB'), { source: 'b.csv' });
  await store.upsertBars(sliceBars(tiny('AAA'), 0, 2));
  const list = await store.listSymbols();
  assert.equal(
    list.map((s) => [s.symbol, s.rows, s.firstDate, s.lastDate, s.source]),
    [
      ['AAA', 2, '2024-01-02', '2024-01-03', ''],
      ['BBB', 3, '2024-01-02', '2024-01-04', 'b.csv'],
    ],
  );
  assert.match(list[0].updatedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.is(await store.lastDate('BBB'), '2024-01-04');
  assert.is(await store.lastDate('CCC'), undefined);
});

test('quality reports: the latest one is returned, older ones kept', async () => {
  const store = freshStore();
  assert.is(await store.latestQualityReport('TINY'), undefined);
  await store.saveQualityReport('TINY', { ok: false, rows: 3, symbol: 'TINY' });
  await store.saveQualityReport('TINY', { ok: true, rows: 4, symbol: 'TINY' });
  const latest = await store.latestQualityReport<{ ok: boolean; rows: number }>('TINY');
  assert.equal(latest?.report, { ok: true, rows: 4, symbol: 'TINY' });
  assert.match(latest?.createdAt ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  const count = await store.withConnection(async (c) => (await c.runAndReadAll('SELECT count(*)::INTEGER FROM quality_reports')).getRows()[0][0]);
  assert.is(count, 2);
  const circular: Record<string, unknown> = {};
  circular.self = circular;
  await rejects(() => store.saveQualityReport('TINY', circular), /`report`: a JSON-serialisable quality report/);
});

test('upsertBars saves the quality report in the same write; a bad report writes nothing', async () => {
  const store = freshStore();
  await store.upsertBars(tiny(), { qualityReport: { ok: true, rows: 3 } });
  assert.equal((await store.latestQualityReport('TINY'))?.report, { ok: true, rows: 3 });
  const circular: Record<string, unknown> = {};
  circular.self = circular;
  await rejects(() => store.upsertBars(tiny('NEW'), { qualityReport: circular }), /JSON-serialisable/);
  assert.equal((await store.listSymbols()).map((s) => s.symbol), ['TINY']);
});

test('deleteSymbol removes bars, extras and reports of that symbol only', async () => {
  const store = freshStore();
  const a = tiny('AAA');
  a.extra = { pe: new Float64Array([1, 2, 3]) };
  await store.upsertBars(a);
  await store.upsertBars(tiny('BBB'));
  await store.saveQualityReport('AAA', { ok: true });
  assert.is(await store.deleteSymbol('AAA'), 3);
  assert.is(await store.deleteSymbol('AAA'), 0);
  assert.equal((await store.listSymbols()).map((s) => s.symbol), ['BBB']);
  assert.is(await store.latestQualityReport('AAA'), undefined);
  const extras = await store.withConnection(async (c) => (await c.runAndReadAll('SELECT count(*)::INTEGER FROM bar_extras')).getRows()[0][0]);
  assert.is(extras, 0);
});

test('symbols with `/`, `..` or spaces are rejected before touching the store', async () => {
  const dir = tempDir('wb-store-');
  const store = new Store({ path: path.join(dir, 'store.duckdb') });
  for (const bad of ['../etc', 'A/B', 'A B', 'A..B', '']) {
    await rejects(() => store.readBars(bad), /a symbol of 1-32 letters/);
    await rejects(() => store.upsertBars(tiny(bad)), /a symbol of 1-32 letters/);
    await rejects(() => store.deleteSymbol(bad), /a symbol of 1-32 letters/);
    await rejects(() => store.saveQualityReport(bad, {}), /a symbol of 1-32 letters/);
  }
  assert.is(fs.existsSync(path.join(dir, 'store.duckdb')), false);
});

test('checkStorableBars names the bad row and column', () => {
  const b = tiny();
  b.high[1] = NaN;
  assert.throws(() => checkStorableBars(b), /TINY: `2024-01-03`: column `high`: a finite price, received NaN/);
  const c = tiny();
  c.dates[2] = c.dates[1];
  assert.throws(() => checkStorableBars(c), /column `date`: dates strictly increasing \(after 2024-01-03\), received 2024-01-03/);
  const d = tiny();
  d.volume = new Float64Array(2);
  assert.throws(() => checkStorableBars(d), /column `volume`: a column of 3 values.*received 2 values/);
  const e = tiny();
  e.volume[0] = -1;
  assert.throws(() => checkStorableBars(e), (err: Error) => err instanceof InputError && /a finite volume >= 0/.test(err.message));
});

test('an invalid import leaves the store unchanged', async () => {
  const store = freshStore();
  const good = randomWalk({ n: 50, symbol: 'GBM' });
  await store.upsertBars(good);
  const bad = cloneBars(randomWalk({ n: 80, symbol: 'GBM', seed: 7 }));
  bad.close[79] = Infinity; // the last row is bad: nothing of the first 79 may be written
  await rejects(() => store.upsertBars(bad), /column `close`: a finite price, received Infinity/);
  const back = await store.readBars('GBM');
  assert.equal(Array.from(back.close), Array.from(good.close));
});

test('a failure inside the write transaction rolls everything back', async () => {
  const store = freshStore();
  await store.upsertBars(tiny());
  // Simulate a failure after the bars were upserted: a CHECK constraint on `symbols` makes the
  // metadata insert (the last write of the transaction) fail.
  await store.withConnection(async (c) => {
    await c.run('DROP TABLE symbols');
    await c.run("CREATE TABLE symbols (symbol VARCHAR PRIMARY KEY, source VARCHAR CHECK (source <> 'explode'), updated_at TIMESTAMP)");
  });
  const changed = cloneBars(tiny());
  changed.close[0] = 10.75;
  await rejects(() => store.upsertBars(changed, { source: 'explode' }), /constraint|CHECK/i);
  assert.is((await store.readBars('TINY')).close[0], 10.5);
});

test('a store written by a newer schema version is refused with a clear message', async () => {
  const store = freshStore();
  await store.withConnection((c) => c.run("UPDATE meta SET value = '99' WHERE key = 'schema_version'"));
  await rejects(() => store.listSymbols(), /schema version 99, newer than this workbench reads \(1\)/);
});

test('importing 5,104 bars takes well under a second', async () => {
  const store = freshStore();
  const bars = randomWalk({ n: 5104, symbol: 'SPX' });
  const t0 = Date.now();
  const r = await store.upsertBars(bars);
  const ms = Date.now() - t0;
  assert.is(r.total, 5104);
  assert.ok(ms < 1500, `upsert of 5,104 rows took ${ms} ms`);
});

test.run();
