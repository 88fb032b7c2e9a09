/**
 * The tracked run of a training run (`trainRun` / `resumeRun`): experiment `tracking.experiment`, run id =
 * the training run id; params (flattened config, seed, hashes, git commit, backend), per-iteration
 * validation/test accuracy, final metrics per mode/horizon/model, tags, results.json and predictions.csv
 * as artifacts. One store call at start, metrics buffered in memory, one store call at the end.
 */
import * as path from 'path';
import type { WorkbenchConfig } from '../config/schema';
import type { RunResults } from '../training/report';
import type { TrackState } from '../training/types';
import { gitCommit } from './env';
import { mirrorRunToTrackingUri } from './mlflow-rest';
import { reopenRun } from './reopen';
import { startRun, type RunHandle } from './tracker';

/** What {@link startTrainingRun} needs. */
export interface TrainingRunInfo {
  runId: string;
  /** The effective config of the run. */
  config: WorkbenchConfig;
  configHash: string;
  dataSha256: string;
  /** Symbol of the bars (tag `symbol`). Default `data.symbol` of the config, else ''. */
  symbol?: string;
  /** Store file (default `<home>/store.duckdb` when `home` is given, else the default store). */
  storePath?: string;
  /** Workbench home (run folders). Default `workbenchHome()`. */
  home?: string;
  /** Continue the tracked run of the same id (resume) instead of starting a new one. Default false. */
  resume?: boolean;
  /** Tracks of the run state: on resume, their iterations done so far are logged again. Default none. */
  tracks?: TrackState[];
}

const BAD_KEY_CHARS = /[^A-Za-z0-9_\-./ :]/g;

/**
 * Flattens a config into dotted keys (`training.seed`); arrays and scalars become param text, undefined is skipped.
 * @param value config (or any JSON value)
 * @param prefix key prefix. Default ''
 * @returns `{ 'models.enabled': '["gbdt"]', 'training.seed': '42', … }`
 */
export function flattenConfig(value: unknown, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (v: unknown, key: string): void => {
    if (v === undefined) return;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const entries = Object.entries(v as Record<string, unknown>);
      if (!entries.length && key) out[key] = '{}';
      for (const [k, x] of entries) walk(x, key ? `${key}.${k.replace(BAD_KEY_CHARS, '_')}` : k.replace(BAD_KEY_CHARS, '_'));
      return;
    }
    out[key] = typeof v === 'string' ? v : JSON.stringify(v);
  };
  walk(value, prefix);
  return out;
}

/** Metric key prefix of one track on one horizon: `<mode>.<hKey>.<model>`, e.g. `progressive.h1.gbdt`. */
export function trackMetricPrefix(mode: string, horizonKey: string, model: string): string {
  return `${mode}.${horizonKey}.${model}`.replace(BAD_KEY_CHARS, '_');
}

/** A training run's tracked run; created by {@link startTrainingRun}. */
export class TrainingTracker {
  /** @internal */
  constructor(
    /** The open tracked run. */
    readonly run: RunHandle,
    private readonly uri: string | undefined,
    private readonly storePath: string | undefined,
  ) {}

  /**
   * Buffers the metrics of the latest iteration of `track` (validation and test accuracy, step = iteration).
   * @param track the track right after an iteration
   */
  logIteration(track: TrackState): void {
    for (const h of track.horizons) {
      const its = track.byHorizon[h]?.iterations ?? [];
      const it = its[its.length - 1];
      if (it) this.logRecord(track, h, it);
    }
  }

  /** Buffers the metrics of every iteration done so far (a resumed run logs its earlier iterations again). */
  logAllIterations(tracks: TrackState[]): void {
    for (const t of tracks) for (const h of t.horizons) for (const it of t.byHorizon[h]?.iterations ?? []) this.logRecord(t, h, it);
  }

  private logRecord(track: TrackState, h: string, it: { iteration: number; validationAccuracy: number | null; testAccuracy: number | null }): void {
    const p = trackMetricPrefix(track.mode, h, track.model);
    if (it.validationAccuracy !== null) this.run.logMetric(`${p}.validation_accuracy`, it.validationAccuracy, it.iteration);
    // an iteration without scored test rows has accuracy NaN, which arrives as null from a worker process (JSON)
    this.run.logMetric(`${p}.test_accuracy`, it.testAccuracy ?? NaN, it.iteration);
  }

  /**
   * Logs the final metrics, the backend, results.json and predictions.csv, ends the run FINISHED and mirrors
   * it to `tracking.uri` when set.
   * @param results the run's results
   * @param dir the run folder holding results.json and predictions.csv
   */
  async finish(results: RunResults, dir: string): Promise<void> {
    for (const [mode, m] of Object.entries(results.modes)) {
      for (const [h, byModel] of Object.entries(m?.horizons ?? {})) {
        for (const [model, e] of Object.entries(byModel)) {
          const p = trackMetricPrefix(mode, `h${h}`, model);
          const values: Record<string, number | null | undefined> = { accuracy: e.accuracy, pValue: e.pValue, sharpe: e.sharpe, trainMs: e.trainMs, modelBytes: e.modelBytes, logLoss: e.metrics?.logLoss, brier: e.metrics?.brier, ece: e.calibration?.ece };
          // value tasks (regression, volatility): the forecast's own scores
          if (e.regression) Object.assign(values, { mse: e.regression.mse, rmse: e.regression.rmse, mae: e.regression.mae, r2: e.regression.r2, signAccuracy: e.regression.signAccuracy });
          for (const [k, v] of Object.entries(values)) if (typeof v === 'number') this.run.logMetric(`${p}.${k}`, v, 0);
        }
      }
    }
    await this.run.end('FINISHED', {
      params: { backend: results.backend },
      artifacts: [{ file: path.join(dir, 'results.json') }, { file: path.join(dir, 'predictions.csv') }],
    });
    // The run is finished (results written, tracked locally); a remote mirror that fails is a warning, not a failed run.
    try {
      await mirrorRunToTrackingUri(this.run.runId, this.uri, { storePath: this.storePath });
    } catch (err) {
      process.stderr.write(`workbench: the run finished, but mirroring it to tracking.uri failed: ${String((err as Error)?.message ?? err).split('\n')[0].slice(0, 300)}\n`);
    }
  }

  /**
   * Ends the run FAILED (tag `workbench.failure` = the error's message) or KILLED when cancelled. Never throws:
   * the caller re-throws the original error.
   * @param err what the training threw
   * @param cancelled true when the run was cancelled through its AbortSignal
   */
  async fail(err: unknown, cancelled: boolean): Promise<void> {
    if (this.run.isEnded) return;
    const msg = String((err as Error)?.message ?? err).slice(0, 500);
    try {
      await this.run.end(cancelled ? 'KILLED' : 'FAILED', { tags: { 'workbench.failure': msg || 'unknown error' } });
    } catch {
      // keep the training error; a store error here must not hide it
    }
  }
}

/**
 * Starts (or, on resume, reopens) the tracked run of a training run.
 * @param info run id, effective config, hashes, store/home, resume flag and tracks done so far
 * @returns a {@link TrainingTracker}
 */
export async function startTrainingRun(info: TrainingRunInfo): Promise<TrainingTracker> {
  const cfg = info.config;
  const storePath = info.storePath ?? (info.home ? path.join(info.home, 'store.duckdb') : undefined);
  const store = { storePath, home: info.home };
  const modes = [cfg.modes.progressive ? 'progressive' : '', cfg.modes.unified ? 'unified' : ''].filter(Boolean).join(',');
  const params = { ...flattenConfig(cfg), seed: cfg.training.seed, config_hash: info.configHash, data_sha256: info.dataSha256, git_commit: gitCommit() ?? 'unknown' };
  const tags = { mode: modes, symbol: info.symbol ?? cfg.data.symbol ?? '', 'workbench.kind': 'train' };
  let run = info.resume ? await reopenRun(info.runId, { ...store, clearMetrics: true }) : undefined;
  if (!run) {
    try {
      run = await startRun({ ...store, experiment: cfg.tracking.experiment, runId: info.runId, name: info.runId, config: cfg, configHash: info.configHash, seed: cfg.training.seed, dataSha256: info.dataSha256, params, tags });
    } catch (err) {
      // the id is tracked already (a run restarted under its id after its checkpoint was removed): continue that run
      const again = /a run id not used before/.test(String((err as Error)?.message)) ? await reopenRun(info.runId, { ...store, clearMetrics: true, clearParams: true }) : undefined;
      if (!again) throw err;
      await again.logParams(params);
      await again.setTags(tags);
      run = again;
    }
  }
  const t = new TrainingTracker(run, cfg.tracking.uri, storePath);
  if (info.resume && info.tracks) t.logAllIterations(info.tracks);
  return t;
}
