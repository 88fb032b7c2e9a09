/**
 * Scores a finished track of a value task (`regression`: forward log return; `volatility`: forward realised
 * volatility) on one horizon: MSE, RMSE, MAE, R² against each iteration's training mean, sign accuracy, block
 * bootstrap CIs, and the naive baselines on the same dates — zero return and the training mean (regression);
 * yesterday's realised volatility, EWMA volatility (λ = 0.94) and the training mean (volatility) — each with a
 * one-sided Diebold–Mariano test on squared errors ({@link pairedLossTest}: HLN for h = 1, EWC for h > 1, no
 * test below 8 windows). The classification fields of the entry hold a direction view (see docs/results.md).
 */
import { ewmaVol, forecastScores, trailingRealizedVol, type ForecastScores } from '../evaluation/metrics/forecast';
import { blockBootstrap } from '../evaluation/significance/bootstrap';
import { pairedLossTest, type PairedLossResult } from '../evaluation/significance/paired-loss';
import type { PreparedData } from './prepare';
import type { PredictionRow, TrackState } from './types';

/** A naive forecast's scores and the model-vs-baseline test. */
export interface ValueBaselineResult extends Omit<ForecastScores, 'n' | 'signAccuracy'> {
  signAccuracy: number | null;
  /** One-sided DM test of "the model's squared error is lower than this baseline's" on the same dates. */
  dm: Pick<PairedLossResult, 'test' | 'statistic' | 'df' | 'windows' | 'meanDifference' | 'reason'> & { pValue: number | null };
}

/** The `regression` block of a results.json entry of a value task. */
export interface RegressionResult {
  task: 'regression' | 'volatility';
  /** Target units: `log return over h bars` or `daily volatility over h bars` (not annualised). */
  units: string;
  n: number;
  /** ⌊n / h⌋ non-overlapping windows. */
  nEffective: number;
  mse: number;
  rmse: number;
  mae: number;
  /** 1 − SSE(model) / SSE(training mean): out of sample, against each iteration's training mean. */
  r2: number;
  /** Share of rows whose forecast has the sign of the outcome (regression); null for volatility. */
  signAccuracy: number | null;
  /** Block-bootstrap percentile intervals (block ≥ h) at the run's confidence. */
  ci: { rmse: [number, number]; mae: [number, number]; r2: [number, number] };
  /** Mean of the per-iteration training means (the `trainMean` baseline's level). */
  trainMean: number;
  /** `zero` and `trainMean` (regression); `yesterday`, `ewma` and `trainMean` (volatility). */
  baselines: Record<string, ValueBaselineResult>;
  /** Every baseline beaten with a one-sided DM p-value below 0.05. */
  beatsBaselines: boolean;
}

/** Options of {@link scoreValueTrack}. */
export interface ValueScoreOptions {
  resamples: number;
  confidence: number;
  seed: number;
}

function nullable(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/**
 * The naive forecasts of a value task on the prediction rows.
 * @param prep prepared data (closes)
 * @param rows frame rows of the predictions
 * @param trainMean per-row training mean
 * @param h horizon in rows
 * @returns forecasts by baseline name (NaN-free: rows without history get the training mean)
 */
export function valueBaselines(prep: PreparedData, rows: Int32Array, trainMean: Float64Array, h: number): Record<string, Float64Array> {
  if (prep.task !== 'volatility') return { zero: new Float64Array(rows.length), trainMean };
  const fill = (v: Float64Array): Float64Array => v.map((x, i) => (Number.isFinite(x) ? x : trainMean[i]));
  return { yesterday: fill(trailingRealizedVol(prep.bars.close, rows, h)), ewma: fill(ewmaVol(prep.bars.close, rows)), trainMean };
}

function sqErr(y: Float64Array, p: Float64Array): Float64Array {
  return y.map((v, i) => (v - p[i]) ** 2);
}

/**
 * Scores the value forecasts of one horizon of a track.
 * @param prep prepared data (task, closes)
 * @param state the track
 * @param key horizon key (`h7`)
 * @param o bootstrap resamples, confidence, seed
 * @returns RegressionResult
 */
export function scoreValueTrack(prep: PreparedData, state: TrackState, key: string, o: ValueScoreOptions): RegressionResult {
  const h = Number(key.slice(1));
  const p: PredictionRow[] = state.byHorizon[key].predictions;
  const n = p.length;
  const task = prep.task === 'volatility' ? 'volatility' : 'regression';
  const y = Float64Array.from(p, (r) => r.y);
  const pred = Float64Array.from(p, (r) => r.pred);
  const mean = Float64Array.from(p, (r) => r.majority);
  const rows = Int32Array.from(p, (r) => r.row);
  const units = task === 'volatility' ? `daily volatility over ${h} bars` : `log return over ${h} bars`;
  const trainMean = n ? mean.reduce((a, b) => a + b, 0) / n : NaN;
  if (n === 0) {
    const none: [number, number] = [NaN, NaN];
    return { task, units, n, nEffective: 0, mse: NaN, rmse: NaN, mae: NaN, r2: NaN, signAccuracy: null, ci: { rmse: none, mae: none, r2: none }, trainMean, baselines: {}, beatsBaselines: false };
  }
  const s = forecastScores(y, pred, mean);
  const lossModel = sqErr(y, pred);
  const lossMean = sqErr(y, mean);
  const absErr = y.map((v, i) => Math.abs(v - pred[i]));
  const boot = { horizon: h, resamples: o.resamples, confidence: o.confidence, seed: o.seed };
  const sum = (a: Float64Array, idx: Int32Array): number => {
    let t = 0;
    for (let k = 0; k < idx.length; k++) t += a[idx[k]];
    return t;
  };
  const ci = {
    rmse: blockBootstrap(n, (idx) => Math.sqrt(sum(lossModel, idx) / idx.length), boot).ci,
    mae: blockBootstrap(n, (idx) => sum(absErr, idx) / idx.length, boot).ci,
    r2: blockBootstrap(n, (idx) => 1 - sum(lossModel, idx) / sum(lossMean, idx), boot).ci,
  };
  const baselines: Record<string, ValueBaselineResult> = {};
  let beats = true;
  for (const [name, f] of Object.entries(valueBaselines(prep, rows, mean, h))) {
    const b = forecastScores(y, f, mean);
    const t = pairedLossTest(lossModel, sqErr(y, f), { horizon: h, alternative: 'less' });
    if (!(t.pValue < 0.05)) beats = false;
    baselines[name] = {
      mse: b.mse,
      rmse: b.rmse,
      mae: b.mae,
      r2: b.r2,
      signAccuracy: task === 'regression' ? b.signAccuracy : null,
      dm: { test: t.test, statistic: t.statistic, df: t.df, windows: t.windows, meanDifference: t.meanDifference, pValue: nullable(t.pValue), reason: t.reason },
    };
  }
  return {
    task,
    units,
    n,
    nEffective: Math.floor(n / h),
    mse: s.mse,
    rmse: s.rmse,
    mae: s.mae,
    r2: s.r2,
    signAccuracy: task === 'regression' ? s.signAccuracy : null,
    ci,
    trainMean,
    baselines,
    beatsBaselines: beats,
  };
}

/**
 * The direction view of value forecasts, as classification predictions the accuracy/trading scorer reads:
 * regression: class 1 = the return is positive (forecast > 0; the baseline predicts the sign of the training
 * mean); volatility: class 1 = calm, the realised vol over t+1..t+h is below yesterday's (forecast below
 * yesterday's; the baseline always predicts calm).
 * @param prep prepared data
 * @param p value predictions of one horizon
 * @param h horizon in rows
 * @returns prediction rows with 0/1 classes and pUp 0.5
 */
export function directionView(prep: PreparedData, p: PredictionRow[], h: number): PredictionRow[] {
  if (prep.task !== 'volatility') return p.map((r) => ({ ...r, y: r.y > 0 ? 1 : 0, pred: r.pred > 0 ? 1 : 0, pUp: 0.5, majority: r.majority > 0 ? 1 : 0 }));
  const naive = trailingRealizedVol(prep.bars.close, Int32Array.from(p, (r) => r.row), h);
  return p.map((r, i) => {
    const ref = Number.isFinite(naive[i]) ? naive[i] : r.majority;
    return { ...r, y: r.y < ref ? 1 : 0, pred: r.pred < ref ? 1 : 0, pUp: 0.5, majority: 1 };
  });
}
