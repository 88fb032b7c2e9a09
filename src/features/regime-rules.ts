/**
 * Market-regime labels (seed 003, Model 3): bull / bear / sideways / high-volatility, by documented rules.
 *
 * Every input is known at the close of day t (50/200-day SMAs, ADX 14, the trailing 20-day log return,
 * and the volatility level: VIX when given, else 100·√252·σ20 of daily log returns). So the label at t
 * describes the CURRENT regime from data up to t: it is leak-free as a FEATURE, and as a TARGET it is
 * what a regime classifier learns to recognise. To forecast a FUTURE regime use {@link shiftLabels}
 * (label at t+h, with its end index) as the target instead.
 *
 * Rules, first match wins (thresholds are options; defaults from the seed):
 *  1. bear      SMA50 < SMA200 and ret20 < 0 and vol > stressVol (30)
 *  2. high_vol  vol > stressVol (30)
 *  3. bull      SMA50 > SMA200 and ret20 > 0 and vol < calmVol (20)
 *  4. sideways  ADX14 < lowAdx (20)
 *  5. otherwise by trend: bull if SMA50 > SMA200 and ret20 > 0; bear if SMA50 < SMA200 and ret20 < 0;
 *     else sideways.
 * NaN until every input is defined (about 200 rows).
 */
import type { Bars } from '../data/bars';
import { adx } from './trend';
import { logReturn, sma } from './rolling';
import { volatilityLevel, type VolatilityLevelOptions } from './regime';

/** Class names, indexed by class code (same order as `DEFAULT_REGIMES` of the synthetic generator). */
export const REGIME_LABEL_NAMES = ['bull', 'bear', 'sideways', 'high_vol'] as const;

/** A regime class name. */
export type RegimeName = (typeof REGIME_LABEL_NAMES)[number];

/** Options of {@link regimeLabels}. */
export interface RegimeOptions {
  /** Fast / slow SMA periods (rows). Default 50 / 200. */
  fast?: number;
  slow?: number;
  /** Window of the trailing log return (rows). Default 20. */
  returnWindow?: number;
  /** Volatility level below which a bull trend counts as calm. Default 20 (VIX points). */
  calmVol?: number;
  /** Volatility level above which the market is stressed. Default 30 (VIX points). */
  stressVol?: number;
  /** ADX below which a market without a calm trend is sideways. Default 20. */
  lowAdx?: number;
  /** ADX period (rows). Default 14. */
  adxPeriod?: number;
  /** Where the volatility level comes from (VIX series or realized stand-in). */
  volatility?: VolatilityLevelOptions;
}

/** Defaults of {@link RegimeOptions}. */
export const regimeDefaults: Required<Omit<RegimeOptions, 'volatility'>> & { volatility: VolatilityLevelOptions } = {
  fast: 50,
  slow: 200,
  returnWindow: 20,
  calmVol: 20,
  stressVol: 30,
  lowAdx: 20,
  adxPeriod: 14,
  volatility: {},
};

/**
 * Applies the regime rules row by row to precomputed inputs (all aligned, same length).
 * @param inp fast/slow SMA, trailing return, volatility level, ADX
 * @param options thresholds (see {@link regimeDefaults})
 * @returns Float64Array of class codes 0 bull, 1 bear, 2 sideways, 3 high_vol; NaN where an input is NaN
 */
export function classifyRegimes(
  inp: { fast: ArrayLike<number>; slow: ArrayLike<number>; ret: ArrayLike<number>; vol: ArrayLike<number>; adx: ArrayLike<number> },
  options: RegimeOptions = regimeDefaults,
): Float64Array {
  const o = { ...regimeDefaults, ...options };
  const n = inp.fast.length;
  const out = new Float64Array(n).fill(NaN);
  for (let i = 0; i < n; i++) {
    const f = inp.fast[i];
    const s = inp.slow[i];
    const r = inp.ret[i];
    const v = inp.vol[i];
    const a = inp.adx[i];
    if (Number.isNaN(f + s + r + v + a)) continue;
    const up = f > s && r > 0;
    const down = f < s && r < 0;
    if (down && v > o.stressVol) out[i] = 1;
    else if (v > o.stressVol) out[i] = 3;
    else if (up && v < o.calmVol) out[i] = 0;
    else if (a < o.lowAdx) out[i] = 2;
    else out[i] = up ? 0 : down ? 1 : 2;
  }
  return out;
}

/**
 * Regime label of every row (current regime from data up to that row; see the module rules).
 * @param bars input bars (`extra.vix` used when present, unless `volatility.source` says otherwise)
 * @param options thresholds and windows (see {@link regimeDefaults})
 * @returns `{regime, names, volSource}`: regime codes as long as the bars (NaN in warm-up)
 */
export function regimeLabels(bars: Bars, options: RegimeOptions = regimeDefaults): { regime: Float64Array; names: readonly string[]; volSource: 'vix' | 'realized' } {
  const o = { ...regimeDefaults, ...options };
  const vol = volatilityLevel(bars, o.volatility);
  const regime = classifyRegimes(
    { fast: sma(bars.close, o.fast), slow: sma(bars.close, o.slow), ret: logReturn(bars.close, o.returnWindow), vol: vol.level, adx: adx(bars, o.adxPeriod).adx },
    o,
  );
  return { regime, names: REGIME_LABEL_NAMES, volSource: vol.source };
}
