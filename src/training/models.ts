/**
 * Creating the models a run trains: the config's shared settings (task, epochs, batch size, seed) are passed
 * only to families that have such a hyperparameter, then the per-key `models.params` overrides are applied.
 */
import '../models/families'; // classical families now, the tfjs ones on first use
import { createModel, getModelFactory } from '../models/registry';
import type { Model } from '../models/types';
import { isValueTask, type RunTask } from '../labels/build';
import type { FeatureSelect } from '../features/select';

/** Settings shared by every model of a run. */
export interface ModelSettings {
  /** Label task (`regression` and `volatility` models are created with the model task `regression`). */
  task: RunTask;
  /** Epochs of a from-scratch fit (deep families). */
  epochs: number;
  /** Epochs of a warm-start update (deep families). */
  epochsPerIteration: number;
  /** Mini-batch size (deep families). */
  batchSize: number;
  /** Seed (families with a `seed` hyperparameter). */
  seed: number;
  /** Per-key hyperparameter overrides (config `models.params`). */
  params: Record<string, Record<string, unknown>>;
  /** Feature selection of every from-scratch fit, on its training rows (config `features.select`); absent = none. */
  select?: FeatureSelect;
}

/**
 * Creates an unfitted model for a run.
 * @param key registry key
 * @param s shared settings
 * @param extra extra hyperparameters (e.g. `targets` of the unified net)
 * @param labelSpan longest label horizon in rows (default 1): the `purge` of families that fit on internal time folds
 * @returns a new Model
 * @throws InputError for an unknown key or a bad hyperparameter
 */
export function createRunModel(key: string, s: ModelSettings, extra: Record<string, unknown> = {}, labelSpan = 1): Model {
  const user = s.params[key] ?? {};
  const task = isValueTask(s.task) ? 'regression' : s.task;
  const probe = createModel(key, { task, ...extra, ...user });
  const known = probe.params;
  const shared: Record<string, unknown> = {};
  if ('seed' in known) shared.seed = s.seed;
  if ('epochs' in known) shared.epochs = s.epochs;
  if ('finetuneEpochs' in known) shared.finetuneEpochs = s.epochsPerIteration;
  if ('batchSize' in known) shared.batchSize = s.batchSize;
  // families that fit on internal time folds (the ensemble's stacking) purge the label span between folds
  if ('purge' in known) shared.purge = labelSpan;
  // a volatility forecaster (garch) forecasts over the run's horizon
  if (s.task === 'volatility' && key === 'garch') shared.horizon = labelSpan;
  probe.dispose?.();
  return createModel(key, { task, ...shared, ...extra, ...user });
}

/**
 * Input rank of a registry key.
 * @param key registry key
 * @returns 2 (tabular `[n, f]`) or 3 (sequence `[n, steps, f]`)
 */
export function modelRank(key: string): 2 | 3 {
  return getModelFactory(key).inputRank;
}

/**
 * True when `key` is a multi-output family that takes `targets` (the `unified` net).
 * @param key registry key
 * @returns boolean
 */
export function isMultiHead(key: string): boolean {
  return key === 'unified';
}

/** Families that read raw feature values (a daily return in return units), never the run's scaled features. */
const RAW_FEATURE_FAMILIES = new Set(['garch', 'baseline_vol_naive']);

/**
 * True when `key` reads unscaled features: `garch` filters the raw daily return and `baseline_vol_naive`
 * forwards today's realised vol, so z-scoring their input would change the units of their forecasts.
 * @param key registry key
 * @returns boolean
 */
export function readsRawFeatures(key: string): boolean {
  return RAW_FEATURE_FAMILIES.has(key);
}

/**
 * True when a family's forecast at a row depends on the rows it was asked for before it in the same call
 * (`garch` filters its variance through them from the end of its training series), so serving must replay
 * the rows after the training end the way the run's test block did.
 * @param key registry key
 * @returns boolean
 */
export function filtersRows(key: string): boolean {
  return key === 'garch';
}
