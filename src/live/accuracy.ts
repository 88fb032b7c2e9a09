/**
 * Per-symbol accuracy of verified predictions (count, hits, accuracy, rolling 20/60, Brier score,
 * calibration bins) and the walk-forward confidence calibration the predictor uses. Pure functions.
 */
import type { PredictionRecord } from './types';
import { fillDefaults } from '../util/options';
import { effectiveSampleSize, wilsonInterval } from '../evaluation/significance/binomial';
import { dieboldMarianoTest } from '../evaluation/significance/compare';
import { forecastScores } from '../evaluation/metrics/forecast';

/** One calibration bin: predictions whose confidence fell in [lo, hi). */
export interface CalibrationBin {
  lo: number;
  hi: number;
  count: number;
  /** Mean stated confidence in the bin. */
  meanConfidence: number;
  /** Observed hit rate in the bin (NaN when empty). */
  hitRate: number;
}

/**
 * Scores of the verified return forecasts (`task: regression`) of one symbol: the forecast log return against the
 * realised log return ln(actual close / base close), beside the zero-return forecast.
 */
export interface ForecastAccuracy {
  n: number;
  mse: number;
  rmse: number;
  mae: number;
  /** 1 − SSE / SSE of the zero-return forecast (out of sample; ≤ 0: no better than predicting no move). */
  r2: number;
  signAccuracy: number;
  /** MSE of the zero-return forecast on the same outcomes (the baseline). */
  baselineMse: number;
  /** Diebold–Mariano on squared errors, forecast vs zero (two-sided; Harvey small-sample correction); absent under 3 outcomes. */
  dm?: { statistic: number; pValue: number };
}

/** Accuracy of one symbol (daily predictions) or of one symbol and timeframe (intraday ones). */
export interface SymbolAccuracy {
  symbol: string;
  /** Intraday predictions only: their timeframe (horizons count bars of it). Absent = daily. */
  timeframe?: string;
  count: number;
  hits: number;
  accuracy: number;
  /**
   * 95 % Wilson interval of the accuracy on the effective sample (⌊count / h⌋ non-overlapping outcomes, h the
   * longest horizon among them). Absent in accuracy stored before it was added.
   */
  accuracyCi?: [number, number];
  /** Baseline on the same outcomes: the hit rate of always predicting "up". */
  baseline?: { name: 'always up'; accuracy: number };
  /** Return forecasts among them (`task: regression`): MSE / RMSE / R² beside the zero forecast. */
  forecast?: ForecastAccuracy;
  /** Accuracy of the last 20 / 60 verified predictions (by target date, then made-on date); NaN when none. */
  rolling20: number;
  rolling60: number;
  /** Mean (confidence − hit)², lower is better. */
  brier: number;
  /** Confidence bins 0.5–0.6, …, 0.9–1.0. */
  calibration: CalibrationBin[];
}

/** Options of {@link accuracyTable}. */
export interface AccuracyOptions {
  /** Number of confidence bins between 0.5 and 1. Default 5. */
  bins?: number;
}

/** Defaults of {@link AccuracyOptions}. */
export const accuracyDefaults: Required<AccuracyOptions> = { bins: 5 };

function order(a: PredictionRecord, b: PredictionRecord): number {
  const ta = a.actualDate ?? a.targetDate;
  const tb = b.actualDate ?? b.targetDate;
  return ta < tb ? -1 : ta > tb ? 1 : a.madeOn < b.madeOn ? -1 : a.madeOn > b.madeOn ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function rate(rows: PredictionRecord[]): number {
  return rows.length ? rows.filter((r) => r.hit).length / rows.length : NaN;
}

/**
 * Accuracy per symbol from verified predictions (pending ones are ignored).
 * @param records prediction records (not modified)
 * @param options calibration bins (default 5)
 * @returns one {@link SymbolAccuracy} per symbol with verified daily predictions and one per symbol and timeframe
 *   with verified intraday ones, sorted by symbol (daily first, then timeframes by name)
 */
export function accuracyTable(records: PredictionRecord[], options: AccuracyOptions = {}): SymbolAccuracy[] {
  const o = fillDefaults(accuracyDefaults, options);
  const by = new Map<string, PredictionRecord[]>();
  for (const r of records) {
    if (r.status !== 'verified') continue;
    const key = r.timeframe === undefined ? r.symbol : `${r.symbol}|${r.timeframe}`;
    const list = by.get(key) ?? [];
    list.push(r);
    by.set(key, list);
  }
  const out: SymbolAccuracy[] = [];
  const keys = [...by.keys()].sort((a, b) => {
    const [sa, ta = ''] = a.split('|');
    const [sb, tb = ''] = b.split('|');
    return sa < sb ? -1 : sa > sb ? 1 : ta < tb ? -1 : ta > tb ? 1 : 0;
  });
  for (const key of keys) {
    const rows = by.get(key)!.slice().sort(order);
    const { symbol, timeframe } = rows[0];
    const hits = rows.filter((r) => r.hit).length;
    let brier = 0;
    for (const r of rows) brier += (r.confidence - (r.hit ? 1 : 0)) ** 2;
    const calibration: CalibrationBin[] = [];
    for (let b = 0; b < o.bins; b++) {
      const lo = 0.5 + (0.5 * b) / o.bins;
      const hi = 0.5 + (0.5 * (b + 1)) / o.bins;
      const inBin = rows.filter((r) => r.confidence >= lo && (r.confidence < hi || (b === o.bins - 1 && r.confidence <= hi)));
      const mean = inBin.length ? inBin.reduce((s, r) => s + r.confidence, 0) / inBin.length : NaN;
      calibration.push({ lo, hi, count: inBin.length, meanConfidence: mean, hitRate: rate(inBin) });
    }
    const h = Math.max(...rows.map((r) => r.horizon));
    const nEff = effectiveSampleSize(rows.length, h);
    const forecast = forecastAccuracy(rows, h);
    out.push({
      symbol,
      ...(timeframe === undefined ? {} : { timeframe }),
      count: rows.length,
      hits,
      accuracy: hits / rows.length,
      accuracyCi: wilsonInterval(Math.round((hits / rows.length) * nEff), nEff),
      baseline: { name: 'always up', accuracy: rows.filter((r) => (r.actualChange as number) > 0).length / rows.length },
      ...(forecast ? { forecast } : {}),
      rolling20: rate(rows.slice(-20)),
      rolling60: rate(rows.slice(-60)),
      brier: brier / rows.length,
      calibration,
    });
  }
  return out;
}

/**
 * Scores of the verified return forecasts among a symbol's rows (see {@link ForecastAccuracy}).
 * @param rows verified records of one symbol (and timeframe), outcome order
 * @param h the longest horizon among them (the DM test's lag window)
 * @returns the scores, or undefined when no verified row is a return forecast
 */
export function forecastAccuracy(rows: PredictionRecord[], h: number): ForecastAccuracy | undefined {
  const f = rows.filter((r) => r.task === 'regression' && Number.isFinite(r.signals.forecast) && r.actualChange !== undefined);
  if (f.length === 0) return undefined;
  const y = Float64Array.from(f, (r) => Math.log1p(r.actualChange as number));
  const yHat = Float64Array.from(f, (r) => r.signals.forecast);
  const s = forecastScores(y, yHat, 0);
  const e2 = Float64Array.from(y, (v, i) => (v - yHat[i]) ** 2);
  const z2 = Float64Array.from(y, (v) => v * v);
  const out: ForecastAccuracy = { n: s.n, mse: s.mse, rmse: s.rmse, mae: s.mae, r2: s.r2, signAccuracy: s.signAccuracy, baselineMse: z2.reduce((a, b) => a + b, 0) / f.length };
  if (f.length >= 3) {
    const dm = dieboldMarianoTest(e2, z2, { horizon: Math.min(h, f.length - 1) });
    out.dm = { statistic: dm.statistic, pValue: dm.pValue };
  }
  return out;
}

/** Options of {@link calibrateConfidence}. */
export interface CalibrateOptions {
  /** Bins of raw confidence between 0.5 and 1. Default 5. */
  bins?: number;
  /** Prior strength in pseudo-observations pulling the bin's hit rate toward the raw confidence. Default 20. */
  prior?: number;
}

/** Defaults of {@link CalibrateOptions}. */
export const calibrateDefaults: Required<CalibrateOptions> = { bins: 5, prior: 20 };

/**
 * Calibrates a raw confidence with past verified outcomes (walk-forward: pass only predictions verified
 * before the day being predicted): the observed hit rate of past predictions in the same raw-confidence bin,
 * shrunk toward the raw value with `prior` pseudo-observations. Result clamped to [0.5, 1].
 * @param raw raw confidence max(p, 1 − p), in [0.5, 1]
 * @param history past verified predictions with their raw confidence and hit (e.g. `{raw: signals.rawConfidence, hit}`)
 * @param options bins (default 5), prior (default 20)
 * @returns calibrated confidence in [0.5, 1]
 */
export function calibrateConfidence(raw: number, history: Array<{ raw: number; hit: boolean }>, options: CalibrateOptions = {}): number {
  const o = fillDefaults(calibrateDefaults, options);
  const r = Math.min(1, Math.max(0.5, raw));
  const b = Math.min(o.bins - 1, Math.floor(((r - 0.5) / 0.5) * o.bins));
  let n = 0;
  let h = 0;
  for (const e of history) {
    const eb = Math.min(o.bins - 1, Math.floor(((Math.min(1, Math.max(0.5, e.raw)) - 0.5) / 0.5) * o.bins));
    if (eb !== b) continue;
    n++;
    if (e.hit) h++;
  }
  return Math.min(1, Math.max(0.5, (h + o.prior * r) / (n + o.prior)));
}
