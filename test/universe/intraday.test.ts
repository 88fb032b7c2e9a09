/**
 * Intraday (1h) universes (issue 18 × 16): members aligned by bar instant, cross-sectional features per instant,
 * no look-ahead on intraday panels (changing bars after t changes no feature at or before t), splits purged per
 * symbol in bars, the 5 % missing-instant rule, and what a pooled model learns out of sample on the planted
 * 1h panel (rank IC ≥ 0.05 with t ≥ 3) against the no-signal panel (rank IC within ±2 se of 0).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sliceBars, type Bars } from '../../src/data/bars';
import { syntheticIntradayPanel } from '../../src/data/panel-intraday';
import { MINUTE_MS } from '../../src/data/intraday/timeframe';
import { fitPanelModel, panelIc, predictPanel } from '../../src/universe/direction';
import { panelKeyIso, preparePanel, rowKeys, type PanelData } from '../../src/universe/panel';
import { universeQuality } from '../../src/universe/quality';
import { splitPanelByDate } from '../../src/universe/split';
import type { Universe } from '../../src/universe/members';
import type { ModelSettings } from '../../src/training/models';
import { Rng } from '../../src/util/rng';
import * as path from 'path';
import { Store } from '../../src/data/store';
import { appendIntradayBars } from '../../src/data/intraday/import';
import { syntheticMinuteBars } from '../../src/data/intraday/synthetic';
import { universeSchema } from '../../src/config/schema';
import { loadUniverse } from '../../src/universe/members';
import { InputError } from '../../src/util/errors';
import { tempDir } from '../helpers';

const small = syntheticIntradayPanel({ seed: 11, symbols: 6, days: 60, signal: 0.2 });
const universe: Universe = { members: small.members, bars: small.bars };
const opts = { featureSet: 'minimal' as const, horizons: [1], steps: 5 };

function rowAt(p: PanelData, i: number, r: number): Float32Array {
  return p.prep.matrix.subarray((p.offsets[i] + r) * p.prep.features, (p.offsets[i] + r + 1) * p.prep.features);
}

test('preparePanel on 1h bars: rows keyed by instant, ranks per instant over the members trading it', () => {
  const p = preparePanel(universe, opts);
  assert.is(p.timeframe, '1h');
  const first = universe.bars[p.members[0].symbol];
  assert.equal(Array.from(p.prep.frame.dates.subarray(0, 3)), Array.from(first.times!.subarray(0, 3), (t) => t / MINUTE_MS));
  assert.is(panelKeyIso(p, p.prep.frame.dates[0]), '2024-01-02T14:30Z');
  // 7 bars a session (09:30 … 15:30 New York; no early close in Jan–Mar 2024), one row per member and instant
  assert.is(first.dates.length, 60 * 7);
  assert.is(p.prep.frame.dates.length, p.members.length * 60 * 7);
  const j = p.prep.frame.names.indexOf('xs_rank_log_ret_1');
  const byKey = new Map<number, number[]>();
  p.prep.frame.dates.forEach((k, r) => {
    const v = p.prep.frame.columns[j][r];
    if (Number.isFinite(v)) byKey.set(k, [...(byKey.get(k) ?? []), v]);
  });
  let checked = 0;
  for (const vs of byKey.values()) {
    assert.ok(vs.length <= 7, 'one row per member and instant');
    if (vs.length !== 7) continue; // 6 equities + the index share the market
    const sorted = vs.slice().sort((a, b) => a - b);
    assert.equal([sorted[0], sorted[6]], [0, 1]);
    checked++;
  }
  assert.ok(checked > 300, `instants checked ${checked}`);

  // a member that lacks an instant: that instant ranks the others only; its own rows stay aligned
  const sym = p.members[0].symbol;
  const b = universe.bars[sym];
  const drop = 200;
  const keep = Array.from({ length: b.dates.length }, (_, i) => i).filter((i) => i !== drop);
  const pick = (a: Float64Array | Int32Array) => (a instanceof Int32Array ? Int32Array.from(keep, (i) => a[i]) : Float64Array.from(keep, (i) => a[i]));
  const holed: Bars = { ...b, dates: pick(b.dates) as Int32Array, open: pick(b.open) as Float64Array, high: pick(b.high) as Float64Array, low: pick(b.low) as Float64Array, close: pick(b.close) as Float64Array, volume: pick(b.volume) as Float64Array, times: pick(b.times!) as Float64Array };
  const q = preparePanel({ members: universe.members, bars: { ...universe.bars, [sym]: holed } }, opts);
  const key = b.times![drop] / MINUTE_MS;
  const rowsAtKey = Array.from(q.prep.frame.dates).filter((k) => k === key).length;
  assert.is(rowsAtKey, p.members.length - 1);
});

test('intraday panel: changing every bar after instant t changes no feature at or before t (no look-ahead)', () => {
  const full = preparePanel(universe, opts);
  const keys = rowKeys(universe.bars[universe.members[0].symbol]);
  const cut = keys[Math.floor(keys.length * 0.4)];
  const rng = new Rng(3);
  const changed: Record<string, Bars> = {};
  for (const [s, b] of Object.entries(universe.bars)) {
    const c = { ...b, open: b.open.slice(), high: b.high.slice(), low: b.low.slice(), close: b.close.slice(), volume: b.volume.slice() };
    for (let i = 0; i < b.dates.length; i++) {
      if (b.times![i] / MINUTE_MS <= cut) continue;
      const f = Math.exp(0.05 * rng.normal());
      for (const col of ['open', 'high', 'low', 'close'] as const) c[col][i] *= f;
      c.volume[i] *= 2;
    }
    changed[s] = c;
  }
  const other = preparePanel({ members: universe.members, bars: changed }, opts);
  let compared = 0;
  let differ = 0;
  for (let i = 0; i < full.members.length; i++) {
    for (let r = 0; r < full.offsets[i + 1] - full.offsets[i]; r++) {
      const a = rowAt(full, i, r);
      const b = rowAt(other, i, r);
      const after = full.prep.frame.dates[full.offsets[i] + r] > cut;
      for (let j = 0; j < a.length; j++) {
        if (Number.isNaN(a[j]) && Number.isNaN(b[j])) continue;
        if (after) {
          if (a[j] !== b[j]) differ++;
          continue;
        }
        assert.ok(Math.abs(a[j] - b[j]) <= 1e-6 * Math.max(1, Math.abs(a[j])), `${full.members[i].symbol} row ${r} ${full.prep.frame.names[j]}: ${a[j]} vs ${b[j]}`);
        compared++;
      }
    }
  }
  assert.ok(compared > 5000, `compared ${compared}`);
  assert.ok(differ > 1000, 'the change after t does reach later features');
});

test('intraday split: by instant for all symbols, labels end inside their segment (purged per symbol, in bars)', () => {
  const p = preparePanel(universe, { ...opts, horizons: [3] });
  const s = splitPanelByDate(p, 'h3', { trainFraction: 0.6, validationFraction: 0.2 });
  const d = p.prep.frame.dates;
  const end = p.prep.endIndex.h3;
  for (const r of s.train) {
    assert.ok(d[end[r]] <= s.trainEnd);
    assert.is(end[r], r + 3, 'a horizon of 3 counts 3 bars of the same symbol');
    assert.is(p.symbolOf[end[r]], p.symbolOf[r]);
  }
  for (const r of s.validation) assert.ok(d[r] > s.trainEnd && d[end[r]] <= s.validationEnd);
  for (const r of s.test) assert.ok(d[r] > s.validationEnd);
  // the last 2 instants before trainEnd of each symbol are purged (their 3-bar label reaches past it)
  const trainKeys = new Set(Array.from(s.train, (r) => d[r]));
  assert.not.ok(trainKeys.has(s.trainEnd));
});

test('universeQuality on 1h members: a member missing more than 5 % of its session instants fails, duplicates fail', () => {
  const ok = universeQuality(universe, 0.05);
  assert.ok(ok.ok, JSON.stringify(ok.members.filter((m) => !m.ok)));
  assert.is(ok.members[0].missingFraction, 0);
  const sym = universe.members[1].symbol;
  const b = universe.bars[sym];
  const n = b.dates.length;
  const cut = sliceBars(b, 0, n - Math.ceil(n * 0.1)); // 10 % of the instants gone … at the end: shorter span, not missing
  assert.ok(universeQuality({ ...universe, bars: { ...universe.bars, [sym]: cut } }).ok);
  const keep = Array.from({ length: n }, (_, i) => i).filter((i) => i % 10 !== 5);
  const f = (a: Float64Array) => Float64Array.from(keep, (i) => a[i]);
  const holed: Bars = { ...b, dates: Int32Array.from(keep, (i) => b.dates[i]), open: f(b.open), high: f(b.high), low: f(b.low), close: f(b.close), volume: f(b.volume), times: f(b.times!) };
  const q = universeQuality({ ...universe, bars: { ...universe.bars, [sym]: holed } }, 0.05);
  const m = q.members.find((x) => x.symbol === sym)!;
  assert.not.ok(m.ok);
  assert.equal(m.failed, ['completeness']);
  assert.ok(Math.abs(m.missingFraction - 0.1) < 0.01, `${m.missingFraction}`);
  const dupTimes = b.times!.slice();
  dupTimes[20] = dupTimes[19];
  const dq = universeQuality({ ...universe, bars: { ...universe.bars, [sym]: { ...b, times: dupTimes } } }, 0.05);
  assert.ok(dq.members.find((x) => x.symbol === sym)!.failed.includes('duplicates'));
});

test('loadUniverse with timeframe 1h: members from the stored minute bars, resampled to 1h; yahoo members refused', async () => {
  const storePath = path.join(tempDir('wb-u1h-'), 'store.duckdb');
  const store = new Store({ path: storePath });
  for (const [i, symbol] of ['AAA', 'BBB'].entries()) await appendIntradayBars(store, syntheticMinuteBars({ days: 3, start: '2024-03-04', seed: i + 1, symbol }), { onlyNew: false });
  const spec = universeSchema.parse({ members: [{ symbol: 'AAA', sector: 'tech' }, { symbol: 'BBB', sector: 'energy' }], default_source: 'store', min_history: 30 });
  const u = await loadUniverse(spec, { storePath, timeframe: '1h' });
  for (const s of ['AAA', 'BBB']) {
    const b = u.bars[s];
    assert.is(b.timeframe, '1h');
    assert.is(b.times!.length, 3 * 7);
    assert.is(b.times![1] - b.times![0], 3_600_000);
  }
  const p = preparePanel(u, { featureSet: 'minimal', horizons: [1], steps: 1 });
  assert.is(p.timeframe, '1h');
  assert.is(new Set(p.prep.frame.dates).size, 21, 'both members on the same 21 instants');
  const yahoo = universeSchema.parse({ members: [{ symbol: 'AAA', sector: 'tech' }, { symbol: 'BBB', sector: 'energy' }], default_source: 'yahoo' });
  try {
    await loadUniverse(yahoo, { timeframe: '1h' });
    assert.unreachable('yahoo members on 1h');
  } catch (e) {
    assert.instance(e, InputError);
    assert.match((e as Error).message, /data\.timeframe.*yahoo:AAA/);
  }
});

const settings: ModelSettings = { task: 'binary', epochs: 1, epochsPerIteration: 1, batchSize: 256, seed: 42, params: { gbdt: { nRounds: 40, maxDepth: 3 } } };

async function oosIc(signal: number): Promise<ReturnType<typeof panelIc>> {
  const p = syntheticIntradayPanel({ seed: 5, symbols: 16, days: 126, signal });
  const panel = preparePanel({ members: p.members, bars: p.bars }, { featureSet: 'minimal', horizons: [1], steps: 1, task: 'binary', pool: ['equity'] });
  const s = splitPanelByDate(panel, 'h1', { trainFraction: 0.6, validationFraction: 0.1 });
  const { fitted } = await fitPanelModel(panel, s, { model: 'gbdt', settings });
  return panelIc(panel, await predictPanel(panel, fitted, s.test));
}

test('1h panel: pooled gbdt finds the planted reversal out of sample (rank IC >= 0.05, t >= 3); no signal: within ±2 se of 0', async () => {
  const planted = await oosIc(0.2);
  assert.ok(planted.rankIc.mean >= 0.05, `rank IC ${planted.rankIc.mean}`);
  assert.ok(planted.rankIc.tStat >= 3, `t ${planted.rankIc.tStat}`);
  // annualised over 1h bars: 252 sessions × 7 bars, not 252 days
  assert.ok(Math.abs(planted.rankIc.icirAnnualised - planted.rankIc.icir * Math.sqrt(252 * 7)) < 1e-9, `ICIR ${planted.rankIc.icir} annualised ${planted.rankIc.icirAnnualised}`);
  const none = await oosIc(0);
  assert.ok(Math.abs(none.rankIc.mean) <= 2 * none.rankIc.se, `rank IC ${none.rankIc.mean} se ${none.rankIc.se}`);
  if (process.env.WORKBENCH_PRINT) console.log(JSON.stringify({ planted: [planted.rankIc.mean, planted.rankIc.tStat, planted.rankIc.dates], none: [none.rankIc.mean, none.rankIc.se, none.rankIc.dates] }));
});

test.run();
