/**
 * Child-process entry that runs one training job for the API server, so the server's event loop stays free.
 * Protocol (IPC, see {@link WorkerRequest} / {@link WorkerReply}): the parent sends one `start` or `resume`
 * request; the worker replies with throttled `progress` messages and exactly one `done`, `cancelled` or `error`.
 * SIGTERM, a `cancel` message, a lost parent or the request's cancel file aborts the training signal: the
 * trainer stops at its next batch and leaves a resumable checkpoint. The cancel file is checked synchronously
 * inside progress callbacks (at most every 100 ms), so even a trainer that never yields to the event loop
 * stops at its next progress event: the callback throws an AbortError into it.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { WorkbenchConfig } from '../config/schema';
import type { TrainProgress } from '../models/types';
import { InputError } from '../util/errors';

/** Which module and exports implement training (tests point this at a stub). */
export interface TrainerSpec {
  /** Module path (absolute, or relative to this file's folder). */
  module: string;
  /** Export names tried in order for a fresh run: `(config, {runId, signal, onProgress, onPlan}) => Promise<results>`. */
  start: string[];
  /** Export names tried in order for a resume: `(runId, {signal, onProgress, onPlan}) => Promise<results>`. */
  resume: string[];
}

/** The training layer's public entry points (src/training/index.ts). */
export const trainerDefaults: TrainerSpec = {
  module: '../training/index',
  start: ['trainRun'],
  resume: ['resumeOrRestart', 'resumeRun'],
};

/** Parent → worker messages. */
export type WorkerRequest =
  | { type: 'start'; runId: string; config: WorkbenchConfig; trainer: TrainerSpec; cancelGraceMs: number; cancelFile: string }
  | { type: 'resume'; runId: string; trainer: TrainerSpec; cancelGraceMs: number; cancelFile: string }
  | { type: 'cancel' };

/** Worker → parent messages. */
export type WorkerReply =
  | { type: 'progress'; event: TrainProgress }
  | { type: 'plan'; units: number }
  | { type: 'done'; results: unknown }
  | { type: 'cancelled' }
  | { type: 'error'; kind: 'input' | 'internal'; message: string };

type Fn = (...args: unknown[]) => Promise<unknown>;

function pick(mod: Record<string, unknown>, names: string[], what: string): Fn {
  for (const n of names) if (typeof mod[n] === 'function') return mod[n] as Fn;
  throw new Error(`the training module exports no ${what} function (looked for ${names.join(', ')})`);
}

/** Minimum milliseconds between two progress messages (end-of-unit events always go through). */
const PROGRESS_EVERY_MS = 50;

function send(msg: WorkerReply, then?: () => void): void {
  if (!process.send || !process.connected) {
    then?.();
    return;
  }
  process.send(msg, undefined, {}, () => then?.());
}

function runWorker(): void {
  const controller = new AbortController();
  let graceMs = 1000;
  let settled = false;
  // Trainers that ignore the signal are stopped after a grace period: their checkpoints are written
  // atomically after every iteration, so exiting between two event-loop turns leaves a resumable run.
  const abort = (): void => {
    if (controller.signal.aborted) return;
    controller.abort();
    setTimeout(() => !settled && finish({ type: 'cancelled' }), graceMs).unref();
  };
  process.on('SIGTERM', abort);
  process.on('SIGINT', abort);
  process.on('disconnect', abort);
  let lastSent = 0;
  let pending: TrainProgress | undefined;
  let timer: NodeJS.Timeout | undefined;
  let lastStage = '';
  const flush = (): void => {
    timer = undefined;
    if (pending) send({ type: 'progress', event: pending });
    pending = undefined;
    lastSent = Date.now();
  };
  let cancelFile = '';
  let lastCheck = 0;
  const parent = process.ppid;
  const onProgress = (event: TrainProgress): void => {
    const now = Date.now();
    if (!controller.signal.aborted && cancelFile && now - lastCheck >= 100) {
      lastCheck = now;
      // the cancel file, or a dead parent (this process was re-parented): both are synchronous checks
      if (fs.existsSync(cancelFile) || process.ppid !== parent) abort();
    }
    if (controller.signal.aborted) {
      const err = new Error('training cancelled');
      err.name = 'AbortError';
      throw err;
    }
    pending = { ...event };
    const urgent = (event.fraction ?? 0) >= 1 || event.stage !== lastStage;
    lastStage = event.stage;
    if (urgent || Date.now() - lastSent >= PROGRESS_EVERY_MS) {
      if (timer) clearTimeout(timer);
      flush();
    } else if (!timer) {
      timer = setTimeout(flush, PROGRESS_EVERY_MS);
    }
  };
  const finish = (msg: WorkerReply): void => {
    if (settled) return;
    settled = true;
    if (timer) clearTimeout(timer);
    if (pending) flush();
    send(msg, () => process.exit(0));
  };
  process.on('message', (raw: unknown) => {
    const msg = raw as WorkerRequest;
    if (msg.type === 'cancel') return abort();
    graceMs = msg.cancelGraceMs;
    cancelFile = msg.cancelFile;
    void (async () => {
      try {
        const spec = msg.trainer;
        const modPath = path.isAbsolute(spec.module) ? spec.module : path.join(__dirname, spec.module);
        // eslint-disable-next-line @typescript-eslint/no-var-requires
        require('../models/index'); // registers every model family
        const mod = require(modPath) as Record<string, unknown>;
        const onPlan = (units: number): void => send({ type: 'plan', units });
        const opts = { runId: msg.runId, signal: controller.signal, onProgress, onPlan };
        const results =
          msg.type === 'start'
            ? await pick(mod, spec.start, 'start')(msg.config, opts)
            : await pick(mod, spec.resume, 'resume')(msg.runId, opts);
        if (controller.signal.aborted) return finish({ type: 'cancelled' });
        const r = results as { results?: unknown } | null | undefined;
        finish({ type: 'done', results: r && typeof r === 'object' && 'results' in r ? r.results : (results ?? null) });
      } catch (e) {
        const err = e as Error;
        if (controller.signal.aborted || err?.name === 'AbortError') return finish({ type: 'cancelled' });
        process.stderr.write(`training worker: ${err?.stack ?? String(e)}\n`);
        finish({ type: 'error', kind: e instanceof InputError || err?.name === 'InputError' ? 'input' : 'internal', message: err?.message ?? String(e) });
      }
    })();
  });
}

if (require.main === module) runWorker();
