/**
 * All labels of one symbol in one call: every enabled horizon, the 20-day realized-vol target and the
 * current-regime labels, plus a flat column view for CSV output and datasets.
 */
import type { Bars } from '../data/bars';
import { inputError } from '../util/errors';
import { forwardLabelDefaults, forwardLabels, rollingVolTarget, type ForwardLabelOptions, type HorizonLabels, type LabelColumn } from './forward';
import { regimeLabels, type RegimeOptions } from '../features/regime-rules';
import { fillDefaults } from '../util/options';

/** Options of {@link buildLabels}. */
export interface BuildLabelsOptions extends ForwardLabelOptions {
  /** Horizons in trading days (config `horizons.enabled`). Default [1, 7, 30]. */
  horizons?: number[];
  /** Regime rule options. */
  regime?: RegimeOptions;
}

/** Defaults of {@link BuildLabelsOptions}. */
export const buildLabelsDefaults: Readonly<BuildLabelsOptions> = { ...forwardLabelDefaults, horizons: [1, 7, 30], regime: {} };

/** Every label of one symbol, aligned to its bars. */
export interface LabelSet {
  symbol: string;
  dates: Int32Array;
  horizons: number[];
  /** Labels per horizon, keyed `h1`, `h7`, … (the head names of multi-output models). */
  byHorizon: Record<string, HorizonLabels>;
  /** Seed 003 volatility target (20-day rolling std one day ahead), ends at t+1. */
  volTarget20: LabelColumn;
  /** Current regime from data up to t (0 bull, 1 bear, 2 sideways, 3 high_vol); ends at t itself. */
  regime: Float64Array;
}

/**
 * Computes labels for every horizon plus the volatility and regime targets.
 * @param bars input bars (never mutated)
 * @param options horizons (default 1, 7, 30), neutral band (default 0.001·√h), realized-vol mean, regime rules
 * @returns LabelSet, every array as long as the bars
 * @throws InputError on a horizon that is not a positive integer or a repeated horizon
 */
export function buildLabels(bars: Bars, options: BuildLabelsOptions = buildLabelsDefaults): LabelSet {
  const o = fillDefaults(buildLabelsDefaults, options);
  const horizons = o.horizons ?? [1, 7, 30];
  if (new Set(horizons).size !== horizons.length) throw inputError({ key: 'horizons.enabled' }, 'distinct horizons', JSON.stringify(horizons));
  const byHorizon: Record<string, HorizonLabels> = {};
  for (const h of horizons) byHorizon[`h${h}`] = forwardLabels(bars, h, o);
  return {
    symbol: bars.symbol,
    dates: bars.dates,
    horizons: horizons.slice(),
    byHorizon,
    volTarget20: rollingVolTarget(bars, 20),
    regime: regimeLabels(bars, o.regime ?? {}).regime,
  };
}

/**
 * Flat named columns of a label set (for CSV output or `frameToDataset` targets):
 * `dir_h{h}`, `ternary_h{h}`, `logret_h{h}`, `rvol_h{h}`, `end_index_h{h}` per horizon, then
 * `vol_target_20` and `regime_label`. End indices are −1 where unknown.
 * @param labels a label set
 * @returns `[name, values]` pairs, each as long as the bars
 */
export function labelColumns(labels: LabelSet): Array<[string, Float64Array]> {
  const cols: Array<[string, Float64Array]> = [];
  for (const h of labels.horizons) {
    const l = labels.byHorizon[`h${h}`];
    cols.push([`dir_h${h}`, l.direction], [`ternary_h${h}`, l.ternary], [`logret_h${h}`, l.logReturn], [`rvol_h${h}`, l.realizedVol]);
    cols.push([`end_index_h${h}`, Float64Array.from(l.endIndex)]);
  }
  cols.push(['vol_target_20', labels.volTarget20.values], ['regime_label', labels.regime]);
  return cols;
}

/**
 * What a run learns per horizon h: `binary` direction, `ternary` direction with a neutral band, `regression`
 * the forward log return ln(close[t+h] / close[t]), `volatility` the forward realised volatility
 * √(mean of r² over t+1..t+h) of daily log returns r (daily units, not annualised; h = 1 gives |r[t+1]|).
 */
export type RunTask = 'binary' | 'ternary' | 'regression' | 'volatility';

/**
 * True for the tasks whose target is a value (`regression`, `volatility`) rather than a class.
 * @param task run task
 * @returns boolean
 */
export function isValueTask(task: string): task is 'regression' | 'volatility' {
  return task === 'regression' || task === 'volatility';
}

/** Options of {@link labelTarget}. */
export interface LabelTargetOptions {
  /** Horizon in trading days; must be one of the label set's horizons. Default 1. */
  horizon?: number;
  /** `binary` → direction, `ternary` → ternary classes, `regression` → forward log return, `volatility` → forward realised vol. Default `binary`. */
  task?: RunTask;
}

/** Defaults of {@link LabelTargetOptions}. */
export const labelTargetDefaults: Required<LabelTargetOptions> = { horizon: 1, task: 'binary' };

/**
 * The target column a model of `task` learns for `horizon`, with the end rows/dates used for purging.
 * @param labels a label set from {@link buildLabels}
 * @param options horizon (default 1) and task (default binary)
 * @returns LabelColumn aligned to the bars (values NaN where unknown; shares arrays with the label set)
 * @throws InputError when the horizon was not computed
 */
export function labelTarget(labels: LabelSet, options: LabelTargetOptions = labelTargetDefaults): LabelColumn {
  const o = fillDefaults(labelTargetDefaults, options);
  const l = labels.byHorizon[`h${o.horizon}`];
  if (!l) throw inputError({ key: 'horizon' }, `one of the computed horizons ${labels.horizons.join(', ')}`, String(o.horizon));
  const values = o.task === 'binary' ? l.direction : o.task === 'ternary' ? l.ternary : o.task === 'volatility' ? l.realizedVol : l.logReturn;
  return { values, endIndex: l.endIndex, endDate: l.endDate };
}
