/**
 * The run manager: at most one active training run, its live status (for polling and SSE), a bounded
 * history of loss/accuracy points for the charts, and the run records on disk.
 */
import type { WorkbenchConfig } from '../config/schema';
import type { TrainProgress } from '../models/types';
import { newRunId } from '../training/checkpoint';
import { ProgressTracker, type ProgressStatus } from '../training/progress';
import { InputError, inputError } from '../util/errors';
import { LIMITS } from '../util/limits';
import { startTraining, TrainingCancelledError, type StartTrainingOptions } from './runner';
import { hasCheckpoint, loadRecord, markOrphans, readResults, runDir, saveRecord, type RunLifecycle, type RunMode, type RunRecord } from './state';
import * as fs from 'fs';
import { ConflictError, modeOf, plannedUnits, runManagerDefaults, type HistoryPoint, type QueueStatus, type RunManagerOptions, type ServerStatus } from './run-status';

export { ConflictError, modeOf, plannedUnits, runManagerDefaults, type HistoryPoint, type QueueStatus, type RunManagerOptions, type ServerStatus } from './run-status';

/** A start or resume waiting for the active run to finish. */
interface Waiting {
  record: RunRecord;
  config?: WorkbenchConfig;
  resume: boolean;
  units: number;
}

interface Active {
  record: RunRecord;
  controller: AbortController;
  tracker: ProgressTracker;
  history: HistoryPoint[];
  done: Promise<void>;
}

/** Owns the single active run and notifies subscribers of every status change. */
export class RunManager {
  readonly home: string;
  /** Runs marked interrupted when this manager started. */
  readonly orphans: string[];
  private active: Active | undefined;
  private last: Active | undefined;
  private readonly waiting: Waiting[] = [];
  private readonly listeners = new Set<(s: ServerStatus) => void>();
  private readonly options: RunManagerOptions;
  /** Set by {@link RunManager.close}: nothing starts or launches from then on. */
  private closing = false;

  constructor(options: RunManagerOptions) {
    this.options = options;
    this.home = options.home;
    this.orphans = markOrphans(this.home);
  }

  /** True while a run is training. */
  get busy(): boolean {
    return this.active !== undefined;
  }

  /**
   * Starts a run, or queues it behind the active one (one run trains at a time; its tracks use the job layer).
   * @param config validated config
   * @param runId id to use (default {@link newRunId})
   * @returns the run's record, with `queuePosition` (1 = next) when it waits
   * @throws ConflictError when the id is taken
   */
  start(config: WorkbenchConfig, runId?: string): RunRecord & { queuePosition?: number } {
    this.reserve(runId);
    const id = runId ?? newRunId();
    const now = new Date().toISOString();
    const record: RunRecord = { runId: id, state: 'running', mode: modeOf(config), createdAt: now, updatedAt: now, origin: 'api', config };
    return this.enqueue({ record, config, resume: false, units: plannedUnits(config) });
  }

  /**
   * Starts the runs of a profile (seed 002: one per part) together, the first running or queued and the others
   * queued behind it: every id is checked and the queue's room counted before any run starts, so a conflict
   * starts none of them.
   * @param parts `[config, runId]` per part, in order
   * @returns the records, in order
   * @throws ConflictError when an id is taken (or repeated) or the queue has no room for all of them
   */
  startAll(parts: Array<[WorkbenchConfig, string]>): Array<RunRecord & { queuePosition?: number }> {
    const ids = parts.map(([, id]) => id);
    if (new Set(ids).size !== ids.length) throw new ConflictError(`run ids ${ids.join(', ')} repeat one another`);
    for (const id of ids) this.reserve(id);
    if (this.closing) throw new ConflictError('the server is shutting down; start the run again once it is back');
    const queued = parts.length - (this.active ? 0 : 1);
    if (this.waiting.length + queued > LIMITS.maxQueuedRuns) throw new ConflictError(`the queue has room for ${LIMITS.maxQueuedRuns - this.waiting.length} more runs, the profile has ${parts.length}; cancel one or retry later`);
    return parts.map(([config, id]) => this.start(config, id));
  }

  /** Runs waiting behind the active one, and the active run. */
  queue(): QueueStatus {
    const a = this.active;
    return {
      ...(a ? { active: { runId: a.record.runId, mode: a.record.mode, progress: a.tracker.status() } } : {}),
      queued: this.waiting.map((w, i) => ({ runId: w.record.runId, position: i + 1, mode: w.record.mode, createdAt: w.record.createdAt, resume: w.resume })),
    };
  }

  private enqueue(w: Waiting): RunRecord & { queuePosition?: number } {
    if (this.closing) throw new ConflictError('the server is shutting down; start the run again once it is back');
    if (!this.active) return this.launch(w.record, w.config, w.resume, w.units);
    if (this.waiting.length >= LIMITS.maxQueuedRuns) throw new ConflictError(`the queue is full: ${this.waiting.length} runs wait behind ${this.active.record.runId} (at most ${LIMITS.maxQueuedRuns}); cancel one or retry later`);
    w.record = { ...w.record, state: 'queued' };
    saveRecord(this.home, w.record);
    this.waiting.push(w);
    return { ...w.record, queuePosition: this.waiting.length };
  }

  /**
   * Resumes an interrupted or cancelled run from its checkpoint.
   * @throws ConflictError when a run is active or the run already completed; InputError when unknown
   */
  resume(runId: string): RunRecord & { queuePosition?: number } {
    if (this.active?.record.runId === runId || this.waiting.some((w) => w.record.runId === runId)) throw new ConflictError(`run ${runId} is already training or queued`);
    const rec = loadRecord(this.home, runId);
    const exists = rec !== undefined || fs.existsSync(runDir(this.home, runId));
    if (!exists) throw inputError({ key: 'runId' }, 'the id of an existing run', JSON.stringify(runId));
    if (readResults(this.home, runId) !== undefined && rec?.state !== 'interrupted' && rec?.state !== 'cancelled') throw new ConflictError(`run ${runId} already completed; nothing to resume`);
    if (!hasCheckpoint(this.home, runId)) throw new ConflictError(`run ${runId} has no checkpoint to resume from`);
    const now = new Date().toISOString();
    const record: RunRecord = { ...(rec ?? { runId, mode: 'both', createdAt: now, origin: 'cli' as const }), state: 'running', updatedAt: now, error: undefined, finishedAt: undefined, resumable: false };
    return this.enqueue({ record, resume: true, units: rec?.config ? plannedUnits(rec.config) : 1 });
  }

  /**
   * Asks the active run to stop at its next batch (it checkpoints and becomes `cancelled`).
   * @param runId optional id that must match the active run
   * @returns the record of the run being cancelled
   * @throws ConflictError when nothing is running or the id does not match
   */
  cancel(runId?: string): RunRecord {
    const q = runId === undefined ? -1 : this.waiting.findIndex((w) => w.record.runId === runId);
    if (q >= 0) {
      const [w] = this.waiting.splice(q, 1);
      const now = new Date().toISOString();
      w.record = { ...w.record, state: 'cancelled', updatedAt: now, finishedAt: now, resumable: hasCheckpoint(this.home, w.record.runId) };
      saveRecord(this.home, w.record);
      return w.record;
    }
    const a = this.active;
    if (!a) throw new ConflictError('no run is training');
    if (runId !== undefined && runId !== a.record.runId) throw new ConflictError(`run ${runId} is not the active run (${a.record.runId})`);
    a.controller.abort();
    return a.record;
  }

  /** Current status (the active run, else the last run this server started, else idle). */
  status(): ServerStatus {
    const a = this.active ?? this.last;
    if (!a) return { state: 'idle' };
    return { state: a.record.state, runId: a.record.runId, mode: a.record.mode, progress: a.tracker.status(), error: a.record.error };
  }

  /** Chart points of the active (or last) run. */
  history(): HistoryPoint[] {
    return (this.active ?? this.last)?.history.slice() ?? [];
  }

  /** Subscribes to status changes; returns the unsubscribe function. */
  subscribe(listener: (s: ServerStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves when the active run (if any) has finished. */
  async idle(): Promise<void> {
    await this.active?.done;
  }

  /**
   * Server shutdown: cancels every queued run (none launches after this), cancels the active run and waits for
   * it to checkpoint. Later starts and resumes are refused.
   */
  async close(): Promise<void> {
    this.closing = true;
    const now = new Date().toISOString();
    for (const w of this.waiting.splice(0)) {
      w.record = { ...w.record, state: 'cancelled', updatedAt: now, finishedAt: now, error: 'the server stopped while this run was queued', resumable: hasCheckpoint(this.home, w.record.runId) };
      saveRecord(this.home, w.record);
    }
    this.active?.controller.abort();
    await this.idle();
  }

  private reserve(runId?: string): void {
    if (runId !== undefined && this.waiting.some((w) => w.record.runId === runId)) throw new ConflictError(`run id ${runId} is already taken`);
    if (runId !== undefined && (loadRecord(this.home, runId) || fs.existsSync(runDir(this.home, runId)))) throw new ConflictError(`run id ${runId} is already taken`);
  }

  private launch(record: RunRecord, config: WorkbenchConfig | undefined, resume: boolean, units: number): RunRecord {
    saveRecord(this.home, record);
    const a: Active = { record, controller: new AbortController(), tracker: new ProgressTracker(units), history: [], done: Promise.resolve() };
    this.active = a;
    this.last = a;
    const start = this.options.start ?? startTraining;
    const run = start(config, {
      runId: record.runId,
      signal: a.controller.signal,
      onProgress: (e) => this.onProgress(a, e),
      onPlan: (units) => {
        a.tracker.setTotal(Math.max(1, units));
        this.emit(a);
      },
      resume,
      trainer: this.options.trainer,
      home: this.home,
    });
    a.done = run.then(
      () => this.finish(a, 'completed'),
      (err: unknown) => {
        if (err instanceof TrainingCancelledError) this.finish(a, 'cancelled');
        else this.finish(a, 'failed', err instanceof InputError ? err.message : `training failed: ${(err as Error)?.message ?? String(err)}`);
      },
    );
    this.emit(a);
    return record;
  }

  private onProgress(a: Active, e: TrainProgress): void {
    const s = a.tracker.update(e);
    const acc = e.metrics?.accuracy;
    const valAcc = e.metrics?.valAccuracy;
    if (e.loss !== undefined || acc !== undefined || valAcc !== undefined || e.valLoss !== undefined) {
      a.history.push({ t: s.elapsedMs, stage: e.stage, horizon: e.horizon, model: e.model, iteration: e.iteration, epoch: e.epoch, loss: e.loss, valLoss: e.valLoss, accuracy: acc, valAccuracy: valAcc });
      const max = this.options.maxHistory ?? runManagerDefaults.maxHistory;
      if (a.history.length > max) a.history = a.history.filter((_, i) => i % 2 === 0 || i === a.history.length - 1);
    }
    this.emit(a);
  }

  private finish(a: Active, state: RunLifecycle, error?: string): void {
    const now = new Date().toISOString();
    if (state === 'completed') {
      const s = a.tracker.status();
      a.tracker.setTotal(Math.max(1, s.unitsDone));
      a.tracker.update({ stage: 'done', fraction: 1 });
    }
    a.record = { ...a.record, state, updatedAt: now, finishedAt: now, error, resumable: state !== 'completed' && hasCheckpoint(this.home, a.record.runId), progress: a.tracker.status() };
    if (state === 'completed') a.record.progress = { ...a.tracker.status(), overall: 1, etaMs: 0 };
    saveRecord(this.home, a.record);
    if (this.active === a) this.active = undefined;
    this.emit(a);
    const next = this.active || this.closing ? undefined : this.waiting.shift();
    if (next) this.launch({ ...next.record, state: 'running', updatedAt: new Date().toISOString() }, next.config, next.resume, next.units);
  }

  private emit(a: Active): void {
    const s: ServerStatus = { state: a.record.state, runId: a.record.runId, mode: a.record.mode, progress: a.record.state === 'completed' ? a.record.progress : a.tracker.status(), error: a.record.error };
    for (const l of this.listeners) {
      try {
        l(s);
      } catch {
        // a broken subscriber is dropped by its own close handler
      }
    }
  }
}
