/**
 * One call for the accuracy block of a results file: accuracy, its confidence interval, the baseline rate
 * and the one-sided exact binomial p-value, all sized honestly for overlapping h-day labels.
 */
import { inputError, show } from '../../util/errors';
import { checkFinite, checkInt, checkNonEmpty, checkRange, checkSameLength, Numeric } from '../check';
import { binomialTest, effectiveSampleSize, wilsonInterval } from './binomial';
import { bootstrapAccuracy, BootstrapOptions } from './bootstrap';

/** Options of {@link accuracySummary}. */
export interface AccuracySummaryOptions {
  /** Baseline rate p0 of the test (e.g. the majority-class baseline's accuracy on the same dates). Required. */
  baselineRate: number;
  /** Label horizon h in rows; default 1. For h > 1 the test and the Wilson interval use ⌊n/h⌋ trials. */
  horizon?: number;
  /** Two-sided confidence level of the interval; default 0.95. */
  confidence?: number;
  /** `bootstrap` (circular block bootstrap, blocks >= h; default) or `wilson` (on the effective n). */
  ciMethod?: 'bootstrap' | 'wilson';
  /** Extra block-bootstrap options (seed 42, 1,000 resamples by default). */
  bootstrap?: Omit<BootstrapOptions, 'confidence' | 'horizon'>;
}

/** Defaults of {@link AccuracySummaryOptions} (baselineRate has none). */
export const accuracySummaryDefaults = { horizon: 1, confidence: 0.95, ciMethod: 'bootstrap' } as const;

/** The accuracy block of a results file. */
export interface AccuracySummary {
  accuracy: number;
  accuracyCI: [number, number];
  ciMethod: 'bootstrap' | 'wilson';
  baselineAccuracy: number;
  /** One-sided exact binomial p-value of H1: accuracy > baselineAccuracy. */
  pValue: number;
  /** Test rows scored. */
  nTest: number;
  /** Trials used by the test: nTest for h = 1, ⌊nTest/h⌋ otherwise. */
  nEffective: number;
  horizon: number;
}

/**
 * Accuracy with CI and the exact binomial p-value against a baseline rate. For h > 1 the p-value tests
 * round(accuracy · n_eff) successes in n_eff = ⌊n/h⌋ trials (the non-overlapping labels), because the n
 * overlapping outcomes are not independent; the bootstrap CI uses blocks of at least h rows.
 * @param yTrue true classes of the test rows, length n >= 1
 * @param yPred predicted classes, length n
 * @param options baselineRate (required), horizon (1), confidence (0.95), ciMethod (`bootstrap`), bootstrap options
 * @returns {accuracy, accuracyCI, ciMethod, baselineAccuracy, pValue, nTest, nEffective, horizon}
 */
export function accuracySummary(yTrue: Numeric, yPred: Numeric, options: AccuracySummaryOptions): AccuracySummary {
  const fn = 'accuracySummary';
  checkNonEmpty(fn, 'yTrue', yTrue);
  checkSameLength(fn, 'yTrue', yTrue, 'yPred', yPred);
  checkFinite(fn, 'yTrue', yTrue);
  checkRange(fn, 'options.baselineRate', options.baselineRate, 0, 1);
  const h = options.horizon ?? accuracySummaryDefaults.horizon;
  checkInt(fn, 'options.horizon', h, 1);
  const confidence = options.confidence ?? accuracySummaryDefaults.confidence;
  const ciMethod = options.ciMethod ?? accuracySummaryDefaults.ciMethod;
  if (ciMethod !== 'bootstrap' && ciMethod !== 'wilson') {
    throw inputError({ key: `${fn}(options.ciMethod)` }, '`bootstrap` or `wilson`', show(ciMethod));
  }
  const n = yTrue.length;
  let hits = 0;
  for (let i = 0; i < n; i++) if (yTrue[i] === yPred[i]) hits++;
  const accuracy = hits / n;
  const nEffective = h === 1 ? n : effectiveSampleSize(n, h);
  const kEffective = h === 1 ? hits : Math.round(accuracy * nEffective);
  const accuracyCI =
    ciMethod === 'wilson'
      ? wilsonInterval(kEffective, nEffective, { confidence })
      : bootstrapAccuracy(yTrue, yPred, { ...options.bootstrap, confidence, horizon: h }).ci;
  return {
    accuracy,
    accuracyCI,
    ciMethod,
    baselineAccuracy: options.baselineRate,
    pValue: binomialTest(kEffective, nEffective, options.baselineRate).pValue,
    nTest: n,
    nEffective,
    horizon: h,
  };
}
