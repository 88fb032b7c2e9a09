/**
 * Exchange sessions for intraday bars: regular trading hours, time zones and holidays of NYSE and NSE.
 *
 * - **NYSE** (America/New_York): 09:30–16:00 local; early close 13:00 on July 3, the day after Thanksgiving and
 *   December 24 when those are trading days (rule-based; the rare historical exceptions are not modelled).
 *   Full-day holidays come from the daily NYSE calendar (`data/calendar.ts`, rules from 1998 plus the
 *   unscheduled closures listed there). US daylight saving time: second Sunday of March to first Sunday of
 *   November from 2007, first Sunday of April to last Sunday of October 1987–2006 (earlier years are not modelled).
 * - **NSE** (Asia/Kolkata, UTC+05:30 all year): 09:15–15:30 local. Holidays: weekends plus the fixed-date national
 *   holidays (26 January, 1 May, 15 August, 2 October, 25 December) when they fall on a weekday. The lunar-calendar
 *   holidays (Holi, Diwali, Eid, …) and special sessions (Muhurat trading) are not modelled: pass them in
 *   `extraHolidays`.
 *
 * Instants are UTC milliseconds; a trading day is the exchange-local calendar date as a day number.
 */
import { inputError, type ErrorLocation } from '../../util/errors';
import { holidaySet, yearOf } from '../calendar';
import { daysFromCivil } from '../parse-bytes';
import { MINUTE_MS } from './timeframe';

/** Exchanges with modelled sessions. */
export type Exchange = 'NYSE' | 'NSE';

/** Every known exchange. */
export const EXCHANGES: readonly Exchange[] = ['NYSE', 'NSE'];

/** Static facts about an exchange. */
export interface ExchangeInfo {
  /** IANA zone name (for display and records). */
  timeZone: string;
  /** Regular open, minutes after local midnight. */
  openMinute: number;
  /** Regular close, minutes after local midnight. */
  closeMinute: number;
  /** Close on early-close days, minutes after local midnight (NYSE 13:00). */
  earlyCloseMinute: number;
}

/** Hours and zones of the known exchanges. */
export const EXCHANGE_INFO: Readonly<Record<Exchange, ExchangeInfo>> = {
  NYSE: { timeZone: 'America/New_York', openMinute: 9 * 60 + 30, closeMinute: 16 * 60, earlyCloseMinute: 13 * 60 },
  NSE: { timeZone: 'Asia/Kolkata', openMinute: 9 * 60 + 15, closeMinute: 15 * 60 + 30, earlyCloseMinute: 15 * 60 + 30 },
};

const DAY_MS = 86_400_000;

/**
 * Checks an exchange name (case-insensitive).
 * @returns the canonical name
 * @throws InputError naming the known exchanges
 */
export function checkExchange(value: unknown, where: ErrorLocation = { key: 'exchange' }): Exchange {
  const up = typeof value === 'string' ? value.toUpperCase() : '';
  if (!(EXCHANGES as readonly string[]).includes(up)) throw inputError(where, `an exchange among ${EXCHANGES.join(', ')}`, JSON.stringify(value));
  return up as Exchange;
}

function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7; // 0 = Sunday
}

/** Day number of the n-th (1-based) Sunday of month m, or the last one when n = -1. */
function nthSunday(y: number, m: number, n: number): number {
  if (n > 0) {
    const first = daysFromCivil(y, m, 1);
    return first + ((7 - weekdayOf(first)) % 7) + (n - 1) * 7;
  }
  const next = m === 12 ? daysFromCivil(y + 1, 1, 1) : daysFromCivil(y, m + 1, 1);
  const last = next - 1;
  return last - weekdayOf(last);
}

const dstCache = new Map<number, [number, number]>();

/** [first day of US daylight time, first day back on standard time] of a year. */
function usDst(y: number): [number, number] {
  let r = dstCache.get(y);
  if (!r) {
    r = y >= 2007 ? [nthSunday(y, 3, 2), nthSunday(y, 11, 1)] : y >= 1987 ? [nthSunday(y, 4, 1), nthSunday(y, 10, -1)] : [0, 0];
    dstCache.set(y, r);
  }
  return r;
}

/**
 * Offset of the exchange's local clock from UTC on a local day, in minutes (local = UTC + offset); the offset
 * in force during the session (daylight-saving changes happen at 02:00, outside every session).
 * @param exchange exchange
 * @param day local calendar day (days since 1970-01-01)
 */
export function utcOffsetMinutes(exchange: Exchange, day: number): number {
  if (exchange === 'NSE') return 330;
  const [start, end] = usDst(yearOf(day));
  return day >= start && day < end ? -240 : -300;
}

/** NSE's fixed-date holidays of a year (weekdays only). */
function nseHolidays(y: number): number[] {
  return [[1, 26], [5, 1], [8, 15], [10, 2], [12, 25]].map(([m, d]) => daysFromCivil(y, m, d)).filter((d) => weekdayOf(d) % 6 !== 0);
}

/** True on NYSE's rule-based early-close days (July 3, the day after Thanksgiving, December 24). */
function isNyseEarlyClose(day: number): boolean {
  const y = yearOf(day);
  if (day === daysFromCivil(y, 7, 3) || day === daysFromCivil(y, 12, 24)) return true;
  const nov1 = daysFromCivil(y, 11, 1);
  const thanksgiving = nov1 + ((4 - weekdayOf(nov1) + 7) % 7) + 21;
  return day === thanksgiving + 1;
}

/** One day's regular session as UTC instants. */
export interface Session {
  /** Local trading day. */
  day: number;
  /** Open instant, UTC ms. */
  open: number;
  /** Close instant, UTC ms (bars must start before it). */
  close: number;
}

/** Options of {@link SessionCalendar}. */
export interface SessionCalendarOptions {
  /** Additional full-day closures (local day numbers), e.g. NSE's lunar holidays. */
  extraHolidays?: Iterable<number>;
}

/** Sessions of one exchange, with holidays cached per year. */
export class SessionCalendar {
  readonly exchange: Exchange;
  readonly info: ExchangeInfo;
  private readonly extra: Set<number>;
  private readonly years = new Map<number, Set<number>>();

  /** @param exchange exchange name, @param options extra holidays */
  constructor(exchange: Exchange, options: SessionCalendarOptions = {}) {
    this.exchange = exchange;
    this.info = EXCHANGE_INFO[exchange];
    this.extra = new Set(options.extraHolidays ?? []);
  }

  private holidays(y: number): Set<number> {
    let s = this.years.get(y);
    if (!s) {
      s = this.exchange === 'NYSE' ? holidaySet(daysFromCivil(y, 1, 1), daysFromCivil(y, 12, 31)) : new Set(nseHolidays(y));
      this.years.set(y, s);
    }
    return s;
  }

  /** True when the exchange trades on local day `day`. */
  isTradingDay(day: number): boolean {
    const w = weekdayOf(day);
    if (w === 0 || w === 6 || this.extra.has(day)) return false;
    return !this.holidays(yearOf(day)).has(day);
  }

  /**
   * The session of local day `day`, or undefined on weekends and holidays.
   * @returns `{day, open, close}` in UTC ms
   */
  session(day: number): Session | undefined {
    if (!this.isTradingDay(day)) return undefined;
    const off = utcOffsetMinutes(this.exchange, day) * MINUTE_MS;
    const base = day * DAY_MS - off;
    const closeMinute = this.exchange === 'NYSE' && isNyseEarlyClose(day) ? this.info.earlyCloseMinute : this.info.closeMinute;
    return { day, open: base + this.info.openMinute * MINUTE_MS, close: base + closeMinute * MINUTE_MS };
  }

  /**
   * Local calendar day of an instant.
   * @param t UTC ms
   */
  localDay(t: number): number {
    const utcDay = Math.floor(t / DAY_MS);
    const d = Math.floor((t + utcOffsetMinutes(this.exchange, utcDay) * MINUTE_MS) / DAY_MS);
    return d === utcDay ? d : Math.floor((t + utcOffsetMinutes(this.exchange, d) * MINUTE_MS) / DAY_MS);
  }

  /**
   * Local time of an instant as `YYYY-MM-DD hh:mm` (for messages).
   * @param t UTC ms
   */
  localText(t: number): string {
    const off = utcOffsetMinutes(this.exchange, this.localDay(t));
    return new Date(t + off * MINUTE_MS).toISOString().slice(0, 16).replace('T', ' ');
  }
}
