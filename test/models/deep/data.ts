/** Test data for the deep models: windows of the last `steps` daily log returns from synthetic bars. */
import type { Bars } from '../../../src/data/bars';
import { ar1Returns } from '../../../src/data/synthetic';
import type { Dataset } from '../../../src/models/types';

/** Options of {@link returnWindows}. */
export interface WindowOptions {
  /** Steps per window (default 10). */
  steps?: number;
  /** Extra feature columns (noise-free copies scaled) to reach a wider input (default 1 feature). */
  features?: number;
}

/**
 * Sequence dataset: row i holds log returns r[t-steps+1..t] (feature 0; extra features are r·k), label
 * y = 1 when r[t+1] > 0 else 0, plus h7/h30 direction targets (NaN where the horizon runs past the end).
 */
export function returnWindows(bars: Bars, options: WindowOptions = {}): Dataset {
  const steps = options.steps ?? 10;
  const f = options.features ?? 1;
  const c = bars.close;
  const r = new Float64Array(c.length);
  for (let t = 1; t < c.length; t++) r[t] = Math.log(c[t] / c[t - 1]);
  const first = steps; // r[1..steps] is the first full window
  const last = c.length - 2; // needs r[t+1]
  const n = last - first + 1;
  const x = new Float32Array(n * steps * f);
  const y = new Float32Array(n);
  const h7 = new Float32Array(n);
  const h30 = new Float32Array(n);
  const dates = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const t = first + i;
    for (let s = 0; s < steps; s++) {
      for (let j = 0; j < f; j++) x[(i * steps + s) * f + j] = r[t - steps + 1 + s] * (1 + j);
    }
    y[i] = r[t + 1] > 0 ? 1 : 0;
    h7[i] = t + 7 < c.length ? (c[t + 7] > c[t] ? 1 : 0) : NaN;
    h30[i] = t + 30 < c.length ? (c[t + 30] > c[t] ? 1 : 0) : NaN;
    dates[i] = bars.dates[t];
  }
  return {
    x,
    shape: [n, steps, f],
    featureNames: Array.from({ length: f }, (_, j) => `ret_x${j + 1}`),
    y,
    targets: { h1: y, h7, h30 },
    dates,
  };
}

/** Rows [start, end) of a sequence dataset (copies). */
export function sliceRows(d: Dataset, start: number, end: number): Dataset {
  const stride = d.shape[1] * d.shape[2];
  const targets: Record<string, Float32Array> = {};
  for (const [k, v] of Object.entries(d.targets ?? {})) targets[k] = v.slice(start, end);
  return {
    x: d.x.slice(start * stride, end * stride),
    shape: [end - start, d.shape[1], d.shape[2]],
    featureNames: d.featureNames,
    y: d.y?.slice(start, end),
    targets,
    dates: d.dates?.slice(start, end),
    weight: d.weight?.slice(start, end),
  };
}

/** Fraction of equal entries. */
export function accuracy(pred: Float32Array, y: Float32Array): number {
  let ok = 0;
  for (let i = 0; i < y.length; i++) if (pred[i] === y[i]) ok++;
  return ok / y.length;
}

/**
 * The small AR(1) fixture the deep model suites share: windows of 8 steps × 2 features from 700 seeded
 * bars (`ar1Returns`, seed 21), rows [0, 500) for training and the rest for validation, and tiny settings
 * (8 units, 2 epochs) that train in well under a second on wasm.
 * @returns {data, train, val, base}: the whole dataset, its two row ranges and the model settings
 */
export function ar1Fixture(): { data: Dataset; train: Dataset; val: Dataset; base: { units: number; epochs: number; batchSize: number; patience: number; progressEvery: number } } {
  const data = returnWindows(ar1Returns({ n: 700, seed: 21 }), { steps: 8, features: 2 });
  return { data, train: sliceRows(data, 0, 500), val: sliceRows(data, 500, data.shape[0]), base: { units: 8, epochs: 2, batchSize: 32, patience: 0, progressEvery: 4 } };
}
