/**
 * `workbench evaluate`: scores every enabled model per horizon with a split scheme from src/evaluation —
 * expanding walk-forward after `initial_end_date`, or purged k-fold with embargo over the whole window —
 * fitting from scratch on each fold's purged training rows (scaler fitted on them only) and pooling the
 * out-of-sample predictions into the same scores as a training run.
 */
import { intradaySourceOptions } from '../data/intraday/source';
import type { WorkbenchConfig } from '../config/schema';
import type { Bars } from '../data/bars';
import { walkForwardSplits } from '../evaluation/splits/forward';
import { purgedKFold } from '../evaluation/splits/kfold';
import { isoToDay, lowerBound, upperBound } from '../util/dates';
import { inputError } from '../util/errors';
import { fitOnRows, scoreOnRows, type FitSpec } from './fit';
import { effectiveConfig, horizonTargets, modelSettings } from './plan';
import { prepareData } from './prepare';
import { carveValidation } from './schedule';
import { scoreTrack, type ModelResult } from './results';
import { resolveDataSource } from './source';
import type { PredictionRow, TrackState } from './types';

/** Options of {@link evaluateScheme}. */
export interface EvaluateOptions {
  /** `walk-forward` (default) or `purged-kfold`. */
  scheme?: 'walk-forward' | 'purged-kfold';
  /** Number of test blocks (walk-forward) or folds (k-fold). Default 5. */
  folds?: number;
  /** Bars to use instead of `data.source`. */
  bars?: Bars;
  /** Fast mode caps (see effectiveConfig). */
  fast?: boolean;
}

/** Defaults of {@link EvaluateOptions}. */
export const evaluateDefaults = { scheme: 'walk-forward', folds: 5 } as const;

/** Result of {@link evaluateScheme}: `horizons.<h>.<model>` scored like a run's entries. */
export interface EvaluationResult {
  scheme: 'walk-forward' | 'purged-kfold';
  folds: number;
  horizons: Record<string, Record<string, ModelResult>>;
}

/**
 * Evaluates the config's models with a purged split scheme.
 * @param config resolved config
 * @param options scheme (`walk-forward`), folds (5), bars, fast
 * @returns EvaluationResult
 */
export async function evaluateScheme(config: WorkbenchConfig, options: EvaluateOptions = evaluateDefaults): Promise<EvaluationResult> {
  const cfg = effectiveConfig(config, options.fast ?? config.runtime.fast);
  const scheme = options.scheme ?? evaluateDefaults.scheme;
  const folds = options.folds ?? evaluateDefaults.folds;
  if (scheme !== 'walk-forward' && scheme !== 'purged-kfold') throw inputError({ key: '--scheme' }, '`walk-forward` or `purged-kfold`', JSON.stringify(scheme));
  if (!Number.isInteger(folds) || folds < 2) throw inputError({ key: '--folds' }, 'an integer >= 2', String(folds));
  const bars = options.bars ?? (await resolveDataSource(cfg.data.source, { ...intradaySourceOptions(cfg.data), symbol: cfg.data.symbol }));
  const prep = prepareData(bars, { featureSet: cfg.features.set, horizons: cfg.horizons.enabled, steps: cfg.features.sequence_length, task: cfg.horizons.task, neutralBand: cfg.horizons.neutral_band });
  const dates = prep.frame.dates;
  const r0 = lowerBound(dates, isoToDay(cfg.training.start_date));
  const settings = modelSettings(cfg);
  const targets = horizonTargets(cfg);
  const out: EvaluationResult = { scheme, folds, horizons: {} };
  for (const h of cfg.horizons.enabled) {
    const key = `h${h}`;
    const end = prep.endIndex[key];
    const rows = [] as number[];
    for (let r = r0; r < dates.length; r++) if (prep.usable[r] && end[r] >= 0) rows.push(r);
    const sampleRows = Int32Array.from(rows);
    const endIndex = Int32Array.from(rows, (r) => Math.max(0, upperBound(sampleRows, end[r]) - 1));
    for (let i = 0; i < endIndex.length; i++) if (endIndex[i] < i) endIndex[i] = i;
    const n = rows.length;
    const firstTest = upperBound(Int32Array.from(rows, (r) => dates[r]), isoToDay(cfg.training.initial_end_date));
    const splits =
      scheme === 'purged-kfold'
        ? purgedKFold(n, { k: folds, endIndex, embargo: cfg.training.embargo, purge: cfg.training.purge })
        : walkForwardSplits(n, { endIndex, startIndex: firstTest, testLength: Math.max(1, Math.ceil((n - firstTest) / folds)), embargo: cfg.training.embargo, purge: cfg.training.purge });
    if (splits.length === 0) throw inputError({ key: 'training.initial_end_date' }, 'a date that leaves test rows after it', cfg.training.initial_end_date);
    out.horizons[String(h)] = {};
    for (const m of cfg.models.enabled) {
      const spec: FitSpec = { model: m, settings, keys: [key], scalerKind: cfg.features.scaler };
      const preds: PredictionRow[] = [];
      let trainMs = 0;
      let bytes = 0;
      for (let f = 0; f < splits.length; f++) {
        const s = splits[f];
        // training rows whose labels reach into the validation block are purged too (validation drives early stopping)
        const rowsOf = carveValidation(Int32Array.from(s.train, (i) => rows[i]), end, { validationFraction: cfg.training.validation_fraction, purge: cfg.training.purge, embargo: 0 }, `fold ${f + 1}, ${key}`);
        const { fitted, ms } = await fitOnRows(prep, spec, { [key]: rowsOf });
        trainMs += ms;
        bytes = Math.max(bytes, fitted.model.sizeBytes());
        const scored = await scoreOnRows(prep, fitted, Int32Array.from(s.test, (i) => rows[i]), key, { iteration: f + 1, trainRows: rowsOf.train });
        preds.push(...scored.predictions);
        fitted.model.dispose?.();
      }
      preds.sort((a, b) => a.row - b.row);
      const track: TrackState = { id: `evaluate-${key}-${m}`, mode: 'progressive', model: m, horizons: [key], byHorizon: { [key]: { iterations: [], predictions: preds } }, next: 0, bestValidation: -1, sinceBest: 0, stopped: false, trainMs, modelBytes: bytes, done: true };
      out.horizons[String(h)][m] = scoreTrack(prep, track, key, { costBps: cfg.evaluation.cost_bps, resamples: cfg.evaluation.bootstrap_samples, confidence: cfg.evaluation.confidence, seed: cfg.training.seed, targetAccuracy: targets[key] });
    }
  }
  return out;
}
