/**
 * Volume family: on-balance volume, volume ratio, rolling VWAP distance, accumulation/distribution line,
 * Chaikin money flow.
 */
import type { Bars } from '../data/bars';
import { smaVolume20, typicalPrice, type FeatureContext } from './context';
import { rollingSum, safeDiv, type Series } from './rolling';
import { ratio } from './columns';

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
  const { high, low, close } = bars;
  const out = new Float64Array(close.length);
  for (let i = 0; i < out.length; i++) {
    const c = close[i];
    const r = high[i] - low[i];
    out[i] = r === 0 ? 0 : (c - low[i] - (high[i] - c)) / r;
  }
  return out;
}

/**
 * Accumulation/distribution line: cumulative sum of close-location value × volume.
 * @param bars high, low, close, volume columns
 * @param flow close-location value × volume per row when already computed (see {@link moneyFlow})
 * @returns Float64Array of length n (shares)
 */
export function accumulationDistribution(bars: Pick<Bars, 'high' | 'low' | 'close' | 'volume'>, flow: Series = moneyFlow(bars)): Float64Array {
  const out = new Float64Array(flow.length);
  let s = 0;
  for (let i = 0; i < flow.length; i++) {
    s += flow[i];
    out[i] = s;
  }
  return out;
}

/**
 * Money flow volume: close-location value × volume per row.
 * @param bars high, low, close, volume columns
 * @returns Float64Array of length n (shares)
 */
export function moneyFlow(bars: Pick<Bars, 'high' | 'low' | 'close' | 'volume'>): Float64Array {
  const flow = closeLocation(bars);
  for (let i = 0; i < flow.length; i++) flow[i] *= bars.volume[i];
  return flow;
}

/**
 * Chaikin money flow: Σ(CLV·volume)/Σvolume over n rows.
 * @param bars high, low, close, volume columns
 * @param n window in rows (default 20)
 * @param shared {@link moneyFlow} and the rolling n-row volume sum when already computed
 * @returns Float64Array in [−1, 1]; NaN during warm-up and when no volume traded
 */
export function chaikinMoneyFlow(bars: Pick<Bars, 'high' | 'low' | 'close' | 'volume'>, n = 20, shared?: { flow: Series; volumeSum: Series }): Float64Array {
  const flowSum = rollingSum(shared?.flow ?? moneyFlow(bars), n);
  return ratio(flowSum, shared?.volumeSum ?? rollingSum(bars.volume, n), 1, flowSum);
}

/**
 * Rolling volume-weighted average of the typical price over n rows.
 * @param bars high, low, close, volume columns
 * @param n window in rows (default 20)
 * @returns Float64Array (price units); NaN during warm-up and when no volume traded
 */
export function rollingVwap(bars: Pick<Bars, 'high' | 'low' | 'close' | 'volume'>, n = 20): Float64Array {
  return ratio(rollingSum(priceVolume(bars), n), rollingSum(bars.volume, n));
}

/** Typical price × volume per row ((H + L + C)/3 · V), computed from the bars or from a given typical price. */
function priceVolume(bars: Pick<Bars, 'high' | 'low' | 'close' | 'volume'>, tp?: Series): Float64Array {
  const { high, low, close, volume } = bars;
  const out = new Float64Array(close.length);
  if (tp) for (let i = 0; i < out.length; i++) out[i] = tp[i] * volume[i];
  else for (let i = 0; i < out.length; i++) out[i] = ((high[i] + low[i] + close[i]) / 3) * volume[i];
  return out;
}

/** `(x[i] − x[i−20]) / Σvolume₂₀` (NaN for the first 20 rows). */
function change20(x: Float64Array, vol20: Float64Array): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < out.length; i++) out[i] = i >= 20 ? safeDiv(x[i] - x[i - 20], vol20[i]) : NaN;
  return out;
}

/** Volume feature columns (names → values). */
export function volumeFeatures(ctx: FeatureContext): Array<[string, Float64Array]> {
  const b = ctx.bars;
  const o = obv(b);
  const vol20 = ctx.memo('volsum20', () => rollingSum(b.volume, 20));
  const volMean = smaVolume20(ctx);
  const tp = typicalPrice(ctx);
  const vwapNum = rollingSum(priceVolume(b, tp), 20);
  const flow = moneyFlow(b);
  const ad = accumulationDistribution(b, flow);
  const vwapDist = vwapNum; // reuses the numerator's buffer
  for (let i = 0; i < vwapDist.length; i++) vwapDist[i] = safeDiv(b.close[i], safeDiv(vwapNum[i], vol20[i])) - 1;
  return [
    ['obv', o],
    ['obv_change_20', change20(o, vol20)],
    ['volume_ratio_20', ratio(b.volume, volMean)],
    ['vwap_dist_20', vwapDist],
    ['ad_line', ad],
    ['ad_change_20', change20(ad, vol20)],
    ['cmf_20', chaikinMoneyFlow(b, 20, { flow, volumeSum: vol20 })],
  ];
}
