/**
 * The progressive schedule (seed 000, phase 4): iteration k trains on [start, initialEnd + (k−1)·increment]
 * (calendar days), validates on the purged tail of that window, and tests on the next `increment` days.
 * Row selection purges every training (and validation) sample whose label ends after the block that
 * follows it, so iteration k never learns from a price dated after its trainEnd.
 */
import { dayToIso, isoToDay, lowerBound, upperBound } from '../util/dates';
import { inputError } from '../util/errors';
import { purgeRows } from '../evaluation/splits/purge';
import type { PreparedData } from './prepare';
import { fillDefaults } from '../util/options';

/** Options of {@link progressiveSchedule}. */
export interface ScheduleOptions {
  /** First training date (ISO). */
  startDate: string;
  /** Last training date of iteration 1 (ISO). */
  initialEndDate: string;
  /** Calendar days added per iteration (and the length of each test block). Default 7. */
  windowIncrement?: number;
  /** Iterations planned. Default 30. */
  maxIterations?: number;
}

/** Defaults of {@link ScheduleOptions}. */
export const scheduleDefaults = { windowIncrement: 7, maxIterations: 30 } as const;

/** One planned iteration (days since epoch, inclusive bounds). */
export interface IterationWindow {
  iteration: number;
  trainStartDay: number;
  trainEndDay: number;
  testStartDay: number;
  testEndDay: number;
}

/**
 * Plans the iterations whose test block holds at least one trading day of `dates`.
 * @param dates trading days of the data (ascending)
 * @param options start / initial end dates, increment (7 days), max iterations (30)
 * @returns IterationWindow[] in order (may be shorter than maxIterations when the data ends)
 */
export function progressiveSchedule(dates: Int32Array, options: ScheduleOptions): IterationWindow[] {
  const inc = options.windowIncrement ?? scheduleDefaults.windowIncrement;
  const max = options.maxIterations ?? scheduleDefaults.maxIterations;
  const start = isoToDay(options.startDate);
  const end0 = isoToDay(options.initialEndDate);
  if (Number.isNaN(start)) throw inputError({ key: 'training.start_date' }, 'an ISO date', JSON.stringify(options.startDate));
  if (Number.isNaN(end0)) throw inputError({ key: 'training.initial_end_date' }, 'an ISO date', JSON.stringify(options.initialEndDate));
  const last = dates[dates.length - 1];
  if (!(dates.length > 0) || end0 >= last || start >= end0 || start > last) {
    const range = dates.length ? `data ${dayToIso(dates[0])} .. ${dayToIso(last)}` : 'no data';
    throw inputError({ key: 'training.initial_end_date' }, 'start_date < initial_end_date < the last date of the data', `${options.startDate} .. ${options.initialEndDate} with ${range}`);
  }
  const out: IterationWindow[] = [];
  for (let k = 1; k <= max; k++) {
    const trainEndDay = end0 + (k - 1) * inc;
    const testStartDay = trainEndDay + 1;
    const testEndDay = trainEndDay + inc;
    if (upperBound(dates, testEndDay) <= lowerBound(dates, testStartDay)) {
      if (testStartDay > last) break;
      continue;
    }
    out.push({ iteration: k, trainStartDay: start, trainEndDay, testStartDay, testEndDay });
  }
  return out;
}

/** Options of {@link iterationRows}. */
export interface IterationRowOptions {
  /** Fraction of the (purged) training window's tail used for validation, in (0, 0.5). Default 0.15. */
  validationFraction?: number;
  /** Purge samples whose label reaches into the following block; default true (false only to show the leak). */
  purge?: boolean;
  /** Rows dropped right before each held-out block, on top of the purge; default 0. */
  embargo?: number;
}

/** Defaults of {@link IterationRowOptions}. */
export const iterationRowDefaults = { validationFraction: 0.15, purge: true, embargo: 0 } as const;

/** Rows of one iteration for one horizon (ascending frame rows). */
export interface IterationRows {
  train: Int32Array;
  validation: Int32Array;
  test: Int32Array;
}

/**
 * Training, validation and test rows of one iteration for horizon key `key` (`h7`, …).
 * Candidates are usable rows dated in [trainStart, trainEnd] with a label; those whose label ends at or
 * after the first test row are purged; validation is the tail of the rest, and training rows are purged
 * against the validation start. Test rows are the usable, labelled rows dated in the test block.
 * @param prep prepared data
 * @param w the iteration window
 * @param key horizon key
 * @param options validationFraction (0.15), purge (true), embargo (0)
 * @returns {train, validation, test}
 */
export function iterationRows(prep: PreparedData, w: IterationWindow, key: string, options: IterationRowOptions = iterationRowDefaults): IterationRows {
  const o = fillDefaults(iterationRowDefaults, options);
  const dates = prep.frame.dates;
  const endIndex = prep.endIndex[key];
  if (!endIndex) throw inputError({ key: 'horizon' }, `one of ${Object.keys(prep.endIndex).join(', ')}`, key);
  const r0 = lowerBound(dates, w.trainStartDay);
  const r1 = upperBound(dates, w.trainEndDay);
  const t1 = upperBound(dates, w.testEndDay);
  const cand: number[] = [];
  for (let r = r0; r < r1; r++) if (prep.usable[r] && endIndex[r] >= 0) cand.push(r);
  const test: number[] = [];
  for (let r = r1; r < t1; r++) if (prep.usable[r] && endIndex[r] >= 0) test.push(r);
  const block = { start: r1, end: Math.max(r1 + 1, t1) };
  const kept = purgeRows(cand, endIndex, [block], { purge: o.purge, embargoBefore: o.embargo }).train;
  const { train, validation } = carveValidation(kept, endIndex, o, `iteration ${w.iteration}, ${key}`);
  return { train, validation, test: Int32Array.from(test) };
}

/**
 * Splits purged candidate rows into training rows and a validation tail: the last `validationFraction` of
 * the rows validate, and training rows whose label reaches the validation block are purged (plus embargo).
 * @param kept candidate rows (ascending, already purged against any later held-out block)
 * @param endIndex label end row per frame row
 * @param options validationFraction (0.15), purge (true), embargo (0)
 * @param where what the rows are of, for the error message
 * @returns `{train, validation}`
 * @throws InputError when fewer than validation + 2 rows remain
 */
export function carveValidation(kept: Int32Array, endIndex: Int32Array, options: IterationRowOptions = iterationRowDefaults, where = 'the training window'): { train: Int32Array; validation: Int32Array } {
  const o = fillDefaults(iterationRowDefaults, options);
  const nVal = Math.max(1, Math.round(o.validationFraction * kept.length));
  if (kept.length < nVal + 2) {
    throw inputError({ key: 'training.start_date' }, `a training window with enough labelled rows (${where})`, `${kept.length} rows`);
  }
  const validation = kept.slice(kept.length - nVal);
  const before = kept.slice(0, kept.length - nVal);
  const train = purgeRows(before, endIndex, [{ start: validation[0], end: validation[validation.length - 1] + 1 }], { purge: o.purge, embargoBefore: o.embargo }).train;
  return { train, validation };
}
