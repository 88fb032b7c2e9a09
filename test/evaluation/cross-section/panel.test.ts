import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { averageRanks, groupByDate, neweyWestSe, pearsonCorrelation, spearmanCorrelation } from '../../../src/evaluation/cross-section/panel';

function assertClose(a: number, b: number, tol = 1e-9): void {
  assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);
}

test('averageRanks: ties share the mean of their positions', () => {
  assert.equal(Array.from(averageRanks([10, 20, 20, 5])), [2, 3.5, 3.5, 1]);
});

test('pearson and spearman: hand-computed values, NaN for a constant side', () => {
  assertClose(pearsonCorrelation([1, 2, 3], [1, 3, 2]), 0.5);
  assertClose(spearmanCorrelation([1, 2, 3, 4], [1, 8, 27, 64]), 1);
  assertClose(spearmanCorrelation([1, 2, 3], [0.1, 0.3, 0.2]), 0.5);
  assert.ok(Number.isNaN(pearsonCorrelation([1, 1, 1], [1, 2, 3])));
});

test('neweyWestSe: lag 0 is the plain standard error, lag 1 adds half the lag-1 autocovariance twice', () => {
  assertClose(neweyWestSe([1, 2, 3, 4], 0), Math.sqrt(1.25 / 4));
  assertClose(neweyWestSe([1, 2, 3, 4], 1), Math.sqrt(1.5625 / 4));
});

test('groupByDate: sorts dates, keeps row order inside a date', () => {
  const g = groupByDate('t', [
    { date: 2, symbol: 'A', score: 1, realized: 0 },
    { date: 1, symbol: 'B', score: 2, realized: 0 },
    { date: 2, symbol: 'C', score: 3, realized: 0 },
  ]);
  assert.equal(g.dates, [1, 2]);
  assert.equal(g.groups[1].map((r) => r.symbol), ['A', 'C']);
});

test('groupByDate: bad rows name the index and field', () => {
  assert.throws(() => groupByDate('f', []), /f\(rows\).*non-empty/);
  assert.throws(() => groupByDate('f', [{ date: 1, symbol: 'A', score: NaN, realized: 0 }]), /f\(rows\)\[0\]\.score.*finite/);
  assert.throws(() => groupByDate('f', [{ date: 1, symbol: 'A', score: 1, realized: 0 }, { date: 1, symbol: 'A', score: 2, realized: 0 }]), /f\(rows\)\[1\].*one row per \(date, symbol\).*second row for A/);
  assert.throws(() => groupByDate('f', [{ date: 1.5, symbol: 'A', score: 1, realized: 0 }]), /\[0\]\.date/);
});

test.run();
