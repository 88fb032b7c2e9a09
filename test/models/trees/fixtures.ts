/** Seeded datasets for the tree tests: lagged-return features from synthetic price series. */
import type { Bars } from '../../../src/data/bars';
import type { Dataset } from '../../../src/models/types';

/**
 * Features = the last `lags` daily log returns (r_t, r_{t-1}, …), label = next-day up (r_{t+1} > 0).
 * @returns rank-2 dataset, one row per day t with a full lag window and a next day
 */
export function lagDataset(bars: Bars, lags = 5): Dataset {
  const c = bars.close;
  const r = new Float64Array(c.length);
  for (let t = 1; t < c.length; t++) r[t] = Math.log(c[t] / c[t - 1]);
  const rows: number[] = [];
  for (let t = lags; t + 1 < c.length; t++) rows.push(t);
  const x = new Float32Array(rows.length * lags);
  const y = new Float32Array(rows.length);
  rows.forEach((t, i) => {
    for (let k = 0; k < lags; k++) x[i * lags + k] = r[t - k];
    y[i] = r[t + 1] > 0 ? 1 : 0;
  });
  const featureNames = Array.from({ length: lags }, (_, k) => `ret_lag${k}`);
  return { x, shape: [rows.length, lags], featureNames, y };
}

/** Fraction of equal entries. */
export function accuracy(pred: ArrayLike<number>, y: ArrayLike<number>): number {
  let hit = 0;
  for (let i = 0; i < pred.length; i++) if (pred[i] === y[i]) hit++;
  return hit / pred.length;
}
