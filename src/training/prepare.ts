/**
 * Data preparation, written once for every trainer: bars → features (computed once per run) → labels →
 * for any set of rows, a {@link Dataset} in the shape a model wants (tabular rows or sequence windows),
 * scaled by a {@link Scaler} fitted on training rows only. Rows whose feature window holds a NaN
 * (warm-up) are never usable; label end rows are carried so splits can purge.
 */
import type { Bars } from '../data/bars';
import { buildFeatures } from '../features/registry';
import { frameToMatrix, type FeatureFrame } from '../features/frame';
import { buildLabels, type LabelSet, type RunTask } from '../labels/build';
import type { Dataset } from '../models/types';
import { Scaler, type ScalerKind } from '../windows/scalers';
import { inputError } from '../util/errors';
import { fillDefaults } from '../util/options';

/** Options of {@link prepareData}. */
export interface PrepareOptions {
  /** Feature set name (`minimal`, `technical`, `full`). Default `full`. */
  featureSet?: string;
  /** Horizons in trading days. Default [1, 7, 30]. */
  horizons?: number[];
  /** Sequence length (rows per window) of sequence models; also the warm-up every model skips. Default 30. */
  steps?: number;
  /** Label task: `binary` direction, `ternary` with a neutral band, `regression` (forward log return) or `volatility` (forward realised vol). Default `binary`. */
  task?: RunTask;
  /** Ternary neutral half-width for h = 1 (scaled by √h). Default 0.001. */
  neutralBand?: number;
}

/** Defaults of {@link PrepareOptions}. */
export const prepareDefaults: Required<PrepareOptions> = { featureSet: 'full', horizons: [1, 7, 30], steps: 30, task: 'binary', neutralBand: 0.001 };

/** Features, labels and the usable rows of one run, computed once. */
export interface PreparedData {
  bars: Bars;
  frame: FeatureFrame;
  labels: LabelSet;
  /** Row-major `[n, f]` feature matrix (unscaled). */
  matrix: Float32Array;
  features: number;
  steps: number;
  task: RunTask;
  /** 1 where row r has a complete, NaN-free window of `steps` rows ending at r. */
  usable: Uint8Array;
  /** Target per horizon key (`h1`, …): class label, or the value of a regression / volatility task; NaN where unknown. */
  target: Record<string, Float64Array>;
  /** Label end row per horizon key (−1 where unknown). */
  endIndex: Record<string, Int32Array>;
  /** Simple forward return over h rows per horizon key (NaN where unknown). */
  forwardReturn: Record<string, Float64Array>;
}

/**
 * Computes features and labels once and marks the usable rows.
 * @param bars input bars (never mutated)
 * @param options feature set (`full`), horizons ([1, 7, 30]), steps (30), task (`binary`), neutralBand (0.001)
 * @returns PreparedData aligned to the bars' rows
 */
export function prepareData(bars: Bars, options: PrepareOptions = prepareDefaults): PreparedData {
  const o = fillDefaults(prepareDefaults, options);
  if (!Number.isInteger(o.steps) || o.steps < 1) throw inputError({ key: 'features.sequence_length' }, 'an integer >= 1', String(o.steps));
  const frame = buildFeatures(bars, { set: o.featureSet });
  const labels = buildLabels(bars, { horizons: o.horizons, neutralBand: o.neutralBand });
  const { x: matrix } = frameToMatrix(frame);
  const n = frame.dates.length;
  const f = frame.names.length;
  const badBefore = new Int32Array(n + 1);
  for (let r = 0; r < n; r++) {
    let bad = 0;
    for (let j = 0; j < f; j++) {
      if (!Number.isFinite(matrix[r * f + j])) {
        bad = 1;
        break;
      }
    }
    badBefore[r + 1] = badBefore[r] + bad;
  }
  const usable = new Uint8Array(n);
  for (let r = o.steps - 1; r < n; r++) usable[r] = badBefore[r + 1] - badBefore[r - o.steps + 1] === 0 ? 1 : 0;
  const target: Record<string, Float64Array> = {};
  const endIndex: Record<string, Int32Array> = {};
  const forwardReturn: Record<string, Float64Array> = {};
  for (const h of o.horizons) {
    const l = labels.byHorizon[`h${h}`];
    target[`h${h}`] = o.task === 'ternary' ? l.ternary : o.task === 'regression' ? l.logReturn : o.task === 'volatility' ? l.realizedVol : l.direction;
    endIndex[`h${h}`] = l.endIndex;
    forwardReturn[`h${h}`] = Float64Array.from(l.logReturn, (v) => Math.expm1(v));
  }
  return { bars, frame, labels, matrix, features: f, steps: o.steps, task: o.task, usable, target, endIndex, forwardReturn };
}

/**
 * A scaler fitted on the feature rows of the given training rows only (records their date range).
 * @param prep prepared data
 * @param rows training rows (ascending)
 * @param kind `zscore` (default) or `robust`
 * @returns fitted Scaler (values clipped to ±10 after scaling)
 */
export function fitRowScaler(prep: PreparedData, rows: ArrayLike<number>, kind: ScalerKind = 'zscore'): Scaler {
  if (rows.length === 0) throw inputError({ key: 'training rows' }, 'at least one training row to fit the scaler on', '0 rows');
  const f = prep.features;
  const x = new Float32Array(rows.length * f);
  const dates = new Int32Array(rows.length);
  for (let k = 0; k < rows.length; k++) {
    x.set(prep.matrix.subarray(rows[k] * f, (rows[k] + 1) * f), k * f);
    dates[k] = prep.frame.dates[rows[k]];
  }
  return new Scaler({ kind, clip: 10 }).fit({ x, shape: [rows.length, f], featureNames: prep.frame.names, dates });
}

/**
 * The whole feature matrix scaled by `scaler` (computed once per fitted scaler, then sliced per dataset).
 * @param prep prepared data
 * @param scaler fitted scaler
 * @returns new row-major Float32Array `[n, f]`
 */
export function scaleMatrix(prep: PreparedData, scaler: Scaler): Float32Array {
  return scaler.transform({ x: prep.matrix, shape: [prep.frame.dates.length, prep.features] });
}

/** Options of {@link datasetForRows}. */
export interface RowDatasetOptions {
  /** 2 = tabular `[n, f]` (features at row r), 3 = sequence `[n, steps, f]` (rows r−steps+1 … r). */
  rank: 2 | 3;
  /** Horizon key of the primary target `y` (e.g. `h7`); omit for prediction-only data. */
  target?: string;
  /** Extra targets (multi-output models) keyed by horizon key; entries NaN where `masks[key]` is 0. */
  targets?: string[];
  /** Per-target masks aligned to `rows` (1 keep, 0 mask as NaN), e.g. labels not known at trainEnd. */
  masks?: Record<string, Uint8Array>;
}

/**
 * Builds a Dataset for the given rows from a scaled matrix. Every row must be usable.
 * @param prep prepared data
 * @param scaled scaled matrix from {@link scaleMatrix}
 * @param rows frame rows (ascending)
 * @param options rank, target horizon key, extra targets and masks
 * @returns Dataset with x, shape, featureNames, dates (the rows' own dates), y / targets
 */
export function datasetForRows(prep: PreparedData, scaled: Float32Array, rows: ArrayLike<number>, options: RowDatasetOptions): Dataset {
  const f = prep.features;
  const n = rows.length;
  const steps = options.rank === 3 ? prep.steps : 1;
  const block = steps * f;
  const x = new Float32Array(n * block);
  const dates = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const r = rows[k];
    if (!prep.usable[r]) throw inputError({ key: `rows[${k}]` }, 'a row with a complete feature window', `row ${r}`);
    x.set(scaled.subarray((r - steps + 1) * f, (r + 1) * f), k * block);
    dates[k] = prep.frame.dates[r];
  }
  const shape = options.rank === 3 ? [n, steps, f] : [n, f];
  const ds: Dataset = { x, shape, featureNames: prep.frame.names.slice(), dates };
  const take = (key: string): Float32Array => {
    const src = prep.target[key];
    if (!src) throw inputError({ key: 'target' }, `one of ${Object.keys(prep.target).join(', ')}`, key);
    const mask = options.masks?.[key];
    return Float32Array.from({ length: n }, (_, k) => (mask && !mask[k] ? NaN : src[rows[k]]));
  };
  if (options.target) ds.y = take(options.target);
  if (options.targets) {
    ds.targets = {};
    for (const key of options.targets) ds.targets[key] = take(key);
  }
  return ds;
}
