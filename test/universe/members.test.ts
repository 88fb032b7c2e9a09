/** Universe members, the quality report and the pipeline's stage order. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { syntheticPanel } from '../../src/data/panel-synthetic';
import { sliceBars, type Bars } from '../../src/data/bars';
import { universeSchema } from '../../src/config/schema';
import { checkUniverse, loadUniverse, resolveMembers } from '../../src/universe/members';
import { universeQuality } from '../../src/universe/quality';
import { readPipelineState, stagesToRun } from '../../src/universe/state';
import { tempDir } from '../helpers';

test('resolveMembers: defaults, sector map, and what it refuses (naming the symbol)', () => {
  const m = resolveMembers([{ symbol: 'AAA' }, { symbol: '^IDX', asset_class: 'index', market: 'NSE' }], { AAA: 'tech' });
  assert.equal(m, [
    { symbol: 'AAA', sector: 'tech', assetClass: 'equity', market: 'NYSE' },
    { symbol: '^IDX', sector: 'index', assetClass: 'index', market: 'NSE' },
  ]);
  assert.throws(() => resolveMembers([{ symbol: 'AAA' }, { symbol: 'BBB', sector: 's' }], undefined), /a sector for every equity.*none for AAA/);
  assert.throws(() => resolveMembers([{ symbol: 'AAA', sector: 's' }, { symbol: 'BBB', sector: 's' }], { ZZZ: 's' }), /sectors\.ZZZ.*unknown symbol ZZZ/);
  assert.throws(() => resolveMembers([{ symbol: 'AAA', sector: 's' }, { symbol: 'AAA', sector: 's' }], undefined), /duplicate symbol AAA/);
  assert.throws(() => resolveMembers([{ symbol: 'AAA', sector: 's', market: 'LSE' }, { symbol: 'BBB', sector: 's' }], undefined), /NYSE or NSE, received "LSE" for AAA/);
  assert.throws(() => resolveMembers([{ symbol: '../x', sector: 's' }, { symbol: 'BBB', sector: 's' }], undefined), /members\[0\]\.symbol/);
});

test('loadUniverse (synthetic:<seed>) and checkUniverse: history and overlap refused by symbol', async () => {
  const spec = universeSchema.parse({ source: 'synthetic:4', synthetic: { symbols: 5, days: 330 } });
  const u = await loadUniverse(spec);
  assert.is(u.members.length, 11);
  assert.ok(u.truth?.signalFeature === 'log_ret_5');
  assert.ok(checkUniverse(u, 300).from > 0);
  const short = { ...u, bars: { ...u.bars, FIN1: sliceBars(u.bars.FIN1, 0, 120) } };
  assert.throws(() => checkUniverse(short, 300), /at least 300 bars per symbol, received 120 for FIN1/);
  const late: Bars = { ...u.bars.TEC1, dates: Int32Array.from(u.bars.TEC1.dates, (d) => d + 4000) };
  assert.throws(() => checkUniverse({ ...u, bars: { ...u.bars, TEC1: late } }, 300), /calendars that overlap.*TEC1/);
});

test('universeQuality: each member on its own calendar; a member missing > 5 % of its days fails by name', () => {
  const p = syntheticPanel({ seed: 2, symbols: 5, days: 400 });
  const ok = universeQuality({ members: p.members, bars: p.bars });
  assert.ok(ok.ok, JSON.stringify(ok.members.filter((m) => !m.ok)));
  assert.ok(ok.members.find((m) => m.market === 'NSE')!.maxMissing > 0.05, 'NSE members get the holiday allowance');
  const b = p.bars.HLT1;
  const keep = Int32Array.from({ length: b.dates.length }, (_, i) => i).filter((i) => i < 100 || i >= 130);
  const pick = (a: Float64Array) => Float64Array.from(keep, (i) => a[i]);
  const gappy: Bars = { symbol: 'HLT1', dates: Int32Array.from(keep, (i) => b.dates[i]), open: pick(b.open), high: pick(b.high), low: pick(b.low), close: pick(b.close), volume: pick(b.volume) };
  const q = universeQuality({ members: p.members, bars: { ...p.bars, HLT1: gappy } });
  assert.not.ok(q.ok);
  assert.equal(q.members.filter((m) => !m.ok).map((m) => [m.symbol, m.failed.includes('completeness')]), [['HLT1', true]]);
  assert.is(q.worstMissing.symbol, 'HLT1');
});

test('stagesToRun: full runs what is not done; one stage needs the earlier ones; unknown stage refused', () => {
  const s = readPipelineState(tempDir(), 'h');
  assert.equal(stagesToRun('full', s), ['ingest', 'features', 'train', 'validate', 'deploy']);
  assert.throws(() => stagesToRun('train', s), /--stage.*ingest, features not done/);
  assert.throws(() => stagesToRun('fit', s), /one of ingest, features, train, validate, deploy, full, received "fit"/);
  s.stages.ingest = 'x';
  s.stages.features = 'x';
  assert.equal(stagesToRun('train', s), ['train']);
  assert.equal(stagesToRun('full', s), ['train', 'validate', 'deploy']);
});

test.run();
