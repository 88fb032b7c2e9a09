/**
 * Dates are trading days: UTC calendar dates stored as integer days since 1970-01-01
 * (an Int32Array column in {@link Bars}), printed as ISO `YYYY-MM-DD`.
 */

const MS_PER_DAY = 86_400_000;
const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 for an ISO date, or NaN if the text is not a real ISO calendar date. */
export function isoToDay(text: string): number {
  const m = ISO_RE.exec(text);
  if (!m) return NaN;
  const y = +m[1];
  const mo = +m[2];
  const d = +m[3];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return NaN;
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCDate() !== d || back.getUTCMonth() !== mo - 1) return NaN;
  return ms / MS_PER_DAY;
}

/** ISO `YYYY-MM-DD` for a day number. */
export function dayToIso(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Day number of a JS Date (UTC calendar date). */
export function dateToDay(d: Date): number {
  return Math.floor(d.getTime() / MS_PER_DAY);
}

/** Day of week, 0 = Sunday … 6 = Saturday. */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** True for Monday–Friday. */
export function isWeekday(day: number): boolean {
  const w = weekday(day);
  return w >= 1 && w <= 5;
}

/** Number of Monday–Friday days in [from, to] inclusive. */
export function countWeekdays(from: number, to: number): number {
  let n = 0;
  for (let d = from; d <= to; d++) if (isWeekday(d)) n++;
  return n;
}

/** Index of the first element of sorted `days` that is >= `day` (days.length if none). */
export function lowerBound(days: ArrayLike<number>, day: number): number {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (days[mid] < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first element of sorted `days` that is > `day` (days.length if none). */
export function upperBound(days: ArrayLike<number>, day: number): number {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (days[mid] <= day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
