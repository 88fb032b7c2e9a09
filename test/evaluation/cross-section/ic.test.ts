import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { icReport, icSeries, summarizeIc } from '../../../src/evaluation/cross-section/ic';
import { syntheticPanel } from '../../../src/data/panel-synthetic';
import { panelRows } from './panel-rows';

function assertClose(a: number, b: number, tol = 1e-9): void {
  assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);
}

const two = [
  { date: 1, symbol: 'A', score: 1, realized: 0.1 },
  { date: 1, symbol: 'B', score: 2, realized: 0.2 },
  { date: 1, symbol: 'C', score: 3, realized: 0.3 },
  { date: 2, symbol: 'A', score: 1, realized: 0.1 },
  { date: 2, symbol: 'B', score: 2, realized: 0.3 },
  { date: 2, symbol: 'C', score: 3, realized: 0.2 },
  { date: 3, symbol: 'A', score: 1, realized: 0.1 }, // one symbol: skipped
];

test('icSeries: rank IC per date, dates with too few symbols skipped', () => {
  const s = icSeries(two);
  assert.equal(s.dates, [1, 2]);
  assert.equal(Array.from(s.ic).map((v) => +v.toFixed(12)), [1, 0.5]);
  assert.equal(Array.from(s.symbols), [3, 3]);
  assert.is(s.skipped, 1);
});

test('summarizeIc: hand-computed mean, std, ICIR, t and chance band', () => {
  const r = summarizeIc(icSeries(two));
  assertClose(r.mean, 0.75);
  assertClose(r.std, Math.sqrt(0.125));
  assertClose(r.icir, 0.75 / Math.sqrt(0.125));
  assertClose(r.se, Math.sqrt(0.0625 / 2));
  assertClose(r.tStat, 0.75 / Math.sqrt(0.03125));
  assertClose(r.chanceBand[1], 1.959963984540054 * 0.5, 1e-9);
  assertClose(r.positiveShare, 1);
  // horizon 4: lag 6 (capped at n - 1) and a band twice as wide
  const h = summarizeIc(icSeries(two), { horizon: 4 });
  assert.is(h.lags, 6);
  assertClose(h.chanceBand[1], 2 * r.chanceBand[1], 1e-12);
});

test('summarizeIc: bad options and too few dates are named', () => {
  assert.throws(() => summarizeIc(icSeries(two.slice(0, 3))), /summarizeIc\(series\).*at least 2 dates/);
  assert.throws(() => summarizeIc(icSeries(two), { horizon: 0 }), /options\.horizon/);
  assert.throws(() => icSeries(two, { method: 'kendall' as 'pearson' }), /icSeries\(options\.method\)/);
});

test('random-walk panel: the reversal score has rank IC within ±2 SE of 0 and inside the chance band', () => {
  const p = syntheticPanel({ signal: 0, seed: 11 });
  for (const h of [1, 5]) {
    const r = icReport(panelRows(p, 'reversal', h), { horizon: h }).rankIc;
    assert.ok(Math.abs(r.mean) < 2 * r.se, `h=${h}: ${r.mean} ± ${r.se}`);
    assert.ok(r.mean > r.chanceBand[0] && r.mean < r.chanceBand[1], `h=${h}`);
    assert.ok(r.dates > 1000);
  }
});

test('planted panel: the oracle and the bar-only reversal score find the signal (rank IC > 0.1, t > 5)', () => {
  const p = syntheticPanel({ seed: 11 });
  for (const kind of ['oracle', 'reversal'] as const) {
    const r = icReport(panelRows(p, kind), {});
    assert.ok(r.rankIc.mean > 0.1 && r.rankIc.tStat > 5, `${kind}: ${r.rankIc.mean} t=${r.rankIc.tStat}`);
    assert.ok(r.rankIc.mean > r.rankIc.chanceBand[1]);
    assert.ok(r.ic.mean > 0.1);
  }
  assertClose(icReport(panelRows(p, 'oracle'), {}).rankIc.mean, p.truth.bayesRankIc!, 0.01);
});

test('a score that does not rank (the same for every symbol of a date) has no IC: dates 0 and NaN, not an error', () => {
  const p = syntheticPanel({ seed: 11 });
  const rows = panelRows(p, 'random').map((r) => ({ ...r, score: 0.52 }));
  const r = icReport(rows, {});
  for (const s of [r.ic, r.rankIc]) {
    assert.is(s.dates, 0);
    assert.ok(Number.isNaN(s.mean) && Number.isNaN(s.tStat) && Number.isNaN(s.ci[0]));
  }
  assert.throws(() => summarizeIc(r.rankIcSeries), /ICs on at least 2 dates/);
});

test.run();
