/**
 * An NSE-like (India) trading calendar for synthetic panels: weekdays minus India's fixed-date market holidays
 * (Republic Day 26 Jan, Maharashtra Day 1 May, Independence Day 15 Aug, Gandhi Jayanti 2 Oct, Christmas 25 Dec)
 * and eight "festival" days a year drawn deterministically from the year (festivals such as Holi and Diwali move
 * with the lunar calendar; the real dates are not modelled). It is NOT the real NSE calendar: it exists so a
 * synthetic universe has members whose trading days differ from NYSE's (NYSE holidays such as Thanksgiving are
 * NSE trading days, and the other way round).
 */
import { Rng } from '../util/rng';
import { isWeekday } from '../util/dates';
import { daysFromCivil } from './parse-bytes';
import { yearOf } from './calendar';

/** Festival holidays drawn per year. */
export const NSE_LIKE_FESTIVALS = 8;

/**
 * The NSE-like holidays of one year (weekdays only), sorted.
 * @param year calendar year
 * @returns sorted day numbers
 */
export function nseLikeHolidays(year: number): number[] {
  const set = new Set<number>();
  for (const [m, d] of [
    [1, 26],
    [5, 1],
    [8, 15],
    [10, 2],
    [12, 25],
  ]) {
    const day = daysFromCivil(year, m, d);
    if (isWeekday(day)) set.add(day);
  }
  const rng = new Rng(0x4e5345 + year);
  const from = daysFromCivil(year, 2, 1);
  const to = daysFromCivil(year, 11, 30);
  let guard = 0;
  let drawn = 0;
  while (drawn < NSE_LIKE_FESTIVALS && guard++ < 1000) {
    const day = from + rng.int(to - from + 1);
    if (!isWeekday(day) || set.has(day)) continue;
    set.add(day);
    drawn++;
  }
  return [...set].sort((a, b) => a - b);
}

/**
 * NSE-like trading days in [from, to] inclusive.
 * @param from first day (days since 1970-01-01)
 * @param to last day (inclusive)
 * @returns Int32Array of day numbers, increasing
 */
export function nseLikeTradingDays(from: number, to: number): Int32Array {
  const holidays = new Set<number>();
  for (let y = yearOf(from); y <= yearOf(to); y++) for (const d of nseLikeHolidays(y)) holidays.add(d);
  const out: number[] = [];
  for (let d = from; d <= to; d++) if (isWeekday(d) && !holidays.has(d)) out.push(d);
  return Int32Array.from(out);
}

/**
 * Sums latent daily values over (previous trading day, this trading day] on a day grid, so a market that was
 * closed on some grid days gets their moves on its next trading day (no price invented while closed).
 * @param latent one value per grid day
 * @param gridIndex position in the grid of each trading day, increasing
 * @returns one sum per trading day
 */
export function aggregateOnDays(latent: Float64Array, gridIndex: Int32Array): Float64Array {
  const out = new Float64Array(gridIndex.length);
  let prev = -1;
  for (let k = 0; k < gridIndex.length; k++) {
    let s = 0;
    for (let g = prev + 1; g <= gridIndex[k]; g++) s += latent[g];
    out[k] = s;
    prev = gridIndex[k];
  }
  return out;
}

/**
 * Positions of `days` in `grid` (both sorted ascending; every day must be in the grid).
 * @returns Int32Array of grid positions
 */
export function indexInGrid(grid: Int32Array, days: Int32Array): Int32Array {
  const out = new Int32Array(days.length);
  let g = 0;
  for (let k = 0; k < days.length; k++) {
    while (grid[g] !== days[k]) g++;
    out[k] = g;
  }
  return out;
}
