/**
 * The one fit → predict → score path. Progressive and unified tracks, `evaluate`, tuning objectives, live
 * training and `retrain --auto` all fit a model here: a scaler fitted on the training rows only, the
 * model created from the run's settings (stacking purges the label span), validation rows carved from the
 * training window, and out-of-sample predictions scored into {@link PredictionRow}s the same way everywhere.
 */
import { majorityClass } from '../evaluation/metrics/baselines';
import { logLoss } from '../evaluation/metrics/probabilistic';
import { inputError, show } from '../util/errors';
import type { Dataset, Model, TrainProgress } from '../models/types';
import { dayToIso } from '../util/dates';
import { selectFeatures } from '../features/select';
import type { Scaler, ScalerKind } from '../windows/scalers';
import { createRunModel, isMultiHead, modelRank, readsRawFeatures, type ModelSettings } from './models';
import { datasetForRows, fitRowScaler, scaleMatrix, type PreparedData } from './prepare';
import type { PredictionRow } from './types';
import { isValueTask } from '../labels/build';
import { scoreValuesOnRows, valueValidationScore } from './fit-values';

/** What to fit: a model family on one or more horizon keys. */
export interface FitSpec {
  /** Registry key of the model family. */
  model: string;
  settings: ModelSettings;
  /** Horizon keys (`h1`, …); the first is the primary target, all are heads of a multi-head model. */
  keys: string[];
  scalerKind: ScalerKind;
}

/** Training and validation rows per horizon key (ascending frame rows, purged). */
export type FitRows = Record<string, { train: Int32Array; validation: Int32Array }>;

/** A fitted model with the scaler its inputs went through. */
export interface Fitted {
  spec: FitSpec;
  model: Model;
  scaler: Scaler;
  /** The whole feature matrix scaled by `scaler` (sliced per dataset). */
  scaled: Float32Array;
  rank: 2 | 3;
  multi: boolean;
}

/** Options of {@link fitOnRows}. */
export interface FitRowsOptions {
  /** Fine-tune this fitted model (keeping its scaler) instead of fitting from scratch. */
  warm?: Fitted;
  /** Most recent training rows a warm-started sequence model sees. Default all. */
  finetuneWindow?: number;
  onProgress?: (event: TrainProgress) => void;
  signal?: AbortSignal;
}

/** Longest label span in rows of a set of horizon keys. */
export function labelSpan(keys: string[]): number {
  return Math.max(1, ...keys.map((k) => Number(k.slice(1))));
}

function maskOf(rows: Int32Array, set: Int32Array): Uint8Array {
  const s = new Set(set);
  return Uint8Array.from(rows, (r) => (s.has(r) ? 1 : 0));
}

/**
 * A dataset of `rows` in the shape the fitted model wants, with the primary target (and, for a multi-head
 * model, every head masked to the rows it may learn from).
 */
function fitDataset(prep: PreparedData, f: Pick<Fitted, 'spec' | 'scaled' | 'rank' | 'multi'>, rows: FitRows, part: 'train' | 'validation', use?: Int32Array): Dataset {
  const keys = f.spec.keys;
  const sel = use ?? rows[keys[0]][part];
  const masks: Record<string, Uint8Array> = {};
  if (f.multi) for (const k of keys) masks[k] = maskOf(sel, rows[k][part]);
  return datasetForRows(prep, f.scaled, sel, f.multi ? { rank: f.rank, target: keys[0], targets: keys, masks } : { rank: f.rank, target: keys[0] });
}

/**
 * Fits (or fine-tunes) a model on training rows, with early stopping on the validation rows.
 * @param prep prepared data
 * @param spec model family, settings, horizon keys, scaler kind
 * @param rows training / validation rows per key (the primary key's rows are the samples)
 * @param options warm start, finetune window, progress, cancel signal
 * @returns the fitted model, `fit` or `finetune`, and the milliseconds spent
 */
export async function fitOnRows(prep: PreparedData, spec: FitSpec, rows: FitRows, options: FitRowsOptions = {}): Promise<{ fitted: Fitted; action: 'fit' | 'finetune'; ms: number }> {
  const t0 = Date.now();
  const main = rows[spec.keys[0]];
  const warm = options.warm;
  if (warm) {
    const deep = warm.rank === 3;
    const window = options.finetuneWindow ?? main.train.length;
    const recent = deep ? main.train.slice(Math.max(0, main.train.length - window)) : main.train;
    const validation = fitDataset(prep, warm, rows, 'validation');
    await warm.model.finetune(fitDataset(prep, warm, rows, 'train', recent), { validation, labelSpan: labelSpan(spec.keys), onProgress: options.onProgress, signal: options.signal, ...(deep ? { epochs: spec.settings.epochsPerIteration } : {}) });
    return { fitted: warm, action: 'finetune', ms: Date.now() - t0 };
  }
  const scaler = selectOnRows(prep, fitRowScaler(prep, main.train, spec.scalerKind), main.train, spec);
  const multi = isMultiHead(spec.model);
  const model = createRunModel(spec.model, spec.settings, multi ? { targets: spec.keys } : {}, labelSpan(spec.keys));
  const fitted: Fitted = { spec, model, scaler, scaled: scaledFor(prep, spec.model, scaler), rank: modelRank(spec.model), multi };
  await model.fit(fitDataset(prep, fitted, rows, 'train'), { validation: fitDataset(prep, fitted, rows, 'validation'), labelSpan: labelSpan(spec.keys), onProgress: options.onProgress, signal: options.signal });
  return { fitted, action: 'fit', ms: Date.now() - t0 };
}

/** The model's input matrix: scaled by `scaler`, or the raw features for a family that reads raw values. */
function scaledFor(prep: PreparedData, key: string, scaler: Scaler): Float32Array {
  return readsRawFeatures(key) ? prep.matrix : scaleMatrix(prep, scaler);
}

/**
 * Applies `spec.settings.select` to a scaler fitted on `rows`: the features not selected on those training
 * rows (and their primary labels) are dropped by the returned scaler.
 */
function selectOnRows(prep: PreparedData, scaler: Scaler, rows: Int32Array, spec: FitSpec): Scaler {
  const rule = spec.settings.select ?? 'none';
  if (rule === 'none') return scaler;
  const f = prep.features;
  const x = new Float32Array(rows.length * f);
  const target = prep.target[spec.keys[0]];
  const y = Float64Array.from(rows, (r) => target[r]);
  rows.forEach((r, k) => x.set(prep.matrix.subarray(r * f, (r + 1) * f), k * f));
  const { keep } = selectFeatures(x, y, f, { select: rule, seed: spec.settings.seed });
  if (keep.length === f) return scaler;
  const kept = new Set(keep);
  return scaler.withDropped(Array.from({ length: f }, (_, j) => j).filter((j) => !kept.has(j)));
}

/**
 * The feature selection a fitted scaler carries, for results.json (`capacity.features`, `capacity.selected`).
 * @returns `{features, selected}` or `{}` when no feature was dropped
 */
export function selectionRecord(scaler: Scaler): Record<string, number | string> {
  const s = scaler.toJSON();
  if (!s.dropped?.length) return {};
  const dropped = new Set(s.dropped);
  const names = s.featureNames.filter((_, j) => !dropped.has(j));
  return { features: names.length, selected: names.join(',') };
}

/**
 * Rebuilds a {@link Fitted} around a model restored from disk and the scaler it was trained with.
 * @returns Fitted
 */
export function fittedFrom(prep: PreparedData, spec: FitSpec, model: Model, scaler: Scaler): Fitted {
  return { spec, model, scaler, scaled: scaledFor(prep, spec.model, scaler), rank: modelRank(spec.model), multi: isMultiHead(spec.model) };
}

/**
 * Class probabilities of the fitted model on `rows` for horizon key `key`.
 * @returns `{proba, classes, y}`: row-major `[n, classes]` probabilities and the labels (NaN where unknown)
 */
export async function predictOnRows(prep: PreparedData, fitted: Fitted, rows: ArrayLike<number>, key: string): Promise<{ proba: Float32Array; classes: number; y: Float32Array }> {
  const ds = datasetForRows(prep, fitted.scaled, rows, { rank: fitted.rank, target: key });
  const proba = rows.length ? await fitted.model.predictProba(ds, fitted.multi ? { target: key } : undefined) : new Float32Array(0);
  return { proba, classes: rows.length ? proba.length / rows.length : prep.task === 'ternary' ? 3 : 2, y: ds.y as Float32Array };
}

/** Index of the largest of `c` probabilities starting at `at` (ties → the lower class). */
export function argmaxAt(proba: ArrayLike<number>, at: number, c: number): number {
  let best = 0;
  for (let q = 1; q < c; q++) if (proba[at + q] > proba[at + best]) best = q;
  return best;
}

/** Validation metrics {@link validationScore} computes. */
export type ValidationMetric = 'val_accuracy' | 'val_loss';

/**
 * A validation metric of the fitted model on rows whose labels are known, averaged over the given keys:
 * `val_accuracy` (share of rows whose most probable class is the label) or `val_loss` (log loss, nats).
 * @param prep prepared data
 * @param fitted fitted model
 * @param rowsByKey rows per horizon key
 * @param metric `val_accuracy` (default) or `val_loss`
 * @returns the metric (NaN when there are no rows)
 */
export async function validationScore(prep: PreparedData, fitted: Fitted, rowsByKey: Record<string, ArrayLike<number>>, metric: ValidationMetric = 'val_accuracy'): Promise<number> {
  if (metric !== 'val_accuracy' && metric !== 'val_loss') throw inputError({ key: 'tuning.metric' }, '"val_accuracy" or "val_loss"', show(metric));
  if (isValueTask(prep.task)) return valueValidationScore(prep, fitted, rowsByKey, metric);
  const values: number[] = [];
  for (const [k, rows] of Object.entries(rowsByKey)) {
    if (!rows.length) continue;
    const { proba, classes, y } = await predictOnRows(prep, fitted, rows, k);
    if (metric === 'val_loss') {
      values.push(logLoss(y, proba));
      continue;
    }
    let hits = 0;
    for (let j = 0; j < rows.length; j++) if (argmaxAt(proba, j * classes, classes) === y[j]) hits++;
    values.push(hits / rows.length);
  }
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN;
}

/**
 * Predicts the test rows and scores them into prediction rows (true class, predicted class, P(up) = the up
 * class's probability, the training majority class as the baseline's prediction).
 * @param prep prepared data
 * @param fitted fitted model
 * @param test test rows (labels known)
 * @param key horizon key
 * @param context iteration number and the training rows (for the majority baseline)
 * @returns `{predictions, hits}`
 */
export async function scoreOnRows(prep: PreparedData, fitted: Fitted, test: Int32Array, key: string, context: { iteration: number; trainRows: ArrayLike<number> }): Promise<{ predictions: PredictionRow[]; hits: number }> {
  if (isValueTask(prep.task)) return scoreValuesOnRows(prep, fitted, test, key, context);
  const { proba, classes: c, y } = await predictOnRows(prep, fitted, test, key);
  const maj = majorityClass(Float64Array.from(context.trainRows, (r) => prep.target[key][r])).classIndex;
  const predictions: PredictionRow[] = [];
  let hits = 0;
  for (let j = 0; j < test.length; j++) {
    const pred = argmaxAt(proba, j * c, c);
    if (pred === y[j]) hits++;
    predictions.push({ iteration: context.iteration, row: test[j], date: dayToIso(prep.frame.dates[test[j]]), y: y[j], pred, pUp: proba[j * c + c - 1], majority: maj });
  }
  return { predictions, hits };
}
