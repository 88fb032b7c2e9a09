/**
 * Information coefficient (IC): per date, the correlation across symbols of the score with the realized forward
 * return — Pearson (IC) or Spearman (rank IC) — and its summary over dates: mean, standard deviation, ICIR,
 * a t-statistic with a Newey–West (HAC) standard error, and a chance band.
 *
 * Why HAC: with horizon h > 1 the labels of consecutive dates share h − 1 daily moves, so consecutive ICs are
 * correlated and the plain standard error √(s²/D) is too small. The default lag L = 2(h − 1) (0 for h = 1)
 * covers the h − 1 lags that overlap with Bartlett weights that do not fall to zero before lag h − 1.
 *
 * Chance band: under no skill the IC of a date with n symbols has variance 1/(n − 1) (exact for Spearman,
 * normal approximation for Pearson). Over D dates the mean IC then has standard error √(Σ 1/(n_t − 1)) / D,
 * multiplied by √h for overlapping h-day labels (consecutive null ICs can be correlated up to h − 1 lags when
 * scores persist; √h is the bound for fully persistent scores). The band is ± z times that.
 */
import { inputError, show } from '../../util/errors';
import { normalQuantile, studentTSf } from '../distributions';
import { checkInt, checkRange } from '../check';
import { groupByDate, neweyWestSe, pearsonCorrelation, spearmanCorrelation, type ScoredRow } from './panel';

/** Options of {@link icSeries}. */
export interface IcSeriesOptions {
  /** `spearman` (rank IC, default) or `pearson` (IC). */
  method?: 'spearman' | 'pearson';
  /** Dates with fewer symbols are skipped (default 3). */
  minSymbols?: number;
}

/** Defaults of {@link IcSeriesOptions}. */
export const icSeriesDefaults = { method: 'spearman', minSymbols: 3 } as const;

/** Per-date IC. */
export interface IcSeries {
  method: 'spearman' | 'pearson';
  /** Dates that have an IC, ascending. */
  dates: number[];
  /** IC per date. */
  ic: Float64Array;
  /** Symbols scored per date. */
  symbols: Int32Array;
  /** Dates skipped: fewer than `minSymbols` symbols, or a constant score / return across symbols. */
  skipped: number;
}

/**
 * IC (or rank IC) per date across symbols.
 * @param rows scored rows (see {@link ScoredRow}); one per (date, symbol)
 * @param options method (`spearman`), minSymbols (3)
 * @returns {@link IcSeries}
 */
export function icSeries(rows: readonly ScoredRow[], options: IcSeriesOptions = {}): IcSeries {
  const method = options.method ?? icSeriesDefaults.method;
  if (method !== 'spearman' && method !== 'pearson') throw inputError({ key: 'icSeries(options.method)' }, '`spearman` or `pearson`', show(method));
  const minSymbols = options.minSymbols ?? icSeriesDefaults.minSymbols;
  checkInt('icSeries', 'options.minSymbols', minSymbols, 2);
  const { dates, groups } = groupByDate('icSeries', rows);
  const corr = method === 'spearman' ? spearmanCorrelation : pearsonCorrelation;
  const outDates: number[] = [];
  const ic: number[] = [];
  const n: number[] = [];
  let skipped = 0;
  for (let d = 0; d < dates.length; d++) {
    const g = groups[d];
    const c = g.length >= minSymbols ? corr(g.map((r) => r.score), g.map((r) => r.realized)) : NaN;
    if (!Number.isFinite(c)) {
      skipped++;
      continue;
    }
    outDates.push(dates[d]);
    ic.push(c);
    n.push(g.length);
  }
  return { method, dates: outDates, ic: Float64Array.from(ic), symbols: Int32Array.from(n), skipped };
}

/** Options of {@link summarizeIc}. */
export interface IcSummaryOptions {
  /** Label horizon h in trading days (default 1): sets the HAC lag and the chance band's overlap factor. */
  horizon?: number;
  /** Newey–West lag L (default 2(h − 1)). */
  lags?: number;
  /** Two-sided confidence of the chance band and the interval of the mean (default 0.95). */
  confidence?: number;
  /** Dates per year, for the annualised ICIR (default 252). */
  periodsPerYear?: number;
}

/** Defaults of {@link IcSummaryOptions} (lags: 2(h − 1)). */
export const icSummaryDefaults = { horizon: 1, confidence: 0.95, periodsPerYear: 252 } as const;

/** Summary of an IC series. */
export interface IcSummary {
  method: 'spearman' | 'pearson';
  /** Dates with an IC. */
  dates: number;
  /** Mean symbols per date. */
  meanSymbols: number;
  mean: number;
  /** Sample standard deviation of the per-date IC. */
  std: number;
  /** mean / std (per date, as qlib reports it). */
  icir: number;
  /** ICIR · √(periodsPerYear / h). */
  icirAnnualised: number;
  /** Share of dates with IC > 0. */
  positiveShare: number;
  /** Newey–West standard error of the mean. */
  se: number;
  lags: number;
  /** mean / se. */
  tStat: number;
  /** Two-sided p-value of H0: mean IC = 0 (Student t, D − 1 degrees of freedom). */
  pValue: number;
  /** mean ± z·se. */
  ci: [number, number];
  /** Where the mean IC of a no-skill score falls with probability `confidence` (see the module comment). */
  chanceBand: [number, number];
  horizon: number;
  confidence: number;
}

/**
 * Mean, ICIR, HAC t-statistic and chance band of a per-date IC series.
 * @param series from {@link icSeries} (needs at least 2 dates)
 * @param options horizon (1), lags (2(h − 1)), confidence (0.95), periodsPerYear (252)
 * @returns {@link IcSummary}
 */
export function summarizeIc(series: IcSeries, options: IcSummaryOptions = {}): IcSummary {
  const h = options.horizon ?? icSummaryDefaults.horizon;
  checkInt('summarizeIc', 'options.horizon', h, 1);
  const lags = options.lags ?? 2 * (h - 1);
  checkInt('summarizeIc', 'options.lags', lags, 0);
  const confidence = options.confidence ?? icSummaryDefaults.confidence;
  checkRange('summarizeIc', 'options.confidence', confidence, 0, 1, 'both');
  const ppy = options.periodsPerYear ?? icSummaryDefaults.periodsPerYear;
  checkRange('summarizeIc', 'options.periodsPerYear', ppy, 0, Infinity, 'lo');
  const D = series.ic.length;
  if (D < 2) throw inputError({ key: 'summarizeIc(series)' }, 'ICs on at least 2 dates', `${D} (skipped dates: ${series.skipped})`);
  let mean = 0;
  let pos = 0;
  let nullVar = 0;
  let syms = 0;
  for (let i = 0; i < D; i++) {
    mean += series.ic[i];
    if (series.ic[i] > 0) pos++;
    nullVar += 1 / (series.symbols[i] - 1);
    syms += series.symbols[i];
  }
  mean /= D;
  let ss = 0;
  for (let i = 0; i < D; i++) ss += (series.ic[i] - mean) ** 2;
  const std = Math.sqrt(ss / (D - 1));
  const se = neweyWestSe(series.ic, lags);
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const tStat = se > 0 ? mean / se : mean === 0 ? 0 : Math.sign(mean) * Infinity;
  const nullSe = Math.sqrt(h * nullVar) / D;
  const icir = std > 0 ? mean / std : NaN;
  return {
    method: series.method,
    dates: D,
    meanSymbols: syms / D,
    mean,
    std,
    icir,
    icirAnnualised: icir * Math.sqrt(ppy / h),
    positiveShare: pos / D,
    se,
    lags,
    tStat,
    pValue: Number.isFinite(tStat) ? Math.min(1, 2 * studentTSf(Math.abs(tStat), D - 1)) : 0,
    ci: [mean - z * se, mean + z * se],
    chanceBand: [-z * nullSe, z * nullSe],
    horizon: h,
    confidence,
  };
}

/** IC and rank IC of a scored panel. */
export interface IcReport {
  ic: IcSummary;
  rankIc: IcSummary;
  /** The per-date rank IC (for plots). */
  rankIcSeries: IcSeries;
  icSeries: IcSeries;
}

/**
 * IC (Pearson) and rank IC (Spearman) per date and their summaries, in one call.
 * @param rows scored rows
 * @param options {@link IcSummaryOptions} plus minSymbols (3)
 * @returns {@link IcReport}
 */
export function icReport(rows: readonly ScoredRow[], options: IcSummaryOptions & Pick<IcSeriesOptions, 'minSymbols'> = {}): IcReport {
  const p = icSeries(rows, { method: 'pearson', minSymbols: options.minSymbols });
  const s = icSeries(rows, { method: 'spearman', minSymbols: options.minSymbols });
  return { ic: summarizeOrNone(p, options), rankIc: summarizeOrNone(s, options), icSeries: p, rankIcSeries: s };
}

/**
 * {@link summarizeIc}, or an all-NaN summary with `dates` 0 when fewer than 2 dates have an IC: a score that
 * does not rank (the same on every symbol of a date, e.g. a model that fell back to the base rate) has no IC
 * to report, which is a result, not an input error.
 */
function summarizeOrNone(series: IcSeries, options: IcSummaryOptions): IcSummary {
  if (series.ic.length >= 2) return summarizeIc(series, options);
  const h = options.horizon ?? icSummaryDefaults.horizon;
  const confidence = options.confidence ?? icSummaryDefaults.confidence;
  return {
    method: series.method,
    dates: 0,
    meanSymbols: NaN,
    mean: NaN,
    std: NaN,
    icir: NaN,
    icirAnnualised: NaN,
    positiveShare: NaN,
    se: NaN,
    lags: options.lags ?? 2 * (h - 1),
    tStat: NaN,
    pValue: NaN,
    ci: [NaN, NaN],
    chanceBand: [NaN, NaN],
    horizon: h,
    confidence,
  };
}
