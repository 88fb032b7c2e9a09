/**
 * Naive baselines scored on the same dates as a model: the majority class of the training labels
 * and the last move (the direction of the most recent realised move, known at the close of day t).
 * The caller picks the training labels and the test rows; these helpers only predict and score.
 */
import { inputError, show } from '../../util/errors';
import { checkClasses, checkFinite, checkInt, checkNonEmpty, Numeric } from '../check';
import { accuracy } from './classification';

/** The majority class of a label set and its frequency there. */
export interface MajorityClass {
  /** Most frequent class (ties: the smallest class index). */
  classIndex: number;
  /** Its frequency in the labels the baseline was computed from, in [0, 1]. */
  rate: number;
  /** Number of labels counted (NaN labels are skipped). */
  n: number;
}

/**
 * Majority class of the training labels (NaN labels, i.e. unknown, are skipped).
 * @param trainLabels class indices 0..k−1 (or NaN), at least one known
 * @returns {classIndex, rate, n}
 */
export function majorityClass(trainLabels: Numeric): MajorityClass {
  const known: number[] = [];
  for (let i = 0; i < trainLabels.length; i++) if (!Number.isNaN(trainLabels[i])) known.push(trainLabels[i]);
  checkNonEmpty('majorityClass', 'trainLabels (known values)', known);
  const k = checkClasses('majorityClass', [['trainLabels', known]]);
  const counts = new Array<number>(k).fill(0);
  for (const v of known) counts[v]++;
  let best = 0;
  for (let c = 1; c < k; c++) if (counts[c] > counts[best]) best = c;
  return { classIndex: best, rate: counts[best] / known.length, n: known.length };
}

/**
 * A constant prediction of `classIndex` for n rows.
 * @returns Float32Array of length n filled with classIndex
 * @param classIndex the class to predict, integer >= 0
 * @param n number of rows, integer >= 0
 */
export function constantPredictions(classIndex: number, n: number): Float32Array {
  checkInt('constantPredictions', 'classIndex', classIndex, 0);
  checkInt('constantPredictions', 'n', n, 0);
  return new Float32Array(n).fill(classIndex);
}

/** Options of {@link lastMovePredictions}. */
export interface LastMoveOptions {
  /** Rows back of the move: close[t] vs close[t − lookback]; default 1 (yesterday → today). Use h for an h-day move. */
  lookback?: number;
  /** `binary`: 1 if the move is > 0 else 0. `ternary`: 2 up / 1 neutral / 0 down with `neutralBand`. Default `binary`. */
  task?: 'binary' | 'ternary';
  /** For `ternary`: |close[t]/close[t−lookback] − 1| <= neutralBand is neutral; default 0. */
  neutralBand?: number;
}

/** Defaults of {@link LastMoveOptions}. */
export const lastMoveBaselineDefaults: Required<LastMoveOptions> = { lookback: 1, task: 'binary', neutralBand: 0 };

/**
 * "Last move" baseline: predicts that the next move repeats the most recent one, using data up to t only.
 * @param close closing prices of all rows (finite, > 0)
 * @param rows row indices t to predict (each >= lookback), e.g. the test rows
 * @param options lookback (default 1), task (default binary), neutralBand (default 0)
 * @returns predicted class per entry of `rows` (Float32Array, same length)
 */
export function lastMovePredictions(close: Numeric, rows: Numeric, options: LastMoveOptions = {}): Float32Array {
  const fn = 'lastMovePredictions';
  const o = { ...lastMoveBaselineDefaults, ...options };
  checkInt(fn, 'options.lookback', o.lookback, 1);
  const out = new Float32Array(rows.length);
  for (let j = 0; j < rows.length; j++) {
    const t = rows[j];
    if (!Number.isInteger(t) || t < o.lookback || t >= close.length) {
      throw inputError({ key: `${fn}(rows)[${j}]` }, `a row index in ${o.lookback}..${close.length - 1} (lookback ${o.lookback})`, show(t));
    }
    const a = close[t - o.lookback];
    const b = close[t];
    if (!(a > 0) || !(b > 0)) throw inputError({ key: `${fn}(close)[${a > 0 ? t : t - o.lookback}]` }, 'a finite price > 0', show(a > 0 ? b : a));
    const move = b / a - 1;
    if (o.task === 'binary') out[j] = move > 0 ? 1 : 0;
    else out[j] = move > o.neutralBand ? 2 : move < -o.neutralBand ? 0 : 1;
  }
  return out;
}

/** Accuracy of the baselines on the test rows. */
export interface BaselineScores {
  majority: MajorityClass & {
    /** Accuracy of always predicting the training majority class on the test labels. */
    accuracy: number;
  };
  lastMove: {
    lookback: number;
    accuracy: number;
  };
  /** Test labels scored. */
  nTest: number;
}

/** Inputs of {@link scoreBaselines}. */
export interface BaselineInputs {
  /** Labels of the training rows (NaN = unknown, skipped). */
  trainLabels: Numeric;
  /** Labels of the test rows (finite class indices). */
  testLabels: Numeric;
  /** Closing prices of all rows. */
  close: Numeric;
  /** Row index of each test label (same length as testLabels). */
  testRows: Numeric;
}

/**
 * Scores the majority-class and last-move baselines on the test dates.
 * @param inputs training labels, test labels, closes and test rows
 * @param options last-move options (lookback default 1, task, neutralBand)
 * @returns {majority: {classIndex, rate, n, accuracy}, lastMove: {lookback, accuracy}, nTest}
 */
export function scoreBaselines(inputs: BaselineInputs, options: LastMoveOptions = {}): BaselineScores {
  const { trainLabels, testLabels, close, testRows } = inputs;
  checkNonEmpty('scoreBaselines', 'testLabels', testLabels);
  checkFinite('scoreBaselines', 'testLabels', testLabels);
  if (testRows.length !== testLabels.length) {
    throw inputError({ key: 'scoreBaselines(testRows)' }, `the same length as testLabels (${testLabels.length})`, `length ${testRows.length}`);
  }
  const maj = majorityClass(trainLabels);
  const lookback = options.lookback ?? lastMoveBaselineDefaults.lookback;
  return {
    majority: { ...maj, accuracy: accuracy(testLabels, constantPredictions(maj.classIndex, testLabels.length)) },
    lastMove: { lookback, accuracy: accuracy(testLabels, lastMovePredictions(close, testRows, options)) },
    nTest: testLabels.length,
  };
}
