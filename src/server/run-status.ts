/**
 * The run manager's public shapes (status, chart points, queue) and the config-derived facts it plans with.
 */
import type { WorkbenchConfig } from '../config/schema';
import type { ProgressStatus } from '../training/progress';
import type { StartTrainingOptions } from './runner';
import type { RunLifecycle, RunMode } from './state';
import type { TrainerSpec } from './worker';

/** A request that conflicts with the current state (HTTP 409). */
export class ConflictError extends Error {
  readonly code = 'conflict';
  constructor(message: string) {
    super(message);
    this.name = 'ConflictError';
  }
}

/** One point of the live charts. */
export interface HistoryPoint {
  /** ms since the run started. */
  t: number;
  stage: string;
  horizon?: number;
  model?: string;
  iteration?: number;
  epoch?: number;
  loss?: number;
  valLoss?: number;
  accuracy?: number;
  valAccuracy?: number;
}

/** What `GET /api/ml/progressive/status` returns. */
export interface ServerStatus {
  /** `idle` when no run has been started since the server came up and none is active. */
  state: RunLifecycle | 'idle';
  runId?: string;
  mode?: RunMode;
  progress?: ProgressStatus;
  error?: string;
}

/** Options of {@link RunManager}. */
export interface RunManagerOptions {
  /** Workbench home (runs, server records, logs). */
  home: string;
  /** Training entry points handed to the worker (default: the training layer). */
  trainer?: TrainerSpec;
  /** Replaces {@link startTraining} (tests). */
  start?: (config: WorkbenchConfig | undefined, options: StartTrainingOptions) => Promise<unknown>;
  /** Most chart points kept per run (default 2000; older points are thinned). */
  maxHistory?: number;
}

/** Defaults of {@link RunManagerOptions}. */
export const runManagerDefaults = { maxHistory: 2000 } as const;

/**
 * Planned work units of a config before the trainer reports its own plan: one unit per iteration of every
 * track (progressive: horizons × models; unified: one multi-horizon track).
 * @returns units (at least 1)
 */
export function plannedUnits(cfg: WorkbenchConfig): number {
  const it = cfg.training.max_iterations;
  return (cfg.modes.progressive ? cfg.horizons.enabled.length * cfg.models.enabled.length * it : 0) + (cfg.modes.unified ? it : 0) || 1;
}

/** Maps a config's modes to the dashboard's mode names. */
export function modeOf(cfg: WorkbenchConfig): RunMode {
  return cfg.modes.progressive && cfg.modes.unified ? 'both' : cfg.modes.unified ? 'unified' : 'progressive';
}

/** What `GET /api/queue` returns. */
export interface QueueStatus {
  /** The run training now, if any. */
  active?: { runId: string; mode: RunMode; progress: ProgressStatus };
  /** Runs waiting, first to start first (position 1). */
  queued: Array<{ runId: string; position: number; mode: RunMode; createdAt: string; resume: boolean }>;
}
