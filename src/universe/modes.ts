/**
 * Training modes on a panel (issue 16, item 3), all through the one fit path (training/fit.ts):
 * progressive (iteration windows by date, all symbols together, warm-started, validation carved from the
 * tail of each training window, purged per symbol), unified (one multi-head model over several horizons,
 * each head's rows purged by its own label span) and per-symbol models (one model per member on its own
 * rows, the option beside the pooled model).
 */
import type { TrainProgress } from '../models/types';
import { fitOnRows, type Fitted, type FitRows } from '../training/fit';
import type { ModelSettings } from '../training/models';
import { inputError } from '../util/errors';
import { predictPanel, type PanelPredictions } from './direction';
import type { PanelData } from './panel';
import { panelDates, panelWindows, rowsBetween, splitPanelByDate, type PanelSplitOptions } from './split';

/** Options of {@link progressivePanel}. */
export interface ProgressivePanelOptions {
  model: string;
  settings: ModelSettings;
  /** Horizon key. Default `h1`. */
  key?: string;
  /** Share of the dates in the first training window. Default 0.6. */
  initialFraction?: number;
  /** Dates added per iteration (and tested after each). Default 21. */
  step?: number;
  maxIterations?: number;
  /** Share of each training window's dates (its tail) used for validation. Default 0.15. */
  validationFraction?: number;
  /** Fine-tune the previous model instead of refitting. Default true. */
  warmStart?: boolean;
  onProgress?: (e: TrainProgress) => void;
}

function concat(parts: PanelPredictions[]): PanelPredictions {
  const cat = <T extends Int32Array | Float64Array>(make: (n: number) => T, pick: (p: PanelPredictions) => T): T => {
    const out = make(parts.reduce((a, p) => a + p.rows.length, 0));
    let at = 0;
    for (const p of parts) (out.set(pick(p), at), (at += p.rows.length));
    return out;
  };
  return { rows: cat((n) => new Int32Array(n), (p) => p.rows), pred: cat((n) => new Int32Array(n), (p) => p.pred), y: cat((n) => new Float64Array(n), (p) => p.y), score: cat((n) => new Float64Array(n), (p) => p.score) };
}

/**
 * Progressive training on a panel: windows by date over all symbols, each tested on the next `step` dates.
 * @param panel stacked panel
 * @param options model, settings, window schedule, warm start
 * @returns out-of-sample predictions of every iteration (concatenated) and the windows with their row counts
 */
export async function progressivePanel(panel: PanelData, options: ProgressivePanelOptions): Promise<{ predictions: PanelPredictions; windows: Array<{ iteration: number; trainEnd: number; testEnd: number; train: number; test: number; action: string }> }> {
  const key = options.key ?? 'h1';
  const dates = panelDates(panel, key);
  const first = Math.floor((options.initialFraction ?? 0.6) * dates.length) - 1;
  if (first < 20) throw inputError({ key: 'initialFraction' }, 'a first window of at least 20 dates', `${first + 1}`);
  const windows = panelWindows(dates, first, options.step ?? 21, options.maxIterations ?? 10);
  const parts: PanelPredictions[] = [];
  const info: Array<{ iteration: number; trainEnd: number; testEnd: number; train: number; test: number; action: string }> = [];
  let warm: Fitted | undefined;
  for (const w of windows) {
    const inWindow = dates.filter((d) => d <= w.trainEnd);
    const valStart = inWindow[Math.floor(inWindow.length * (1 - (options.validationFraction ?? 0.15)))];
    const train = rowsBetween(panel, key, dates[0] - 1, valStart, valStart);
    const validation = rowsBetween(panel, key, valStart, w.trainEnd, w.trainEnd);
    const test = rowsBetween(panel, key, w.trainEnd, w.testEnd, w.testEnd);
    if (!train.length || !test.length) continue;
    const spec = { model: options.model, settings: options.settings, keys: [key], scalerKind: 'zscore' as const };
    const res = await fitOnRows(panel.prep, spec, { [key]: { train, validation } }, { warm: options.warmStart === false ? undefined : warm, onProgress: options.onProgress });
    warm = res.fitted;
    parts.push(await predictPanel(panel, res.fitted, test, key));
    info.push({ ...w, train: train.length, test: test.length, action: res.action });
    options.onProgress?.({ stage: 'progressive panel', model: options.model, iteration: w.iteration, iterations: windows.length, fraction: 1 });
  }
  return { predictions: concat(parts), windows: info };
}

/**
 * Unified mode on a panel: one multi-head model (`unified`) on several horizon keys, each key's rows split
 * by date and purged by its own label span; predictions of every head on its test rows.
 * @param panel stacked panel prepared with every horizon of `keys`
 * @param keys horizon keys (e.g. `['h1', 'h7']`), the first is the primary
 * @param settings model settings
 * @param split fractions
 * @returns fitted model and predictions per key
 */
export async function unifiedPanel(panel: PanelData, keys: string[], settings: ModelSettings, split: PanelSplitOptions = {}, model = 'unified'): Promise<{ fitted: Fitted; predictions: Record<string, PanelPredictions> }> {
  const rows: FitRows = {};
  const tests: Record<string, Int32Array> = {};
  for (const k of keys) {
    const s = splitPanelByDate(panel, k, split);
    rows[k] = { train: s.train, validation: s.validation };
    tests[k] = s.test;
  }
  const { fitted } = await fitOnRows(panel.prep, { model, settings, keys, scalerKind: 'zscore' }, rows);
  const predictions: Record<string, PanelPredictions> = {};
  for (const k of keys) predictions[k] = await predictPanel(panel, fitted, tests[k], k);
  return { fitted, predictions };
}

/**
 * Per-symbol models: one model per pooled member, fitted on its own rows of the date split and predicting
 * its own test rows.
 * @param panel stacked panel
 * @param model registry key
 * @param settings model settings
 * @param split fractions
 * @returns predictions of all members (concatenated)
 */
export async function perSymbolPanel(panel: PanelData, model: string, settings: ModelSettings, split: PanelSplitOptions = {}): Promise<PanelPredictions> {
  const parts: PanelPredictions[] = [];
  for (let i = 0; i < panel.members.length; i++) {
    const s = splitPanelByDate(panel, 'h1', { ...split, symbols: new Set([i]) });
    const { fitted } = await fitOnRows(panel.prep, { model, settings, keys: ['h1'], scalerKind: 'zscore' }, { h1: { train: s.train, validation: s.validation } });
    parts.push(await predictPanel(panel, fitted, s.test));
  }
  return concat(parts);
}
