import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { accuracyTable, calibrateConfidence } from '../../src/live/accuracy';
import type { PredictionRecord } from '../../src/live/types';
import { assertClose } from '../helpers';

function rec(symbol: string, day: number, hit: boolean, confidence: number, status: 'pending' | 'verified' = 'verified'): PredictionRecord {
  const d = `2024-01-${String(day).padStart(2, '0')}`;
  const t = `2024-01-${String(day + 1).padStart(2, '0')}`;
  return {
    id: `${symbol}|${d}|h1|m`, symbol, madeOn: d, horizon: 1, targetDate: t, model: 'm', direction: 'up', probUp: confidence,
    expectedChange: 0, confidence, regime: 'bull', signals: {}, baseClose: 1, status, createdAt: '',
    ...(status === 'verified' ? { actualDate: t, actualClose: 1, actualChange: hit ? 0.01 : -0.01, hit, error: 0, verifiedAt: '' } : {}),
  };
}

test('accuracyTable: counts, hits, accuracy, Brier, pending ignored', () => {
  const rows = [rec('B', 1, true, 0.6), rec('A', 1, true, 0.8), rec('A', 2, false, 0.6), rec('A', 3, true, 0.7), rec('A', 4, true, 0.9, 'pending')];
  const t = accuracyTable(rows);
  assert.equal(t.map((r) => r.symbol), ['A', 'B']);
  assert.is(t[0].count, 3);
  assert.is(t[0].hits, 2);
  assertClose(t[0].accuracy, 2 / 3, 1e-12);
  assertClose(t[0].brier, ((0.8 - 1) ** 2 + 0.6 ** 2 + (0.7 - 1) ** 2) / 3, 1e-12);
  const bin = t[0].calibration.find((b) => b.lo <= 0.6 && 0.6 < b.hi)!;
  assert.is(bin.count, 1);
  assert.is(bin.hitRate, 0);
});

test('accuracyTable: rolling 20/60 use the most recent verified predictions', () => {
  const rows: PredictionRecord[] = [];
  for (let d = 1; d <= 28; d++) rows.push(rec('A', d, d > 18, 0.6)); // last 10 hit, earlier 18 miss
  const [a] = accuracyTable(rows);
  assertClose(a.rolling20, 10 / 20, 1e-12);
  assertClose(a.rolling60, 10 / 28, 1e-12);
});

test('calibrateConfidence: shrinks toward the observed hit rate of the same bin', () => {
  const history = Array.from({ length: 20 }, (_, i) => ({ raw: 0.72, hit: i < 10 }));
  // bin [0.7, 0.8): 10 hits of 20, prior 20 at raw 0.75 → (10 + 15) / 40
  assertClose(calibrateConfidence(0.75, history), 25 / 40, 1e-12);
  assertClose(calibrateConfidence(0.95, history), 0.95, 1e-12);
  assertClose(calibrateConfidence(0.75, []), 0.75, 1e-12);
  assert.ok(calibrateConfidence(0.55, Array.from({ length: 100 }, () => ({ raw: 0.55, hit: false }))) >= 0.5);
});

test.run();
