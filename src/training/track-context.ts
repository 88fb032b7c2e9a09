/**
 * The one setup of a training track's context, shared by the in-process run (`training/run.ts`) and a
 * worker's track job (`execution/track-job.ts`): the schedule, model settings, row options, stopping rules
 * and scaler a config fixes, and the model persistence hooks (save and reload, restore, final bundle). The
 * callers add only what differs: how the track state itself is checkpointed, progress and cancellation.
 */
import type { WorkbenchConfig } from '../config/schema';
import { loadModel } from '../models/registry';
import type { Model } from '../models/types';
import { saveTrackModel, trackModelPath, type RunState } from './checkpoint';
import { horizonTargets, modelSettings } from './plan';
import type { PreparedData } from './prepare';
import { trackBundleMeta, writeTrackBundle } from './run-bundles';
import { progressiveSchedule } from './schedule';
import type { TrackContext } from './track';
import type { TrackState } from './types';

/** A {@link TrackContext} without the hooks its caller supplies (checkpoint, progress, cancellation). */
export type TrackContextBase = Omit<TrackContext, 'checkpoint' | 'onProgress' | 'signal'>;

/**
 * The parts of a track's context that the config, the prepared data and the run folder fix.
 * @param cfg effective config of the run
 * @param prep prepared features and labels of the run's bars
 * @param dir run folder
 * @param run the run's state (its tracks' bundles name it)
 * @param trainOnce train at the first iteration only (unified mode)
 * @returns the context without checkpoint, onProgress and signal
 */
export function trackContextBase(cfg: WorkbenchConfig, prep: PreparedData, dir: string, run: RunState, trainOnce: boolean): TrackContextBase {
  return {
    prep,
    schedule: progressiveSchedule(prep.frame.dates, {
      startDate: cfg.training.start_date,
      initialEndDate: cfg.training.initial_end_date,
      windowIncrement: cfg.training.window_increment,
      maxIterations: cfg.training.max_iterations,
    }),
    settings: modelSettings(cfg),
    rows: { validationFraction: cfg.training.validation_fraction, purge: cfg.training.purge, embargo: cfg.training.embargo },
    warmStart: cfg.training.warm_start,
    finetuneWindow: cfg.training.finetune_window,
    patience: cfg.training.early_stop_patience,
    targets: horizonTargets(cfg),
    scalerKind: cfg.features.scaler,
    trainOnce,
    restore: (track) => loadModel(trackModelPath(dir, track)),
    finish: (track, model) => writeTrackBundle(dir, trackBundleMeta(cfg, run, track, prep), model),
  };
}

/**
 * Checkpoints a track's changed model: saves it under the run's checkpoint (setting `track.modelDir`),
 * disposes the in-memory model and reloads the saved one, so that training continues from exactly what a
 * resume would restore.
 * @param dir run folder
 * @param track the track's state (mutated: `modelDir`)
 * @param model the model after this iteration; undefined when it did not change
 * @returns the reloaded model, or undefined when there was none
 */
export async function checkpointTrackModel(dir: string, track: TrackState, model: Model | undefined): Promise<Model | undefined> {
  if (!model) return undefined;
  track.modelDir = await saveTrackModel(dir, track, model);
  const reloaded = await loadModel(trackModelPath(dir, track));
  model.dispose?.();
  return reloaded;
}
