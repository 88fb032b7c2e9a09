/**
 * Per-symbol accuracy of verified predictions (count, hits, accuracy, rolling 20/60, Brier score,
 * calibration bins) and the walk-forward confidence calibration the predictor uses. Pure functions.
 */
import type { PredictionRecord } from './types';
import { fillDefaults } from '../util/options';

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

/** Accuracy of one symbol. */
export interface SymbolAccuracy {
  symbol: string;
  count: number;
  hits: number;
  accuracy: number;
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
 * @returns one {@link SymbolAccuracy} per symbol with verified predictions, sorted by symbol
 */
export function accuracyTable(records: PredictionRecord[], options: AccuracyOptions = {}): SymbolAccuracy[] {
  const o = fillDefaults(accuracyDefaults, options);
  const by = new Map<string, PredictionRecord[]>();
  for (const r of records) {
    if (r.status !== 'verified') continue;
    const list = by.get(r.symbol) ?? [];
    list.push(r);
    by.set(r.symbol, list);
  }
  const out: SymbolAccuracy[] = [];
  for (const symbol of [...by.keys()].sort()) {
    const rows = by.get(symbol)!.slice().sort(order);
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
    out.push({
      symbol,
      count: rows.length,
      hits,
      accuracy: hits / rows.length,
      rolling20: rate(rows.slice(-20)),
      rolling60: rate(rows.slice(-60)),
      brier: brier / rows.length,
      calibration,
    });
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
