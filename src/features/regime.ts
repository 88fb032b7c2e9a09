/**
 * Regime family (features, data up to t only): 50/200 MA spread and cross, the volatility level
 * (a VIX series when the bars carry one, else a realized-volatility stand-in on the VIX scale) and its
 * percentile against its own trailing history.
 */
import type { Bars } from '../data/bars';
import { inputError } from '../util/errors';
import { smaClose, type FeatureContext } from './context';
import { logReturn, rollingStd } from './rolling';
import { relativeTo } from './columns';
import { fillDefaults } from '../util/options';

/** Options of {@link volatilityLevel}. */
export interface VolatilityLevelOptions {
  /**
   * Where the level comes from: `vix` uses `bars.extra[vixKey]` (error if missing), `realized` the stand-in,
   * `auto` (default) the VIX series when present, else the stand-in.
   */
  source?: 'auto' | 'vix' | 'realized';
  /** Key of the VIX series in `bars.extra`. Default `vix`. */
  vixKey?: string;
  /** Window of the realized-vol stand-in in rows. Default 20. */
  window?: number;
  /** Trading days per year used to annualise. Default 252. */
  periodsPerYear?: number;
}

/** Defaults of {@link VolatilityLevelOptions}. */
export const volatilityLevelDefaults: Required<VolatilityLevelOptions> = { source: 'auto', vixKey: 'vix', window: 20, periodsPerYear: 252 };

/**
 * Volatility level on the VIX scale (annualised percent): the VIX series itself, or the stand-in
 * 100·√252·(sample std of the last 20 daily log returns). Uses data up to each row only.
 * @param bars bars (optionally with `extra.vix`)
 * @param options source and stand-in settings (see {@link volatilityLevelDefaults})
 * @returns `{level, source}`: level as long as the bars (stand-in NaN for the first `window` rows)
 */
export function volatilityLevel(bars: Bars, options: VolatilityLevelOptions = volatilityLevelDefaults): { level: Float64Array; source: 'vix' | 'realized' } {
  const o = fillDefaults(volatilityLevelDefaults, options);
  const vix = bars.extra?.[o.vixKey];
  if (o.source === 'vix' && !vix) throw inputError({ key: `extra.${o.vixKey}` }, 'a VIX series in the bars (volatility source `vix`)', 'no such column');
  if (vix && o.source !== 'realized') return { level: Float64Array.from(vix), source: 'vix' };
  const sd = rollingStd(logReturn(bars.close, 1), o.window, { ddof: 1 });
  const k = 100 * Math.sqrt(o.periodsPerYear);
  for (let i = 0; i < sd.length; i++) sd[i] = k * sd[i];
  return { level: sd, source: 'realized' };
}

/**
 * Trailing percentile rank: the fraction of the last n values (current included) that are ≤ the current one.
 * @param x input series
 * @param n window in rows (default 252)
 * @returns Float64Array in (0, 1], NaN until n finite values are available
 */
export function trailingPercentile(x: ArrayLike<number>, n = 252): Float64Array {
  const len = x.length;
  const out = new Float64Array(len).fill(NaN);
  // the window kept sorted in w[0..m): a row finds the entering value's upper bound and the leaving value's slot
  // (two binary searches), then shifts the values between the two by one (copyWithin, a memmove, past a few slots)
  const w = new Float64Array(n);
  let m = 0;
  let start = 0; // first row held in w
  for (let i = 0; i < len; i++) {
    const v = x[i];
    if (v - v !== 0) {
      // not finite: the window restarts after it
      m = 0;
      start = i + 1;
      continue;
    }
    let lo = 0;
    let hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (w[mid] <= v) lo = mid + 1;
      else hi = mid;
    }
    const u = lo; // values ≤ v held now (the leaving one included)
    let p: number; // v's slot: every value ≤ v ends up left of it
    if (i - start >= n) {
      const old = x[start++];
      lo = 0;
      hi = m - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (w[mid] < old) lo = mid + 1;
        else hi = mid;
      }
      const r = lo; // a slot holding the leaving value
      if (u > r) {
        p = u - 1;
        shift(w, r + 1, u, -1);
      } else {
        p = u;
        shift(w, u, r, 1);
      }
    } else {
      p = u;
      shift(w, u, m, 1);
      m++;
    }
    w[p] = v;
    if (m === n) out[i] = (p + 1) / n;
  }
  return out;
}

/** Moves w[from..to) by `by` (±1) slots: a loop for short runs, copyWithin (memmove) for longer ones. */
function shift(w: Float64Array, from: number, to: number, by: 1 | -1): void {
  if (to - from > 32) w.copyWithin(from + by, from, to);
  else if (by < 0) for (let j = from; j < to; j++) w[j - 1] = w[j];
  else for (let j = to; j > from; j--) w[j] = w[j - 1];
}

/** Regime feature columns (names → values). */
export function regimeFeatures(ctx: FeatureContext): Array<[string, Float64Array]> {
  const s50 = smaClose(ctx, 50);
  const s200 = smaClose(ctx, 200);
  const lvl = ctx.memo('vollevel', () => volatilityLevel(ctx.bars).level);
  const above = new Float64Array(s50.length);
  for (let i = 0; i < above.length; i++) above[i] = Number.isNaN(s50[i] - s200[i]) ? NaN : s50[i] > s200[i] ? 1 : 0;
  return [
    ['sma_50_200_spread', relativeTo(s50, s200)],
    ['sma_50_above_200', above],
    ['vol_level', lvl],
    ['vol_pctile_252', trailingPercentile(lvl, 252)],
  ];
}
