/**
 * From a config to a run plan: the effective config (`--fast` shrinks it), the model settings, the
 * row-selection options and the list of tracks (progressive: one per horizon and enabled model; unified:
 * one multi-head `unified` net, or — when the unified key is not a multi-head family or not registered —
 * the fallback of one model per horizon on the shared features, trained once).
 */
import type { WorkbenchConfig } from '../config/schema';
import { targetAccuracy } from '../config/load';
import { modelKeys } from '../models/registry';
import { isoToDay, dayToIso } from '../util/dates';
import { isMultiHead, type ModelSettings } from './models';
import type { TrackState } from './types';

/** Caps applied by `--fast` / `runtime.fast` (smoke tests and CI). */
export const fastCaps = { epochs: 2, epochsPerIteration: 1, maxIterations: 3, trainingDays: 3 * 365 } as const;

/**
 * The config a run actually uses: with `fast`, epochs ≤ 2, epochs per iteration ≤ 1, iterations ≤ 3 and a
 * training window starting at most 3 years before `initial_end_date`.
 * @param cfg resolved config (not mutated)
 * @param fast force fast mode (CLI `--fast`); default `cfg.runtime.fast`
 * @returns a new config object
 */
export function effectiveConfig(cfg: WorkbenchConfig, fast = cfg.runtime.fast): WorkbenchConfig {
  const out = JSON.parse(JSON.stringify(cfg)) as WorkbenchConfig;
  if (!fast) return out;
  out.runtime.fast = true;
  out.models.epochs = Math.min(out.models.epochs, fastCaps.epochs);
  out.models.epochs_per_iteration = Math.min(out.models.epochs_per_iteration, fastCaps.epochsPerIteration);
  out.training.max_iterations = Math.min(out.training.max_iterations, fastCaps.maxIterations);
  const start = Math.max(isoToDay(out.training.start_date), isoToDay(out.training.initial_end_date) - fastCaps.trainingDays);
  out.training.start_date = dayToIso(start);
  return out;
}

/**
 * Model settings of a config.
 * @param cfg effective config
 * @returns task, epochs, epochs per iteration, batch size, seed, per-key params
 */
export function modelSettings(cfg: WorkbenchConfig): ModelSettings {
  return {
    task: cfg.horizons.task,
    epochs: cfg.models.epochs,
    epochsPerIteration: cfg.models.epochs_per_iteration,
    batchSize: cfg.models.batch_size,
    seed: cfg.training.seed,
    params: cfg.models.params as Record<string, Record<string, unknown>>,
  };
}

/**
 * Target accuracy per horizon key (`h7` → 0.65).
 * @param cfg effective config
 * @returns record keyed `h<h>` (undefined where no target is set)
 */
export function horizonTargets(cfg: WorkbenchConfig): Record<string, number | undefined> {
  const out: Record<string, number | undefined> = {};
  // accuracy targets are direction-accuracy targets: a value task (regression, volatility) has none
  if (cfg.horizons.task === 'regression' || cfg.horizons.task === 'volatility') return out;
  for (const h of cfg.horizons.enabled) out[`h${h}`] = targetAccuracy(cfg, h);
  return out;
}

function emptyTrack(id: string, mode: TrackState['mode'], model: string, horizons: string[]): TrackState {
  return { id, mode, model, horizons, byHorizon: {}, next: 0, bestValidation: -1, sinceBest: 0, stopped: false, trainMs: 0, modelBytes: 0, done: false };
}

/**
 * The registry key unified mode trains, after the fallback rule (see module doc).
 * @param cfg effective config
 * @returns `models.unified_model` when registered, else the first enabled model
 */
export function unifiedKey(cfg: WorkbenchConfig): string {
  const key = cfg.models.unified_model;
  return modelKeys().includes(key) ? key : cfg.models.enabled[0];
}

/**
 * The tracks of a run, in execution order.
 * @param cfg effective config
 * @returns fresh TrackStates
 */
export function planTracks(cfg: WorkbenchConfig): TrackState[] {
  const keys = cfg.horizons.enabled.map((h) => `h${h}`);
  const tracks: TrackState[] = [];
  if (cfg.modes.progressive) {
    for (const k of keys) for (const m of cfg.models.enabled) tracks.push(emptyTrack(`progressive-${k}-${m}`, 'progressive', m, [k]));
  }
  if (cfg.modes.unified) {
    const u = unifiedKey(cfg);
    if (isMultiHead(u)) tracks.push(emptyTrack(`unified-all-${u}`, 'unified', u, keys));
    else for (const k of keys) tracks.push(emptyTrack(`unified-${k}-${u}`, 'unified', u, [k]));
  }
  return tracks;
}
