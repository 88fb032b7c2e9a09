import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { longShortChanceBand, longShortPortfolio, performanceSummary } from '../../../src/evaluation/cross-section/portfolio';
import { syntheticPanel } from '../../../src/data/panel-synthetic';
import { panelRows } from './panel-rows';

function assertClose(a: number, b: number, tol = 1e-12): void {
  assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);
}

const row = (date: number, symbol: string, score: number, realized: number) => ({ date, symbol, score, realized });
const hand = [
  row(1, 'A', 4, 0.02),
  row(1, 'B', 3, 0.01),
  row(1, 'C', 2, 0),
  row(1, 'D', 1, -0.01),
  row(2, 'A', 1, 0.02),
  row(2, 'B', 4, 0.01),
  row(2, 'C', 3, 0),
  row(2, 'D', 2, -0.01),
];

test('longShortPortfolio: hand-computed returns, turnover and costs (k = 1, 10 bps)', () => {
  const r = longShortPortfolio(hand, { k: 1, costBps: 10 });
  assert.is(r.periods.length, 2);
  const [p1, p2] = r.periods;
  assertClose(p1.gross, 0.03);
  assertClose(p1.turnover, 2);
  assertClose(p1.longShort, 0.028);
  assertClose(p1.long, 0.019);
  assertClose(p1.universe, 0.005);
  // day 2: long B, short A; old book long A short D → |1| + |−1 − 1| + |1| = 4
  assertClose(p2.gross, -0.01);
  assertClose(p2.turnover, 4);
  assertClose(p2.longShort, -0.014);
  assertClose(p2.long, 0.008);
  assertClose(r.meanTurnover, 3);
  assertClose(r.longShort.meanReturn, 0.007);
  assertClose(r.longShort.maxDrawdown, 0.014);
  assertClose(r.excess.meanReturn, (0.019 - 0.005 + 0.008 - 0.005) / 2);
});

test('longShortPortfolio: horizon h rebalances every h dates; dates with < 2k symbols are skipped', () => {
  const r = longShortPortfolio(hand, { k: 1, horizon: 2, costBps: 0 });
  assert.equal(r.periods.map((p) => p.date), [1]);
  const s = longShortPortfolio(hand, { k: 2, costBps: 0 });
  assertClose(s.periods[0].gross, 0.015 - -0.005);
  assert.throws(() => longShortPortfolio(hand, { k: 3 }), /longShortPortfolio\(rows\).*2k = 6/);
  assert.throws(() => longShortPortfolio(hand, { k: 0 }), /options\.k/);
});

test('performanceSummary: compounded annualised return and volatility', () => {
  const s = performanceSummary([0.01, -0.01, 0.02, 0], 1, 4);
  assertClose(s.annualisedReturn, 1.01 * 0.99 * 1.02 - 1, 1e-12);
  assertClose(s.hitRate, 0.5);
  assertClose(s.volatility, Math.sqrt((0.005 ** 2 + 0.015 ** 2 + 0.015 ** 2 + 0.005 ** 2) / 3) * 2, 1e-12);
});

test('random-walk panel: long-short inside its permutation band; planted panel: oracle above it', () => {
  const flat = panelRows(syntheticPanel({ signal: 0, seed: 21 }), 'reversal');
  const band = longShortChanceBand(flat, { k: 5, permutations: 300, seed: 3 });
  assert.ok(band.inside, `${band.observed} in ${band.band}`);
  assert.ok(band.band[0] < 0 && band.band[1] > 0);
  const planted = panelRows(syntheticPanel({ seed: 21 }), 'oracle');
  const hit = longShortChanceBand(planted, { k: 5, permutations: 300, seed: 3 });
  assert.ok(!hit.inside && hit.observed > hit.band[1] && hit.pValue < 0.01, `${hit.observed} vs ${hit.band}`);
  const pf = longShortPortfolio(planted, { k: 5 });
  assert.ok(pf.longShort.ratio > 1 && pf.excess.ratio > 0, `${pf.longShort.ratio} ${pf.excess.ratio}`);
  assert.ok(pf.meanTurnover > 0.5 && pf.meanTurnover <= 4);
});

test('longShortChanceBand: same seed, same band', () => {
  const rows = panelRows(syntheticPanel({ days: 200, seed: 2 }), 'random');
  assert.equal(longShortChanceBand(rows, { permutations: 50, seed: 9 }).band, longShortChanceBand(rows, { permutations: 50, seed: 9 }).band);
});

test.run();
