/**
 * Rule signals behind a prediction (seed 004): RSI overbought/oversold, MACD histogram sign, 50/200 MA cross
 * and the market regime, read from one row of a feature frame (data up to that day only). Each signal is
 * −1 (bearish), 0 (neutral) or +1 (bullish) and maps to an expert probability of "up" for adaptive weighting.
 */
import type { FeatureFrame } from '../features/frame';
import { REGIME_LABEL_NAMES } from '../features/regime-rules';
import { fillDefaults } from '../util/options';

/** Names of the rule experts, in the order {@link signalProbs} returns them. */
export const SIGNAL_NAMES = ['rsi', 'macd', 'ma_cross', 'regime'] as const;

/** A signal name. */
export type SignalName = (typeof SIGNAL_NAMES)[number];

/** Options of {@link ruleSignals}. */
export interface SignalOptions {
  /** RSI(14) above this is overbought (bearish). Default 70. */
  overbought?: number;
  /** RSI(14) below this is oversold (bullish). Default 30. */
  oversold?: number;
  /** How far from 0.5 a ±1 signal moves its expert probability. Default 0.1 (0.4 / 0.5 / 0.6). */
  strength?: number;
}

/** Defaults of {@link SignalOptions}. */
export const signalDefaults: Required<SignalOptions> = { overbought: 70, oversold: 30, strength: 0.1 };

/** The columns the signals read (all in the `full` feature set). */
export const SIGNAL_COLUMNS = ['rsi_14', 'macd_hist', 'sma_50_above_200', 'regime'] as const;

function value(frame: FeatureFrame, name: string, row: number): number {
  const j = frame.names.indexOf(name);
  return j < 0 ? NaN : frame.columns[j][row];
}

/**
 * Rule signals at one row.
 * @param frame feature frame holding {@link SIGNAL_COLUMNS} (missing columns give 0)
 * @param row row index (default the last row)
 * @param options thresholds (see {@link signalDefaults})
 * @returns `{signals: {rsi, macd, ma_cross, regime} each −1/0/+1, regime: name or 'unknown', values: the raw inputs}`
 */
export function ruleSignals(
  frame: FeatureFrame,
  row = frame.dates.length - 1,
  options: SignalOptions = {},
): { signals: Record<SignalName, number>; regime: string; values: Record<string, number> } {
  const o = fillDefaults(signalDefaults, options);
  const rsi = value(frame, 'rsi_14', row);
  const hist = value(frame, 'macd_hist', row);
  const above = value(frame, 'sma_50_above_200', row);
  const reg = value(frame, 'regime', row);
  const regime = Number.isInteger(reg) && reg >= 0 && reg < REGIME_LABEL_NAMES.length ? REGIME_LABEL_NAMES[reg] : 'unknown';
  const signals: Record<SignalName, number> = {
    rsi: rsi > o.overbought ? -1 : rsi < o.oversold ? 1 : 0,
    macd: hist > 0 ? 1 : hist < 0 ? -1 : 0,
    ma_cross: above === 1 ? 1 : above === 0 ? -1 : 0,
    regime: regime === 'bull' ? 1 : regime === 'bear' ? -1 : 0,
  };
  return { signals, regime, values: { rsi_14: rsi, macd_hist: hist, sma_50_above_200: above, regime: reg } };
}

/**
 * Expert probabilities of "up" from signals: 0.5 + strength·signal, in {@link SIGNAL_NAMES} order.
 * @param signals from {@link ruleSignals}
 * @param options strength (default 0.1)
 * @returns number[] of 4 probabilities
 */
export function signalProbs(signals: Record<SignalName, number>, options: SignalOptions = {}): number[] {
  const s = options.strength ?? signalDefaults.strength;
  return SIGNAL_NAMES.map((k) => 0.5 + s * (signals[k] ?? 0));
}
