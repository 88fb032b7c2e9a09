import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assertClose } from '../../helpers';
import {
  backtest,
  maxDrawdown,
  positionsFromPredictions,
  sharpeRatio,
  strategyReturns,
  tradingMetrics,
} from '../../../src/evaluation/metrics/trading';

const pred = [1, 0, 1, 1];
const fwd = [0.01, -0.02, 0.03, -0.01];

test('positionsFromPredictions: long-flat, long-short, ternary, regression', () => {
  assert.equal(Array.from(positionsFromPredictions(pred)), [1, 0, 1, 1]);
  assert.equal(Array.from(positionsFromPredictions(pred, { mode: 'long-short' })), [1, -1, 1, 1]);
  assert.equal(Array.from(positionsFromPredictions([2, 1, 0], { task: 'ternary', mode: 'long-short' })), [1, 0, -1]);
  assert.equal(Array.from(positionsFromPredictions([0.3, -0.1, 0], { task: 'regression', mode: 'long-short' })), [1, -1, 0]);
  assert.throws(() => positionsFromPredictions([1, 2]), /pred\)\[1\].*binary class 0 or 1.*2/);
});

test('long-flat daily strategy by hand: returns, cumulative, drawdown, win rate, turnover', () => {
  const m = tradingMetrics(positionsFromPredictions(pred), fwd);
  assert.is(m.periods, 4);
  assertClose(m.cumulativeReturn, 1.01 * 1.03 * 0.99 - 1, 1e-12);
  assertClose(m.maxDrawdown, 0.01, 1e-12); // the last −1 % from the peak 1.0403
  assertClose(m.winRate, 2 / 3);
  assertClose(m.totalTurnover, 3); // enter, exit, enter
  assertClose(m.turnover, 0.75);
  assertClose(m.exposure, 0.75);
  assertClose(m.annualizedReturn, Math.pow(1.01 * 1.03 * 0.99, 252 / 4) - 1, 1e-9);
});

test('sharpeRatio: mean / sd(n−1) · √(252 / h); 0 for flat returns; NaN below 2 periods', () => {
  const s = [0.01, 0, 0.03, -0.01];
  const mean = 0.0075;
  const sd = Math.sqrt((0.0025 ** 2 + 0.0075 ** 2 + 0.0225 ** 2 + 0.0175 ** 2) / 3);
  assertClose(sharpeRatio(s), (mean / sd) * Math.sqrt(252), 1e-12);
  assertClose(sharpeRatio(s, { horizon: 7 }), (mean / sd) * Math.sqrt(36), 1e-12);
  assert.is(sharpeRatio([0, 0, 0]), 0);
  assert.ok(Number.isNaN(sharpeRatio([0.01])));
});

test('cost in basis points is charged per unit of turnover (a flip is 2 units)', () => {
  const lf = strategyReturns(positionsFromPredictions(pred), fwd, { costBps: 10 });
  assert.equal(Array.from(lf.returns).map((v) => +v.toFixed(12)), [0.009, -0.001, 0.029, -0.01]);
  const ls = tradingMetrics(positionsFromPredictions(pred, { mode: 'long-short' }), fwd, { costBps: 10 });
  assertClose(ls.totalTurnover, 1 + 2 + 2); // enter long, flip short, flip long
  assertClose(ls.totalCost, 5 * 0.001);
  assertClose(ls.cumulativeReturn, 1.009 * 1.018 * 1.028 * 0.99 - 1, 1e-12);
});

test('h > 1 trades only non-overlapping periods: rows offset, offset + h, …', () => {
  const f = [0.1, 0.5, -0.2, 0.5, 0.05, 0.5];
  const s0 = strategyReturns([1, 1, 1, 1, 1, 1], f, { horizon: 2 });
  assert.equal(Array.from(s0.rows), [0, 2, 4]);
  assert.equal(Array.from(s0.assetReturns), [0.1, -0.2, 0.05]);
  const s1 = strategyReturns([1, 1, 1, 1, 1, 1], f, { horizon: 2, offset: 1 });
  assert.equal(Array.from(s1.rows), [1, 3, 5]);
  const m = tradingMetrics([1, 1, 1, 1, 1, 1], f, { horizon: 2 });
  assert.is(m.periods, 3);
  assertClose(m.cumulativeReturn, 1.1 * 0.8 * 1.05 - 1, 1e-12);
  assert.throws(() => strategyReturns([1, 1], [0, 0], { horizon: 2, offset: 2 }), /offset.*0\.\.1.*2/);
});

test('log forward returns are converted to simple returns', () => {
  const m = tradingMetrics([1, 1], [Math.log(1.1), Math.log(0.9)], { returnKind: 'log' });
  assertClose(m.cumulativeReturn, 1.1 * 0.9 - 1, 1e-12);
});

test('maxDrawdown of an equity curve (hand: peak 1.2, trough 0.6 → 50 %)', () => {
  assertClose(maxDrawdown([0.2, -0.25, -1 / 3, 0.5]), 0.5, 1e-12);
  assert.is(maxDrawdown([0.01, 0.02]), 0);
});

test('backtest: buy-and-hold on the same dates pays the entry cost once', () => {
  const r = backtest(pred, fwd, { costBps: 10 });
  assertClose(r.buyAndHold.cumulativeReturn, (1.01 - 0.001) * 0.98 * 1.03 * 0.99 - 1, 1e-12);
  assert.is(r.buyAndHold.totalTurnover, 1);
  assert.is(r.buyAndHold.exposure, 1);
  assert.is(r.series.returns.length, 4);
  assertClose(r.strategy.cumulativeReturn, 1.009 * 0.999 * 1.029 * 0.99 - 1, 1e-12);
});

test('winRate is NaN when never in the market', () => {
  const m = tradingMetrics([0, 0, 0], [0.01, 0.02, -0.01]);
  assert.ok(Number.isNaN(m.winRate));
  assert.is(m.cumulativeReturn, 0);
  assert.is(m.sharpe, 0);
});

test('bad input: NaN returns, returns below −100 %, negative cost', () => {
  assert.throws(() => tradingMetrics([1, 1], [0.01, NaN]), /forwardReturns\)\[1\].*finite.*NaN/);
  assert.throws(() => tradingMetrics([1, 1], [0.01, -1.5]), /forwardReturns\)\[1\].*>= -1.*-1\.5/);
  assert.throws(() => tradingMetrics([1], [0.01], { costBps: -1 }), /costBps.*>= 0.*-1/);
  assert.throws(() => tradingMetrics([1, 0], [0.01]), /same length/);
});

test.run();
