/**
 * Progressive vs unified per horizon (seed 000, phase 7): accuracy with CI, the paired test of
 * `pairedAccuracyTest` (McNemar for h = 1; Diebold–Mariano with an EWC variance and t(ν) for h > 1; no test
 * below 8 non-overlapping h-day windows) on the dates both scored, training time, model size, target met.
 * Compares the modes of one run, or the same entries of two runs (e.g. warm vs scratch).
 * A difference is called only when its p-value is below `alpha`.
 */
import * as fs from 'fs';
import { pairedAccuracyTest } from '../evaluation/significance/paired';
import { pairedLossTest } from '../evaluation/significance/paired-loss';
import { targetVerdict } from '../evaluation/significance/summary';
import { inputError } from '../util/errors';
import type { RunResults } from './report';
import type { ModelResult } from './results';
import type { TrackState } from './types';

/** One out-of-sample prediction as read back from predictions.csv. */
export interface ScoredPrediction {
  mode: string;
  horizon: string;
  model: string;
  date: string;
  y: number;
  pred: number;
}

/** A run to compare: its results and its predictions. */
export interface RunView {
  results: RunResults;
  predictions: ScoredPrediction[];
}

/** One side of a comparison row. */
export interface ComparedSide {
  runId: string;
  mode: string;
  model: string;
  accuracy: number;
  accuracyCI: [number, number];
  pValueVsBaseline: number;
  trainMs: number;
  modelBytes: number;
  /** Target met beyond sampling noise and not below the majority baseline (see `targetVerdict`). */
  targetMet: boolean;
  /** Value tasks (regression, volatility): the forecast's RMSE and R² against the training mean. */
  rmse?: number;
  r2?: number;
}

/** One comparison row. */
export interface ComparisonRow {
  horizon: number;
  a: ComparedSide;
  b: ComparedSide;
  /** Dates both sides scored. */
  nCommon: number;
  /** `none`: no test (no common dates, or fewer than 8 non-overlapping h-day windows; see `reason`). */
  test: 'mcnemar' | 'diebold-mariano' | 'dm-hln' | 'dm-ewc' | 'none';
  /** Two-sided p-value of equal accuracy (value tasks: of equal squared error, `dm-hln` / `dm-ewc`) on the common dates (NaN when no test was run). */
  pValue: number;
  /** Non-overlapping h-day windows among the common dates, ⌊nCommon / h⌋. */
  windows: number;
  /** The test's one-line account, or why none was run ("too few independent windows"). */
  reason: string;
  /** `a` or `b` when p < alpha, else `none`. */
  better: 'a' | 'b' | 'none';
}

/** Options of {@link compareResults}. */
export interface CompareOptions {
  /** Significance level for `better`. Default 0.05. */
  alpha?: number;
}

/** Defaults of {@link CompareOptions}. */
export const compareDefaults = { alpha: 0.05 } as const;

/**
 * Predictions of finished tracks in the {@link ScoredPrediction} form.
 * @param tracks finished track states
 * @returns one ScoredPrediction per pooled out-of-sample prediction
 */
export function predictionsOf(tracks: TrackState[]): ScoredPrediction[] {
  const out: ScoredPrediction[] = [];
  for (const t of tracks) for (const k of t.horizons) for (const p of t.byHorizon[k]?.predictions ?? []) out.push({ mode: t.mode, horizon: k.slice(1), model: t.model, date: p.date, y: p.y, pred: p.pred });
  return out;
}

/**
 * Reads predictions.csv (see `predictionsCsv`).
 * @param file path of predictions.csv
 * @returns ScoredPrediction[]
 */
export function readPredictionsCsv(file: string): ScoredPrediction[] {
  if (!fs.existsSync(file)) throw inputError({ file }, 'the predictions.csv of a finished run', 'no such file');
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
  const head = lines[0].split(',');
  const at = (name: string): number => head.indexOf(name);
  const [m, h, k, d, y, p] = ['mode', 'horizon', 'model', 'date', 'y', 'pred'].map(at);
  if ([m, h, k, d, y, p].some((i) => i < 0)) throw inputError({ file, line: 1 }, 'columns mode,horizon,model,date,y,pred', lines[0]);
  return lines.slice(1).map((l) => {
    const c = l.split(',');
    return { mode: c[m], horizon: c[h], model: c[k], date: c[d], y: Number(c[y]), pred: Number(c[p]) };
  });
}

function side(runId: string, mode: string, model: string, r: ModelResult): ComparedSide {
  // recomputed from the stored figures, so results.json files written before the strict rule read the same way
  const targetMet = r.targetMet && targetVerdict(r).met;
  const value = r.regression ? { rmse: r.regression.rmse, r2: r.regression.r2 } : {};
  return { runId, mode, model, accuracy: r.accuracy, accuracyCI: r.accuracyCI, pValueVsBaseline: r.pValue, trainMs: r.trainMs, modelBytes: r.modelBytes, targetMet, ...value };
}

function pairTest(a: RunView, sa: ComparedSide, b: RunView, sb: ComparedSide, h: number): Pick<ComparisonRow, 'nCommon' | 'test' | 'pValue' | 'windows' | 'reason'> {
  const pick = (v: RunView, s: ComparedSide): Map<string, ScoredPrediction> =>
    new Map(v.predictions.filter((p) => p.mode === s.mode && p.model === s.model && p.horizon === String(h)).map((p) => [p.date, p]));
  const pa = pick(a, sa);
  const pb = pick(b, sb);
  const dates = [...pa.keys()].filter((d) => pb.has(d)).sort();
  if (dates.length === 0) return { nCommon: 0, test: 'none', pValue: NaN, windows: 0, reason: 'no common dates' };
  const y = Float64Array.from(dates, (d) => (pa.get(d) as ScoredPrediction).y);
  const ya = Float64Array.from(dates, (d) => (pa.get(d) as ScoredPrediction).pred);
  const yb = Float64Array.from(dates, (d) => (pb.get(d) as ScoredPrediction).pred);
  if (sa.rmse !== undefined && sb.rmse !== undefined) {
    // value forecasts: Diebold–Mariano on squared errors (HLN for h = 1, EWC for h > 1, none below 8 windows)
    const l = pairedLossTest(ya.map((v, i) => (v - y[i]) ** 2), yb.map((v, i) => (v - y[i]) ** 2), { horizon: h });
    return { nCommon: dates.length, test: l.test, pValue: l.pValue, windows: l.windows, reason: l.reason };
  }
  const t = pairedAccuracyTest(y, ya, yb, { horizon: h });
  return { nCommon: dates.length, test: t.test, pValue: t.pValue, windows: t.windows, reason: t.reason };
}

/**
 * Compares progressive vs unified inside one run (every progressive model against the unified model, per
 * horizon), or — given a second run — every entry of run A against the same mode/horizon/model of run B.
 * @param a first run (results + predictions)
 * @param b optional second run
 * @param options alpha (0.05)
 * @returns ComparisonRow[]
 */
export function compareResults(a: RunView, b?: RunView, options: CompareOptions = compareDefaults): ComparisonRow[] {
  const alpha = options.alpha ?? compareDefaults.alpha;
  const rows: ComparisonRow[] = [];
  const push = (h: number, sa: ComparedSide, sb: ComparedSide, vb: RunView): void => {
    const t = pairTest(a, sa, vb, sb, h);
    const value = sa.rmse !== undefined && sb.rmse !== undefined;
    const better = !(t.pValue < alpha) ? 'none' : value ? (sa.rmse === sb.rmse ? 'none' : (sa.rmse as number) < (sb.rmse as number) ? 'a' : 'b') : sa.accuracy !== sb.accuracy ? (sa.accuracy > sb.accuracy ? 'a' : 'b') : 'none';
    rows.push({ horizon: h, a: sa, b: sb, ...t, better });
  };
  const ra = a.results;
  if (!b) {
    const prog = ra.modes.progressive?.horizons ?? {};
    const uni = ra.modes.unified?.horizons ?? {};
    for (const h of Object.keys(prog)) {
      for (const [um, ur] of Object.entries(uni[h] ?? {})) {
        for (const [pm, pr] of Object.entries(prog[h])) push(Number(h), side(ra.runId, 'progressive', pm, pr), side(ra.runId, 'unified', um, ur), a);
      }
    }
    return rows;
  }
  const rb = b.results;
  for (const mode of ['progressive', 'unified'] as const) {
    const ha = ra.modes[mode]?.horizons ?? {};
    const hb = rb.modes[mode]?.horizons ?? {};
    for (const h of Object.keys(ha)) {
      for (const [m, r] of Object.entries(ha[h])) {
        const other = hb[h]?.[m];
        if (other) push(Number(h), side(ra.runId, mode, m, r), side(rb.runId, mode, m, other), b);
      }
    }
  }
  return rows;
}

/**
 * The comparison as CSV (one line per row).
 * @returns CSV text with a header line
 */
export function comparisonCsv(rows: ComparisonRow[]): string {
  const head = ['horizon', 'a_run', 'a_mode', 'a_model', 'a_accuracy', 'a_ci_lo', 'a_ci_hi', 'a_train_ms', 'a_model_bytes', 'a_target_met',
    'b_run', 'b_mode', 'b_model', 'b_accuracy', 'b_ci_lo', 'b_ci_hi', 'b_train_ms', 'b_model_bytes', 'b_target_met', 'n_common', 'test', 'p_value', 'better', 'windows', 'reason'];
  const f = (v: number): string => (Number.isFinite(v) ? String(Math.round(v * 1e6) / 1e6) : '');
  const s = (x: ComparedSide): string[] => [x.runId, x.mode, x.model, f(x.accuracy), f(x.accuracyCI[0]), f(x.accuracyCI[1]), String(x.trainMs), String(x.modelBytes), x.targetMet ? 'yes' : 'no'];
  // value tasks add their forecast scores as trailing columns (direction-task files keep their columns)
  const value = rows.some((r) => r.a.rmse !== undefined);
  if (value) head.push('a_rmse', 'a_r2', 'b_rmse', 'b_r2');
  const tail = (r: ComparisonRow): string[] => (value ? [f(r.a.rmse ?? NaN), f(r.a.r2 ?? NaN), f(r.b.rmse ?? NaN), f(r.b.r2 ?? NaN)] : []);
  const lines = rows.map((r) => [String(r.horizon), ...s(r.a), ...s(r.b), String(r.nCommon), r.test, f(r.pValue), r.better, String(r.windows), `"${r.reason.replace(/"/g, "'")}"`, ...tail(r)].join(','));
  return `${[head.join(','), ...lines].join('\n')}\n`;
}
