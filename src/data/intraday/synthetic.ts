/**
 * Seeded synthetic minute bars on an exchange's real sessions (holidays, early closes, daylight saving time),
 * with an optional time-of-day drift so tests know what is (and is not) predictable.
 */
import { Rng } from '../../util/rng';
import { isoToDay } from '../../util/dates';
import { allocBars, type Bars } from '../bars';
import { SessionCalendar, type Exchange } from './sessions';
import { MINUTE_MS } from './timeframe';

/** Rounds a price to 4 decimals (a tick of 0.0001, so the CSV text stays short as in real files). */
function tick(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

/** Options of {@link syntheticMinuteBars}. */
export interface SyntheticMinuteOptions {
  /** Trading days to generate. Default 20. */
  days?: number;
  /** First calendar day (ISO); non-trading days are skipped. Default `2020-01-02`. */
  start?: string;
  /** Exchange (sessions, zone). Default `NYSE`. */
  exchange?: Exchange;
  /** RNG seed. Default 42. */
  seed?: number;
  /** Standard deviation of one minute's log return. Default 0.0005. */
  sigma?: number;
  /** Mean log return of a bar as a function of minutes since the session open. Default: none (a random walk). */
  drift?: (minuteOfSession: number) => number;
  /** Standard deviation of the overnight log return. Default 0.005. */
  overnightSigma?: number;
  /** Symbol. Default `MIN`. */
  symbol?: string;
  /** First price. Default 100. */
  startPrice?: number;
}

/** Defaults of {@link SyntheticMinuteOptions}. */
export const syntheticMinuteDefaults = { days: 20, start: '2020-01-02', exchange: 'NYSE' as Exchange, seed: 42, sigma: 0.0005, overnightSigma: 0.005, symbol: 'MIN', startPrice: 100 };

/**
 * Minute bars for `days` trading days: every session minute has a bar (no gaps), prices on a 0.0001 tick, open = previous close
 * (except the overnight gap at each session's first bar), high/low spread around open/close, volume > 0.
 * @returns 1m bars with `times`, local `dates`, `timeframe: '1m'` and `exchange`
 */
export function syntheticMinuteBars(options: SyntheticMinuteOptions = {}): Bars {
  const o = { ...syntheticMinuteDefaults, ...options };
  const cal = new SessionCalendar(o.exchange);
  const sessions: Array<{ day: number; open: number; close: number }> = [];
  for (let day = isoToDay(o.start); sessions.length < o.days; day++) {
    const s = cal.session(day);
    if (s) sessions.push(s);
  }
  let n = 0;
  for (const s of sessions) n += (s.close - s.open) / MINUTE_MS;
  const rng = new Rng(o.seed);
  const bars: Bars = { ...allocBars(o.symbol, n), times: new Float64Array(n), timeframe: '1m', exchange: o.exchange };
  let price = o.startPrice;
  let i = 0;
  for (const s of sessions) {
    const minutes = (s.close - s.open) / MINUTE_MS;
    price *= Math.exp(o.overnightSigma * rng.normal());
    for (let k = 0; k < minutes; k++, i++) {
      const open = tick(price);
      const close = tick(price * Math.exp((o.drift ? o.drift(k) : 0) + o.sigma * rng.normal()));
      const wick = o.sigma * Math.abs(rng.normal()) * 0.5;
      bars.times![i] = s.open + k * MINUTE_MS;
      bars.dates[i] = s.day;
      bars.open[i] = open;
      bars.close[i] = close;
      bars.high[i] = tick(Math.max(open, close) * (1 + wick));
      bars.low[i] = tick(Math.min(open, close) * (1 - wick));
      bars.volume[i] = Math.round(1000 * Math.exp(0.5 * rng.normal()));
      price = close;
    }
  }
  return bars;
}

/**
 * Intraday bars as CSV text with ISO date-times in UTC to the minute (`2020-01-02T14:30Z`), the shape the intraday loader reads.
 * @param bars intraday bars
 * @param options `from` / `to` bar indices (default all), `header` (default true)
 */
export function intradayCsv(bars: Bars, options: { from?: number; to?: number; header?: boolean } = {}): string {
  const t = bars.times!;
  const parts = options.header === false ? [] : ['datetime,open,high,low,close,volume'];
  let day = NaN;
  let prefix = '';
  const two = (x: number) => (x < 10 ? '0' : '') + x;
  for (let i = options.from ?? 0; i < (options.to ?? t.length); i++) {
    const d = Math.floor(t[i] / 86_400_000);
    if (d !== day) {
      day = d;
      prefix = new Date(d * 86_400_000).toISOString().slice(0, 11);
    }
    const min = (t[i] - d * 86_400_000) / MINUTE_MS;
    parts.push(`${prefix}${two(Math.floor(min / 60))}:${two(min % 60)}Z,${bars.open[i]},${bars.high[i]},${bars.low[i]},${bars.close[i]},${bars.volume[i]}`);
  }
  return parts.join('\n') + '\n';
}
