/**
 * The model units of the seed-003 pipeline, each trained on one panel split and scored on its test dates:
 * direction (pooled classifier, ternary ±band), volatility (per-symbol GARCH(1,1) forecasting the forward
 * realised volatility, against yesterday's realised volatility) and regime (pooled classifier of the next
 * day's rule-based regime, against persistence). Every unit returns its metrics and the fitted model.
 */
import { neweyWestSe } from '../evaluation/cross-section/index';
import { regimeLabels } from '../features/regime-rules';
import { createModel } from '../models/registry';
import type { Model, TrainProgress } from '../models/types';
import type { Fitted } from '../training/fit';
import type { ModelSettings } from '../training/models';
import { fitPanelModel, panelAccuracy, panelIc, predictPanel } from './direction';
import type { Universe } from './members';
import { withVix, type PanelData } from './panel';
import type { PanelSplit } from './split';

/** Metrics of one unit (JSON-serialisable). */
export type UnitMetrics = Record<string, number | string | number[] | null>;

/** Output of a unit. */
export interface UnitResult {
  metrics: UnitMetrics;
  /** Pooled fitted model (direction, regime), or per-symbol models (volatility: first = market). */
  fitted?: Fitted;
  models?: Array<{ symbol: string; model: Model }>;
  trainSamples: number;
}

/**
 * Direction unit: pooled classifier, test accuracy with a date-clustered interval, majority baseline, rank IC.
 */
export async function directionUnit(panel: PanelData, split: PanelSplit, model: string, settings: ModelSettings, onProgress?: (e: TrainProgress) => void): Promise<UnitResult> {
  const { fitted, seconds } = await fitPanelModel(panel, split, { model, settings, onProgress });
  const p = await predictPanel(panel, fitted, split.test);
  const acc = panelAccuracy(panel, p, split.train);
  const ic = panelIc(panel, p);
  return {
    fitted,
    trainSamples: split.train.length,
    metrics: {
      metric: 'accuracy',
      value: acc.accuracy,
      ci: acc.ci,
      baseline: acc.baseline,
      n: acc.n,
      dates: acc.dates,
      rankIc: ic.rankIc.mean,
      rankIcT: ic.rankIc.tStat,
      rankIcCi: ic.rankIc.ci,
      ic: ic.ic.mean,
      icir: ic.rankIc.icir,
      seconds,
    },
  };
}

/** Forward realised daily volatility over t+1..t+w (sample sd of log returns) per row of one symbol's block. */
function forwardVol(ret: ArrayLike<number>, from: number, to: number, w: number): Float64Array {
  const out = new Float64Array(to - from).fill(NaN);
  for (let r = from; r < to; r++) {
    if (r + w >= to) break;
    let s = 0;
    let q = 0;
    let ok = true;
    for (let k = r + 1; k <= r + w; k++) {
      const v = ret[k];
      if (!Number.isFinite(v)) ok = false;
      s += v;
      q += v * v;
    }
    if (ok) out[r - from] = Math.sqrt(Math.max(0, (q - (s * s) / w) / (w - 1)));
  }
  return out;
}

/** Yesterday's realised volatility: sd of the log returns over t−w+1..t (rows of one block from `from`). */
function trailingVol(ret: ArrayLike<number>, from: number, to: number, w: number): Float64Array {
  const out = new Float64Array(ret.length).fill(NaN);
  for (let r = from; r < to; r++) {
    let s = 0;
    let q = 0;
    let ok = r - w + 1 >= 0;
    for (let k = r - w + 1; ok && k <= r; k++) {
      if (!Number.isFinite(ret[k])) ok = false;
      s += ret[k];
      q += ret[k] * ret[k];
    }
    if (ok) out[r] = Math.sqrt(Math.max(0, (q - (s * s) / w) / (w - 1)));
  }
  return out;
}

/**
 * Volatility unit: GARCH(1,1) per pooled symbol fitted on its training dates, forecasting the realised
 * volatility of the next `window` days; RMSE over the test rows against yesterday's realised volatility
 * (trailing `window`-day sd at t), with a Newey–West interval of the per-date loss difference.
 */
export async function volatilityUnit(panel: PanelData, split: PanelSplit, window: number): Promise<UnitResult> {
  const { prep } = panel;
  // daily log returns from each symbol's own closes (never across blocks), whatever the feature set
  const close = prep.bars.close;
  const ret = Float64Array.from(close, (c, r) => (panel.symbolOf[r] === panel.symbolOf[r - 1] && r > 0 && c > 0 && close[r - 1] > 0 ? Math.log(c / close[r - 1]) : NaN));
  const models: Array<{ symbol: string; model: Model }> = [];
  const se = new Map<number, { m: number; b: number; n: number }>();
  let sm = 0;
  let sb = 0;
  let n = 0;
  let trainSamples = 0;
  for (let i = 0; i < panel.members.length; i++) {
    const a = panel.offsets[i];
    const z = panel.offsets[i + 1];
    const d = prep.frame.dates;
    let t = a;
    while (t < z && d[t] <= split.trainEnd) t++;
    if (t - a < 120 || t >= z) continue;
    const ds = (from: number, to: number) => ({ x: Float32Array.from(ret.subarray(from, to)), shape: [to - from, 1], featureNames: ['log_ret_1'], dates: d.slice(from, to) });
    const model = createModel('garch', { horizon: window });
    await model.fit(ds(a, t));
    trainSamples += t - a;
    const pred = await model.predict(ds(t, z));
    const target = forwardVol(ret, t, z, window);
    const naive = trailingVol(ret, t, z, window);
    for (let r = t; r < z; r++) {
      if (d[r] <= split.validationEnd || !Number.isFinite(target[r - t]) || !Number.isFinite(naive[r]) || !Number.isFinite(pred[r - t])) continue;
      const em = (pred[r - t] - target[r - t]) ** 2;
      const eb = (naive[r] - target[r - t]) ** 2;
      sm += em;
      sb += eb;
      n++;
      const e = se.get(d[r]) ?? { m: 0, b: 0, n: 0 };
      e.m += em;
      e.b += eb;
      e.n++;
      se.set(d[r], e);
    }
    models.push({ symbol: panel.members[i].symbol, model });
  }
  const diffs = [...se.entries()].sort((x, y) => x[0] - y[0]).map(([, e]) => (e.m - e.b) / e.n);
  const meanDiff = diffs.reduce((x, y) => x + y, 0) / Math.max(1, diffs.length);
  const nw = diffs.length > 2 ? neweyWestSe(diffs, 2 * (window - 1)) : NaN;
  const rmse = Math.sqrt(sm / Math.max(1, n));
  const naiveRmse = Math.sqrt(sb / Math.max(1, n));
  return {
    models,
    trainSamples,
    metrics: { metric: 'rmse', value: rmse, baseline: naiveRmse, ratio: rmse / naiveRmse, lossDiff: meanDiff, lossDiffCi: [meanDiff - 1.96 * nw, meanDiff + 1.96 * nw], n, dates: diffs.length, symbols: models.length },
  };
}

/**
 * Next-day regime labels of the panel rows (rules of features/regime-rules.ts on each symbol's own bars,
 * VIX joined as of each date), with their end rows; and today's regime as the persistence baseline.
 */
export function regimeTargets(panel: PanelData, u: Universe): { next: Float64Array; today: Float64Array; end: Int32Array } {
  const n = panel.prep.frame.dates.length;
  const next = new Float64Array(n).fill(NaN);
  const today = new Float64Array(n).fill(NaN);
  const end = new Int32Array(n).fill(-1);
  panel.members.forEach((m, i) => {
    const { regime } = regimeLabels(withVix(u.bars[m.symbol], m, u));
    const a = panel.offsets[i];
    for (let r = 0; r < regime.length; r++) {
      today[a + r] = regime[r];
      if (r + 1 < regime.length && Number.isFinite(regime[r + 1])) {
        next[a + r] = regime[r + 1];
        end[a + r] = a + r + 1;
      }
    }
  });
  return { next, today, end };
}

/**
 * Regime unit: pooled multiclass model (random forest) of tomorrow's regime; accuracy against persistence.
 * The split's rows are re-filtered to rows with a known next-day regime.
 */
export async function regimeUnit(panel: PanelData, u: Universe, split: PanelSplit, model: string, settings: ModelSettings, onProgress?: (e: TrainProgress) => void): Promise<UnitResult> {
  const t = regimeTargets(panel, u);
  const view: PanelData = { ...panel, prep: { ...panel.prep, target: { h1: t.next }, endIndex: { h1: t.end } } };
  const keep = (rows: Int32Array) => rows.filter((r) => Number.isFinite(t.next[r]) && Number.isFinite(t.today[r]));
  const s = { ...split, train: keep(split.train), validation: keep(split.validation), test: keep(split.test) };
  const params = { ...settings.params, [model]: { task: 'multiclass', classes: 4, ...(settings.params[model] ?? {}) } };
  const { fitted, seconds } = await fitPanelModel(view, s, { model, settings: { ...settings, params }, onProgress });
  const p = await predictPanel(view, fitted, s.test);
  const acc = panelAccuracy(view, p, s.train);
  let persist = 0;
  for (const r of s.test) if (t.today[r] === t.next[r]) persist++;
  return {
    fitted,
    trainSamples: s.train.length,
    metrics: { metric: 'accuracy', value: acc.accuracy, ci: acc.ci, baseline: s.test.length ? persist / s.test.length : NaN, majority: acc.baseline, n: acc.n, dates: acc.dates, seconds },
  };
}
