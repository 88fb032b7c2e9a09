/**
 * The plan of a two-thread feature build (pure parts of `threads.ts`): whether to use two threads, the queue of
 * family units, the shared copy of the bars.
 */
import * as os from 'os';
import { isMainThread } from 'worker_threads';
import type { Bars } from '../data/bars';
import { inputError, show } from '../util/errors';

/** Rows from which a build uses two threads by default (a daily series stays on one). */
export const PARALLEL_MIN_ROWS = 200_000;

/**
 * Cost of each family built on its own, in ms on 1,854,961 minute bars (one thread, 2026-12-03): sets the queue
 * order (costliest first, so the last unit taken is a cheap one). A family missing here counts as the mean.
 */
const FAMILY_COST: Record<string, number> = { trend: 935, regime: 800, volatility: 690, momentum: 660, statistical: 545, pattern: 470, volume: 330, intraday: 150 };

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
