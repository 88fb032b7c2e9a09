/**
 * Two-thread feature builds for long series (minute bars). The requested families form a queue of units (families
 * that share costly series go together), costliest first; the calling thread and a worker thread (started on first
 * use, kept for reuse, `unref`'d so it never keeps a process alive) each take the next unit (a shared atomic
 * counter) until the queue is empty, the worker on a shared copy of the bars. So the load balances itself: while
 * the worker starts (first build of a process) or when the machine is busy, the caller simply takes more. The call
 * stays synchronous: the worker transfers its columns (zero copy) on a MessagePort and bumps a shared counter; the
 * caller blocks on it (`Atomics.wait`) and takes the message with `receiveMessageOnPort`. Every family's columns
 * are the same bits whichever thread builds them (a family computes the shared series its thread's memo lacks).
 * When no worker can start (the compiled worker script is missing under ts-node or tslab on `src/`, or it fails
 * to load) the caller builds everything itself.
 */
import * as fs from 'fs';
import * as path from 'path';
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'worker_threads';
import type { Bars } from '../data/bars';
import type { VolatilityLevelOptions } from './regime';
import { shareBars } from './thread-plan';

/** A worker's request: families to build on (shared) bars. */
export interface FeatureRequest {
  id: number;
  bars: Bars;
  /** The queue: units (families built together) in the order they are taken. */
  units: string[][];
  /** Index of the next unit to take (shared with the caller; `Atomics.add` takes one). */
  next: Int32Array;
  volatility?: VolatilityLevelOptions;
}

/** A worker's reply: every family's `[name, column]` pairs, or the error it met. */
export type FeatureReply =
  | { id: number; ok: true; families: Array<[string, Array<[string, Float64Array]>]>; ms: number }
  | { id: number; ok: false; message: string; name: string; stack?: string; load?: boolean };

/** How the last build on this thread ran (for tests and benchmarks). */
export interface FeatureBuildInfo {
  rows: number;
  /** 1, or 2 when a worker built part of the families. */
  threads: 1 | 2;
  /** Families built by this thread, and by the worker (empty on one thread). */
  main: string[];
  worker: string[];
  /** Why a two-thread plan ran on one thread (`no worker script`, `worker failed to start`, …); absent otherwise. */
  fallback?: string;
  /** ms this thread spent on its families, and the worker on its own (NaN on one thread). */
  mainMs: number;
  workerMs: number;
}

let lastInfo: FeatureBuildInfo = { rows: 0, threads: 1, main: [], worker: [], mainMs: NaN, workerMs: NaN };

/** How the last {@link buildFeatures} call on this thread ran. */
export function featureBuildInfo(): FeatureBuildInfo {
  return { ...lastInfo, main: lastInfo.main.slice(), worker: lastInfo.worker.slice() };
}

/** Records how a build ran (called by the builder). */
export function recordBuild(info: FeatureBuildInfo): void {
  lastInfo = info;
}

/** The running feature worker: the thread, this side's port, the shared words `[replies so far, 2 once it exits]`. */
export interface FeatureWorkerHandle {
  worker: Worker;
  port: MessagePort;
  flag: Int32Array;
}

let handle: FeatureWorkerHandle | undefined;
let seq = 0;
let scriptOverride: string | undefined;

/** Path of the compiled worker entry (next to this module once built). */
export function featureWorkerScript(): string {
  return scriptOverride ?? path.join(__dirname, 'feature-worker.js');
}

/** Idle time after which the worker ends, ms (it frees the memory an idle isolate never collects). */
export const FEATURE_WORKER_IDLE_MS = 5000;
let idleMs = FEATURE_WORKER_IDLE_MS;

/**
 * Points the builder at another worker script and idle time (tests: a missing script exercises the one-thread
 * fallback, a short idle time the restart).
 * @param file absolute path, or undefined to restore the default; the running worker is stopped
 * @param idle idle time of the next workers in ms (default {@link FEATURE_WORKER_IDLE_MS})
 */
export function setFeatureWorkerScript(file: string | undefined, idle = FEATURE_WORKER_IDLE_MS): void {
  scriptOverride = file;
  idleMs = idle;
  stopFeatureWorker();
}

/** Stops the feature worker, if one runs (the next two-thread build starts a fresh one). */
export function stopFeatureWorker(): void {
  const h = handle;
  handle = undefined;
  if (h) {
    h.port.close();
    void h.worker.terminate();
  }
}

function startWorker(): FeatureWorkerHandle | string {
  const script = featureWorkerScript();
  if (!fs.existsSync(script)) return 'no worker script';
  try {
    const { port1, port2 } = new MessageChannel();
    const flag = new Int32Array(new SharedArrayBuffer(8)); // [replies, 2 once the worker exits]
    const worker = new Worker(script, { workerData: { port: port2, flag, idleMs }, transferList: [port2] });
    worker.unref();
    port1.unref();
    const h: FeatureWorkerHandle = { worker, port: port1, flag };
    const forget = (): void => {
      if (handle === h) handle = undefined;
    };
    worker.on('error', forget);
    worker.on('exit', forget);
    return h;
  } catch (e) {
    return `worker failed to start (${(e as Error).message})`;
  }
}

/** A request sent to the worker: take families with {@link claim}, then {@link collect} the worker's. */
export interface PendingFamilies {
  id: number;
  handle: FeatureWorkerHandle;
  units: string[][];
  next: Int32Array;
  timeoutMs: number;
}

/**
 * Sends a queue of families to the feature worker (starting it on first use) and returns at once.
 * @param bars the build's bars (copied once to shared memory)
 * @param units the queue, in the order to take them (see {@link queueUnits})
 * @param volatility the build's volatility-level options
 * @returns the pending request, or a reason string when no worker is available (build them all here)
 */
export function dispatch(bars: Bars, units: string[][], volatility: VolatilityLevelOptions | undefined): PendingFamilies | string {
  if (handle && Atomics.load(handle.flag, 1) === 2) stopFeatureWorker(); // it ended while idle
  if (!handle) {
    const h = startWorker();
    if (typeof h === 'string') return h;
    handle = h;
  }
  const id = ++seq;
  const next = new Int32Array(new SharedArrayBuffer(4));
  const req: FeatureRequest = { id, bars: shareBars(bars), units, next, volatility };
  try {
    handle.port.postMessage(req);
  } catch (e) {
    stopFeatureWorker();
    return `worker failed to start (${(e as Error).message})`;
  }
  return { id, handle, units, next, timeoutMs: 60_000 + bars.dates.length * 0.05 };
}

/**
 * Takes the next unit of the queue for this thread.
 * @param p the pending request
 * @returns its index in `p.units`, or -1 when the queue is empty
 */
export function claim(p: PendingFamilies): number {
  const i = Atomics.add(p.next, 0, 1);
  return i < p.units.length ? i : -1;
}

/**
 * Waits (blocking this thread) for the worker's reply to a request.
 * @param p the pending request
 * @returns the families the worker built and its ms, or a reason string when the worker could not load, exited
 *   (a crash) or did not answer in time (it is stopped; build its families here)
 * @throws Error with the worker's message when a family failed in the worker
 */
export function collect(p: PendingFamilies): { families: Map<string, Array<[string, Float64Array]>>; ms: number } | string {
  const deadline = Date.now() + p.timeoutMs;
  let reply: FeatureReply | undefined;
  while (!reply) {
    const seen = Atomics.load(p.handle.flag, 0);
    for (let m = receiveMessageOnPort(p.handle.port); m && !reply; m = receiveMessageOnPort(p.handle.port)) {
      if ((m.message as FeatureReply).id === p.id) reply = m.message as FeatureReply; // older replies were abandoned
    }
    if (reply) break;
    if (Atomics.load(p.handle.flag, 1) === 2) {
      abandon(p);
      return 'worker exited';
    }
    const left = deadline - Date.now();
    if (left <= 0) {
      abandon(p);
      return 'worker did not answer in time';
    }
    Atomics.wait(p.handle.flag, 0, seen, Math.min(left, 1000));
  }
  if (!reply.ok) {
    if (reply.load) {
      abandon(p);
      return `worker failed to start (${reply.message})`;
    }
    const err = new Error(reply.message);
    err.name = reply.name;
    err.stack = `${reply.name}: ${reply.message}\n    (thrown in the feature worker thread)${reply.stack ? `\n${reply.stack.split('\n').slice(1).join('\n')}` : ''}`;
    throw err;
  }
  return { families: new Map(reply.families), ms: reply.ms };
}

/** Drops a request whose reply is no longer wanted (the caller failed, or the worker is stuck): the worker is stopped. */
export function abandon(p: PendingFamilies): void {
  if (handle === p.handle) stopFeatureWorker();
}
