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

/** A pool of forked worker processes running track jobs. */
export class LocalBackend implements JobBackend {
  readonly kind = 'local' as const;
  readonly slots: number;
  private readonly attempts: number;
  private readonly children = new Set<ChildProcess>();
  private spare?: ChildProcess;
  private readonly sent = new WeakSet<ChildProcess>();
  private keys?: Promise<string[]>;

  /** @param options worker count (default one per core), attempts per job (3) */
  constructor(options: LocalBackendOptions = {}) {
    this.slots = Math.max(1, options.workers ?? coreCount());
    this.attempts = options.attempts ?? localBackendDefaults.attempts;
    if (!localChildScript()) throw new UnavailableError(`the worker script ${path.join(__dirname, 'child.js')} is missing; the local pool needs the compiled package (npm run build)`);
  }

  /** True when a fresh worker process registers every model family named (families registered at run time by a test do not reach it). */
  async supports(models: string[]): Promise<boolean> {
    if (!this.keys) {
      const child = this.spawn();
      this.spare = child;
      this.keys = new Promise<string[]>((resolve) => {
        const onMsg = (m: LocalReply): void => {
          if (m.type !== 'ready') return;
          child.off('message', onMsg);
          resolve(m.keys);
        };
        child.on('message', onMsg);
        child.once('exit', () => resolve([]));
      });
    }
    const keys = new Set(await this.keys);
    return models.every((m) => keys.has(m));
  }

  /** Runs the jobs on at most `slots` processes; resolves to the final track states keyed by job id. */
  async run(jobs: TrackJob[], options: BatchOptions): Promise<Map<string, TrackState>> {
    const results = new Map<string, TrackState>();
    const queue = jobs.slice();
    const tries = new Map<string, number>();
    let failure: Error | undefined;
    const worker = async (): Promise<void> => {
      let child: ChildProcess | undefined;
      while (queue.length && !failure) {
        if (!child && this.spare?.connected) {
          child = this.spare;
          this.spare = undefined;
        }
        child = child && child.connected ? child : this.spawn();
        if (options.signal?.aborted) throw Object.assign(new Error('training cancelled'), { name: 'AbortError' });
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
      if (child) this.retire(child);
    };
    const n = Math.min(this.slots, jobs.length);
    await Promise.allSettled(Array.from({ length: n }, () => worker()));
    if (failure) throw failure;
    if (options.signal?.aborted && results.size < jobs.length) throw Object.assign(new Error('training cancelled'), { name: 'AbortError' });
    return results;
  }

  private spawn(): ChildProcess {
    const child = fork(localChildScript() as string, [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.children.add(child);
    child.on('exit', () => this.children.delete(child));
    return child;
  }

  private retire(child: ChildProcess): void {
    this.children.delete(child);
    if (child.connected) child.disconnect();
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
      // features travel once per process: a process that already holds them for this run gets the bars only
      const fresh = !this.sent.has(child);
      this.sent.add(child);
      child.send({ type: 'job', job, bars: options.bars, ...(fresh && options.prep ? { prep: options.prep } : {}) } satisfies LocalMessage);
    });
  }

  /** Kills the pool's processes. */
  async close(): Promise<void> {
    for (const c of this.children) if (c.connected) c.disconnect();
    this.children.clear();
  }
}
