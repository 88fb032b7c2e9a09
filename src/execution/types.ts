/**
 * The job layer's contract: a job is one independent unit of a run (today: one training track), described
 * by configuration and a data hash only — never code. A {@link JobBackend} runs a batch of jobs somewhere
 * (a local process pool, or BullMQ workers on Redis) and streams back progress, checkpoints and results;
 * the coordinator that calls it is the only writer of results.json, the tracking store and the registry.
 */
import type { WorkbenchConfig } from '../config/schema';
import type { Bars } from '../data/bars';
import type { TrainProgress } from '../models/types';
import type { TrackState } from '../training/types';
import type { PreparedData } from '../training/prepare';
import type { TuneTask } from '../tuning/train-objective';

/** One training track of a run (model × horizon(s) × mode). */
export interface TrackJob {
  kind: 'track';
  /** Idempotent job id: `<runId>.<trackId>` (BullMQ refuses `:` in custom ids). */
  id: string;
  runId: string;
  /** Workbench home holding `runs/<runId>` (a folder every worker reaches: checkpoints live there). */
  home: string;
  trackId: string;
  /** The run's effective config (without `execution`). */
  config: WorkbenchConfig;
  /** sha256 of the bars the run trains on; a worker whose data hashes differently refuses the job. */
  dataSha256: string;
  /** tfjs backend the coordinator's deep models use (workers use the same one); absent without deep models. */
  tfBackend?: string;
  /** Relative cost estimate (iterations left × family weight): the local pool starts the largest first. */
  cost?: number;
}

/** One trial of a tuning study: the task (config, model, horizon, metric) and the sampled params, never code. */
export interface TrialJob {
  kind: 'trial';
  /** Idempotent job id: `<studyId>.<trialNumber>` (see {@link trialJobId}). */
  id: string;
  studyId: string;
  number: number;
  params: Record<string, string | number | boolean>;
  /** What every trial of the study trains on (the effective config without `execution`). */
  task: TuneTask;
  /** sha256 of the bars the study tunes on; a worker whose data hashes differently refuses the job. */
  dataSha256: string;
}

/** How a trial job ended: its objective value, or pruned (the value is then the last reported one). */
export interface TrialOutcome {
  value?: number;
  pruned?: boolean;
}

/** Hooks of {@link JobBackend.runTrial}. */
export interface TrialHooks {
  /** An intermediate value the worker reported; resolves true when the study's pruner stops the trial. */
  report?(step: number, value: number): Promise<boolean>;
}

/** Messages a running job sends to its coordinator. */
export interface JobHooks {
  /** Training progress (epochs, iterations) of the job. */
  onProgress?(event: TrainProgress): void;
  /** The track's state after a checkpoint (the coordinator merges it into state.json and tracking). */
  onCheckpoint?(track: TrackState): void;
}

/** What the coordinator hears about the jobs of a batch. */
export interface BatchHooks {
  onProgress?(job: TrackJob, event: TrainProgress): void;
  onCheckpoint?(job: TrackJob, track: TrackState): void;
  /** A job finished with its final track state (called exactly once per job). */
  onDone?(job: TrackJob, track: TrackState): void;
}

/** Options of {@link JobBackend.run}. */
export interface BatchOptions extends BatchHooks {
  /** Bars of the run, when the backend can hand them to its workers directly (local pool). */
  bars?: Bars;
  /** Features and labels the coordinator computed (local pool: saves each worker computing them again). */
  prep?: PreparedData;
  /** Cancels queued and running jobs. */
  signal?: AbortSignal;
}

/** Runs batches of jobs; the local pool and the Redis workers run the same job code ({@link runTrackJob}). */
export interface JobBackend {
  /** `local` or `redis`. */
  readonly kind: 'local' | 'redis';
  /** Number of jobs that can run at once (workers known to this backend). */
  readonly slots: number;
  /**
   * Runs every job to completion (or throws the first failure after the others stop).
   * @returns final track states keyed by job id
   */
  run(jobs: TrackJob[], options: BatchOptions): Promise<Map<string, TrackState>>;
  /**
   * Runs one tuning trial as a job (the study coordinator calls it once per sampled trial, several at a time).
   * Absent on back ends that run trials elsewhere (the local backend's trials use the tuning thread pool).
   */
  runTrial?(job: TrialJob, hooks: TrialHooks): Promise<TrialOutcome>;
  /** Starts the workers ahead of the first batch (local pool: fork and load the job code); optional. */
  start?(): Promise<void>;
  /** Whether this back end's workers know every model family named (default: assumed). */
  supports?(models: string[]): Promise<boolean>;
  /** Releases processes and connections. */
  close(): Promise<void>;
}

/**
 * The idempotent id of a track job.
 * @param runId run id
 * @param trackId track id
 * @returns `<runId>.<trackId>`
 */
export function trackJobId(runId: string, trackId: string): string {
  return `${runId}.${trackId}`;
}

/**
 * The idempotent id of a trial job.
 * @param studyId study name
 * @param number trial number
 * @returns `<studyId>.<number>`
 */
export function trialJobId(studyId: string, number: number): string {
  return `${studyId}.${number}`;
}
