/**
 * The narrow adapter between the API and the training layer: runs one training job in a child process
 * (src/server/worker.ts) and turns its IPC messages into a promise plus progress callbacks.
 * Cancelling = SIGTERM to the worker; the trainer stops at its next batch and checkpoints.
 */
import { fork, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { WorkbenchConfig } from '../config/schema';
import type { TrainProgress } from '../models/types';
import { InputError } from '../util/errors';
import { workbenchHome } from '../util/fs';
import { trainerDefaults, type TrainerSpec, type WorkerReply, type WorkerRequest } from './worker';

/** Rejection of {@link startTraining} when the run was cancelled through its signal. */
export class TrainingCancelledError extends Error {
  constructor(runId: string) {
    super(`run ${runId} was cancelled; its last checkpoint can be resumed`);
    this.name = 'TrainingCancelledError';
  }
}

/** Options of {@link startTraining}. */
export interface StartTrainingOptions {
  /** Run id (folder name under `<home>/runs/`). */
  runId: string;
  /** Aborting it cancels the run (SIGTERM to the worker, SIGKILL after `killAfterMs`). */
  signal?: AbortSignal;
  /** Called with every progress event the worker forwards (at most every 50 ms, plus end-of-unit events). */
  onProgress?: (event: TrainProgress) => void;
  /** Resume the run's checkpoint instead of starting fresh (the config is then ignored). */
  resume?: boolean;
  /** Training entry points (default {@link trainerDefaults}, the training layer). */
  trainer?: TrainerSpec;
  /** WORKBENCH_HOME for the worker (default: this process's workbenchHome()). */
  home?: string;
  /** File receiving the worker's stdout/stderr (default `<home>/server/logs/<runId>.log`). */
  logFile?: string;
  /**
   * Grace period after SIGTERM before SIGKILL, ms (default 10000), for a trainer that neither yields to the
   * event loop nor reports progress; the kill is safe because trainers checkpoint atomically after every iteration.
   */
  killAfterMs?: number;
  /** Called with the number of work units the trainer plans (its `onPlan`). */
  onPlan?: (units: number) => void;
  /** How long the worker waits for a trainer to honour the cancel signal before exiting, ms (default 1000). */
  cancelGraceMs?: number;
  /** Called once the child process exists (for tests and pid bookkeeping). */
  onSpawn?: (child: ChildProcess) => void;
}

/** Defaults of {@link StartTrainingOptions}. */
export const startTrainingDefaults = { killAfterMs: 10000, cancelGraceMs: 1000 } as const;

/** Path of the worker script and the node flags it needs (compiled JS, or TS through ts-node). */
function workerEntry(): { file: string; execArgv: string[] } {
  const js = path.join(__dirname, 'worker.js');
  if (fs.existsSync(js)) return { file: js, execArgv: [] };
  return { file: path.join(__dirname, 'worker.ts'), execArgv: ['-r', 'ts-node/register/transpile-only'] };
}

/**
 * Runs one training job (fresh or resumed) in a child process.
 * @param config the validated config (ignored when `options.resume`)
 * @param options run id, cancel signal, progress callback, trainer spec, home, log file
 * @returns the trainer's results object (the results.json contract)
 * @throws TrainingCancelledError when cancelled, InputError when the trainer rejects its input,
 *   Error when training fails or the worker dies
 */
export function startTraining(config: WorkbenchConfig | undefined, options: StartTrainingOptions): Promise<unknown> {
  const home = options.home ?? workbenchHome();
  const logFile = options.logFile ?? path.join(home, 'server', 'logs', `${options.runId}.log`);
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const log = fs.openSync(logFile, 'a');
  // Written on cancel; the worker polls it synchronously from progress callbacks (see worker.ts).
  const cancelFile = path.join(home, 'server', 'cancel', options.runId);
  fs.rmSync(cancelFile, { force: true });
  const entry = workerEntry();
  const child = fork(entry.file, [], {
    execArgv: entry.execArgv,
    env: { ...process.env, WORKBENCH_HOME: home },
    stdio: ['ignore', log, log, 'ipc'],
    serialization: 'advanced',
  });
  fs.closeSync(log);
  options.onSpawn?.(child);
  const trainer = options.trainer ?? trainerDefaults;
  return new Promise((resolve, reject) => {
    let outcome: WorkerReply | undefined;
    let killTimer: NodeJS.Timeout | undefined;
    const onAbort = (): void => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      try {
        fs.mkdirSync(path.dirname(cancelFile), { recursive: true });
        fs.writeFileSync(cancelFile, new Date().toISOString());
      } catch {
        // SIGTERM and the kill below still stop the worker
      }
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? startTrainingDefaults.killAfterMs);
      killTimer.unref();
    };
    child.on('message', (raw) => {
      const msg = raw as WorkerReply;
      try {
        if (msg.type === 'progress') options.onProgress?.(msg.event);
        else if (msg.type === 'plan') options.onPlan?.(msg.units);
        else outcome = msg;
      } catch {
        // a failing listener must not kill the run
      }
    });
    child.on('error', (err) => {
      if (!outcome) outcome = { type: 'error', kind: 'internal', message: `training worker failed: ${err.message}` };
    });
    child.on('exit', (code, sig) => {
      if (killTimer) clearTimeout(killTimer);
      fs.rmSync(cancelFile, { force: true });
      options.signal?.removeEventListener('abort', onAbort);
      const o = outcome;
      if (o?.type === 'done') resolve(o.results);
      else if (o?.type === 'cancelled' || (!o && options.signal?.aborted)) reject(new TrainingCancelledError(options.runId));
      else if (o?.type === 'error') reject(o.kind === 'input' ? new InputError(o.message) : new Error(o.message));
      else reject(new Error(`training worker exited without a result (${sig ? `signal ${sig}` : `exit code ${code}`}); see ${logFile}`));
    });
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
    const cancelGraceMs = options.cancelGraceMs ?? startTrainingDefaults.cancelGraceMs;
    const request: WorkerRequest = options.resume
      ? { type: 'resume', runId: options.runId, trainer, cancelGraceMs, cancelFile }
      : { type: 'start', runId: options.runId, config: config as WorkbenchConfig, trainer, cancelGraceMs, cancelFile };
    child.send(request);
  });
}
