/**
 * Trend family: SMA/EMA 5-200 and price-to-MA ratios, MACD (EMA-based, explicit 12/26/9), ADX with ±DI
 * (Wilder, as TTR `ADX`), CCI (Lambert, 0.015) and Aroon.
 */
import type { Bars } from '../data/bars';
import { emaClose, smaClose, trueRangeOf, typicalPrice, type FeatureContext } from './context';
import { ema, rowsSinceExtreme, safeDiv, sma, wilder, type Series } from './rolling';
import { difference, ratio, relativeTo } from './columns';
import { trueRange } from './volatility';
import { fillDefaults } from '../util/options';

/** Options of {@link macd}. */
export interface MacdOptions {
  /** Fast EMA period (rows). Default 12. */
  fast?: number;
  /** Slow EMA period (rows). Default 26. */
  slow?: number;
  /** Signal EMA period over the MACD line (rows). Default 9. */
  signal?: number;
}

/** Defaults of {@link MacdOptions}. */
export const macdDefaults: Required<MacdOptions> = { fast: 12, slow: 26, signal: 9 };

/**
 * MACD: EMA(fast) − EMA(slow) of the price (price units, not percent), its EMA(signal), and the histogram.
 * Every EMA is seeded with the SMA of its first n inputs, so the signal starts at row slow + signal − 2.
 * @param x price series (close)
 * @param options periods (default 12/26/9)
 * @returns `{macd, signal, histogram}`, each length n
 */
export function macd(x: Series, options: MacdOptions = macdDefaults): { macd: Float64Array; signal: Float64Array; histogram: Float64Array } {
  const o = fillDefaults(macdDefaults, options);
  const f = ema(x, o.fast);
  const line = difference(f, ema(x, o.slow), f); // into the fast EMA's buffer
  const signal = ema(line, o.signal);
  return { macd: line, signal, histogram: difference(line, signal) };
}

/**
 * Wilder's running sum as TTR `wilderSum` and TA-Lib's DM/DI compute it: the sum of the first n−1 finite
 * values, then s = s·(n−1)/n + x from the n-th value on (re-seeded the same way after a NaN).
 * @param x input series (leading NaN allowed)
 * @param n period in rows
 * @returns Float64Array, first value at the n-th finite input
 */
export function wilderSum(x: Series, n: number): Float64Array {
  const out = new Float64Array(x.length).fill(NaN);
  let run = 0;
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (!Number.isFinite(v)) {
      run = 0;
      s = 0;
      continue;
    }
    run++;
    if (run < n) s += v;
    else {
      s = (s * (n - 1)) / n + v;
      out[i] = s;
    }
  }
  return out;
}

/**
 * Directional movement index (Wilder; TTR `ADX` conventions): +DM/−DM (0 when equal or both negative),
 * ±DI = 100·wilderSum(DM)/wilderSum(TR) (see {@link wilderSum} for the seed), DX = 100·|+DI − −DI|/(+DI + −DI), ADX = Wilder(DX).
 * @param bars high, low, close columns
 * @param n period in rows (default 14)
 * @param tr the true range when already computed (see `trueRange`)
 * @returns `{plusDI, minusDI, dx, adx}`; ±DI start at row n, ADX at row 2n − 1; 0/0 gives NaN
 */
export function adx(bars: Pick<Bars, 'high' | 'low' | 'close'>, n = 14, tr0?: Series): { plusDI: Float64Array; minusDI: Float64Array; dx: Float64Array; adx: Float64Array } {
  const { high, low } = bars;
  const len = high.length;
  const tr = tr0 ?? trueRange(bars);
  const plusDI = new Float64Array(len);
  const minusDI = new Float64Array(len);
  const dx = new Float64Array(len);
  // one pass: the three Wilder sums of {@link wilderSum} (TR, +DM, −DM; each restarts after its own non-finite
  // value) and the ratios, without the six intermediate columns
  let runT = 0;
  let runP = 0;
  let runM = 0;
  let sT = 0;
  let sP = 0;
  let sM = 0;
  for (let i = 0; i < len; i++) {
    let t = NaN;
    const v = tr[i];
    if (v - v !== 0) runT = sT = 0;
    else if (++runT < n) sT += v;
    else t = sT = (sT * (n - 1)) / n + v;
    let p = NaN;
    let m = NaN;
    if (i === 0) runP = runM = sP = sM = 0; // no previous bar: ±DM NaN
    else {
      const up = high[i] - high[i - 1];
      const dn = low[i - 1] - low[i];
      const none = up === dn || (up < 0 && dn < 0);
      const pdm = none ? 0 : up > dn ? up : 0;
      const mdm = none ? 0 : dn > up ? dn : 0;
      if (pdm - pdm !== 0) runP = sP = 0;
      else if (++runP < n) sP += pdm;
      else p = sP = (sP * (n - 1)) / n + pdm;
      if (mdm - mdm !== 0) runM = sM = 0;
      else if (++runM < n) sM += mdm;
      else m = sM = (sM * (n - 1)) / n + mdm;
    }
    const pdi = 100 * safeDiv(p, t);
    const mdi = 100 * safeDiv(m, t);
    plusDI[i] = pdi;
    minusDI[i] = mdi;
    dx[i] = 100 * safeDiv(Math.abs(pdi - mdi), pdi + mdi);
  }
  return { plusDI, minusDI, dx, adx: wilder(dx, n) };
}

/**
 * Commodity channel index: (TP − SMA(TP)) / (c · mean |TP − SMA(TP)|) over n rows, TP = (H+L+C)/3.
 * @param tp typical price series
 * @param n window in rows (default 20)
 * @param c Lambert's constant (default 0.015)
 * @returns Float64Array, NaN for the first n-1 rows and when the mean deviation is 0
 */
export function cci(tp: Series, n = 20, c = 0.015): Float64Array {
  const len = tp.length;
  const out = new Float64Array(len).fill(NaN);
  let lastNaN = -1;
  for (let i = 0; i < len; i++) {
    if (!Number.isFinite(tp[i])) lastNaN = i;
    if (i < n - 1 || lastNaN > i - n) continue;
    // mean of the window computed on data shifted by its first value, so a flat window gives exactly 0 deviation
    const a = i - n + 1;
    const k0 = tp[a];
    if (i + 1 < len && Number.isFinite(tp[i + 1])) {
      // rows i and i + 1 together: each sum keeps its own order (same values), and the two independent chains of
      // additions run side by side (a row's sums are bound by the latency of one addition after another)
      const k1 = tp[a + 1];
      let s0 = 0;
      let s1 = 0;
      for (let j = a; j <= i; j++) {
        s0 += tp[j] - k0;
        s1 += tp[j + 1] - k1;
      }
      const m0 = k0 + s0 / n;
      const m1 = k1 + s1 / n;
      let d0 = 0;
      let d1 = 0;
      for (let j = a; j <= i; j++) {
        d0 += Math.abs(tp[j] - m0);
        d1 += Math.abs(tp[j + 1] - m1);
      }
      out[i] = safeDiv(tp[i] - m0, (c * d0) / n);
      out[i + 1] = safeDiv(tp[i + 1] - m1, (c * d1) / n);
      i++;
      continue;
    }
    let s = 0;
    for (let j = a; j <= i; j++) s += tp[j] - k0;
    const m = k0 + s / n;
    let dev = 0;
    for (let j = a; j <= i; j++) dev += Math.abs(tp[j] - m);
    out[i] = safeDiv(tp[i] - m, (c * dev) / n);
  }
  return out;
}

/**
 * Aroon up/down: 100·(n − rows since the highest high / lowest low within the last n + 1 rows)/n.
 * @param bars high, low columns
 * @param n lookback in rows (default 25)
 * @returns `{up, down, oscillator}` in [0, 100] / [−100, 100], first value at row n
 */
export function aroon(bars: Pick<Bars, 'high' | 'low'>, n = 25): { up: Float64Array; down: Float64Array; oscillator: Float64Array } {
  const up = rowsSinceExtreme(bars.high, n + 1, { which: 'max' });
  const down = rowsSinceExtreme(bars.low, n + 1, { which: 'min' });
  for (let i = 0; i < up.length; i++) {
    up[i] = (100 * (n - up[i])) / n;
    down[i] = (100 * (n - down[i])) / n;
  }
  return { up, down, oscillator: difference(up, down) };
}

/** Moving-average periods of the trend family. */
export const MA_PERIODS = [5, 10, 20, 50, 200] as const;

/** Trend feature columns (names → values). */
export function trendFeatures(ctx: FeatureContext): Array<[string, Float64Array]> {
  const close = ctx.bars.close;
  const cols: Array<[string, Float64Array]> = [];
  for (const p of MA_PERIODS) cols.push([`sma_${p}`, smaClose(ctx, p)]);
  for (const p of MA_PERIODS) cols.push([`ema_${p}`, emaClose(ctx, p)]);
  for (const p of MA_PERIODS) {
    const m = smaClose(ctx, p);
    cols.push([`close_to_sma_${p}`, relativeTo(close, m)]);
  }
  for (const p of MA_PERIODS) {
    const m = emaClose(ctx, p);
    cols.push([`close_to_ema_${p}`, relativeTo(close, m)]);
  }
  const md = macd(close, macdDefaults);
  cols.push(['macd', md.macd], ['macd_signal', md.signal], ['macd_hist', md.histogram]);
  cols.push(['macd_hist_pct', ratio(md.histogram, close, 100)]);
  const d = ctx.memo('adx14', () => adx(ctx.bars, 14, trueRangeOf(ctx)));
  cols.push(['adx_14', d.adx], ['plus_di_14', d.plusDI], ['minus_di_14', d.minusDI]);
  cols.push(['cci_20', cci(typicalPrice(ctx), 20)]);
  const a = aroon(ctx.bars, 25);
  cols.push(['aroon_up_25', a.up], ['aroon_down_25', a.down], ['aroon_osc_25', a.oscillator]);
  return cols;
}
