/**
 * One call for the accuracy block of a results file: accuracy, its confidence interval, the baseline rate
 * and the one-sided exact binomial p-value, all sized honestly for overlapping h-day labels.
 */
import { inputError, show } from '../../util/errors';
import { checkFinite, checkInt, checkNonEmpty, checkRange, checkSameLength, Numeric } from '../check';
import { normalQuantile } from '../distributions';
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
  /**
   * `bootstrap` (circular block bootstrap, blocks >= h; default), `wilson` (on the effective n), or `hull`:
   * the smallest interval holding the Wilson interval of the accuracy on ⌊n/h⌋ trials (unrounded) and, when
   * there are at least `minBootstrapWindows` windows, the block-bootstrap interval — what results.json uses,
   * because the bootstrap alone under-covers with overlapping labels (87.5 % at n = 1000, h = 30).
   */
  ciMethod?: 'bootstrap' | 'wilson' | 'hull';
  /** `hull` adds the bootstrap interval from this many non-overlapping windows ⌊n/h⌋ on; default 30. */
  minBootstrapWindows?: number;
  /** Extra block-bootstrap options (seed 42, 1,000 resamples by default). */
  bootstrap?: Omit<BootstrapOptions, 'confidence' | 'horizon'>;
}

/** Defaults of {@link AccuracySummaryOptions} (baselineRate has none). */
export const accuracySummaryDefaults = { horizon: 1, confidence: 0.95, ciMethod: 'bootstrap', minBootstrapWindows: 30 } as const;

/** The accuracy block of a results file. */
export interface AccuracySummary {
  accuracy: number;
  accuracyCI: [number, number];
  ciMethod: 'bootstrap' | 'wilson' | 'hull';
  baselineAccuracy: number;
  /** One-sided exact binomial p-value of H1: accuracy > baselineAccuracy. */
  pValue: number;
  /** Test rows scored. */
  nTest: number;
  /** Trials used by the test: nTest for h = 1, ⌊nTest/h⌋ otherwise. */
  nEffective: number;
  horizon: number;
}

/** Wilson interval of a rate p̂ observed on n trials (p̂ need not be k/n for an integer k). */
function wilsonRate(p: number, n: number, z: number): [number, number] {
  const z2 = z * z;
  const den = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / den;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / den;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/**
 * Accuracy with CI and the exact binomial p-value against a baseline rate. For h > 1 the p-value tests
 * round(accuracy · n_eff) successes in n_eff = ⌊n/h⌋ trials (the non-overlapping labels), because the n
 * overlapping outcomes are not independent; the bootstrap CI uses blocks of at least h rows.
 * @param yTrue true classes of the test rows, length n >= 1
 * @param yPred predicted classes, length n
 * @param options baselineRate (required), horizon (1), confidence (0.95), ciMethod (`bootstrap`), minBootstrapWindows (30), bootstrap options
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
  if (ciMethod !== 'bootstrap' && ciMethod !== 'wilson' && ciMethod !== 'hull') {
    throw inputError({ key: `${fn}(options.ciMethod)` }, '`bootstrap`, `wilson` or `hull`', show(ciMethod));
  }
  const minBootstrapWindows = options.minBootstrapWindows ?? accuracySummaryDefaults.minBootstrapWindows;
  const n = yTrue.length;
  let hits = 0;
  for (let i = 0; i < n; i++) if (yTrue[i] === yPred[i]) hits++;
  const accuracy = hits / n;
  const nEffective = h === 1 ? n : effectiveSampleSize(n, h);
  const kEffective = h === 1 ? hits : Math.round(accuracy * nEffective);
  const boot = (): [number, number] => bootstrapAccuracy(yTrue, yPred, { ...options.bootstrap, confidence, horizon: h }).ci;
  let accuracyCI: [number, number];
  if (ciMethod === 'wilson') accuracyCI = wilsonInterval(kEffective, nEffective, { confidence });
  else if (ciMethod === 'bootstrap') accuracyCI = boot();
  else {
    accuracyCI = wilsonRate(accuracy, nEffective, normalQuantile(1 - (1 - confidence) / 2));
    if (nEffective >= minBootstrapWindows) {
      const b = boot();
      accuracyCI = [Math.min(accuracyCI[0], b[0]), Math.max(accuracyCI[1], b[1])];
    }
  }
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

/** What {@link targetVerdict} reads (the fields of a results.json model entry). */
export interface TargetInput {
  accuracy: number;
  accuracyCI: [number, number] | null;
  /** Majority-class baseline accuracy on the same dates (null: unknown). */
  baselineAccuracy: number | null;
  targetAccuracy: number | null | undefined;
}

/** Whether a target accuracy is met, and why. */
export interface TargetVerdict {
  /** True only for `met`. */
  met: boolean;
  /**
   * `met`: the lower CI bound is at or above the target and the majority baseline is not higher than the model;
   * `baseline-higher`: the majority baseline beats the model (never met); `point-only`: the point estimate reaches
   * the target but the interval does not; `not-met`; `no-target`.
   */
  status: 'met' | 'baseline-higher' | 'point-only' | 'not-met' | 'no-target';
  reason: string;
}

/**
 * The one rule for "target met": the interval must support it (lower CI bound >= target) and the majority
 * baseline on the same dates must not be higher than the model.
 * @param r accuracy, accuracyCI, baselineAccuracy, targetAccuracy of one model entry
 * @returns {met, status, reason}
 */
export function targetVerdict(r: TargetInput): TargetVerdict {
  const t = r.targetAccuracy;
  const pct = (v: number): string => `${(100 * v).toFixed(1)} %`;
  if (t === null || t === undefined || !Number.isFinite(t)) return { met: false, status: 'no-target', reason: 'no target set' };
  if (r.baselineAccuracy !== null && Number.isFinite(r.baselineAccuracy) && r.baselineAccuracy > r.accuracy) {
    return { met: false, status: 'baseline-higher', reason: `the majority baseline ${pct(r.baselineAccuracy)} is above the model ${pct(r.accuracy)}` };
  }
  const lo = r.accuracyCI ? r.accuracyCI[0] : NaN;
  if (lo >= t) return { met: true, status: 'met', reason: `lower CI bound ${pct(lo)} >= target ${pct(t)}` };
  if (r.accuracy >= t) return { met: false, status: 'point-only', reason: `accuracy ${pct(r.accuracy)} >= target ${pct(t)} but the lower CI bound ${pct(lo)} is below it` };
  return { met: false, status: 'not-met', reason: `accuracy ${pct(r.accuracy)} < target ${pct(t)}` };
}
