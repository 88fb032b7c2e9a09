/**
 * A small tabular trainer for the live loop (candidate models in automated retraining, the simulated-days
 * test): features + next-h-day direction labels, rows whose label ends by the last bar only, fitted on the
 * last `trainDays` rows, saved with `live.json` metadata.
 */
import { barCount, type Bars } from '../data/bars';
import { dayToIso } from '../util/dates';
import { fillDefaults } from '../data/store-db';
import { inputError } from '../util/errors';
import { buildFeatures } from '../features/registry';
import { frameToDataset, selectColumns } from '../features/frame';
import { forwardLabels } from '../labels/forward';
import { createModel } from '../models/registry';
import type { Model } from '../models/types';
import { writeLiveMeta, type LiveModelMeta } from './model-source';

/** Options of {@link trainLiveModel}. */
export interface LiveTrainOptions {
  /** Model registry key. Default `logistic`. */
  model?: string;
  /** Hyperparameters (task `binary` is added). Default {}. */
  params?: Record<string, unknown>;
  /** Horizon in trading days. Default 1. */
  horizon?: number;
  /** Feature set. Default `minimal`. */
  featureSet?: string;
  /** Most recent labelled rows to train on. Default 1000. */
  trainDays?: number;
  /** Name recorded in the metadata. Default `<model>-<symbol>-h<horizon>`. */
  name?: string;
  /** Version label. Default the training timestamp. */
  version?: string;
  /** Clock. Default now. */
  now?: Date;
}

/** Defaults of {@link LiveTrainOptions}. */
export const liveTrainDefaults = { model: 'logistic', params: {} as Record<string, unknown>, horizon: 1, featureSet: 'minimal', trainDays: 1000 };

/**
 * Rows usable for training on `bars`: all features defined and the label known (row + horizon <= last row).
 * @returns `{frame, rows, y}`: full frame of the bars, selected row indices, direction labels aligned to the frame
 */
export function trainingRows(bars: Bars, featureSet: string, horizon: number): { frame: ReturnType<typeof buildFeatures>; rows: number[]; y: Float64Array } {
  const frame = buildFeatures(bars, { set: featureSet });
  const y = forwardLabels(bars, horizon).direction;
  const rows: number[] = [];
  for (let i = 0; i < barCount(bars); i++) {
    if (!Number.isFinite(y[i])) continue;
    if (frame.columns.some((c) => !Number.isFinite(c[i]))) continue;
    rows.push(i);
  }
  return { frame, rows, y };
}

/**
 * Trains a binary direction model on the bars (data up to the last bar; the last `horizon` rows have no label).
 * @param bars history of one symbol (not modified)
 * @param options model, params, horizon, feature set, trainDays (see {@link liveTrainDefaults})
 * @returns the fitted model and its metadata
 * @throws InputError when fewer than 50 usable rows exist
 */
export async function trainLiveModel(bars: Bars, options: LiveTrainOptions = {}): Promise<{ model: Model; meta: LiveModelMeta }> {
  const o = fillDefaults(liveTrainDefaults, options);
  const { frame, rows, y } = trainingRows(bars, o.featureSet, o.horizon);
  const use = rows.slice(-o.trainDays);
  if (use.length < 50) throw inputError({ key: 'bars' }, `at least 50 rows with complete features and a known ${o.horizon}-day label`, `${use.length} (of ${barCount(bars)} bars)`);
  const ds = frameToDataset(frame, { rows: use, y });
  const model = createModel(o.model, { ...o.params, task: 'binary' });
  await model.fit(ds);
  const now = o.now ?? new Date();
  const meta: LiveModelMeta = {
    name: o.name ?? `${o.model}-${bars.symbol}-h${o.horizon}`,
    version: o.version ?? now.toISOString(),
    featureSet: o.featureSet,
    featureNames: frame.names.slice(),
    horizon: o.horizon,
    trainedAt: now.toISOString(),
    trainStart: dayToIso(frame.dates[use[0]]),
    trainEnd: dayToIso(frame.dates[use[use.length - 1]]),
  };
  return { model, meta };
}

/**
 * Saves a live model (model files + `live.json`) into `dir`.
 * @param dir target folder (created)
 */
export async function saveLiveModel(dir: string, model: Model, meta: LiveModelMeta): Promise<void> {
  await model.save(dir);
  writeLiveMeta(dir, meta);
}

/**
 * Probabilities of "up" of a model on rows of a frame built from `bars`.
 * @param model fitted binary model
 * @param bars bars (history up to the rows predicted)
 * @param meta the model's metadata (feature set and names)
 * @param rows row indices into `bars`
 * @returns Float64Array, one probability per row
 */
export async function probUpOnRows(model: Model, bars: Bars, meta: LiveModelMeta, rows: number[]): Promise<Float64Array> {
  const frame = selectColumns(buildFeatures(bars, { set: meta.featureSet }), meta.featureNames);
  const proba = await model.predictProba(frameToDataset(frame, { rows }));
  const out = new Float64Array(rows.length);
  for (let r = 0; r < rows.length; r++) out[r] = proba[r * 2 + 1];
  return out;
}

