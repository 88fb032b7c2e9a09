/**
 * The default back end: a pool of worker processes on this machine (child_process.fork), one per core by
 * default, so the independent tracks of a run use every core (the wasm backend is single-threaded per process).
 * A worker that dies mid-job is replaced and the job retried from the track's checkpoint.
 */
import { fork, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Bars } from '../data/bars';
import type { TrainProgress } from '../models/types';
import type { TrackState } from '../training/types';
import type { PreparedData } from '../training/prepare';
import { InputError, UnavailableError } from '../util/errors';
import type { BatchOptions, JobBackend, TrackJob } from './types';

/** Parent → child. */
export type LocalMessage = { type: 'job'; job: TrackJob; bars?: Bars; prep?: PreparedData } | { type: 'cancel' };
/** Child → parent. */
export type LocalReply =
  | { type: 'ready'; id: ''; keys: string[] }
  | { type: 'progress'; id: string; event: TrainProgress }
  | { type: 'checkpoint'; id: string; track: TrackState }
  | { type: 'done'; id: string; track: TrackState }
  | { type: 'error'; id: string; message: string; input: boolean; abort: boolean; stack: string };

/** Options of {@link LocalBackend}. */
export interface LocalBackendOptions {
  /** Worker processes (default: one per core). */
  workers?: number;
  /** Attempts per job when its worker process dies (default 3). */
  attempts?: number;
}

/** Defaults of {@link LocalBackendOptions}. */
export const localBackendDefaults = { attempts: 3 } as const;

/** Path of the compiled child entry (`dist/execution/child.js`); undefined when not built. */
export function localChildScript(): string | undefined {
  const f = path.join(__dirname, 'child.js');
  return fs.existsSync(f) ? f : undefined;
}

/** Number of cores this process may use. */
export function coreCount(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/** A pool of forked worker processes running track jobs; start it early ({@link LocalBackend.start}) and reuse it across runs. */
export class LocalBackend implements JobBackend {
  readonly kind = 'local' as const;
  readonly slots: number;
  private readonly attempts: number;
  private readonly children = new Set<ChildProcess>();
  /** Started processes not running a job now. */
  private idle: ChildProcess[] = [];
  /** Per process: its model keys once it is ready. */
  private readonly ready = new WeakMap<ChildProcess, Promise<string[]>>();
  /** Per process: the prepared data it was last sent (features travel once per process and run). */
  private readonly sent = new WeakMap<ChildProcess, PreparedData>();
  private closed = false;

  /** @param options worker count (default one per core), attempts per job (3) */
  constructor(options: LocalBackendOptions = {}) {
    this.slots = Math.max(1, options.workers ?? coreCount());
    this.attempts = options.attempts ?? localBackendDefaults.attempts;
    if (!localChildScript()) throw new UnavailableError(`the worker script ${path.join(__dirname, 'child.js')} is missing; the local pool needs the compiled package (npm run build)`);
  }

  /**
   * Starts the pool's processes now (they load the job code once) and waits until each is ready, so a run's
   * clock does not include process start; a long-lived coordinator (server, tune) starts it once and reuses it.
   * @returns when every one of the `slots` processes is ready
   */
  async start(): Promise<void> {
    if (this.closed) throw new Error('the local pool is closed');
    while (this.children.size < this.slots) this.idle.push(this.spawn());
    await Promise.all([...this.children].map((c) => this.ready.get(c)));
  }

  /** Process ids of the pool's live worker processes (for CPU accounting and the dashboard). */
  workerPids(): number[] {
    return [...this.children].map((c) => c.pid).filter((p): p is number => typeof p === 'number');
  }

  /** True when a worker process registers every model family named (families registered at run time by a test do not reach it). */
  async supports(models: string[]): Promise<boolean> {
    if (!this.children.size) this.idle.push(this.spawn());
    const keys = new Set(await this.ready.get([...this.children][0]));
    return models.every((m) => keys.has(m));
  }

  /**
   * Runs the jobs on at most `slots` processes, longest first (largest `cost`), each process taking the next
   * job when it finishes one; resolves to the final track states keyed by job id. Processes stay started.
   */
  async run(jobs: TrackJob[], options: BatchOptions): Promise<Map<string, TrackState>> {
    if (this.closed) throw new Error('the local pool is closed');
    const results = new Map<string, TrackState>();
    // longest-processing-time first: the wall time of unequal jobs on k processes is then within 4/3 of the best
    const queue = jobs.map((job, i) => ({ job, i })).sort((a, b) => (b.job.cost ?? 1) - (a.job.cost ?? 1) || a.i - b.i).map((x) => x.job);
    const tries = new Map<string, number>();
    let failure: Error | undefined;
    const worker = async (): Promise<void> => {
      let child: ChildProcess | undefined;
      while (queue.length && !failure) {
        if (options.signal?.aborted) break;
        child = child && child.connected ? child : this.take();
        const job = queue.shift() as TrackJob;
        tries.set(job.id, (tries.get(job.id) ?? 0) + 1);
        try {
          const track = await this.runOne(child, job, options);
          results.set(job.id, track);
          options.onDone?.(job, track);
        } catch (e) {
          const err = e as Error & { crashed?: boolean };
          if (err.crashed) child = undefined;
          if (err.crashed && (tries.get(job.id) ?? 0) < this.attempts && !options.signal?.aborted) queue.unshift(job);
          else if (!failure) failure = err;
        }
      }
      if (child) this.release(child);
    };
    const n = Math.min(this.slots, jobs.length);
    await Promise.allSettled(Array.from({ length: n }, () => worker()));
    if (failure) throw failure;
    if (options.signal?.aborted && results.size < jobs.length) throw Object.assign(new Error('training cancelled'), { name: 'AbortError' });
    return results;
  }

  /** A started idle process, or a new one. */
  private take(): ChildProcess {
    while (this.idle.length) {
      const c = this.idle.shift() as ChildProcess;
      if (c.connected) return c;
    }
    return this.spawn();
  }

  /** Puts a process back into the idle set (a pool never keeps more than `slots` processes). */
  private release(child: ChildProcess): void {
    if (!child.connected) return;
    if (this.closed || this.idle.length + 1 > this.slots) {
      this.children.delete(child);
      child.disconnect();
    } else this.idle.push(child);
  }

  private spawn(): ChildProcess {
    const child = fork(localChildScript() as string, [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.children.add(child);
    this.ready.set(
      child,
      new Promise<string[]>((resolve) => {
        const onMsg = (m: LocalReply): void => {
          if (m.type !== 'ready') return;
          child.off('message', onMsg);
          resolve(m.keys);
        };
        child.on('message', onMsg);
        child.once('exit', () => resolve([]));
      }),
    );
    child.on('exit', () => {
      this.children.delete(child);
      this.idle = this.idle.filter((c) => c !== child);
    });
    return child;
  }

  private runOne(child: ChildProcess, job: TrackJob, options: BatchOptions): Promise<TrackState> {
    return new Promise<TrackState>((resolve, reject) => {
      let settled = false;
      const finish = (fn: () => void): void => {
        if (settled) return;
        settled = true;
        options.signal?.removeEventListener('abort', onAbort);
        child.off('message', onMessage);
        child.off('exit', onExit);
        child.off('error', onError);
        fn();
      };
      const onAbort = (): void => {
        if (child.connected) child.send({ type: 'cancel' } satisfies LocalMessage);
      };
      options.signal?.addEventListener('abort', onAbort);
      const onMessage = (m: LocalReply): void => {
        if (m.id !== job.id) return;
        if (m.type === 'progress') options.onProgress?.(job, m.event);
        else if (m.type === 'checkpoint') options.onCheckpoint?.(job, m.track);
        else if (m.type === 'done') finish(() => resolve(m.track));
        else if (m.type === 'error') {
          const err = m.input ? new InputError(m.message) : Object.assign(new Error(m.message), { stack: m.stack });
          if (m.abort) err.name = 'AbortError';
          finish(() => reject(err));
        }
      };
      const onExit = (code: number | null, sig: string | null): void =>
        finish(() => reject(Object.assign(new Error(`a local worker process died (${sig ?? `exit code ${code}`}) during job ${job.id}`), { crashed: true })));
      const onError = (err: Error): void => finish(() => reject(Object.assign(err, { crashed: true })));
      child.on('message', onMessage);
      child.on('exit', onExit);
      child.on('error', onError);
      // features travel once per process and run: a process that already holds them gets the bars only
      const fresh = options.prep !== undefined && this.sent.get(child) !== options.prep;
      if (fresh) this.sent.set(child, options.prep as PreparedData);
      child.send({ type: 'job', job, bars: options.bars, ...(fresh ? { prep: options.prep } : {}) } satisfies LocalMessage);
    });
  }

  /** Stops the pool's processes (they exit when their channel closes). */
  async close(): Promise<void> {
    this.closed = true;
    for (const c of this.children) if (c.connected) c.disconnect();
    this.children.clear();
    this.idle = [];
  }
}
