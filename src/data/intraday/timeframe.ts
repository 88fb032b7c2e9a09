/**
 * Bar timeframes: `1d` (daily, the default everywhere) and the intraday `1h`, `30m`, `5m`, `1m`.
 */
import { inputError, type ErrorLocation } from '../../util/errors';

/** A bar length. `1d` = one bar per trading day (the default); the others are intraday. */
export type Timeframe = '1d' | '1h' | '30m' | '5m' | '1m';

/** Every timeframe, finest last. */
export const TIMEFRAMES: readonly Timeframe[] = ['1d', '1h', '30m', '5m', '1m'];

/** Length of one bar in minutes (`1d`: 1440, a calendar day; sessions are shorter). */
export const TIMEFRAME_MINUTES: Readonly<Record<Timeframe, number>> = { '1d': 1440, '1h': 60, '30m': 30, '5m': 5, '1m': 1 };

/** Milliseconds per minute. */
export const MINUTE_MS = 60_000;

/**
 * Checks a timeframe name.
 * @param value what arrived (config value, CLI option)
 * @param where where it came from, for the error
 * @returns the timeframe
 * @throws InputError naming the accepted values
 */
export function checkTimeframe(value: unknown, where: ErrorLocation = { key: 'timeframe' }): Timeframe {
  if (typeof value !== 'string' || !(TIMEFRAMES as readonly string[]).includes(value)) {
    throw inputError(where, `a timeframe among ${TIMEFRAMES.join(', ')}`, JSON.stringify(value));
  }
  return value as Timeframe;
}

/** True for the timeframes below one day. */
export function isIntraday(tf: Timeframe | undefined): boolean {
  return tf !== undefined && tf !== '1d';
}

/**
 * The timeframe whose bar length is `minutes`, or undefined.
 * @param minutes bar length in minutes
 */
export function timeframeOfMinutes(minutes: number): Timeframe | undefined {
  return TIMEFRAMES.find((t) => t !== '1d' && TIMEFRAME_MINUTES[t] === minutes);
}

/**
 * Whether bars of `from` can be aggregated into bars of `to` (`to` coarser and a whole multiple of `from`).
 * @returns true for 1m → 5m/30m/1h/1d, 5m → 30m/1h/1d, 30m → 1h/1d, 1h → 1d
 */
export function canResample(from: Timeframe, to: Timeframe): boolean {
  if (to === '1d') return from !== '1d';
  const a = TIMEFRAME_MINUTES[from];
  const b = TIMEFRAME_MINUTES[to];
  return b > a && b % a === 0;
}
