/**
 * The model units of the seed-003 pipeline, each trained on one panel split and scored on its test dates:
 * direction (pooled classifier, ternary ±band), volatility (volatility.ts) and regime (pooled classifier of the next
 * day's rule-based regime, against persistence). Every unit returns its metrics and the fitted model.
 */
import { regimeLabels } from '../features/regime-rules';
import type { Model, TrainProgress } from '../models/types';
import type { Fitted } from '../training/fit';
import type { ModelSettings } from '../training/models';
import { keptShare, splitSymbols } from '../evaluation/cross-section/index';
import { fitPanelModel, panelAccuracy, panelIc, predictPanel, scoredRows } from './direction';
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
export async function directionUnit(panel: PanelData, split: PanelSplit, model: string, settings: ModelSettings, onProgress?: (e: TrainProgress) => void, holdout = 0): Promise<UnitResult> {
  const { fitted, seconds } = await fitPanelModel(panel, split, { model, settings, onProgress });
  const p = await predictPanel(panel, fitted, split.test);
  const acc = panelAccuracy(panel, p, split.train);
  const ic = panelIc(panel, p);
  const lso = holdout > 0 && fitted.rank === 2 ? await leaveSymbolsOut(panel, split, model, settings, holdout) : {};
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
      // no rank IC when the scores do not rank the symbols of any date (e.g. a net that fell back to the base rate)
      rankIc: ic.rankIc.dates ? ic.rankIc.mean : null,
      rankIcT: ic.rankIc.dates ? ic.rankIc.tStat : null,
      rankIcCi: ic.rankIc.dates ? ic.rankIc.ci : null,
      ic: ic.ic.dates ? ic.ic.mean : null,
      icir: ic.rankIc.dates ? ic.rankIc.icir : null,
      seconds,
      ...lso,
    },
  };
}

/**
 * Leave-symbols-out on the equities ("does it work on new stocks"): a model fitted on the split's dates of the
 * training symbols only, scored on the held-out symbols on the same test dates; kept share of the rank IC.
 */
async function leaveSymbolsOut(panel: PanelData, split: PanelSplit, model: string, settings: ModelSettings, share: number): Promise<UnitMetrics> {
  const eq = panel.members.filter((m) => m.assetClass === 'equity');
  const sectors = new Set(eq.map((m) => m.sector));
  if (eq.length < 6 || [...sectors].every((s) => eq.filter((m) => m.sector === s).length < 2)) return { keptShare: null };
  const groups = splitSymbols(eq, { heldOutShare: share, seed: settings.seed });
  const index = (syms: string[]) => new Set(syms.map((x) => panel.members.findIndex((m) => m.symbol === x)));
  const inSet = index(groups.train);
  const outSet = index(groups.heldOut);
  const only = (rows: Int32Array, set: Set<number>) => rows.filter((r) => set.has(panel.symbolOf[r]));
  const { fitted } = await fitPanelModel(panel, { train: only(split.train, inSet), validation: only(split.validation, inSet) }, { model, settings });
  const inRows = scoredRows(panel, await predictPanel(panel, fitted, only(split.test, inSet)));
  const outRows = scoredRows(panel, await predictPanel(panel, fitted, only(split.test, outSet)));
  try {
    const k = keptShare(inRows, outRows, { minSymbols: 3 });
    return { keptShare: k.share, keptShareCi: k.ci, heldOutRankIc: k.heldOut.mean, inUniverseRankIc: k.inUniverse.mean, heldOutSymbols: groups.heldOut.join(' ') };
  } catch {
    return { keptShare: null };
  }
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
