/**
 * Forward (expanding-window) chronological folds for stacking, and row subsetting of datasets.
 * Rows are ordered by `dates` when given (ties = same trading day stay in one block), else by row index.
 */
import { inputError } from '../../util/errors';
import type { Dataset } from '../types';

/** One forward fold: members fitted on `trainRows` (all strictly earlier) predict `testRows`. */
export interface ForwardFold {
  /** Fold id (1..folds); block 0 is only ever trained on. */
  fold: number;
  /** Row indices the members were fitted on (all earlier than every test row, minus the purge). */
  trainRows: Int32Array;
  /** Row indices predicted out of fold. */
  testRows: Int32Array;
}

/**
 * Time position of every row: the rank of its trading day among the distinct dates (or the row index).
 * @param data dataset (`dates` optional, days since epoch)
 * @returns Int32Array of n positions and the number of distinct positions
 */
export function timePositions(data: Dataset): { pos: Int32Array; count: number } {
  const n = data.shape[0];
  if (!data.dates) return { pos: Int32Array.from({ length: n }, (_, i) => i), count: n };
  if (data.dates.length !== n) throw inputError({ key: 'dates' }, `${n} dates`, String(data.dates.length));
  const distinct = [...new Set(Array.from(data.dates))].sort((a, b) => a - b);
  const rank = new Map(distinct.map((d, i) => [d, i]));
  return { pos: Int32Array.from(data.dates, (d) => rank.get(d) as number), count: distinct.length };
}

/**
 * Block id per row for `folds + 1` chronological blocks of (nearly) equal numbers of trading days;
 * block 0 is the first, only-trained-on block. Returned as fold ids for `outOfFoldPredictions`
 * (block 0 = -1, not predicted).
 * @param pos time position per row (from {@link timePositions})
 * @param count number of distinct positions
 * @param folds number of predicted folds (>= 2)
 * @returns Int32Array of n fold ids (-1 or 1..folds)
 * @throws InputError when there are fewer than `folds + 1` trading days
 */
export function forwardFoldIds(pos: Int32Array, count: number, folds: number): Int32Array {
  if (count < folds + 1) throw inputError({ key: 'ensemble.folds' }, `at least ${folds + 1} distinct trading days for ${folds} stacking folds`, String(count));
  const blocks = folds + 1;
  return Int32Array.from(pos, (p) => {
    const b = Math.min(blocks - 1, Math.floor((p * blocks) / count));
    return b === 0 ? -1 : b;
  });
}

/**
 * The rows members may be fitted on for one test fold: every row strictly earlier than the fold's first
 * trading day, minus the last `purge` trading days before it (their labels overlap the fold when h > 1).
 * Rows of block 0 are included; rows of later blocks never are.
 * @param pos time position per row (from {@link timePositions})
 * @param testRows rows of the test fold
 * @param purge trading days dropped before the test block (default 0)
 * @returns Int32Array of row indices, ascending
 */
export function forwardTrainRows(pos: Int32Array, testRows: ArrayLike<number>, purge = 0): Int32Array {
  let first = Infinity;
  for (let i = 0; i < testRows.length; i++) first = Math.min(first, pos[testRows[i]]);
  const out: number[] = [];
  for (let i = 0; i < pos.length; i++) if (pos[i] < first - purge) out.push(i);
  return Int32Array.from(out);
}

/**
 * The rows `rows` of a dataset as a new dataset (copies; the input is not modified).
 * @param data `[n, ...]` dataset
 * @param rows row indices
 * @returns Dataset with `rows.length` rows (x, y, targets, weight, dates subset)
 */
export function subsetRows(data: Dataset, rows: ArrayLike<number>): Dataset {
  const width = data.shape.slice(1).reduce((a, b) => a * b, 1);
  const m = rows.length;
  const x = new Float32Array(m * width);
  for (let i = 0; i < m; i++) x.set(data.x.subarray(rows[i] * width, (rows[i] + 1) * width), i * width);
  const pick = <T extends Float32Array | Int32Array>(a: T | undefined): T | undefined => {
    if (!a) return undefined;
    const out = new (a.constructor as { new (n: number): T })(m);
    for (let i = 0; i < m; i++) out[i] = a[rows[i]];
    return out;
  };
  const out: Dataset = { x, shape: [m, ...data.shape.slice(1)], featureNames: data.featureNames.slice() };
  if (data.y) out.y = pick(data.y);
  if (data.weight) out.weight = pick(data.weight);
  if (data.dates) out.dates = pick(data.dates);
  if (data.targets) out.targets = Object.fromEntries(Object.entries(data.targets).map(([k, v]) => [k, pick(v) as Float32Array]));
  return out;
}
