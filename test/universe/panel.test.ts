/** Panel features: cross-sectional ranks by hand, no look-ahead on panels (truncation property), blocks never mix. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { syntheticPanel } from '../../src/data/panel-synthetic';
import { sliceBars, type Bars } from '../../src/data/bars';
import { crossSectionFeatures } from '../../src/universe/cross';
import { preparePanel } from '../../src/universe/panel';
import { splitPanelByDate } from '../../src/universe/split';
import type { Universe } from '../../src/universe/members';

const small = syntheticPanel({ seed: 11, symbols: 6, days: 320, signal: 0.2 });
const universe: Universe = { members: small.members, bars: small.bars };

test('crossSectionFeatures: rank, z-score and sector-relative value per market and date, by hand', () => {
  const frame = (symbol: string, v: number[]) => ({ symbol, dates: Int32Array.from([1, 2]), names: ['log_ret_1', 'log_ret_5', 'log_ret_20', 'ret_std_20', 'rsi_14', 'volume_ratio_20'], columns: Array.from({ length: 6 }, () => Float64Array.from(v)) });
  const m = (symbol: string, sector: string, market: 'NYSE' | 'NSE' = 'NYSE') => ({ symbol, sector, assetClass: 'equity' as const, market });
  const out = crossSectionFeatures([
    { member: m('A', 's1'), frame: frame('A', [1, 5]) },
    { member: m('B', 's1'), frame: frame('B', [2, NaN]) },
    { member: m('C', 's2'), frame: frame('C', [3, 7]) },
    { member: m('D', 's2', 'NSE'), frame: frame('D', [100, 100]) },
  ]);
  const j = (n: string) => out.names.indexOf(n);
  // date 1, NYSE: values 1, 2, 3 → ranks 0, 0.5, 1; z = (v − 2) / 1; sector means s1 = 1.5, s2 = 3
  assert.equal([0, 1, 2].map((i) => out.columns[i][j('xs_rank_log_ret_1')][0]), [0, 0.5, 1]);
  assert.equal([0, 1, 2].map((i) => out.columns[i][j('xs_z_log_ret_1')][0]), [-1, 0, 1]);
  assert.equal([0, 1, 2].map((i) => out.columns[i][j('sec_rel_log_ret_1')][0]), [-0.5, 0.5, 0]);
  // the NSE symbol is alone in its market: no cross-section (NaN), never ranked against NYSE closes
  assert.ok(Number.isNaN(out.columns[3][j('xs_rank_log_ret_1')][0]));
  // date 2: B is NaN → A and C ranked between themselves
  assert.equal([out.columns[0][j('xs_rank_log_ret_1')][1], out.columns[2][j('xs_rank_log_ret_1')][1]], [0, 1]);
  assert.ok(Number.isNaN(out.columns[1][j('xs_rank_log_ret_1')][1]));
});

test('preparePanel: features at date T are the same when every bar after T is removed (no look-ahead)', () => {
  const full = preparePanel(universe, { featureSet: 'minimal', horizons: [1], steps: 5 });
  const dates = full.prep.frame.dates;
  const cut = dates[Math.floor(dates.length * 0.3)];
  const truncated: Record<string, Bars> = {};
  for (const [s, b] of Object.entries(universe.bars)) {
    let k = 0;
    while (k < b.dates.length && b.dates[k] <= cut) k++;
    truncated[s] = sliceBars(b, 0, k);
  }
  const part = preparePanel({ members: universe.members, bars: truncated }, { featureSet: 'minimal', horizons: [1], steps: 5 });
  assert.equal(part.prep.frame.names, full.prep.frame.names);
  let compared = 0;
  for (let i = 0; i < full.members.length; i++) {
    for (let r = 0; r < part.offsets[i + 1] - part.offsets[i]; r++) {
      const a = full.prep.matrix.subarray((full.offsets[i] + r) * full.prep.features, (full.offsets[i] + r + 1) * full.prep.features);
      const b = part.prep.matrix.subarray((part.offsets[i] + r) * part.prep.features, (part.offsets[i] + r + 1) * part.prep.features);
      for (let j = 0; j < a.length; j++) {
        if (Number.isNaN(a[j]) && Number.isNaN(b[j])) continue;
        assert.ok(Math.abs(a[j] - b[j]) <= 1e-6 * Math.max(1, Math.abs(a[j])), `${full.members[i].symbol} row ${r} ${full.prep.frame.names[j]}: ${a[j]} vs ${b[j]}`);
        compared++;
      }
    }
  }
  assert.ok(compared > 1000);
});

test('preparePanel: blocks per symbol, no sequence window across blocks, label end rows inside the block', () => {
  const p = preparePanel(universe, { featureSet: 'minimal', horizons: [1], steps: 10 });
  assert.ok(p.members.every((m) => m.assetClass !== 'volatility'), 'the VIX-like series is context, not pooled');
  for (let i = 0; i < p.members.length; i++) {
    const a = p.offsets[i];
    for (let r = a; r < a + 9; r++) assert.is(p.prep.usable[r], 0);
    for (let r = a; r < p.offsets[i + 1]; r++) {
      const e = p.prep.endIndex.h1[r];
      if (e >= 0) assert.ok(e > r && e < p.offsets[i + 1], `end row of ${r} inside block ${i}`);
      assert.is(p.symbolOf[r], i);
    }
  }
  assert.ok(p.crossNames.includes('xs_rank_log_ret_5') && p.crossNames.includes('vix_level') && p.crossNames.includes('mkt_log_ret_1'));
});

test('splitPanelByDate: segments ordered by date for all symbols, purged per symbol', () => {
  const p = preparePanel(universe, { featureSet: 'minimal', horizons: [1], steps: 5 });
  const s = splitPanelByDate(p, 'h1', { trainFraction: 0.6, validationFraction: 0.2 });
  const d = p.prep.frame.dates;
  const end = p.prep.endIndex.h1;
  for (const r of s.train) assert.ok(d[r] <= s.trainEnd && d[end[r]] <= s.trainEnd);
  for (const r of s.validation) assert.ok(d[r] > s.trainEnd && d[end[r]] <= s.validationEnd);
  for (const r of s.test) assert.ok(d[r] > s.validationEnd);
  const symbols = new Set(Array.from(s.test, (r) => p.symbolOf[r]));
  assert.is(symbols.size, p.members.length);
});

test.run();
