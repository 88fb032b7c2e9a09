/**
 * Per-symbol profiles (seed 002): a statistical profile (latest indicator values, volatility, max drawdown,
 * VaR 95 %, regime) computed from data up to the last bar, and an ML profile (the model, its metrics and
 * when it was trained, plus the retrain decision). Pure functions.
 */
import { barCount, type Bars } from '../data/bars';
import { dayToIso } from '../util/dates';
import type { FeatureFrame } from '../features/frame';
import { REGIME_LABEL_NAMES } from '../features/regime-rules';
import { fillDefaults } from '../util/options';

/** Statistical profile of a symbol at its last bar. */
export interface StatisticalProfile {
  symbol: string;
  /** Last bar date, ISO. */
  asOf: string;
  lastClose: number;
  /** Annualised volatility of daily log returns over the window (√252·σ). */
  volatility: number;
  /** Largest peak-to-trough fall of the close over the window, as a positive fraction (0.2 = −20 %). */
  maxDrawdown: number;
  /** Historical 1-day VaR at 95 %: minus the 5th percentile of daily simple returns, positive = loss. */
  var95: number;
  /** Regime on the last bar (bull, bear, sideways, high_vol, or unknown during warm-up). */
  regime: string;
  /** Latest value of selected indicators (NaN → null in JSON). */
  indicators: Record<string, number>;
  /** Rows the risk metrics used. */
  window: number;
}

/** ML profile of a symbol. */
export interface MlProfile {
  symbol: string;
  models: Array<{ horizon: number; model: string; trainedAt?: string; trainEnd?: string; metrics?: Record<string, number | null> }>;
  /** Latest retrain decision with its reasons. */
  retrain?: { retrain: boolean; reasons: string[] };
}

/** Options of {@link statisticalProfile}. */
export interface ProfileOptions {
  /** Trailing rows for volatility, drawdown and VaR. Default 252. */
  window?: number;
  /** Indicator columns to copy (missing ones skipped). Default a dozen common ones. */
  indicators?: string[];
}

/** Defaults of {@link ProfileOptions}. */
export const profileDefaults: Required<ProfileOptions> = {
  window: 252,
  indicators: ['rsi_14', 'macd', 'macd_signal', 'macd_hist', 'adx_14', 'bb_pctb_20', 'atr_pct_14', 'sma_50', 'sma_200', 'ret_std_20', 'vol_level', 'volume_ratio_20'],
};

/**
 * Statistical profile from the bars (the last `window` rows) and the feature frame's last row.
 * @param bars bars of the symbol (at least 2 rows), not modified
 * @param frame features aligned to the same last date (only its last row is read)
 * @param options window (default 252), indicators
 * @returns StatisticalProfile
 */
export function statisticalProfile(bars: Bars, frame: FeatureFrame, options: ProfileOptions = {}): StatisticalProfile {
  const o = fillDefaults(profileDefaults, options);
  const n = barCount(bars);
  const start = Math.max(0, n - o.window);
  const rets: number[] = [];
  let mean = 0;
  for (let i = start + 1; i < n; i++) {
    const r = Math.log(bars.close[i] / bars.close[i - 1]);
    rets.push(r);
    mean += r;
  }
  mean /= Math.max(1, rets.length);
  let ss = 0;
  for (const r of rets) ss += (r - mean) ** 2;
  const volatility = rets.length > 1 ? Math.sqrt(ss / (rets.length - 1)) * Math.sqrt(252) : NaN;
  let peak = -Infinity;
  let mdd = 0;
  for (let i = start; i < n; i++) {
    peak = Math.max(peak, bars.close[i]);
    mdd = Math.max(mdd, 1 - bars.close[i] / peak);
  }
  const simple = rets.map((r) => Math.exp(r) - 1).sort((a, b) => a - b);
  const var95 = simple.length ? -simple[Math.floor(0.05 * (simple.length - 1))] : NaN;
  const last = frame.dates.length - 1;
  const indicators: Record<string, number> = {};
  for (const name of o.indicators) {
    const j = frame.names.indexOf(name);
    if (j >= 0 && last >= 0) indicators[name] = frame.columns[j][last];
  }
  const rj = frame.names.indexOf('regime');
  const code = rj >= 0 && last >= 0 ? frame.columns[rj][last] : NaN;
  return {
    symbol: bars.symbol,
    asOf: n ? dayToIso(bars.dates[n - 1]) : '',
    lastClose: n ? bars.close[n - 1] : NaN,
    volatility,
    maxDrawdown: mdd,
    var95,
    regime: Number.isInteger(code) && code >= 0 && code < REGIME_LABEL_NAMES.length ? REGIME_LABEL_NAMES[code] : 'unknown',
    indicators,
    window: n - start,
  };
}
