/**
 * Pooled (or per-symbol) direction models on a stacked panel, through the one fit → predict → score path
 * (training/fit.ts): fit on the training rows of all symbols with early stopping on the validation dates,
 * predict the test rows, and turn them into scored panel rows for the cross-sectional evaluation
 * (evaluation/cross-section): score = P(up) − P(down) (ternary) or P(up) (binary).
 */
import { icReport, type IcReport, type ScoredRow } from '../evaluation/cross-section/index';
import type { TrainProgress } from '../models/types';
import { argmaxAt, fitOnRows, predictOnRows, type Fitted } from '../training/fit';
import type { ModelSettings } from '../training/models';
import type { ScalerKind } from '../windows/scalers';
import { panelPeriodsPerYear, type PanelData } from './panel';
import type { PanelSplit } from './split';

/** Options of {@link fitPanelModel}. */
export interface PanelFitOptions {
  model: string;
  settings: ModelSettings;
  /** Horizon key. Default `h1`. */
  key?: string;
  scalerKind?: ScalerKind;
  onProgress?: (e: TrainProgress) => void;
  signal?: AbortSignal;
}

/**
 * Fits one pooled model on the split's training rows (validation rows for early stopping).
 * @param panel stacked panel
 * @param split rows per segment
 * @param options model key, settings, horizon key, scaler, progress
 * @returns the fitted model and seconds spent
 */
export async function fitPanelModel(panel: PanelData, split: Pick<PanelSplit, 'train' | 'validation'>, options: PanelFitOptions): Promise<{ fitted: Fitted; seconds: number }> {
  const key = options.key ?? 'h1';
  const spec = { model: options.model, settings: options.settings, keys: [key], scalerKind: options.scalerKind ?? ('zscore' as ScalerKind) };
  const { fitted, ms } = await fitOnRows(panel.prep, spec, { [key]: { train: split.train, validation: split.validation } }, { onProgress: options.onProgress, signal: options.signal });
  return { fitted, seconds: ms / 1000 };
}

/** Predictions of a fitted model on panel rows. */
export interface PanelPredictions {
  rows: Int32Array;
  /** Predicted class per row. */
  pred: Int32Array;
  /** True class per row. */
  y: Float64Array;
  /** Score per row (higher = more up). */
  score: Float64Array;
}

/**
 * Predicts panel rows.
 * @param panel stacked panel
 * @param fitted fitted model
 * @param rows rows to predict (usable, labelled)
 * @param key horizon key (default `h1`)
 * @returns predicted class, true class, score
 */
export async function predictPanel(panel: PanelData, fitted: Fitted, rows: Int32Array, key = 'h1'): Promise<PanelPredictions> {
  const { proba, classes: c, y } = await predictOnRows(panel.prep, fitted, rows, key);
  const pred = Int32Array.from(rows, (_, j) => argmaxAt(proba, j * c, c));
  const score = Float64Array.from(rows, (_, j) => (c === 3 ? proba[j * c + 2] - proba[j * c] : proba[j * c + c - 1]));
  return { rows, pred, y: Float64Array.from(y), score };
}

/**
 * Scored rows for the cross-sectional evaluation.
 * @param panel stacked panel
 * @param p predictions
 * @param key horizon key of the realized forward return (default `h1`)
 * @returns one ScoredRow per predicted row
 */
export function scoredRows(panel: PanelData, p: Pick<PanelPredictions, 'rows' | 'score'>, key = 'h1'): ScoredRow[] {
  return Array.from(p.rows, (r, j) => {
    const m = panel.members[panel.symbolOf[r]];
    return { date: panel.prep.frame.dates[r], symbol: m.symbol, score: p.score[j], realized: panel.prep.forwardReturn[key][r], sector: m.sector };
  });
}

/** Direction accuracy with a date-clustered interval and the majority-class baseline. */
export interface PanelAccuracy {
  accuracy: number;
  n: number;
  dates: number;
  /** Mean of per-date accuracy ± z·sd/√dates (rows of a date are correlated, so dates are the units). */
  ci: [number, number];
  /** Accuracy of always predicting the training majority class. */
  baseline: number;
  majorityClass: number;
}

/**
 * Accuracy of predictions, with a date-clustered interval and the training-majority baseline.
 * @param panel stacked panel
 * @param p predictions
 * @param trainRows rows the model was trained on (majority class)
 * @param key horizon key (default `h1`)
 * @returns PanelAccuracy
 */
export function panelAccuracy(panel: PanelData, p: PanelPredictions, trainRows: Int32Array, key = 'h1'): PanelAccuracy {
  const t = panel.prep.target[key];
  const counts = new Map<number, number>();
  for (const r of trainRows) counts.set(t[r], (counts.get(t[r]) ?? 0) + 1);
  const majorityClass = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 0;
  const byDate = new Map<number, { hit: number; n: number }>();
  let hits = 0;
  let base = 0;
  p.rows.forEach((r, j) => {
    const hit = p.pred[j] === p.y[j] ? 1 : 0;
    hits += hit;
    if (p.y[j] === majorityClass) base++;
    const d = panel.prep.frame.dates[r];
    const e = byDate.get(d) ?? { hit: 0, n: 0 };
    e.hit += hit;
    e.n++;
    byDate.set(d, e);
  });
  const acc = [...byDate.values()].map((e) => e.hit / e.n);
  const mean = acc.reduce((a, b) => a + b, 0) / Math.max(1, acc.length);
  const sd = Math.sqrt(acc.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, acc.length - 1));
  const half = (1.959964 * sd) / Math.sqrt(Math.max(1, acc.length));
  const n = p.rows.length;
  return { accuracy: n ? hits / n : NaN, n, dates: acc.length, ci: [mean - half, mean + half], baseline: n ? base / n : NaN, majorityClass };
}

/**
 * IC and rank IC of the predictions against realized forward returns (evaluation/cross-section).
 * @param panel stacked panel
 * @param p predictions
 * @param key horizon key (default `h1`)
 * @returns IcReport
 */
export function panelIc(panel: PanelData, p: PanelPredictions, key = 'h1'): IcReport {
  return icReport(scoredRows(panel, p, key), { horizon: Number(key.slice(1)) || 1, periodsPerYear: panelPeriodsPerYear(panel) });
}
