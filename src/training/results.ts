/**
 * Scores a finished track on one horizon: accuracy with a CI that covers for overlapping labels (hull of the
 * Wilson interval on ⌊n/h⌋ windows and the block bootstrap), the exact binomial p-value and the paired test
 * (McNemar / EWC Diebold–Mariano) against the majority baseline on the same dates, the target verdict, the last-move baseline, the label metrics, and a
 * long/flat (and long/short) strategy with costs against buy-and-hold. Also writes predictions.csv.
 */
import { lastMovePredictions } from '../evaluation/metrics/baselines';
import { accuracy, classificationReport } from '../evaluation/metrics/classification';
import { brierScore, logLoss, rocAuc } from '../evaluation/metrics/probabilistic';
import { backtest, type TradingMetrics } from '../evaluation/metrics/trading';
import { bootstrapSharpe } from '../evaluation/significance/bootstrap';
import { pairedAccuracyTest } from '../evaluation/significance/paired';
import { accuracySummary, targetVerdict, type AccuracySummary, type TargetVerdict } from '../evaluation/significance/summary';
import type { PreparedData } from './prepare';
import type { HorizonTrack, IterationRecord, TrackState } from './types';
import { fillDefaults } from '../util/options';
import { isValueTask } from '../labels/build';
import { directionView, scoreValueTrack, type RegressionResult } from './results-values';

/** Options of {@link scoreTrack}. */
export interface ScoreOptions {
  /** Cost per unit of turnover in basis points (config `evaluation.cost_bps`). Default 5. */
  costBps?: number;
  /** Bootstrap resamples (config `evaluation.bootstrap_samples`). Default 1000. */
  resamples?: number;
  /** Confidence level of the intervals. Default 0.95. */
  confidence?: number;
  /** Seed of the bootstrap. Default 42. */
  seed?: number;
  /** Target accuracy of this horizon (undefined: none set). */
  targetAccuracy?: number;
}

/** Defaults of {@link ScoreOptions}. */
export const scoreDefaults = { costBps: 5, resamples: 1000, confidence: 0.95, seed: 42 } as const;

/** One `modes.<mode>.horizons.<h>.<modelKey>` entry of results.json. */
export interface ModelResult extends Omit<AccuracySummary, 'horizon'> {
  /** Annualised Sharpe of the long/flat strategy after costs. */
  sharpe: number;
  maxDrawdown: number;
  targetAccuracy: number | null;
  /**
   * The target is met: lower end of accuracyCI >= targetAccuracy and the majority baseline is not higher than
   * the model (`targetVerdict`). Before this rule it was the point estimate; that is now `targetMetPoint`.
   */
  targetMet: boolean;
  /** accuracy >= targetAccuracy on the point estimate alone (the old `targetMet`; not a claim). */
  targetMetPoint?: boolean;
  /** `met`, `baseline-higher`, `point-only`, `not-met` or `no-target`, with its one-line reason. */
  targetStatus?: TargetVerdict['status'];
  targetReason?: string;
  /** The lower end of accuracyCI >= targetAccuracy: met beyond sampling noise. */
  targetMetSignificant: boolean;
  /**
   * Paired one-sided test of "the model is more accurate than the majority baseline" on the same dates:
   * McNemar (h = 1) or the EWC Diebold–Mariano test (h > 1); test `none` and pValue null below 8 windows.
   */
  baselinePaired?: { test: 'mcnemar' | 'diebold-mariano' | 'none'; pValue: number | null; windows: number; df: number | null; reason: string };
  trainMs: number;
  modelBytes: number;
  iterations: IterationRecord[];
  baselines: { majority: number; lastMove: number };
  metrics: { balancedAccuracy: number; precision: number; recall: number; f1: number; mcc: number; rocAuc: number | null; logLoss: number | null; brier: number | null };
  trading: { costBps: number; longFlat: TradingMetrics; longShort: TradingMetrics; buyAndHold: TradingMetrics; sharpeCI: [number, number] };
  stopReason: string | null;
  /**
   * Value tasks (`regression`, `volatility`) only: MSE, RMSE, MAE, R² against the training mean, sign accuracy,
   * CIs and the naive baselines with Diebold–Mariano tests. The accuracy, trading and paired fields above
   * then describe the direction view of the forecasts (see docs/results.md).
   */
  regression?: RegressionResult;
}

function finite(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/**
 * Scores one horizon of a track.
 * @param prep prepared data (closes and forward returns)
 * @param state the track (for trainMs, modelBytes, stopReason)
 * @param key horizon key (`h7`)
 * @param options costBps (5), resamples (1000), confidence (0.95), seed (42), targetAccuracy
 * @returns ModelResult
 */
export function scoreTrack(prep: PreparedData, state: TrackState, key: string, options: ScoreOptions = scoreDefaults): ModelResult {
  const o = fillDefaults(scoreDefaults, options);
  if (isValueTask(prep.task)) return scoreValueEntry(prep, state, key, o);
  const h = Number(key.slice(1));
  const t: HorizonTrack = state.byHorizon[key];
  const p = t.predictions;
  const n = p.length;
  const y = Float64Array.from(p, (r) => r.y);
  const pred = Float64Array.from(p, (r) => r.pred);
  const maj = Float64Array.from(p, (r) => r.majority);
  const rows = Int32Array.from(p, (r) => r.row);
  const baselineAccuracy = accuracy(y, maj);
  // Wilson on the ⌊n/h⌋ non-overlapping windows, widened to the block bootstrap once there are 30 windows
  const summary = accuracySummary(y, pred, { baselineRate: baselineAccuracy, horizon: h, confidence: o.confidence, ciMethod: 'hull', bootstrap: { resamples: o.resamples, seed: o.seed } });
  const paired = pairedAccuracyTest(y, pred, maj, { horizon: h, alternative: 'greater' });
  const minRow = rows.reduce((a, b) => Math.min(a, b), Infinity);
  const lastMove = accuracy(y, lastMovePredictions(prep.bars.close, rows, { lookback: Math.max(1, Math.min(h, minRow)), task: prep.task }));
  const report = classificationReport(y, pred, { classes: prep.task === 'ternary' ? 3 : 2 });
  const fwd = Float64Array.from(p, (r) => prep.forwardReturn[key][r.row]);
  const task = prep.task;
  const lf = backtest(pred, fwd, { horizon: h, costBps: o.costBps, mode: 'long-flat', task });
  const ls = backtest(pred, fwd, { horizon: h, costBps: o.costBps, mode: 'long-short', task });
  const sharpeCI = lf.series.returns.length >= 2 ? bootstrapSharpe(lf.series.returns, { horizon: h, resamples: o.resamples, seed: o.seed, confidence: o.confidence }).ci : ([NaN, NaN] as [number, number]);
  const binary = task === 'binary';
  const pUp = Float64Array.from(p, (r) => r.pUp);
  const target = o.targetAccuracy;
  const verdict = targetVerdict({ accuracy: summary.accuracy, accuracyCI: summary.accuracyCI, baselineAccuracy, targetAccuracy: target });
  return {
    accuracy: summary.accuracy,
    accuracyCI: summary.accuracyCI,
    ciMethod: summary.ciMethod,
    baselineAccuracy,
    pValue: summary.pValue,
    nTest: n,
    nEffective: summary.nEffective,
    sharpe: lf.strategy.sharpe,
    maxDrawdown: lf.strategy.maxDrawdown,
    targetAccuracy: target ?? null,
    targetMet: verdict.met,
    targetMetPoint: target !== undefined && summary.accuracy >= target,
    targetStatus: verdict.status,
    targetReason: verdict.reason,
    targetMetSignificant: target !== undefined && summary.accuracyCI[0] >= target,
    baselinePaired: { test: paired.test, pValue: Number.isFinite(paired.pValue) ? paired.pValue : null, windows: paired.windows, df: paired.df, reason: paired.reason },
    trainMs: state.trainMs,
    modelBytes: state.modelBytes,
    iterations: t.iterations,
    baselines: { majority: baselineAccuracy, lastMove },
    metrics: {
      balancedAccuracy: report.balancedAccuracy,
      precision: report.precision,
      recall: report.recall,
      f1: report.f1,
      mcc: report.mcc,
      rocAuc: binary ? finite(rocAuc(y, pUp)) : null,
      logLoss: binary ? finite(logLoss(y, pUp)) : null,
      brier: binary ? finite(brierScore(y, pUp)) : null,
    },
    trading: { costBps: o.costBps, longFlat: lf.strategy, longShort: ls.strategy, buyAndHold: lf.buyAndHold, sharpeCI },
    stopReason: state.stopReason ?? null,
  };
}

/** A value task's entry: its direction view scored as a binary track, plus the `regression` block. */
function scoreValueEntry(prep: PreparedData, state: TrackState, key: string, o: ScoreOptions & typeof scoreDefaults): ModelResult {
  const t = state.byHorizon[key];
  const view: TrackState = { ...state, byHorizon: { ...state.byHorizon, [key]: { ...t, predictions: directionView(prep, t.predictions, Number(key.slice(1))) } } };
  const entry = scoreTrack({ ...prep, task: 'binary' }, view, key, { ...o, targetAccuracy: undefined });
  entry.metrics = { ...entry.metrics, rocAuc: null, logLoss: null, brier: null };
  entry.regression = scoreValueTrack(prep, state, key, o);
  return entry;
}

/**
 * predictions.csv: one line per out-of-sample prediction of every track.
 * Columns: mode, horizon, model, iteration, date, y, pred, p_up, majority.
 * @param tracks finished tracks
 * @returns CSV text with a header line
 */
export function predictionsCsv(tracks: TrackState[]): string {
  const lines = ['mode,horizon,model,iteration,date,y,pred,p_up,majority'];
  for (const t of tracks) {
    for (const key of t.horizons) {
      for (const r of t.byHorizon[key]?.predictions ?? []) {
        lines.push(`${t.mode},${key.slice(1)},${t.model},${r.iteration},${r.date},${r.y},${r.pred},${Number.isFinite(r.pUp) ? r.pUp.toFixed(6) : ''},${r.majority}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}
