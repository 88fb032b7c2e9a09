/**
 * Pattern family: distance to rolling highs/lows, breakout flags, higher-high / lower-low counts,
 * candle body and shadow ratios, overnight gap.
 */
import type { Bars } from '../data/bars';
import type { FeatureContext } from './context';
import { lag, mapSeries, rollingMax, rollingMin, rollingSum, safeDiv } from './rolling';

/**
 * Breakout flags: 1 when the close exceeds the highest high of the previous n rows (up) or falls below
 * the lowest low of the previous n rows (down), else 0. The current row's own high/low is not in the window.
 * @param bars high, low, close columns
 * @param n lookback in rows (default 20)
 * @returns `{up, down}` of 0/1, NaN for the first n rows
 */
export function breakouts(bars: Pick<Bars, 'high' | 'low' | 'close'>, n = 20): { up: Float64Array; down: Float64Array } {
  const prevHigh = lag(rollingMax(bars.high, n), 1);
  const prevLow = lag(rollingMin(bars.low, n), 1);
  const up = mapSeries(bars.close, (c, i) => (Number.isNaN(prevHigh[i]) || Number.isNaN(c) ? NaN : c > prevHigh[i] ? 1 : 0));
  const down = mapSeries(bars.close, (c, i) => (Number.isNaN(prevLow[i]) || Number.isNaN(c) ? NaN : c < prevLow[i] ? 1 : 0));
  return { up, down };
}

/**
 * Counts, over the last n rows, of higher highs (high > previous high) and lower lows (low < previous low).
 * @param bars high, low columns
 * @param n window in rows (default 10)
 * @returns `{higherHighs, lowerLows}` in [0, n], first value at row n
 */
export function highLowCounts(bars: Pick<Bars, 'high' | 'low'>, n = 10): { higherHighs: Float64Array; lowerLows: Float64Array } {
  const hh = mapSeries(bars.high, (h, i) => (i === 0 || Number.isNaN(h - bars.high[i - 1]) ? NaN : h > bars.high[i - 1] ? 1 : 0));
  const ll = mapSeries(bars.low, (l, i) => (i === 0 || Number.isNaN(l - bars.low[i - 1]) ? NaN : l < bars.low[i - 1] ? 1 : 0));
  return { higherHighs: rollingSum(hh, n), lowerLows: rollingSum(ll, n) };
}

/**
 * Candle anatomy as fractions of the day's range H − L: body (C − O)/(H − L) in [−1, 1], upper shadow
 * (H − max(O, C))/(H − L), lower shadow (min(O, C) − L)/(H − L). NaN when H = L.
 * @param bars open, high, low, close columns
 * @returns `{body, upperShadow, lowerShadow}`, each length n
 */
export function candleRatios(bars: Pick<Bars, 'open' | 'high' | 'low' | 'close'>): { body: Float64Array; upperShadow: Float64Array; lowerShadow: Float64Array } {
  const { open, high, low, close } = bars;
  const range = mapSeries(high, (h, i) => h - low[i]);
  return {
    body: mapSeries(close, (c, i) => safeDiv(c - open[i], range[i])),
    upperShadow: mapSeries(close, (c, i) => safeDiv(high[i] - Math.max(open[i], c), range[i])),
    lowerShadow: mapSeries(close, (c, i) => safeDiv(Math.min(open[i], c) - low[i], range[i])),
  };
}

/** Pattern feature columns (names → values). */
export function patternFeatures(ctx: FeatureContext): Array<[string, Float64Array]> {
  const b = ctx.bars;
  const close = b.close;
  const hh20 = ctx.memo('hh20', () => rollingMax(b.high, 20));
  const ll20 = ctx.memo('ll20', () => rollingMin(b.low, 20));
  const hh60 = rollingMax(b.high, 60);
  const ll60 = rollingMin(b.low, 60);
  const dist = (ref: Float64Array): Float64Array => mapSeries(close, (c, i) => safeDiv(c, ref[i]) - 1);
  const br = breakouts(b, 20);
  const hl = highLowCounts(b, 10);
  const cr = candleRatios(b);
  return [
    ['dist_high_20', dist(hh20)],
    ['dist_low_20', dist(ll20)],
    ['dist_high_60', dist(hh60)],
    ['dist_low_60', dist(ll60)],
    ['breakout_up_20', br.up],
    ['breakout_down_20', br.down],
    ['higher_highs_10', hl.higherHighs],
    ['lower_lows_10', hl.lowerLows],
    ['candle_body', cr.body],
    ['candle_upper_shadow', cr.upperShadow],
    ['candle_lower_shadow', cr.lowerShadow],
    ['gap_open', mapSeries(b.open, (o, i) => (i === 0 ? NaN : safeDiv(o, close[i - 1]) - 1))],
  ];
}
