/**
 * Parallel trials on worker threads: an objective exported from a module is run in a pool of workers
 * (2 by default). The main thread keeps the study (sampling, pruning decisions, store writes); workers only
 * evaluate. Use with `study.optimize(pool.objective, {parallel: pool.size})`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { inputError, show, UnavailableError } from '../util/errors';
import { TrialPruned, type Objective, type TrialContext } from './study';
import { fillDefaults } from '../util/options';

/** Options of {@link WorkerPool}. */
export interface WorkerPoolOptions {
  /** Absolute path of a compiled JS module (or a package name) exporting the objective. */
  module: string;
  /** Name of the exported objective `(trial) => number | Promise<number>`; it receives `trial.data`. Default `objective`. */
  exportName?: string;
  /** Number of worker threads. Default 2. */
  size?: number;
  /** Structured-cloneable data handed to every trial as `trial.data` (e.g. a config). Default undefined. */
  data?: unknown;
}

/** Defaults of {@link WorkerPoolOptions}. */
export const workerPoolDefaults = { exportName: 'objective', size: 2 };

interface Slot {
  worker: Worker;
  busy: boolean;
}

/** A fixed-size pool of worker threads evaluating one objective. */
export class WorkerPool {
  /** Number of workers. */
  readonly size: number;
  private readonly slots: Slot[] = [];
  private readonly waiters: ((s: Slot) => void)[] = [];
  private readonly o: Required<Omit<WorkerPoolOptions, 'data'>> & { data?: unknown };
  private closed = false;

  /**
   * @param options module and export of the objective, pool `size` (default 2), shared `data`
   * @throws UnavailableError when the compiled worker script is missing (run `npm run build`)
   */
  constructor(options: WorkerPoolOptions) {
    this.o = fillDefaults(workerPoolDefaults, options);
    if (!(Number.isInteger(this.o.size) && this.o.size >= 1)) throw inputError({ key: 'parallel' }, 'an integer >= 1', show(this.o.size));
    if (!fs.existsSync(workerScript())) throw new UnavailableError(`the worker script ${workerScript()} is missing; worker pools need the compiled package (npm run build)`);
    this.size = this.o.size;
  }

  /** The objective to pass to `study.optimize` (each call runs one trial on a free worker). */
  readonly objective: Objective = (trial) => this.run(trial);

  private spawn(): Slot {
    const worker = new Worker(workerScript(), { workerData: { module: this.o.module, exportName: this.o.exportName, data: this.o.data } });
    const slot = { worker, busy: false };
    this.slots.push(slot);
    return slot;
  }

  private acquire(): Promise<Slot> {
    if (this.closed) return Promise.reject(new Error('the worker pool is closed'));
    const idle = this.slots.find((s) => !s.busy);
    if (idle) {
      idle.busy = true;
      return Promise.resolve(idle);
    }
    if (this.slots.length < this.size) {
      const s = this.spawn();
      s.busy = true;
      return Promise.resolve(s);
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private release(slot: Slot, broken: boolean): void {
    let s = slot;
    if (broken) {
      void slot.worker.terminate();
      this.slots.splice(this.slots.indexOf(slot), 1);
      if (!this.waiters.length) return;
      s = this.spawn();
      s.busy = true;
    }
    const next = this.waiters.shift();
    if (next) next(s);
    else s.busy = false;
  }

  private async run(trial: TrialContext): Promise<number> {
    const slot = await this.acquire();
    return new Promise<number>((resolve, reject) => {
      const w = slot.worker;
      const cleanup = (broken: boolean) => {
        w.off('message', onMessage);
        w.off('error', onError);
        w.off('exit', onExit);
        this.release(slot, broken);
      };
      const onMessage = (m: { type: string; id?: number; step?: number; value?: number; message?: string }) => {
        if (m.type === 'report') {
          trial.report(m.step!, m.value!).then(
            (prune) => w.postMessage({ type: 'prune', id: m.id, prune }),
            (err) => w.postMessage({ type: 'prune', id: m.id, prune: true, error: String(err) }),
          );
        } else if (m.type === 'done') {
          cleanup(false);
          resolve(m.value as number);
        } else if (m.type === 'pruned') {
          cleanup(false);
          reject(new TrialPruned(m.message));
        } else if (m.type === 'error') {
          cleanup(false);
          reject(new Error(m.message));
        }
      };
      const onError = (err: Error) => {
        cleanup(true);
        reject(err);
      };
      const onExit = (code: number) => {
        cleanup(true);
        reject(new Error(`worker exited with code ${code} during trial ${trial.number}`));
      };
      w.on('message', onMessage);
      w.on('error', onError);
      w.on('exit', onExit);
      w.postMessage({ type: 'trial', number: trial.number, params: trial.params, runId: trial.runId });
    });
  }

  /** Terminates every worker. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots.length = 0;
  }
}

function workerScript(): string {
  return path.join(__dirname, 'worker.js');
}
