/**
 * Expected trading days, for the completeness check.
 *
 * - `nyse`: Monday–Friday minus NYSE full-day holidays, computed from the exchange's rules (New Year's Day,
 *   Martin Luther King Jr. Day from 1998, Washington's Birthday, Good Friday, Memorial Day, Juneteenth from 2022,
 *   Independence Day, Labor Day, Thanksgiving, Christmas; a Sunday holiday moves to Monday, a Saturday one to
 *   Friday, except New Year's Day on a Saturday, which is not observed) plus the unscheduled closures of
 *   2001-09-11…14, 2004-06-11, 2007-01-02, 2012-10-29/30, 2018-12-05 and 2025-01-09. Rules before 1998
 *   (when MLK day was not an NYSE holiday, and older closures) are not modelled: before 1998 prefer `weekdays`.
 * - `weekdays`: every Monday–Friday (a market with ~9 holidays a year then shows ~3.5 % "missing" days).
 */
import { isWeekday } from '../util/dates';
import { daysFromCivil, daysInMonth } from './parse-bytes';

/** A calendar of expected trading days. */
export type CalendarName = 'nyse' | 'weekdays';

const SPECIAL_CLOSURES: ReadonlyArray<[number, number, number]> = [
  [2001, 9, 11],
  [2001, 9, 12],
  [2001, 9, 13],
  [2001, 9, 14],
  [2004, 6, 11],
  [2007, 1, 2],
  [2012, 10, 29],
  [2012, 10, 30],
  [2018, 12, 5],
  [2025, 1, 9],
];

/** Day number of the n-th (1-based) weekday `wd` (0 = Sunday) of month `m`; n = -1 means the last one. */
function nthWeekday(y: number, m: number, wd: number, n: number): number {
  if (n > 0) {
    const first = daysFromCivil(y, m, 1);
    const w = (((first + 4) % 7) + 7) % 7;
    return first + ((wd - w + 7) % 7) + (n - 1) * 7;
  }
  const lastDay = daysFromCivil(y, m, daysInMonth(y, m));
  const w = (((lastDay + 4) % 7) + 7) % 7;
  return lastDay - ((w - wd + 7) % 7);
}

/** Day number of Easter Sunday (Gregorian, anonymous algorithm). */
export function easterDay(y: number): number {
  const a = y % 19;
  const b = Math.floor(y / 100);
  const c = y % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return daysFromCivil(y, month, day);
}

/** Fixed-date holiday moved to Friday (Saturday) or Monday (Sunday). */
function observed(day: number): number {
  const w = (((day + 4) % 7) + 7) % 7;
  if (w === 6) return day - 1;
  if (w === 0) return day + 1;
  return day;
}

/**
 * NYSE full-day holidays and special closures of one year, as sorted day numbers.
 * @param year calendar year (rules as in the module comment)
 * @returns sorted day numbers (only weekdays)
 */
export function nyseHolidays(year: number): number[] {
  const out: number[] = [];
  const ny = daysFromCivil(year, 1, 1);
  const nyw = (((ny + 4) % 7) + 7) % 7;
  if (nyw === 0) out.push(ny + 1);
  else if (nyw !== 6) out.push(ny);
  if (year >= 1998) out.push(nthWeekday(year, 1, 1, 3));
  out.push(nthWeekday(year, 2, 1, 3));
  out.push(easterDay(year) - 2);
  out.push(nthWeekday(year, 5, 1, -1));
  if (year >= 2022) out.push(observed(daysFromCivil(year, 6, 19)));
  out.push(observed(daysFromCivil(year, 7, 4)));
  out.push(nthWeekday(year, 9, 1, 1));
  out.push(nthWeekday(year, 11, 4, 4));
  out.push(observed(daysFromCivil(year, 12, 25)));
  for (const [y, m, d] of SPECIAL_CLOSURES) if (y === year) out.push(daysFromCivil(y, m, d));
  return out.sort((a, b) => a - b);
}

/**
 * True when `day` is an expected trading day of `calendar`.
 * @param day days since 1970-01-01
 * @param calendar `nyse` or `weekdays`
 * @param holidays optional cache (Set of holiday days) built by {@link holidaySet}
 */
export function isTradingDay(day: number, calendar: CalendarName, holidays?: Set<number>): boolean {
  if (!isWeekday(day)) return false;
  if (calendar === 'weekdays') return true;
  return !(holidays ?? holidaySet(day, day)).has(day);
}

/** The NYSE holidays of every year touching [from, to] as a Set of day numbers. */
export function holidaySet(from: number, to: number): Set<number> {
  const set = new Set<number>();
  const y0 = yearOf(from);
  const y1 = yearOf(to);
  for (let y = y0; y <= y1; y++) for (const d of nyseHolidays(y)) set.add(d);
  return set;
}

/** Calendar year of a day number. */
export function yearOf(day: number): number {
  // civil_from_days, year part only
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  return yoe + era * 400 + (mp >= 10 ? 1 : 0);
}

/**
 * Expected trading days in [from, to] inclusive.
 * @param from first day (days since 1970-01-01)
 * @param to last day (inclusive)
 * @param calendar `nyse` (default) or `weekdays`
 * @returns Int32Array of day numbers, increasing
 */
export function tradingDays(from: number, to: number, calendar: CalendarName = 'nyse'): Int32Array {
  const holidays = calendar === 'nyse' ? holidaySet(from, to) : undefined;
  const out = new Int32Array(Math.max(0, to - from + 1));
  let n = 0;
  let w = (((from + 4) % 7) + 7) % 7; // weekday of `from`, 0 = Sunday
  for (let d = from; d <= to; d++) {
    if (w !== 0 && w !== 6 && !(holidays && holidays.has(d))) out[n++] = d;
    w = w === 6 ? 0 : w + 1;
  }
  return out.slice(0, n);
}
