/**
 * Pattern family: distance to rolling highs/lows, breakout flags, higher-high / lower-low counts,
 * candle body and shadow ratios, overnight gap.
 */
import type { Bars } from '../data/bars';
import type { FeatureContext } from './context';
import { rollingMax, rollingMin, safeDiv, type Series } from './rolling';
import { relativeTo } from './columns';

/**
 * Breakout flags: 1 when the close exceeds the highest high of the previous n rows (up) or falls below
 * the lowest low of the previous n rows (down), else 0. The current row's own high/low is not in the window.
 * @param bars high, low, close columns
 * @param n lookback in rows (default 20)
 * @param range the rolling highest high / lowest low over `n` rows (current row included) when already computed
 * @returns `{up, down}` of 0/1, NaN for the first n rows
 */
export function breakouts(bars: Pick<Bars, 'high' | 'low' | 'close'>, n = 20, range?: { hh: Series; ll: Series }): { up: Float64Array; down: Float64Array } {
  const hh = range?.hh ?? rollingMax(bars.high, n);
  const ll = range?.ll ?? rollingMin(bars.low, n);
  const close = bars.close;
  const len = close.length;
  const up = new Float64Array(len);
  const down = new Float64Array(len);
  up[0] = down[0] = NaN;
  for (let i = 1; i < len; i++) {
    const c = close[i];
    const ph = hh[i - 1];
    const pl = ll[i - 1];
    up[i] = Number.isNaN(ph) || Number.isNaN(c) ? NaN : c > ph ? 1 : 0;
    down[i] = Number.isNaN(pl) || Number.isNaN(c) ? NaN : c < pl ? 1 : 0;
  }
  return { up, down };
}

/**
 * Counts, over the last n rows, of higher highs (high > previous high) and lower lows (low < previous low).
 * @param bars high, low columns
 * @param n window in rows (default 10)
 * @returns `{higherHighs, lowerLows}` in [0, n], first value at row n
 */
export function highLowCounts(bars: Pick<Bars, 'high' | 'low'>, n = 10): { higherHighs: Float64Array; lowerLows: Float64Array } {
  return { higherHighs: risingCount(bars.high, n, 1), lowerLows: risingCount(bars.low, n, -1) };
}

/**
 * Rolling count over n rows of the rows where x rose (`dir` 1: x[j] > x[j−1]) or fell (`dir` −1), counted directly:
 * the same integers as a rolling sum of 0/1 flags (exact), NaN for windows holding a row whose change is NaN
 * (the first row, a NaN price) — without the flag column.
 */
function risingCount(x: Series, n: number, dir: 1 | -1): Float64Array {
  const len = x.length;
  const out = new Float64Array(len);
  let count = 0;
  let lastBad = 0; // the last row whose change is NaN (row 0 has none)
  for (let i = 0; i < len; i++) {
    const d = i === 0 ? NaN : dir * (x[i] - x[i - 1]);
    if (d !== d) {
      lastBad = i;
      count = 0;
      out[i] = NaN;
      continue;
    }
    if (d > 0) count++;
    if (i - n > lastBad) {
      const j = i - n;
      if (dir * (x[j] - x[j - 1]) > 0) count--;
    }
    out[i] = i - lastBad >= n ? count : NaN;
  }
  return out;
}

/**
 * Candle anatomy as fractions of the day's range H − L: body (C − O)/(H − L) in [−1, 1], upper shadow
 * (H − max(O, C))/(H − L), lower shadow (min(O, C) − L)/(H − L). NaN when H = L.
 * @param bars open, high, low, close columns
 * @returns `{body, upperShadow, lowerShadow}`, each length n
 */
export function candleRatios(bars: Pick<Bars, 'open' | 'high' | 'low' | 'close'>): { body: Float64Array; upperShadow: Float64Array; lowerShadow: Float64Array } {
  const { open, high, low, close } = bars;
  const len = close.length;
  const body = new Float64Array(len);
  const upperShadow = new Float64Array(len);
  const lowerShadow = new Float64Array(len);
  for (let i = 0; i < len; i++) {
    const c = close[i];
    const range = high[i] - low[i];
    body[i] = safeDiv(c - open[i], range);
    upperShadow[i] = safeDiv(high[i] - Math.max(open[i], c), range);
    lowerShadow[i] = safeDiv(Math.min(open[i], c) - low[i], range);
  }
  return { body, upperShadow, lowerShadow };
}

/** Pattern feature columns (names → values). */
export function patternFeatures(ctx: FeatureContext): Array<[string, Float64Array]> {
  const b = ctx.bars;
  const close = b.close;
  const hh20 = ctx.memo('hh20', () => rollingMax(b.high, 20));
  const ll20 = ctx.memo('ll20', () => rollingMin(b.low, 20));
  const dist = (ref: Float64Array): Float64Array => relativeTo(close, ref);
  const hh60 = rollingMax(b.high, 60);
  const ll60 = rollingMin(b.low, 60);
  const br = breakouts(b, 20, { hh: hh20, ll: ll20 });
  const gap = new Float64Array(close.length);
  for (let i = 0; i < gap.length; i++) gap[i] = i === 0 ? NaN : safeDiv(b.open[i], close[i - 1]) - 1;
  const hl = highLowCounts(b, 10);
  const cr = candleRatios(b);
  return [
    ['dist_high_20', dist(hh20)],
    ['dist_low_20', dist(ll20)],
    ['dist_high_60', relativeTo(close, hh60, hh60)], // into the extreme's own buffer (used nowhere else)
    ['dist_low_60', relativeTo(close, ll60, ll60)],
    ['breakout_up_20', br.up],
    ['breakout_down_20', br.down],
    ['higher_highs_10', hl.higherHighs],
    ['lower_lows_10', hl.lowerLows],
    ['candle_body', cr.body],
    ['candle_upper_shadow', cr.upperShadow],
    ['candle_lower_shadow', cr.lowerShadow],
    ['gap_open', gap],
  ];
}
