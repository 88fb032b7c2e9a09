/**
 * Forward splits, where training always precedes the held-out data: a chronological
 * train/validation/test split by dates, and a walk-forward generator (expanding or rolling window)
 * in the spirit of darts' `historical_forecasts`.
 *
 * Both purge training (and validation) samples whose label end reaches into the block that follows
 * (endIndex[i] >= block start), and apply the embargo as the `embargo` rows right BEFORE each held-out
 * block (nothing after a test block is ever trained on in a forward split, so a post-block embargo
 * would remove nothing). Outputs are ascending Int32Array row indices.
 */
import { isoToDay, lowerBound, upperBound } from '../../util/dates';
import { inputError, show } from '../../util/errors';
import { labelledRows, LabelSpanOptions, PurgeOptions, resolveEndIndex, resolvePurge } from './purge';

/** Row indices of one split (validation is empty when none was asked for). */
export interface IndexSplit {
  train: Int32Array;
  validation: Int32Array;
  test: Int32Array;
  /** Rows removed from training/validation because their labels reach into the following block. */
  purged: number;
  /** Rows removed by the embargo only. */
  embargoed: number;
}

/** A date as days since 1970-01-01 or an ISO `YYYY-MM-DD` string. */
export type SplitDate = number | string;

/** Options of {@link chronologicalSplit}. */
export interface ChronologicalOptions extends LabelSpanOptions, PurgeOptions {
  /** First training date (inclusive); default the first row. */
  trainStart?: SplitDate;
  /** First validation date; default none (no validation block). */
  validationStart?: SplitDate;
  /** First test date (required). */
  testStart: SplitDate;
  /** Last test date (inclusive); default the last row. */
  testEnd?: SplitDate;
}

function toDay(key: string, d: SplitDate): number {
  const day = typeof d === 'string' ? isoToDay(d) : d;
  if (!Number.isInteger(day)) throw inputError({ key: `chronologicalSplit(options.${key})` }, 'an ISO date YYYY-MM-DD or a day number', show(d));
  return day;
}

/**
 * Chronological train / validation / test split by dates, purged:
 * train = rows in [trainStart, validationStart) (or [trainStart, testStart)) with endIndex < next block start,
 * validation = rows in [validationStart, testStart) with endIndex < test start, test = rows in [testStart, testEnd].
 * @param dates trading day of each sample (days since epoch), strictly increasing, length n
 * @param options dates of the blocks; endIndex / forecastHorizon (1); purge (true); embargo (0, rows before each block)
 * @returns {train, validation, test, purged, embargoed}
 */
export function chronologicalSplit(dates: Int32Array, options: ChronologicalOptions): IndexSplit {
  const n = dates.length;
  for (let i = 1; i < n; i++) {
    if (dates[i] <= dates[i - 1]) throw inputError({ key: `chronologicalSplit(dates)[${i}]` }, 'strictly increasing dates', `${dates[i]} after ${dates[i - 1]}`);
  }
  const endIndex = resolveEndIndex(n, options);
  const { purge, embargo } = resolvePurge(options);
  if (options.testStart === undefined) throw inputError({ key: 'chronologicalSplit(options.testStart)' }, 'a test start date', 'undefined');
  const t0 = lowerBound(dates, toDay('testStart', options.testStart));
  const t1 = options.testEnd === undefined ? n : upperBound(dates, toDay('testEnd', options.testEnd));
  const tr0 = options.trainStart === undefined ? 0 : lowerBound(dates, toDay('trainStart', options.trainStart));
  const v0 = options.validationStart === undefined ? t0 : lowerBound(dates, toDay('validationStart', options.validationStart));
  if (!(tr0 <= v0 && v0 <= t0 && t0 < t1)) {
    throw inputError(
      { key: 'chronologicalSplit(options)' },
      'trainStart <= validationStart <= testStart <= testEnd, with at least one test row',
      `rows train ${tr0}, validation ${v0}, test ${t0}..${t1 - 1}`,
    );
  }
  let purged = 0;
  let embargoed = 0;
  const keep = (from: number, to: number, blockStart: number): Int32Array => {
    const rows: number[] = [];
    for (let i = from; i < to; i++) {
      if (endIndex[i] < 0) continue;
      if (purge && endIndex[i] >= blockStart) purged++;
      else if (i >= blockStart - embargo) embargoed++;
      else rows.push(i);
    }
    return Int32Array.from(rows);
  };
  const validation = keep(v0, t0, t0);
  const train = keep(tr0, v0, v0);
  const test = labelledRows(endIndex, t0, t1);
  return { train, validation, test, purged, embargoed };
}

/** Options of {@link walkForward}. */
export interface WalkForwardOptions extends LabelSpanOptions, PurgeOptions {
  /** Training samples per fold after purging; undefined = expanding window (all earlier samples). */
  trainLength?: number;
  /** Test rows per fold; default 21 (about a month of trading days). The last fold may be shorter. */
  testLength?: number;
  /** Rows between consecutive test starts; default `testLength` (adjacent, non-overlapping test blocks). */
  stride?: number;
  /** First test row; default minTrainLength + validationLength. */
  startIndex?: number;
  /** Folds with fewer training samples (after purging) are skipped; default trainLength ?? 1. */
  minTrainLength?: number;
  /** Validation samples carved from the tail of each training window (purged against the test block); default 0. */
  validationLength?: number;
}

/** Defaults of {@link WalkForwardOptions} (stride: testLength; minTrainLength: trainLength ?? 1). */
export const walkForwardDefaults = { testLength: 21, validationLength: 0 } as const;

/** One walk-forward fold. Row bounds are inclusive; −1 when a block is empty. */
export interface WalkForwardFold extends IndexSplit {
  fold: number;
  trainStart: number;
  trainEnd: number;
  validationStart: number;
  validationEnd: number;
  testStart: number;
  testEnd: number;
}

function posInt(key: string, v: number, min: number): number {
  if (!Number.isInteger(v) || v < min) throw inputError({ key: `walkForward(options.${key})` }, `an integer >= ${min} (rows)`, show(v));
  return v;
}

/**
 * Walk-forward folds over n samples. For a test block [s, s + testLength), rows are taken walking back
 * from s − 1: first the embargo rows, then (when validationLength > 0) the last validationLength samples
 * whose labels end before s, then training samples whose labels end before the validation start (or s),
 * again after an embargo; `trainLength` of them (rolling) or all (expanding). The next fold starts at s + stride.
 * Rows without a label (endIndex −1) are left out of every block; a fold whose test block has none is skipped.
 * @param n number of samples (row i = sample i)
 * @param options trainLength, testLength (21), stride (testLength), startIndex, minTrainLength, validationLength (0),
 *   endIndex / forecastHorizon (1), purge (true), embargo (0)
 * @returns a generator of {@link WalkForwardFold}s in time order
 */
export function walkForward(n: number, options: WalkForwardOptions = {}): Generator<WalkForwardFold> {
  const endIndex = resolveEndIndex(n, options);
  const { purge, embargo } = resolvePurge(options);
  const testLength = posInt('testLength', options.testLength ?? walkForwardDefaults.testLength, 1);
  const stride = posInt('stride', options.stride ?? testLength, 1);
  const trainLength = options.trainLength === undefined ? undefined : posInt('trainLength', options.trainLength, 1);
  const minTrain = posInt('minTrainLength', options.minTrainLength ?? trainLength ?? 1, 1);
  const valLength = posInt('validationLength', options.validationLength ?? walkForwardDefaults.validationLength, 0);
  const start = posInt('startIndex', options.startIndex ?? minTrain + valLength, 0);
  return folds(n, endIndex, { purge, embargo, testLength, stride, trainLength, minTrain, valLength, start });
}

interface ResolvedWalkForward {
  purge: boolean;
  embargo: number;
  testLength: number;
  stride: number;
  trainLength: number | undefined;
  minTrain: number;
  valLength: number;
  start: number;
}

function* folds(n: number, endIndex: Int32Array, o: ResolvedWalkForward): Generator<WalkForwardFold> {
  const { purge, embargo, testLength, stride, trainLength, minTrain, valLength, start } = o;
  let fold = 0;
  for (let s = start; s < n; s += stride) {
    const e = Math.min(n, s + testLength);
    const val: number[] = [];
    const tr: number[] = [];
    let purged = 0;
    let embargoed = 0;
    let blockStart = s;
    let inVal = valLength > 0;
    for (let i = s - 1; i >= 0; i--) {
      if (endIndex[i] < 0) continue;
      if (purge && endIndex[i] >= blockStart) purged++;
      else if (i >= blockStart - embargo) embargoed++;
      else if (inVal) {
        val.push(i);
        if (val.length === valLength) {
          inVal = false;
          blockStart = i;
        }
      } else {
        tr.push(i);
        if (trainLength !== undefined && tr.length === trainLength) break;
      }
    }
    const test = labelledRows(endIndex, s, e);
    if (inVal || tr.length < minTrain || test.length === 0) continue;
    const train = Int32Array.from(tr).reverse();
    const validation = Int32Array.from(val).reverse();
    yield {
      fold: fold++,
      train,
      validation,
      test,
      purged,
      embargoed,
      trainStart: train[0],
      trainEnd: train[train.length - 1],
      validationStart: validation.length ? validation[0] : -1,
      validationEnd: validation.length ? validation[validation.length - 1] : -1,
      testStart: test[0],
      testEnd: test[test.length - 1],
    };
  }
}

/**
 * All walk-forward folds as an array (see {@link walkForward}).
 * @returns WalkForwardFold[] in time order
 * @param n number of samples
 * @param options see {@link WalkForwardOptions}
 */
export function walkForwardSplits(n: number, options: WalkForwardOptions = {}): WalkForwardFold[] {
  return Array.from(walkForward(n, options));
}
