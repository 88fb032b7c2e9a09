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
import * as os from 'os';
import * as path from 'path';
import { MessageChannel, Worker, isMainThread, receiveMessageOnPort, type MessagePort } from 'worker_threads';
import type { Bars } from '../data/bars';
import { inputError, show } from '../util/errors';
import type { VolatilityLevelOptions } from './regime';

/** Rows from which a build uses two threads by default (a daily series stays on one). */
export const PARALLEL_MIN_ROWS = 200_000;

/**
 * Cost of each family built on its own, in ms on 1,854,961 minute bars (one thread, 2026-12-03): sets the queue
 * order (costliest first, so the last unit taken is a cheap one). A family missing here counts as the mean.
 */
const FAMILY_COST: Record<string, number> = { trend: 935, regime: 800, volatility: 690, momentum: 660, statistical: 545, pattern: 470, volume: 330, intraday: 150 };

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

/** Options deciding the thread count of one build. */
export interface ThreadOptions {
  /** 1 = this thread only, 2 = two threads whatever the length; undefined = 2 from `parallelMinRows` rows up. */
  threads?: 1 | 2;
  /** Row count from which an undecided build uses two threads. Default {@link PARALLEL_MIN_ROWS}. */
  parallelMinRows?: number;
}

/**
 * Thread count of a build: `options.threads`, else `WORKBENCH_FEATURE_THREADS` (1 or 2), else 2 when the bars
 * have at least `parallelMinRows` rows, at least two families are asked for, this is a process's main thread
 * (pools of workers already use the cores) and the machine has two cores or more.
 * @param rows bar count
 * @param families number of families to build
 * @param options `threads`, `parallelMinRows`
 * @returns 1 or 2
 * @throws InputError on a `threads` other than 1 or 2 (option or environment variable)
 */
export function threadCount(rows: number, families: number, options: ThreadOptions): 1 | 2 {
  const env = process.env.WORKBENCH_FEATURE_THREADS;
  if (options.threads !== undefined && options.threads !== 1 && options.threads !== 2) throw inputError({ key: 'features.threads' }, '1 or 2', show(options.threads));
  if (options.threads === undefined && env !== undefined && env !== '' && env !== '1' && env !== '2') throw inputError({ key: 'WORKBENCH_FEATURE_THREADS' }, '1 or 2', show(env));
  const asked = options.threads ?? (env === '1' ? 1 : env === '2' ? 2 : undefined);
  if (families < 2) return 1;
  if (asked !== undefined) return asked;
  const min = options.parallelMinRows ?? PARALLEL_MIN_ROWS;
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return rows >= min && isMainThread && cores >= 2 ? 2 : 1;
}

/** Families that share costly series (ADX, the 50/200 averages; the 20-row highs and lows): one thread builds both. */
const AFFINITY: string[][] = [
  ['trend', 'regime'],
  ['volatility', 'pattern'],
];

/**
 * The queue of a build: families grouped into units (see AFFINITY, when both are asked for), costliest unit first
 * (stable for equal costs).
 * @param families family names (distinct)
 * @returns units, each in the order of `families`
 */
export function queueUnits(families: string[]): string[][] {
  const known = Object.values(FAMILY_COST);
  const mean = known.reduce((x, y) => x + y, 0) / known.length;
  const cost = (u: string[]): number => u.reduce((t, f) => t + (FAMILY_COST[f] ?? mean), 0);
  const units: string[][] = [];
  const placed = new Set<string>();
  for (const f of families) {
    if (placed.has(f)) continue;
    const group = AFFINITY.find((g) => g.includes(f) && g.every((x) => families.includes(x)));
    const unit = group ? families.filter((x) => group.includes(x)) : [f];
    for (const x of unit) placed.add(x);
    units.push(unit);
  }
  return units.map((u, i) => ({ u, i })).sort((x, y) => cost(y.u) - cost(x.u) || x.i - y.i).map((e) => e.u);
}

/**
 * A copy of the bars on one SharedArrayBuffer (arrays already shared are kept), so a worker reads them without
 * another copy.
 * @param bars input bars (not mutated)
 * @returns Bars whose typed arrays are views on shared memory
 */
export function shareBars(bars: Bars): Bars {
  const arrays: Array<Float64Array | Int32Array> = [];
  const take = (v: unknown): void => {
    if ((v instanceof Float64Array || v instanceof Int32Array) && !(v.buffer instanceof SharedArrayBuffer)) arrays.push(v);
  };
  for (const v of Object.values(bars)) take(v);
  for (const v of Object.values(bars.extra ?? {})) take(v);
  let bytes = 0;
  for (const a of arrays) bytes += Math.ceil(a.byteLength / 8) * 8;
  const sab = new SharedArrayBuffer(Math.max(8, bytes));
  const copies = new Map<unknown, Float64Array | Int32Array>();
  let offset = 0;
  for (const a of arrays) {
    if (copies.has(a)) continue;
    const c = a instanceof Float64Array ? new Float64Array(sab, offset, a.length) : new Int32Array(sab, offset, a.length);
    c.set(a);
    copies.set(a, c);
    offset += Math.ceil(a.byteLength / 8) * 8;
  }
  const map = <T>(v: T): T => (copies.get(v) as T | undefined) ?? v;
  const out = {} as Record<string, unknown>;
  for (const [k, v] of Object.entries(bars)) out[k] = map(v);
  if (bars.extra) out.extra = Object.fromEntries(Object.entries(bars.extra).map(([k, v]) => [k, map(v)]));
  return out as unknown as Bars;
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
