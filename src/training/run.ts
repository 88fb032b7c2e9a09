/**
 * A training run end to end: config → data → features/labels (once) → every track (progressive per horizon
 * and model, unified) with a checkpoint after every iteration → results.json + predictions.csv (+ the
 * progressive-vs-unified comparison). `resumeRun` continues a killed run from its checkpoint and produces
 * the same results as an uninterrupted run (models continue from their saved state in both cases).
 */
import { intradaySourceOptions } from '../data/intraday/source';
import * as fs from 'fs';
import * as path from 'path';
import { configHash, parseConfig } from '../config/load';
import type { ExecutionConfig, WorkbenchConfig } from '../config/schema';
import type { Bars } from '../data/bars';
import type { Model, TrainProgress } from '../models/types';
import { inputError } from '../util/errors';
import { workbenchHome, writeFileAtomic, writeJsonAtomic } from '../util/fs';
import { chooseBackend, dispatchTracks } from '../execution/dispatch';
import type { JobBackend } from '../execution/types';
import { Rng } from '../util/rng';
import { checkRunId, newRunId, pruneModels, readRunState, runDir, writeRunState, type RunState } from './checkpoint';
import { effectiveConfig, planTracks } from './plan';
import { prepareData, type PreparedData } from './prepare';
import { buildResults, type RunResults } from './report';
import { barsSha256, resolveDataSource } from './source';
import { runTrack, type TrackContext } from './track';
import { validateRunInputs } from './validate-run';
import { comparisonCsv, compareResults, predictionsOf } from './compare';
import { predictionsCsv } from './results';
import { startTrainingRun, type TrainingTracker } from '../tracking/train-run';
import { finalizeRunBundles } from './run-bundles';
import { checkpointTrackModel, trackContextBase } from './track-context';

/** Options of {@link trainRun} and {@link resumeRun}. */
export interface TrainRunOptions {
  /** Run id (default: generated from the clock). An existing finished run with this id is an error. */
  runId?: string;
  /** Workbench home (default `$WORKBENCH_HOME` or `<repo>/outputs`). */
  home?: string;
  /** Fast mode (see `effectiveConfig`); default `config.runtime.fast`. */
  fast?: boolean;
  /** Progress events (one stream: stage, horizon, iteration, epoch, loss, accuracy). */
  onProgress?: (event: TrainProgress) => void;
  /** Bars to use instead of resolving `data.source` (tests, notebooks). */
  bars?: Bars;
  /**
   * Write a checkpoint after every iteration (default true). false keeps models in memory and writes only
   * the final results (benchmarks, statistical tests); such a run cannot be resumed.
   */
  checkpoint?: boolean;
  /** Cancels the run at the next batch / iteration; the last checkpoint stays resumable. */
  signal?: AbortSignal;
  /** Called before every track with the units planned (for progress bars). */
  onPlan?: (unitsTotal: number) => void;
  /**
   * Record the run in the tracking store (default true): experiment `tracking.experiment`, run id = this run's
   * id, params, per-iteration and final metrics, artifacts, status (see docs/tracking.md). false skips it.
   */
  track?: boolean;
  /** Tracking store file. Default `<home>/store.duckdb` when `home` is given, else the default store. */
  trackingStorePath?: string;
  /**
   * Where the tracks run (default: the config's `execution`, else a local pool of one process per core; one
   * track or one worker runs in this process). Results do not depend on it (timings aside).
   */
  execution?: ExecutionConfig;
  /** A job back end to use instead of one built from `execution` (not closed by the run). */
  backend?: JobBackend;
}

/** Defaults of {@link TrainRunOptions}. */
export const trainRunDefaults: Readonly<TrainRunOptions> = {};

/** What a finished run returns. */
export interface RunOutcome {
  runId: string;
  dir: string;
  results: RunResults;
}

/**
 * Starts a new run.
 * @param config resolved config (see `loadConfig`)
 * @param options run id, home, fast, progress callback, injected bars
 * @returns {runId, dir, results}
 */
export async function trainRun(config: WorkbenchConfig, options: TrainRunOptions = trainRunDefaults): Promise<RunOutcome> {
  const cfg = effectiveConfig(config, options.fast ?? config.runtime.fast);
  // where tracks run is not part of what a run is: kept out of config.json, results.json and the config hash
  options = { ...options, execution: options.execution ?? cfg.execution };
  delete cfg.execution;
  const runId = checkRunId(options.runId ?? newRunId());
  options = await validateRunInputs(cfg, options);
  const dir = runDir(runId, options.home);
  if (fs.existsSync(path.join(dir, 'results.json')) || fs.existsSync(path.join(dir, 'checkpoint', 'state.json'))) {
    throw inputError({ key: 'run-id' }, 'a new run id (use `workbench resume` to continue an existing run)', JSON.stringify(runId));
  }
  fs.mkdirSync(dir, { recursive: true });
  writeJsonAtomic(path.join(dir, 'config.json'), cfg);
  const bars = options.bars ?? (await resolveDataSource(cfg.data.source, { ...intradaySourceOptions(cfg.data), symbol: cfg.data.symbol }));
  const state: RunState = {
    format: 'stock-ml-workbench/run-checkpoint@1',
    runId,
    createdAt: new Date().toISOString(),
    configHash: configHash(cfg),
    dataSha256: barsSha256(bars),
    tracks: planTracks(cfg),
    rng: new Rng(cfg.training.seed).state(),
    complete: false,
  };
  writeRunState(dir, state);
  return executeTracked(cfg, dir, state, bars, options, false);
}

/**
 * Continues a run from its checkpoint (after a crash or kill -9).
 * @param runId id of a run started by {@link trainRun}
 * @param options home, progress callback, injected bars (must equal the original data)
 * @returns {runId, dir, results}; a finished run is returned as it is
 */
export async function resumeRun(runId: string, options: TrainRunOptions = trainRunDefaults): Promise<RunOutcome> {
  const dir = runDir(runId, options.home);
  const cfgFile = path.join(dir, 'config.json');
  if (!fs.existsSync(cfgFile)) throw inputError({ key: 'run-id' }, `an existing run under ${path.dirname(dir)}`, JSON.stringify(runId));
  const cfg = parseConfig(JSON.parse(fs.readFileSync(cfgFile, 'utf8')), cfgFile);
  const state = readRunState(dir);
  if (!state) throw inputError({ file: path.join(dir, 'checkpoint', 'state.json') }, 'a checkpoint to resume from', 'none (the run stopped before its first checkpoint; start it again)');
  if (state.complete && fs.existsSync(path.join(dir, 'results.json'))) {
    return { runId, dir, results: JSON.parse(fs.readFileSync(path.join(dir, 'results.json'), 'utf8')) as RunResults };
  }
  const bars = options.bars ?? (await resolveDataSource(cfg.data.source, { ...intradaySourceOptions(cfg.data), symbol: cfg.data.symbol }));
  const sha = barsSha256(bars);
  if (sha !== state.dataSha256) throw inputError({ key: 'data.source' }, `the data the run started with (sha256 ${state.dataSha256.slice(0, 12)}…)`, `changed data (sha256 ${sha.slice(0, 12)}…)`);
  return executeTracked(cfg, dir, state, bars, options, true);
}

/** {@link execute} inside the run's tracked run (unless `options.track === false`): FINISHED, FAILED or KILLED. */
async function executeTracked(cfg: WorkbenchConfig, dir: string, state: RunState, bars: Bars, options: TrainRunOptions, resume: boolean): Promise<RunOutcome> {
  if (options.track === false) return execute(cfg, dir, state, bars, options);
  const tracker = await startTrainingRun({
    runId: state.runId,
    config: cfg,
    configHash: state.configHash,
    dataSha256: state.dataSha256,
    symbol: bars.symbol,
    home: options.home,
    storePath: options.trackingStorePath,
    resume,
    tracks: state.tracks,
  });
  let outcome: RunOutcome;
  try {
    outcome = await execute(cfg, dir, state, bars, options, tracker);
  } catch (err) {
    await tracker.fail(err, options.signal?.aborted === true || (err as Error)?.name === 'AbortError');
    throw err;
  }
  await tracker.finish(outcome.results, dir);
  return outcome;
}

function trackContext(cfg: WorkbenchConfig, prep: PreparedData, dir: string, state: RunState, options: TrainRunOptions, trainOnce: boolean): TrackContext {
  return {
    ...trackContextBase(cfg, prep, dir, state, trainOnce),
    signal: options.signal,
    onProgress: options.onProgress,
    async checkpoint(track, model): Promise<Model | undefined> {
      if (options.checkpoint === false) return model;
      const reloaded = await checkpointTrackModel(dir, track, model);
      writeRunState(dir, state);
      pruneModels(dir, state);
      return reloaded;
    },
  };
}

async function execute(cfg: WorkbenchConfig, dir: string, state: RunState, bars: Bars, options: TrainRunOptions, tracker?: TrainingTracker): Promise<RunOutcome> {
  const t0 = Date.now();
  const backend = options.checkpoint === false ? undefined : options.backend ?? chooseBackend(options.execution, state.tracks.filter((t) => !t.done).length);
  // a pool's processes start (and load the job code) while this process computes the features
  void backend?.start?.().catch(() => undefined);
  let prep: PreparedData;
  try {
    prep = prepareData(bars, {
      featureSet: cfg.features.set,
      horizons: cfg.horizons.enabled,
      steps: cfg.features.sequence_length,
      task: cfg.horizons.task,
      neutralBand: cfg.horizons.neutral_band,
    });
  } catch (e) {
    if (backend && !options.backend) await backend.close();
    throw e;
  }
  const ctxs = { progressive: trackContext(cfg, prep, dir, state, options, false), unified: trackContext(cfg, prep, dir, state, options, true) };
  if (tracker) {
    for (const ctx of Object.values(ctxs)) {
      const save = ctx.checkpoint;
      ctx.checkpoint = (track, model) => {
        tracker.logIteration(track);
        return save(track, model);
      };
    }
  }
  const per = ctxs.progressive.schedule.length;
  const plan = (): void => options.onPlan?.(state.tracks.reduce((s, t) => s + (per - t.next), 0));
  if (!backend) plan();
  else {
    try {
      plan();
      if (options.signal?.aborted) throw Object.assign(new Error('training cancelled'), { name: 'AbortError' });
      await dispatchTracks({ cfg, dir, home: path.resolve(options.home ?? workbenchHome()), state, bars, prep, backend, iterations: per, onProgress: options.onProgress, onCheckpoint: tracker && ((t) => tracker.logIteration(t)), signal: options.signal });
    } finally {
      if (!options.backend) await backend.close();
    }
  }
  for (const track of state.tracks) {
    if (track.done) continue;
    await runTrack(ctxs[track.mode], track);
    if (options.checkpoint !== false) writeRunState(dir, state);
  }
  const results = buildResults(cfg, state, prep, { source: cfg.data.source, durationMs: Date.now() - t0, schedule: ctxs.progressive.schedule });
  writeJsonAtomic(path.join(dir, 'results.json'), results);
  writeFileAtomic(path.join(dir, 'predictions.csv'), predictionsCsv(state.tracks));
  await finalizeRunBundles(dir, cfg, state, prep, results);
  if (cfg.modes.compare_results && cfg.modes.progressive && cfg.modes.unified) {
    const cmp = compareResults({ results, predictions: predictionsOf(state.tracks) });
    writeJsonAtomic(path.join(dir, 'comparison.json'), cmp);
    writeFileAtomic(path.join(dir, 'comparison.csv'), comparisonCsv(cmp));
  }
  state.complete = true;
  writeRunState(dir, state);
  return { runId: state.runId, dir, results };
}
