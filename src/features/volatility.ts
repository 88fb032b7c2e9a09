/**
 * Volatility family: true range and ATR (Wilder), Bollinger bands (population std, as TTR),
 * Keltner and Donchian channels, rolling std of log returns, Parkinson and Garman–Klass estimators.
 */
import type { Bars } from '../data/bars';
import { emaClose, logRet1, sdClose20, smaClose, trueRangeOf, type FeatureContext } from './context';
import { rollingMax, rollingMin, rollingStd, safeDiv, sma, wilder, type Series } from './rolling';
import { addScaled, position, ratio } from './columns';

/**
 * True range: max(high, prevClose) − min(low, prevClose). NaN on the first row (no previous close), as TTR.
 * @param bars high, low, close columns
 * @returns Float64Array of length n, price units
 */
export function trueRange(bars: Pick<Bars, 'high' | 'low' | 'close'>): Float64Array {
  const { high, low, close } = bars;
  const out = new Float64Array(close.length).fill(NaN);
  for (let i = 1; i < close.length; i++) out[i] = Math.max(high[i], close[i - 1]) - Math.min(low[i], close[i - 1]);
  return out;
}

/**
 * Average true range: Wilder smoothing of the true range, seeded with the SMA of the first n true ranges.
 * @param bars high, low, close columns
 * @param n period in rows (default 14)
 * @returns Float64Array, first value at row n (price units)
 */
export function atr(bars: Pick<Bars, 'high' | 'low' | 'close'>, n = 14): Float64Array {
  return wilder(trueRange(bars), n);
}

/** Bollinger bands of one series. */
export interface BollingerBands {
  middle: Float64Array;
  upper: Float64Array;
  lower: Float64Array;
  /** (x − lower) / (upper − lower); NaN when the bands coincide. */
  pctB: Float64Array;
  /** (upper − lower) / middle. */
  width: Float64Array;
}

/**
 * Bollinger bands: SMA(n) ± k·σ with the population standard deviation (TTR `BBands` convention).
 * @param x price series (close)
 * @param n window in rows (default 20)
 * @param k band width in standard deviations (default 2)
 * @param stats `sma(x, n)` and `rollingStd(x, n)` when already computed (`middle` is then that mean, not a copy)
 * @returns middle/upper/lower/pctB/width, each length n, NaN for the first n-1 rows
 */
export function bollinger(x: Series, n = 20, k = 2, stats?: { mean: Float64Array; sd: Series }): BollingerBands {
  const middle = stats?.mean ?? sma(x, n);
  const sd = stats?.sd ?? rollingStd(x, n);
  const len = x.length;
  const upper = new Float64Array(len);
  const lower = new Float64Array(len);
  const pctB = new Float64Array(len);
  const width = new Float64Array(len);
  for (let i = 0; i < len; i++) {
    const m = middle[i];
    const ks = k * sd[i];
    const up = m + ks;
    const lo = m - ks;
    upper[i] = up;
    lower[i] = lo;
    pctB[i] = safeDiv(x[i] - lo, up - lo);
    width[i] = safeDiv(up - lo, m);
  }
  return { middle, upper, lower, pctB, width };
}

/**
 * ln(H/L) per row; NaN when either price is not positive (the input of {@link parkinsonVol} and {@link garmanKlassVol}).
 * @param bars high, low columns
 * @returns Float64Array of length n
 */
export function logRange(bars: Pick<Bars, 'high' | 'low'>): Float64Array {
  const { high, low } = bars;
  const out = new Float64Array(high.length);
  for (let i = 0; i < out.length; i++) {
    const h = high[i];
    const l = low[i];
    out[i] = h > 0 && l > 0 ? Math.log(h / l) : NaN;
  }
  return out;
}

/**
 * Parkinson volatility over n rows: sqrt(mean(ln(H/L)²) / (4 ln 2)), daily units (not annualised).
 * @param bars high, low columns
 * @param n window in rows (default 20)
 * @param hl {@link logRange} of the bars when already computed
 * @returns Float64Array, NaN for the first n-1 rows
 */
export function parkinsonVol(bars: Pick<Bars, 'high' | 'low'>, n = 20, hl: Series = logRange(bars)): Float64Array {
  const sq = new Float64Array(hl.length);
  for (let i = 0; i < sq.length; i++) sq[i] = hl[i] * hl[i];
  return parkinsonOfSquares(sq, n);
}

/** Parkinson volatility from ln(H/L)² per row (see {@link parkinsonVol}). */
function parkinsonOfSquares(sq: Series, n: number): Float64Array {
  const out = sma(sq, n);
  for (let i = 0; i < out.length; i++) out[i] = Math.sqrt(out[i] / (4 * Math.LN2));
  return out;
}

/**
 * Garman–Klass volatility over n rows: sqrt(mean(½ ln(H/L)² − (2 ln 2 − 1) ln(C/O)²)), daily units;
 * a negative mean (possible on tiny samples) is clamped to 0.
 * @param bars open, high, low, close columns
 * @param n window in rows (default 20)
 * @param hl {@link logRange} of the bars when already computed
 * @returns Float64Array, NaN for the first n-1 rows
 */
export function garmanKlassVol(bars: Pick<Bars, 'open' | 'high' | 'low' | 'close'>, n = 20, hl: Series = logRange(bars)): Float64Array {
  const c = 2 * Math.LN2 - 1;
  const { open, close } = bars;
  const term = new Float64Array(hl.length);
  for (let i = 0; i < term.length; i++) {
    const o = open[i];
    const cl = close[i];
    const r = hl[i];
    // hl is NaN unless high and low are positive
    if (!(o > 0 && cl > 0) || r !== r) {
      term[i] = NaN;
      continue;
    }
    const co = Math.log(cl / o);
    term[i] = 0.5 * r * r - c * co * co;
  }
  const out = sma(term, n);
  for (let i = 0; i < out.length; i++) out[i] = Math.sqrt(Math.max(0, out[i]));
  return out;
}

/** Volatility feature columns (names → values). */
export function volatilityFeatures(ctx: FeatureContext): Array<[string, Float64Array]> {
  const b = ctx.bars;
  const close = b.close;
  const bb = bollinger(close, 20, 2, { mean: smaClose(ctx, 20), sd: sdClose20(ctx) });
  const tr = trueRangeOf(ctx);
  const atr14 = ctx.memo('atr14', () => wilder(tr, 14));
  const atr10 = ctx.memo('atr10', () => wilder(tr, 10));
  const kMid = emaClose(ctx, 20);
  const kUp = addScaled(kMid, atr10, 2);
  const kLo = addScaled(kMid, atr10, -2);
  const dUp = ctx.memo('hh20', () => rollingMax(b.high, 20));
  const dLo = ctx.memo('ll20', () => rollingMin(b.low, 20));
  const r1 = logRet1(ctx);
  const hl = logRange(b);
  const gk = garmanKlassVol(b, 20, hl);
  for (let i = 0; i < hl.length; i++) hl[i] *= hl[i]; // ln(H/L)² in place: Parkinson's input
  return [
    ['bb_upper_20', bb.upper],
    ['bb_lower_20', bb.lower],
    ['bb_pctb_20', bb.pctB],
    ['bb_width_20', bb.width],
    ['atr_14', atr14],
    ['atr_pct_14', ratio(atr14, close, 100)],
    ['keltner_upper_20', kUp],
    ['keltner_lower_20', kLo],
    ['keltner_pos_20', position(close, kLo, kUp)],
    ['donchian_upper_20', dUp],
    ['donchian_lower_20', dLo],
    ['donchian_pos_20', position(close, dLo, dUp)],
    ['ret_std_5', rollingStd(r1, 5, { ddof: 1 })],
    ['ret_std_20', ctx.memo('retstd20', () => rollingStd(r1, 20, { ddof: 1 }))],
    ['ret_std_60', rollingStd(r1, 60, { ddof: 1 })],
    ['parkinson_vol_20', parkinsonOfSquares(hl, 20)],
    ['garman_klass_vol_20', gk],
  ];
}

