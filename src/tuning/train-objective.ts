/**
 * The objective `workbench tune` evaluates: fit one model family with the trial's hyperparameters on the
 * first progressive training window of the config and score it on that window's validation tail (carved
 * from the training window, purged — never the test data). Intermediate values per epoch / boosting round
 * are −valLoss (maximize studies) or valLoss (minimize) so pruners compare them in the study's direction.
 * Runs in the main thread or, through {@link WorkerPool}, in worker threads (`data` = {@link TuneTask}).
 */
import { intradaySourceOptions } from '../data/intraday/source';
import type { WorkbenchConfig } from '../config/schema';
import type { TrainProgress } from '../models/types';
import { fitOnRows, validationScore, type Fitted, type FitRows, type ValidationMetric } from '../training/fit';
import { modelSettings } from '../training/plan';
import { prepareData, type PreparedData } from '../training/prepare';
import { iterationRows, progressiveSchedule } from '../training/schedule';
import { resolveDataSource } from '../training/source';
import { inputError } from '../util/errors';
import type { ParamValue } from './space';
import { TrialPruned } from './study';

/** What every trial of a tuning study trains on. */
export interface TuneTask {
  /** The effective (resolved) config. */
  config: WorkbenchConfig;
  /** Registry key of the model family. */
  model: string;
  /** Horizon in trading days. Default: the config's first enabled horizon. */
  horizon?: number;
  /** `val_accuracy` (default) or `val_loss`. */
  metric?: string;
  /** Direction of the study (decides the sign of intermediate values). Default `maximize`. */
  direction?: 'maximize' | 'minimize';
}

/** Prepared data and the first window's rows of a task (computed once per process). */
interface Prepared {
  key: string;
  prep: PreparedData;
  rows: FitRows;
}

let cache: Prepared | undefined;

async function prepare(task: TuneTask): Promise<Prepared> {
  const key = JSON.stringify([task.config.data, task.config.training, task.config.features, task.config.horizons, task.model, task.horizon]);
  if (cache?.key === key) return cache;
  const cfg = task.config;
  const h = task.horizon ?? cfg.horizons.enabled[0];
  const bars = await resolveDataSource(cfg.data.source, intradaySourceOptions(cfg.data));
  const prep = prepareData(bars, { featureSet: cfg.features.set, horizons: [h], steps: cfg.features.sequence_length, task: cfg.horizons.task, neutralBand: cfg.horizons.neutral_band });
  const windows = progressiveSchedule(prep.frame.dates, { startDate: cfg.training.start_date, initialEndDate: cfg.training.initial_end_date, windowIncrement: cfg.training.window_increment, maxIterations: 1 });
  if (!windows.length) throw inputError({ key: 'training.initial_end_date' }, 'a training window followed by data', 'no iteration');
  const rows = iterationRows(prep, windows[0], `h${h}`, { validationFraction: cfg.training.validation_fraction, purge: cfg.training.purge, embargo: cfg.training.embargo });
  if (!rows.train.length || !rows.validation.length) throw inputError({ key: 'training' }, 'training and validation rows in the first window', `${rows.train.length} / ${rows.validation.length}`);
  cache = { key, prep, rows: { [`h${h}`]: rows } };
  return cache;
}

/** The trial context the objective needs (a subset of TrialContext plus the worker's `data`). */
export interface TrainTrial {
  params: Readonly<Record<string, ParamValue>>;
  report(step: number, value: number): Promise<boolean>;
  data?: TuneTask;
}

/**
 * Fits `task.model` with the trial's params (on top of `models.params`) and returns the validation metric.
 * @param trial trial context; `trial.data` (or `task`) says what to train
 * @param task the task when not given as `trial.data`
 * @returns validation accuracy (or log loss)
 * @throws TrialPruned when the pruner stops the trial
 */
export async function objective(trial: TrainTrial, task: TuneTask | undefined = trial.data): Promise<number> {
  if (!task) throw inputError({ key: 'trial.data' }, 'a TuneTask {config, model}', 'nothing');
  const metric = task.metric ?? 'val_accuracy';
  const sign = (task.direction ?? 'maximize') === 'maximize' ? -1 : 1;
  const data = await prepare(task);
  const settings = modelSettings(task.config);
  settings.params = { ...settings.params, [task.model]: { ...(settings.params[task.model] ?? {}), ...trial.params } };
  const keys = Object.keys(data.rows);
  const spec = { model: task.model, settings, keys, scalerKind: task.config.features.scaler };
  const abort = new AbortController();
  let pruned = false;
  const onProgress = (e: TrainProgress) => {
    if (pruned) throw new TrialPruned();
    const step = e.epoch ?? e.iteration;
    if (e.valLoss === undefined || step === undefined || !Number.isFinite(e.valLoss)) return;
    void trial.report(step, sign * e.valLoss).then(
      (p) => {
        if (p) {
          pruned = true;
          abort.abort();
        }
      },
      () => undefined,
    );
  };
  let fitted: Fitted | undefined;
  try {
    fitted = (await fitOnRows(data.prep, spec, data.rows, { signal: abort.signal, onProgress })).fitted;
  } catch (err) {
    if (pruned || (err as Error)?.name === 'TrialPruned') throw new TrialPruned();
    throw err;
  }
  try {
    if (pruned) throw new TrialPruned();
    return await validationScore(data.prep, fitted, Object.fromEntries(keys.map((k) => [k, data.rows[k].validation])), metric as ValidationMetric);
  } finally {
    fitted.model.dispose?.();
  }
}
