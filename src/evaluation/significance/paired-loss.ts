/**
 * The paired test of "forecast A has lower expected loss than forecast B on the same dates" for value
 * forecasts (squared errors), with the small-sample rules of {@link pairedAccuracyTest}: h = 1 the
 * Diebold–Mariano statistic with the Harvey–Leybourne–Newbold correction referred to t(n − 1); h > 1 the
 * EWC long-run variance referred to t(ν) (overlapping h-step errors); below `minWindows` non-overlapping
 * h-day windows no test at all.
 */
import { inputError, show } from '../../util/errors';
import { checkFinite, checkInt, checkSameLength, Numeric } from '../check';
import { dieboldMarianoTest } from './compare';
import { ewcTest } from './paired';

/** Options of {@link pairedLossTest}. */
export interface PairedLossOptions {
  /** Label horizon h in rows; default 1. */
  horizon?: number;
  /** Fewest non-overlapping h-day windows ⌊n / h⌋ for a test; default 8. */
  minWindows?: number;
  /** `two-sided` (default) or `less` (H1: A has the lower loss, A is better). */
  alternative?: 'two-sided' | 'less';
}

/** Defaults of {@link PairedLossOptions}. */
export const pairedLossDefaults = { horizon: 1, minWindows: 8, alternative: 'two-sided' } as const;

/** Result of {@link pairedLossTest}. */
export interface PairedLossResult {
  /** `dm-hln` (h = 1), `dm-ewc` (h > 1) or `none` (refused: see reason). */
  test: 'dm-hln' | 'dm-ewc' | 'none';
  n: number;
  horizon: number;
  /** Non-overlapping h-day windows ⌊n / h⌋. */
  windows: number;
  /** Mean loss differential mean(lossA − lossB) (< 0: A better). */
  meanDifference: number;
  /** t statistic (null when refused). */
  statistic: number | null;
  /** Degrees of freedom of the t reference (null when refused). */
  df: number | null;
  /** NaN when refused. */
  pValue: number;
  alternative: 'two-sided' | 'less';
  reason: string;
}

/**
 * Diebold–Mariano test on two per-row loss series (e.g. squared errors) of the same dates in date order.
 * @param lossA losses of forecast A, length n >= 1
 * @param lossB losses of forecast B, length n
 * @param options horizon (1), minWindows (8), alternative (`two-sided`; `less`: A better)
 * @returns {@link PairedLossResult}
 */
export function pairedLossTest(lossA: Numeric, lossB: Numeric, options: PairedLossOptions = {}): PairedLossResult {
  const fn = 'pairedLossTest';
  checkSameLength(fn, 'lossA', lossA, 'lossB', lossB);
  checkFinite(fn, 'lossA', lossA);
  checkFinite(fn, 'lossB', lossB);
  const h = options.horizon ?? pairedLossDefaults.horizon;
  checkInt(fn, 'options.horizon', h, 1);
  const minWindows = options.minWindows ?? pairedLossDefaults.minWindows;
  checkInt(fn, 'options.minWindows', minWindows, 1);
  const alternative = options.alternative ?? pairedLossDefaults.alternative;
  if (alternative !== 'two-sided' && alternative !== 'less') throw inputError({ key: `${fn}(options.alternative)` }, '`two-sided` or `less`', show(alternative));
  const n = lossA.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += lossA[i] - lossB[i];
  m = n ? m / n : NaN;
  const windows = Math.floor(n / h);
  const base = { n, horizon: h, windows, meanDifference: m, alternative };
  if (windows < minWindows || n < 2) {
    return { ...base, test: 'none', statistic: null, df: null, pValue: NaN, reason: `too few independent windows: ⌊${n} / ${h}⌋ = ${windows} < ${minWindows}; no test` };
  }
  if (h === 1) {
    const r = dieboldMarianoTest(lossA, lossB, { horizon: 1, harvey: true, alternative });
    return { ...base, test: 'dm-hln', statistic: r.statistic, df: r.df, pValue: r.pValue, reason: `Diebold–Mariano (HLN, t(${r.df})) on ${n} rows: t = ${r.statistic.toFixed(2)}, p = ${r.pValue.toPrecision(3)}` };
  }
  const r = ewcTest(lossA, lossB, { horizon: h, alternative });
  return { ...base, test: 'dm-ewc', statistic: r.statistic, df: r.df, pValue: r.pValue, reason: `Diebold–Mariano (EWC variance, t(${r.df})) on ${n} rows = ${windows} ${h}-day windows: t = ${r.statistic.toFixed(2)}, p = ${r.pValue.toPrecision(3)}` };
}
