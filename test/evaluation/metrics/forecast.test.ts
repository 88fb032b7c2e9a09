import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assertClose } from '../../helpers';
import { ewmaVol, forecastScores, trailingRealizedVol } from '../../../src/evaluation/metrics/forecast';

test('forecastScores: MSE, RMSE, MAE, sign accuracy and R² against a fixed reference, by hand', () => {
  const s = forecastScores([0.02, -0.01, 0.03, 0], [0.01, 0.01, 0.02, -0.01], 0.01);
  // errors 0.01, -0.02, 0.01, 0.01 → SSE 0.0007; Σ(y − 0.01)² = 0.0001 + 0.0004 + 0.0004 + 0.0001 = 0.001
  assertClose(s.mse, 0.0007 / 4);
  assertClose(s.rmse, Math.sqrt(0.0007 / 4));
  assertClose(s.mae, 0.05 / 4);
  assertClose(s.r2, 1 - 0.0007 / 0.001);
  assertClose(s.signAccuracy, 2 / 4);
});

test('forecastScores: R² is against the reference, not the test mean (the test mean itself scores > 0 against a stale reference)', () => {
  const y = [1, 2, 3];
  assertClose(forecastScores(y, [2, 2, 2], 2).r2, 0);
  assert.ok(forecastScores(y, [2, 2, 2], 0).r2 > 0);
  assert.ok(forecastScores(y, [0, 0, 0], 2).r2 < 0);
  // one reference per row (each iteration's training mean)
  assertClose(forecastScores(y, [1, 2, 3], [0, 0, 0]).r2, 1);
});

test('forecastScores rejects a non-finite forecast or reference with the argument named', () => {
  assert.throws(() => forecastScores([1, 2], [1, NaN], 0), /yPred/);
  assert.throws(() => forecastScores([1, 2], [1, 2], NaN), /reference/);
  assert.throws(() => forecastScores([1, 2], [1], 0), /yPred/);
});

const close = [100, 101, 99, 102, 102, 100];
const r = close.map((c, i) => (i ? Math.log(c / close[i - 1]) : NaN));

test('trailingRealizedVol: √(mean r²) over t−h+1..t, NaN without h returns before t', () => {
  const v = trailingRealizedVol(close, [0, 1, 3, 5], 2);
  assert.ok(Number.isNaN(v[0]) && Number.isNaN(v[1]));
  assertClose(v[2], Math.sqrt((r[2] ** 2 + r[3] ** 2) / 2));
  assertClose(v[3], Math.sqrt((r[4] ** 2 + r[5] ** 2) / 2));
  assertClose(trailingRealizedVol(close, [3], 1)[0], Math.abs(r[3]));
  assert.throws(() => trailingRealizedVol(close, [3], 0), /integer >= 1/);
});

test('ewmaVol: RiskMetrics recursion from the warm-up mean, using returns up to t only', () => {
  const v = ewmaVol(close, [2, 3, 5], { lambda: 0.9, warmup: 2 });
  assert.ok(Number.isNaN(v[0]));
  const v0 = (r[1] ** 2 + r[2] ** 2) / 2;
  const v3 = 0.9 * v0 + 0.1 * r[3] ** 2;
  assertClose(v[1], Math.sqrt(v3));
  const v5 = 0.9 * (0.9 * v3 + 0.1 * r[4] ** 2) + 0.1 * r[5] ** 2;
  assertClose(v[2], Math.sqrt(v5));
  // no look-ahead: changing a later close leaves earlier forecasts as they were
  const later = close.slice();
  later[5] = 150;
  assertClose(ewmaVol(later, [3], { lambda: 0.9, warmup: 2 })[0], v[1]);
  assert.throws(() => ewmaVol(close, [3], { lambda: 1 }), /\(0, 1\)/);
});

test.run();
