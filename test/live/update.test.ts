import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { Store } from '../../src/data/store';
import { barCount, sliceBars, type Bars } from '../../src/data/bars';
import { randomWalk } from '../../src/data/synthetic';
import { dayToIso } from '../../src/util/dates';
import { buildFeatures } from '../../src/features/registry';
import { barsAfter, csvFolderSource, memorySource } from '../../src/live/sources';
import { dailyUpdate } from '../../src/live/update';
import { readState } from '../../src/live/state';
import { tempDir } from '../helpers';

const a = randomWalk({ n: 900, seed: 1, symbol: 'AA' });
const b = randomWalk({ n: 900, seed: 2, symbol: 'BB' });

async function store(n: number): Promise<Store> {
  const s = new Store({ path: path.join(tempDir('wb-upd-'), 'store.duckdb') });
  await s.upsertBars(sliceBars(a, 0, n));
  await s.upsertBars(sliceBars(b, 0, n));
  return s;
}

test('barsAfter: keeps only dates strictly after the day', () => {
  assert.is(barCount(barsAfter(a, a.dates[10])), 889);
  assert.is(barCount(barsAfter(a, undefined)), 900);
});

test('dailyUpdate: full on first sight, incremental after, unchanged without new bars; state equals a full build', async () => {
  const s = await store(850);
  const src = memorySource([a, b]);
  src.asOf = a.dates[849];
  const first = await dailyUpdate(s, { source: src });
  assert.equal(first.symbols.map((u) => u.mode), ['full', 'full']);
  src.asOf = a.dates[852];
  const second = await dailyUpdate(s, { source: src, compareFull: true });
  assert.equal(second.symbols.map((u) => [u.mode, u.newBars]), [['incremental', 3], ['incremental', 3]]);
  assert.ok(second.symbols.every((u) => (u.maxDiff as number) < 1e-9));
  assert.is((await s.lastDate('BB')), dayToIso(b.dates[852]));
  const third = await dailyUpdate(s, { source: src, symbols: ['AA'] });
  assert.equal(third.symbols.map((u) => [u.symbol, u.mode, u.newBars]), [['AA', 'unchanged', 0]]);
  const st = (await readState(s, 'BB'))!;
  const full = buildFeatures(sliceBars(b, 0, 853));
  assert.is(st.features.dates.length, 5);
  const j = full.names.indexOf('obv');
  assert.ok(Math.abs(st.features.columns[j][4] - full.columns[j][852]) < 1e-6);
  assert.is(st.lastDate, dayToIso(b.dates[852]));
  assert.is(st.statistical!.asOf, st.lastDate);
});

test('dailyUpdate: a CSV drop folder adds only the newer rows', async () => {
  const s = await store(890);
  const dir = tempDir('wb-drop-');
  const csv = (x: Bars, n: number) => ['date,open,high,low,close,volume', ...Array.from({ length: n }, (_, i) => [dayToIso(x.dates[i]), x.open[i], x.high[i], x.low[i], x.close[i], x.volume[i]].join(','))].join('\n');
  fs.writeFileSync(path.join(dir, 'AA.csv'), csv(a, 892));
  const r = await dailyUpdate(s, { source: csvFolderSource(dir) });
  assert.equal(r.symbols.map((u) => [u.symbol, u.newBars, u.totalRows]), [['AA', 2, 892], ['BB', 0, 890]]);
});

test.run();
