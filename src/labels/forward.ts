/**
 * Forward-looking labels for horizon h (rows = trading days): direction (binary and ternary), forward log
 * return and forward realized volatility. The label at row t uses closes t … t+h only (returns t+1 … t+h),
 * and records its end row t+h and end date so evaluation can purge overlapping samples.
 * The last h rows have no label: NaN values, endIndex and endDate −1.
 */
import type { Bars } from '../data/bars';
import { inputError } from '../util/errors';
import { fillDefaults } from '../util/options';

/** Labels of one horizon, all aligned to the bars' rows. */
export interface HorizonLabels {
  /** Horizon in trading days (rows). */
  horizon: number;
  /** Neutral band used for the ternary label (simple return, already scaled for this horizon). */
  band: number;
  /** 1 if close[t+h] > close[t] ("up"), 0 otherwise ("not up": down or unchanged); NaN unknown. */
  direction: Float64Array;
  /** 2 up (return > band), 0 down (return < −band), 1 neutral (within ±band); NaN unknown. Return = close[t+h]/close[t] − 1. */
  ternary: Float64Array;
  /** ln(close[t+h] / close[t]); NaN unknown. */
  logReturn: Float64Array;
  /** Realized volatility of the daily log returns t+1 … t+h (see {@link ForwardLabelOptions.volMean}); NaN unknown. */
  realizedVol: Float64Array;
  /** Row index t+h where the label ends, −1 when unknown. */
  endIndex: Int32Array;
  /** Trading day of row t+h (days since epoch), −1 when unknown. */
  endDate: Int32Array;
}

/** Options of {@link forwardLabels}. */
export interface ForwardLabelOptions {
  /** Neutral band of the ternary label for h = 1, as a simple return. Default 0.001 (±0.1 %). */
  neutralBand?: number;
  /** How the band grows with the horizon: `sqrt` (band·√h, default) or `none` (same band for every h). */
  bandScaling?: 'sqrt' | 'none';
  /**
   * Mean used by the realized volatility: `zero` (default) sqrt(Σr²/h), the usual realized-vol convention,
   * defined for h = 1 (= |r|); `sample` the sample std (mean removed, divisor h − 1), NaN for h = 1.
   */
  volMean?: 'zero' | 'sample';
}

/** Defaults of {@link ForwardLabelOptions}. */
export const forwardLabelDefaults: Required<ForwardLabelOptions> = { neutralBand: 0.001, bandScaling: 'sqrt', volMean: 'zero' };

/**
 * Direction, ternary, forward log return and forward realized volatility for one horizon.
 * @param bars close and dates columns
 * @param h horizon in rows (integer ≥ 1)
 * @param options neutral band, its scaling, realized-vol mean (see {@link forwardLabelDefaults})
 * @returns HorizonLabels, every array as long as the bars
 * @throws InputError when h is not a positive integer
 */
export function forwardLabels(bars: Pick<Bars, 'close' | 'dates'>, h: number, options: ForwardLabelOptions = forwardLabelDefaults): HorizonLabels {
  if (!Number.isInteger(h) || h < 1) throw inputError({ key: 'horizons.enabled' }, 'a horizon as a whole number of trading days >= 1', String(h));
  const o = fillDefaults(forwardLabelDefaults, options);
  const close = bars.close;
  const n = close.length;
  const band = o.bandScaling === 'sqrt' ? o.neutralBand * Math.sqrt(h) : o.neutralBand;
  const nan = (): Float64Array => new Float64Array(n).fill(NaN);
  const out: HorizonLabels = {
    horizon: h,
    band,
    direction: nan(),
    ternary: nan(),
    logReturn: nan(),
    realizedVol: nan(),
    endIndex: new Int32Array(n).fill(-1),
    endDate: new Int32Array(n).fill(-1),
  };
  for (let t = 0; t + h < n; t++) {
    const a = close[t];
    const b = close[t + h];
    out.endIndex[t] = t + h;
    out.endDate[t] = bars.dates[t + h];
    if (!(a > 0 && b > 0)) continue;
    const simple = b / a - 1;
    out.direction[t] = b > a ? 1 : 0;
    out.ternary[t] = simple > band ? 2 : simple < -band ? 0 : 1;
    out.logReturn[t] = Math.log(b / a);
    out.realizedVol[t] = realizedVol(close, t + 1, t + h, o.volMean);
  }
  return out;
}

/** Realized vol of daily log returns ending at rows from..to (return at row j = ln(c[j]/c[j−1])). */
function realizedVol(close: ArrayLike<number>, from: number, to: number, mean: 'zero' | 'sample'): number {
  const m = to - from + 1;
  let s = 0;
  let ss = 0;
  for (let j = from; j <= to; j++) {
    const r = Math.log(close[j] / close[j - 1]);
    s += r;
    ss += r * r;
  }
  if (!Number.isFinite(ss)) return NaN;
  if (mean === 'zero') return Math.sqrt(ss / m);
  if (m < 2) return NaN;
  const mu = s / m;
  let v = 0;
  for (let j = from; j <= to; j++) {
    const d = Math.log(close[j] / close[j - 1]) - mu;
    v += d * d;
  }
  return Math.sqrt(v / (m - 1));
}

/** A label column with its end row and end date (−1 when unknown). */
export interface LabelColumn {
  values: Float64Array;
  endIndex: Int32Array;
  endDate: Int32Array;
}

/**
 * Shifts a per-row series forward by h rows so it can serve as a target: out[t] = x[t+h], ending at t+h
 * (e.g. "regime in h days" from the current-regime labels).
 * @param x series aligned to the bars (e.g. regime codes)
 * @param dates trading days of the bars
 * @param h shift in rows (≥ 1)
 * @returns LabelColumn; the last h rows are NaN / −1
 */
export function shiftLabels(x: ArrayLike<number>, dates: Int32Array, h: number): LabelColumn {
  if (!Number.isInteger(h) || h < 1) throw inputError({ key: 'horizon' }, 'a shift as a whole number of rows >= 1', String(h));
  const n = x.length;
  const values = new Float64Array(n).fill(NaN);
  const endIndex = new Int32Array(n).fill(-1);
  const endDate = new Int32Array(n).fill(-1);
  for (let t = 0; t + h < n; t++) {
    values[t] = x[t + h];
    endIndex[t] = t + h;
    endDate[t] = dates[t + h];
  }
  return { values, endIndex, endDate };
}

/**
 * Seed 003's volatility target: the 20-day rolling standard deviation of daily log returns (sample std)
 * one day ahead, i.e. the std over the returns of rows t−18 … t+1. Only the return of row t+1 is unknown
 * at t, so "yesterday's value" (the same statistic at t) is the naive baseline this target is judged by.
 * @param bars close and dates columns
 * @param window window in rows (default 20)
 * @returns LabelColumn with endIndex t+1; NaN / −1 where the window is incomplete or t+1 is past the end
 */
export function rollingVolTarget(bars: Pick<Bars, 'close' | 'dates'>, window = 20): LabelColumn {
  const close = bars.close;
  const n = close.length;
  const values = new Float64Array(n).fill(NaN);
  const endIndex = new Int32Array(n).fill(-1);
  const endDate = new Int32Array(n).fill(-1);
  for (let t = 0; t + 1 < n; t++) {
    endIndex[t] = t + 1;
    endDate[t] = bars.dates[t + 1];
    const last = t + 1;
    const first = last - window + 1;
    if (first < 1) continue;
    values[t] = realizedVol(close, first, last, 'sample');
  }
  return { values, endIndex, endDate };
}
