import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { syntheticPanel, writeSyntheticUniverse, panelBarsCsv } from '../../src/data/panel-synthetic';
import { nseLikeHolidays, nseLikeTradingDays } from '../../src/data/panel-calendar';
import { nyseHolidays } from '../../src/data/calendar';
import { loadBars } from '../../src/data/load';
import { isoToDay, weekday } from '../../src/util/dates';
import { tempDir } from '../helpers';

const small = { days: 300, seed: 3 };

test('default layout: 26 members, 6 indices first, 20 equities in 5 sectors of 4, each with bars', () => {
  const p = syntheticPanel(small);
  assert.is(p.members.length, 26);
  assert.equal(p.members.slice(0, 6).map((m) => m.assetClass), ['index', 'index', 'index', 'volatility', 'index', 'index']);
  const eq = p.members.filter((m) => m.assetClass === 'equity');
  assert.is(eq.length, 20);
  const bySector = new Map<string, number>();
  for (const m of eq) bySector.set(m.sector, (bySector.get(m.sector) ?? 0) + 1);
  assert.equal([...bySector.values()], [4, 4, 4, 4, 4]);
  for (const m of p.members) assert.ok(p.bars[m.symbol].close.length > 250, m.symbol);
  assert.is(p.bars.TEC1.close.length, 300);
});

test('bars are consistent OHLC with strictly increasing weekday dates', () => {
  const p = syntheticPanel(small);
  for (const m of p.members) {
    const b = p.bars[m.symbol];
    for (let i = 0; i < b.close.length; i++) {
      if (i > 0) assert.ok(b.dates[i] > b.dates[i - 1]);
      assert.ok(weekday(b.dates[i]) >= 1 && weekday(b.dates[i]) <= 5);
      assert.ok(b.high[i] >= Math.max(b.open[i], b.close[i]) && b.low[i] <= Math.min(b.open[i], b.close[i]) && b.low[i] > 0, `${m.symbol}[${i}]`);
    }
  }
});

test('calendars differ: NSE members trade on NYSE holidays and skip their own', () => {
  const p = syntheticPanel(small);
  const nse = new Set(p.bars['^SYNNIFTY'].dates);
  const nyse = new Set(p.bars.TEC1.dates);
  const july4 = isoToDay('2019-07-04');
  assert.ok(nse.has(july4) && !nyse.has(july4));
  const festival = nseLikeHolidays(2019).find((d) => nyse.has(d));
  assert.ok(festival !== undefined && !nse.has(festival));
  assert.equal(p.members.filter((m) => m.market === 'NSE').map((m) => m.symbol), ['^SYNNIFTY', '^SYNBANK']);
  for (const d of nyseHolidays(2019)) assert.not.ok(nyse.has(d));
});

test('NSE-like calendar: fixed holidays on weekdays are closed, about 245 days a year', () => {
  const days = nseLikeTradingDays(isoToDay('2021-01-01'), isoToDay('2021-12-31'));
  assert.not.ok(days.includes(isoToDay('2021-01-26')));
  assert.ok(days.includes(isoToDay('2021-11-25'))); // Thanksgiving: NYSE closed, NSE-like open
  assert.ok(days.length >= 245 && days.length <= 255, String(days.length));
});

test('same seed → identical panel; another seed → different', () => {
  const a = syntheticPanel(small);
  const b = syntheticPanel(small);
  const c = syntheticPanel({ ...small, seed: 4 });
  assert.equal(Array.from(a.bars.FIN2.close), Array.from(b.bars.FIN2.close));
  assert.equal(Array.from(a.bars['^SYNBANK'].close), Array.from(b.bars['^SYNBANK'].close));
  assert.not.equal(Array.from(a.bars.FIN2.close), Array.from(c.bars.FIN2.close));
});

test('oracle score is minus the cross-sectional z-score of the 5-day log return, and carries a clear rank IC', () => {
  const p = syntheticPanel({ days: 600, seed: 5, regime: false });
  const eq = p.members.filter((m) => m.assetClass === 'equity').map((m) => m.symbol);
  const t = 100;
  const r5 = eq.map((s) => Math.log(p.bars[s].close[t] / p.bars[s].close[t - 5]));
  const e = eq.map((s) => p.truth.expected[s][t]);
  // same ordering, reversed
  const order = (x: number[]) => x.map((_, i) => i).sort((i, j) => x[i] - x[j]);
  assert.equal(order(e), order(r5.map((v) => -v)));
  assert.ok(Number.isNaN(p.truth.expected[eq[0]][3]));
  assert.ok(p.truth.bayesRankIc! > 0.1 && p.truth.bayesRankIc! < 0.3, String(p.truth.bayesRankIc));
  assert.is(p.truth.signalFeature, 'log_ret_5');
  const stressed = syntheticPanel({ days: 600, seed: 5 });
  assert.ok(stressed.truth.bayesRankIc! > 0.1, String(stressed.truth.bayesRankIc));
  const none = syntheticPanel({ days: 100, seed: 5, signal: 0 });
  assert.is(none.truth.bayesRankIc, 0);
});

test('stress regime: sector volatility higher in stress; regime off → never stressed', () => {
  const p = syntheticPanel({ days: 1260, seed: 2, indices: false });
  let calm = 0;
  let calmN = 0;
  let hot = 0;
  let hotN = 0;
  let anyStress = 0;
  for (const [sector, st] of Object.entries(p.truth.stress)) {
    const syms = p.members.filter((m) => m.sector === sector).map((m) => m.symbol);
    for (const s of syms) {
      const c = p.bars[s].close;
      for (let t = 1; t < c.length; t++) {
        const r = Math.log(c[t] / c[t - 1]) ** 2;
        if (st[t]) (hot += r), hotN++, anyStress++;
        else (calm += r), calmN++;
      }
    }
  }
  assert.ok(anyStress > 0);
  assert.ok(hot / hotN > 2 * (calm / calmN), `${hot / hotN} vs ${calm / calmN}`);
  const off = syntheticPanel({ days: 300, seed: 2, regime: false, indices: false });
  for (const st of Object.values(off.truth.stress)) assert.is(st.reduce((a, b) => a + b, 0), 0);
  assert.is(off.members.length, 20);
});

test('bad options name the key', () => {
  assert.throws(() => syntheticPanel({ days: 5 }), /syntheticPanel\.days.*integer in \[30, 20000\].*received 5/);
  assert.throws(() => syntheticPanel({ sectors: 30 }), /syntheticPanel\.sectors/);
  assert.throws(() => syntheticPanel({ signal: NaN }), /syntheticPanel\.signal/);
});

test('writeSyntheticUniverse: one loadable CSV per member plus universe.json', async () => {
  const dir = tempDir();
  const p = syntheticPanel({ days: 60, seed: 1, symbols: 4, sectors: 2 });
  writeSyntheticUniverse(dir, p);
  const files = fs.readdirSync(dir).sort();
  assert.is(files.length, 11);
  const u = JSON.parse(fs.readFileSync(path.join(dir, 'universe.json'), 'utf8'));
  assert.equal(u.members, p.members);
  assert.is(u.truth.signalFeature, 'log_ret_5');
  const b = await loadBars(path.join(dir, '^SYNNIFTY.csv'));
  assert.is(b.symbol, '^SYNNIFTY');
  assert.equal(Array.from(b.dates), Array.from(p.bars['^SYNNIFTY'].dates));
  assert.ok(Math.abs(b.close[10] / p.bars['^SYNNIFTY'].close[10] - 1) < 1e-5);
  assert.ok(panelBarsCsv(p.bars.TEC1).startsWith('Date,Open,High,Low,Close,Adj Close,Volume\n20'));
});

test('writeSyntheticUniverse: a member without bars or with a bad symbol is named, nothing written for it', () => {
  const dir = tempDir();
  const p = syntheticPanel({ days: 40, seed: 1, symbols: 2, sectors: 1, indices: false });
  const missing = { ...p, members: [...p.members, { symbol: 'GHOST', sector: 'x', assetClass: 'equity' as const, market: 'NYSE' as const }] };
  assert.throws(() => writeSyntheticUniverse(dir, missing), /bars\.GHOST.*bars for every member/);
  assert.not.ok(fs.existsSync(path.join(dir, 'universe.json')));
  const bad = { ...p, members: [{ ...p.members[0], symbol: '../evil' }] };
  assert.throws(() => writeSyntheticUniverse(dir, bad), /members\[\]\.symbol.*a symbol of 1-32/);
});

test.run();
