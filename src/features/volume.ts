/**
 * Volume family: on-balance volume, volume ratio, rolling VWAP distance, accumulation/distribution line,
 * Chaikin money flow.
 */
import type { Bars } from '../data/bars';
import { typicalPrice, type FeatureContext } from './context';
import { mapSeries, rollingSum, safeDiv, sma } from './rolling';

/**
 * On-balance volume (TTR `OBV`): starts at the first row's volume, then adds the volume on up closes,
 * subtracts it on down closes, adds 0 on unchanged closes. Cumulative (depends on where the series starts).
 * @param bars close, volume columns
 * @returns Float64Array of length n (shares)
 */
export function obv(bars: Pick<Bars, 'close' | 'volume'>): Float64Array {
  const { close, volume } = bars;
  const out = new Float64Array(close.length);
  if (close.length === 0) return out;
  let s = volume[0];
  out[0] = s;
  for (let i = 1; i < close.length; i++) {
    const d = close[i] - close[i - 1];
    if (d > 0) s += volume[i];
    else if (d < 0) s -= volume[i];
    out[i] = s;
  }
  return out;
}

/**
 * Close location value ((C − L) − (H − C))/(H − L) in [−1, 1]; 0 when H = L (TTR `chaikinAD` convention).
 * @param bars high, low, close columns
 * @returns Float64Array of length n
 */
export function closeLocation(bars: Pick<Bars, 'high' | 'low' | 'close'>): Float64Array {
  return mapSeries(bars.close, (c, i) => {
    const r = bars.high[i] - bars.low[i];
    return r === 0 ? 0 : (c - bars.low[i] - (bars.high[i] - c)) / r;
  });
}

/**
 * Accumulation/distribution line: cumulative sum of close-location value × volume.
 * @param bars high, low, close, volume columns
 * @returns Float64Array of length n (shares)
 */
export function accumulationDistribution(bars: Pick<Bars, 'high' | 'low' | 'close' | 'volume'>): Float64Array {
  const clv = closeLocation(bars);
  const out = new Float64Array(clv.length);
  let s = 0;
  for (let i = 0; i < clv.length; i++) {
    s += clv[i] * bars.volume[i];
    out[i] = s;
  }
  return out;
}

/**
 * Chaikin money flow: Σ(CLV·volume)/Σvolume over n rows.
 * @param bars high, low, close, volume columns
 * @param n window in rows (default 20)
 * @returns Float64Array in [−1, 1]; NaN during warm-up and when no volume traded
 */
export function chaikinMoneyFlow(bars: Pick<Bars, 'high' | 'low' | 'close' | 'volume'>, n = 20): Float64Array {
  const clv = closeLocation(bars);
  const num = rollingSum(mapSeries(clv, (c, i) => c * bars.volume[i]), n);
  const den = rollingSum(bars.volume, n);
  return mapSeries(num, (v, i) => safeDiv(v, den[i]));
}

/**
 * Rolling volume-weighted average of the typical price over n rows.
 * @param bars high, low, close, volume columns
 * @param n window in rows (default 20)
 * @returns Float64Array (price units); NaN during warm-up and when no volume traded
 */
export function rollingVwap(bars: Pick<Bars, 'high' | 'low' | 'close' | 'volume'>, n = 20): Float64Array {
  const tp = mapSeries(bars.close, (c, i) => (bars.high[i] + bars.low[i] + c) / 3);
  const num = rollingSum(mapSeries(tp, (p, i) => p * bars.volume[i]), n);
  const den = rollingSum(bars.volume, n);
  return mapSeries(num, (v, i) => safeDiv(v, den[i]));
}

/** Volume feature columns (names → values). */
export function volumeFeatures(ctx: FeatureContext): Array<[string, Float64Array]> {
  const b = ctx.bars;
  const o = obv(b);
  const vol20 = ctx.memo('volsum20', () => rollingSum(b.volume, 20));
  const volMean = sma(b.volume, 20);
  const tp = typicalPrice(ctx);
  const vwapNum = rollingSum(mapSeries(tp, (p, i) => p * b.volume[i]), 20);
  const ad = accumulationDistribution(b);
  return [
    ['obv', o],
    ['obv_change_20', mapSeries(o, (v, i) => (i >= 20 ? safeDiv(v - o[i - 20], vol20[i]) : NaN))],
    ['volume_ratio_20', mapSeries(b.volume, (v, i) => safeDiv(v, volMean[i]))],
    ['vwap_dist_20', mapSeries(b.close, (c, i) => safeDiv(c, safeDiv(vwapNum[i], vol20[i])) - 1)],
    ['ad_line', ad],
    ['ad_change_20', mapSeries(ad, (v, i) => (i >= 20 ? safeDiv(v - ad[i - 20], vol20[i]) : NaN))],
    ['cmf_20', chaikinMoneyFlow(b, 20)],
  ];
}
