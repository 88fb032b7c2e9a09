/**
 * Momentum family: RSI (Wilder, unrounded), slow stochastic, Williams %R, rate of change, money flow index,
 * TRIX.
 */
import type { Bars } from '../data/bars';
import { typicalPrice, type FeatureContext } from './context';
import { ema, emaInto, mapSeries, rollingMax, rollingMin, rollingSum, safeDiv, sma, wilder, type Series } from './rolling';
import { position } from './columns';
import { fillDefaults } from '../util/options';

/**
 * Relative strength index (Wilder): 100·U/(U + D) with U, D the Wilder averages of up and down moves,
 * seeded with the SMA of the first n moves (TTR `RSI` default). Not rounded.
 * @param x price series (close)
 * @param n period in rows (default 14)
 * @param moves the up / down moves of x when already computed (see {@link priceMoves}); without them one pass
 *   computes the moves and both averages (same values, no intermediate columns)
 * @returns Float64Array in [0, 100], first value at row n; NaN when the price did not move at all (0/0)
 */
export function rsi(x: Series, n = 14, moves?: { up: Series; dn: Series }): Float64Array {
  if (!moves) return rsiOnePass(x, n);
  const u = wilder(moves.up, n);
  const d = wilder(moves.dn, n);
  const out = u; // reuses a scratch buffer
  for (let i = 0; i < out.length; i++) out[i] = 100 * safeDiv(u[i], u[i] + d[i]);
  return out;
}

/**
 * {@link rsi} in one pass: the moves of {@link priceMoves} and the two seeded Wilder averages of `wilder` (each
 * re-seeded after its own non-finite move), with the same operations in the same order.
 */
function rsiOnePass(x: Series, n: number): Float64Array {
  const len = x.length;
  const out = new Float64Array(len);
  const alpha = 1 / n;
  let runU = 0;
  let runD = 0;
  let seedU = 0;
  let seedD = 0;
  let kU = 0;
  let kD = 0;
  let u = NaN;
  let d = NaN;
  if (len > 0) out[0] = NaN;
  for (let i = 1; i < len; i++) {
    const dv = x[i] - x[i - 1];
    const up = dv > 0 ? dv : dv === dv ? 0 : NaN; // NaN move: both sides NaN
    const dn = dv < 0 ? -dv : dv === dv ? 0 : NaN;
    let ou = NaN;
    let od = NaN;
    if (up - up !== 0) runU = seedU = 0;
    else {
      if (++runU === 1) kU = up;
      if (runU < n) seedU += up - kU;
      else ou = u = runU === n ? kU + (seedU + (up - kU)) / n : u + alpha * (up - u);
    }
    if (dn - dn !== 0) runD = seedD = 0;
    else {
      if (++runD === 1) kD = dn;
      if (runD < n) seedD += dn - kD;
      else od = d = runD === n ? kD + (seedD + (dn - kD)) / n : d + alpha * (dn - d);
    }
    out[i] = 100 * safeDiv(ou, ou + od);
  }
  return out;
}

/**
 * Up and down moves of a series: up = max(Δx, 0), dn = max(−Δx, 0); NaN on the first row and where Δx is NaN.
 * @param x price series
 * @returns `{up, dn}`, each as long as x
 */
export function priceMoves(x: Series): { up: Float64Array; dn: Float64Array } {
  const len = x.length;
  const up = new Float64Array(len).fill(NaN);
  const dn = new Float64Array(len).fill(NaN);
  for (let i = 1; i < len; i++) {
    const d = x[i] - x[i - 1];
    up[i] = d > 0 ? d : 0;
    dn[i] = d < 0 ? -d : 0;
    if (Number.isNaN(d)) up[i] = dn[i] = NaN;
  }
  return { up, dn };
}

/** Options of {@link stochastic}. */
export interface StochasticOptions {
  /** Lookback of the highest high / lowest low (rows). Default 14. */
  n?: number;
  /** SMA smoothing of the fast %K into slow %K (rows). Default 3. */
  smoothK?: number;
  /** SMA of slow %K into %D (rows). Default 3. */
  d?: number;
}

/** Defaults of {@link StochasticOptions} (the 14/3/3 slow stochastic). */
export const stochasticDefaults: Required<StochasticOptions> = { n: 14, smoothK: 3, d: 3 };

/**
 * Slow stochastic oscillator. fastK = 100·(C − LL_n)/(HH_n − LL_n); %K = SMA(fastK, smoothK);
 * %D = SMA(%K, d). Equals TTR `stoch(HLC, nFastK=n, nFastD=smoothK, nSlowD=d)` columns fastD and slowD ×100.
 * @param bars high, low, close columns
 * @param options lookback and smoothing (default 14/3/3)
 * @param range the rolling highest high / lowest low over `n` rows when already computed
 * @returns `{fastK, k, d}` in [0, 100]; NaN when the range HH − LL is 0
 */
export function stochastic(
  bars: Pick<Bars, 'high' | 'low' | 'close'>,
  options: StochasticOptions = stochasticDefaults,
  range?: { hh: Series; ll: Series },
): { fastK: Float64Array; k: Float64Array; d: Float64Array } {
  const o = fillDefaults(stochasticDefaults, options);
  const hh = range?.hh ?? rollingMax(bars.high, o.n);
  const ll = range?.ll ?? rollingMin(bars.low, o.n);
  const fastK = position(bars.close, ll, hh, 100);
  const k = sma(fastK, o.smoothK);
  return { fastK, k, d: sma(k, o.d) };
}

/**
 * Williams %R: −100·(HH_n − C)/(HH_n − LL_n), in [−100, 0].
 * @param bars high, low, close columns
 * @param n lookback in rows (default 14)
 * @param range the rolling highest high / lowest low over `n` rows when already computed
 * @returns Float64Array, NaN for the first n-1 rows and when HH = LL
 */
export function williamsR(bars: Pick<Bars, 'high' | 'low' | 'close'>, n = 14, range?: { hh: Series; ll: Series }): Float64Array {
  const hh = range?.hh ?? rollingMax(bars.high, n);
  const ll = range?.ll ?? rollingMin(bars.low, n);
  const c = bars.close;
  const out = new Float64Array(c.length);
  for (let i = 0; i < out.length; i++) out[i] = -100 * safeDiv(hh[i] - c[i], hh[i] - ll[i]);
  return out;
}

/**
 * Rate of change in percent: 100·(x[i]/x[i−n] − 1).
 * @param x price series
 * @param n lag in rows
 * @returns Float64Array, NaN for the first n rows
 */
export function roc(x: Series, n: number): Float64Array {
  const out = new Float64Array(x.length).fill(NaN);
  for (let i = n; i < x.length; i++) out[i] = 100 * (safeDiv(x[i], x[i - n]) - 1);
  return out;
}

/**
 * Money flow index (TTR `MFI`): raw flow = TP·volume counted positive when TP rose, negative when it fell
 * (neither when unchanged); MFI = 100·ΣPos/(ΣPos + ΣNeg) over n rows. Not rounded.
 * @param bars high, low, close, volume columns
 * @param n window in rows (default 14)
 * @param tp typical price (H+L+C)/3, computed when omitted
 * @returns Float64Array in [0, 100], first value at row n; NaN when no money flowed either way
 */
export function mfi(bars: Pick<Bars, 'high' | 'low' | 'close' | 'volume'>, n = 14, tp?: Series): Float64Array {
  const t = tp ?? mapSeries(bars.close, (c, i) => (bars.high[i] + bars.low[i] + c) / 3);
  const len = t.length;
  const pos = new Float64Array(len).fill(NaN);
  const neg = new Float64Array(len).fill(NaN);
  for (let i = 1; i < len; i++) {
    const flow = t[i] * bars.volume[i];
    pos[i] = t[i] > t[i - 1] ? flow : 0;
    neg[i] = t[i] < t[i - 1] ? flow : 0;
    if (Number.isNaN(t[i] - t[i - 1]) || Number.isNaN(flow)) pos[i] = neg[i] = NaN;
  }
  const sp = rollingSum(pos, n);
  const sn = rollingSum(neg, n);
  const out = pos; // reuses a scratch buffer
  for (let i = 0; i < len; i++) out[i] = 100 * safeDiv(sp[i], sp[i] + sn[i]);
  return out;
}

/**
 * TRIX: one-row percent change of a triple EMA: 100·(E3[i]/E3[i−1] − 1), E3 = EMA(EMA(EMA(x, n), n), n).
 * @param x price series
 * @param n EMA period in rows (default 15)
 * @returns Float64Array, first value at row 3n − 2
 */
export function trix(x: Series, n = 15): Float64Array {
  const e3 = ema(x, n);
  emaInto(e3, n, e3); // the second and third EMAs in place
  emaInto(e3, n, e3);
  // the change in place too, from the last row back (row i reads rows i and i − 1, not yet overwritten)
  for (let i = e3.length - 1; i >= 1; i--) e3[i] = 100 * (safeDiv(e3[i], e3[i - 1]) - 1);
  if (e3.length > 0) e3[0] = NaN;
  return e3;
}

/** Momentum feature columns (names → values). */
export function momentumFeatures(ctx: FeatureContext): Array<[string, Float64Array]> {
  const b = ctx.bars;
  // Williams %R and the fast %K of the 14-row range in one pass, written over the range's own buffers (the same
  // expressions as williamsR and stochastic's `position`; the range is needed nowhere else)
  const hh = rollingMax(b.high, 14);
  const ll = rollingMin(b.low, 14);
  const close = b.close;
  for (let i = 0; i < hh.length; i++) {
    const h = hh[i];
    const l = ll[i];
    const c = close[i];
    hh[i] = -100 * safeDiv(h - c, h - l); // Williams %R
    ll[i] = 100 * safeDiv(c - l, h - l); // fast %K
  }
  const k = sma(ll, stochasticDefaults.smoothK);
  const st = { k, d: sma(k, stochasticDefaults.d) };
  return [
    ['rsi_7', rsi(b.close, 7)],
    ['rsi_14', ctx.memo('rsi14', () => rsi(b.close, 14))],
    ['rsi_21', rsi(b.close, 21)],
    ['stoch_k_14', st.k],
    ['stoch_d_14', st.d],
    ['williams_r_14', hh],
    ['roc_1', roc(b.close, 1)],
    ['roc_5', roc(b.close, 5)],
    ['roc_10', roc(b.close, 10)],
    ['roc_20', roc(b.close, 20)],
    ['mfi_14', mfi(b, 14, typicalPrice(ctx))],
    ['trix_15', trix(b.close, 15)],
  ];
}
