import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { Store } from '../../../src/data/store';
import { sliceBars } from '../../../src/data/bars';
import { syntheticMinuteBars, intradayCsv } from '../../../src/data/intraday/synthetic';
import { listIntraday, readIntradayBars, upsertIntradayBars, lastIntradayInstant } from '../../../src/data/intraday/store';
import { appendIntradayBars, importIntradayFile } from '../../../src/data/intraday/import';
import { resampleBars } from '../../../src/data/intraday/resample';
import { rejects, tempDir } from '../../helpers';

const fresh = () => new Store({ path: path.join(tempDir(), 'store.duckdb') });

test('minute bars round-trip through the store; 5m bars of the same symbol are kept apart', async () => {
  const store = fresh();
  const m = syntheticMinuteBars({ days: 3 });
  const r = await upsertIntradayBars(store, m);
  assert.equal(r, { inserted: 1170, replaced: 0, skipped: 0, days: 3, total: 1170 });
  await upsertIntradayBars(store, resampleBars(m, '5m'));
  const back = await readIntradayBars(store, 'MIN', '1m');
  assert.equal(back, m);
  assert.is((await readIntradayBars(store, 'MIN', '5m')).times!.length, 234);
  const list = await listIntraday(store);
  assert.equal(list.map((s) => [s.symbol, s.timeframe, s.rows, s.days]), [['MIN', '1m', 1170, 3], ['MIN', '5m', 234, 3]]);
  assert.is(await lastIntradayInstant(store, 'MIN', '1m'), m.times![1169]);
  assert.equal(await store.listSymbols(), []); // the daily table is untouched
  await rejects(() => readIntradayBars(store, 'MIN', '1h'), /a symbol with 1h bars in the store \(stored: MIN 1m, MIN 5m\), received "MIN"/);
});

test('upserts merge by instant inside a day: re-sent bars replace, earlier bars of the day stay', async () => {
  const store = fresh();
  const m = syntheticMinuteBars({ days: 2 });
  await upsertIntradayBars(store, sliceBars(m, 0, 500));
  const tail = sliceBars(m, 450); // overlaps 50 bars of day 2, which was stored in part
  const r = await upsertIntradayBars(store, tail);
  assert.equal(r, { inserted: 280, replaced: 50, skipped: 0, days: 1, total: 780 });
  assert.equal(await readIntradayBars(store, 'MIN', '1m'), m);
});

test('import with onlyNew appends the new day; a bad file writes nothing (file:line)', async () => {
  const store = fresh();
  const dir = tempDir();
  const m = syntheticMinuteBars({ days: 3 });
  const a = path.join(dir, 'MIN.csv');
  fs.writeFileSync(a, intradayCsv(m, { to: 780 }));
  const first = await importIntradayFile(store, a);
  assert.is(first.result.total, 780);
  const b = path.join(dir, 'MIN2.csv');
  fs.writeFileSync(b, intradayCsv(m));
  const upd = await importIntradayFile(store, b, { symbol: 'MIN', onlyNew: true });
  assert.is(upd.written, 390);
  assert.is(upd.result.days, 1);
  const bad = path.join(dir, 'BAD.csv');
  fs.writeFileSync(bad, intradayCsv(m).replace(/\n(2020-01-03T14:31Z[^\n]*)\n/, '\n$1\n$1\n'));
  await rejects(() => importIntradayFile(store, bad, { symbol: 'MIN' }), /BAD\.csv:\d+: column `datetime`: duplicates/);
  const day = sliceBars(m, 390, 780);
  const again = await appendIntradayBars(store, day);
  assert.is(again.written, 0);
  assert.is((await readIntradayBars(store, 'MIN', '1m')).times!.length, 1170);
});

test.run();
