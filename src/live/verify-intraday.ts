/**
 * Verification of intraday predictions (logged with a `timeframe`; `madeOn` is the UTC instant of the bar the
 * prediction was made on, `horizon` counts bars of that timeframe). The outcome is the close of the `horizon`-th
 * stored bar of that timeframe after `madeOn`: the store only holds bars inside the exchange's sessions, so one
 * bar after a session's last bar is the next session's first bar (overnight, weekends and holidays skipped).
 * The bars are read before verify opens its transaction (the intraday reader opens its own connection).
 */
import { barCount, type Bars } from '../data/bars';
import type { Store } from '../data/store';
import { checkTimeframe } from '../data/intraday/timeframe';
import { InputError } from '../util/errors';
import { instantIso, storedBarsOf } from './intraday';
import type { PredictionRecord } from './types';

const DAY_MS = 86_400_000;

/** Key of a (symbol, timeframe) series in {@link intradayVerifyBars}' map. */
export const seriesKey = (symbol: string, timeframe: string): string => `${symbol}|${timeframe}`;

/**
 * The stored bars every pending intraday prediction needs: per (symbol, timeframe), the bars from the trading day
 * before the earliest `madeOn` on (resampled from a finer stored series when that timeframe is not stored).
 * @param store the store
 * @param pending pending predictions (daily ones are ignored)
 * @returns map `symbol|timeframe` → bars; a series that is not stored is left out (its predictions stay pending)
 */
export async function intradayVerifyBars(store: Store, pending: PredictionRecord[]): Promise<Map<string, Bars>> {
  const first = new Map<string, number>();
  for (const p of pending) {
    if (p.timeframe === undefined) continue;
    const key = seriesKey(p.symbol, p.timeframe);
    const t = Date.parse(p.madeOn);
    if (!(first.get(key)! <= t)) first.set(key, t);
  }
  const out = new Map<string, Bars>();
  for (const [key, t] of first) {
    const [symbol, tf] = key.split('|');
    try {
      out.set(key, await storedBarsOf(store, symbol, checkTimeframe(tf), { fromDay: Math.floor(t / DAY_MS) - 1 }));
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
    }
  }
  return out;
}

/** Index of the bar starting at `t` in ascending `times`, or -1. */
function indexOf(times: Float64Array, t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo < times.length && times[lo] === t ? lo : -1;
}

/**
 * The outcome of one intraday prediction on its series' stored bars.
 * @param p a pending intraday prediction
 * @param bars the stored bars of its symbol and timeframe (with `times`)
 * @returns the target bar's instant (ISO, to the minute) and close, or undefined while that bar is not stored
 *   (or the bar the prediction was made on is not stored any more)
 */
export function intradayOutcome(p: PredictionRecord, bars: Bars): { actualDate: string; actualClose: number } | undefined {
  if (!bars.times || barCount(bars) === 0) return undefined;
  const i = indexOf(bars.times, Date.parse(p.madeOn));
  if (i < 0) return undefined;
  const t = i + p.horizon;
  if (t >= barCount(bars)) return undefined;
  return { actualDate: instantIso(bars.times[t]), actualClose: bars.close[t] };
}
