/**
 * Data-quality validation of bars (seed 003's checks) as a structured {@link QualityReport}.
 * See {@link CheckName} for what each check means. `ok` is true when every `error`-severity check passed;
 * `calendar` (bars on non-trading days) is a warning only.
 */
import { dayToIso } from '../util/dates';
import { inputError } from '../util/errors';
import type { Bars } from './bars';
import { tradingDays, type CalendarName } from './calendar';
import { CHECK_NAMES, IssueLog, type CheckName, type CheckResult, type CompletenessSummary, type QualityReport } from './quality';

/** Options of {@link validateBars}. */
export interface ValidateOptions {
  /**
   * Expected-day rule for completeness: `nyse` (default; weekdays minus NYSE holidays, see calendar.ts),
   * `weekdays` (Monday–Friday), `monthly` (one bar per calendar month; also skips the daily-move check) or
   * `none` (skip completeness).
   */
  calendar?: CalendarName | 'monthly' | 'none';
  /** Largest allowed share of missing expected days (default 0.05). */
  maxMissingFraction?: number;
  /** A close-to-close ratio above 1 + maxMove or below 1/(1 + maxMove) is flagged as a possible split (default 0.5). */
  maxMove?: number;
  /** Offending rows kept per check (default 5). */
  maxExamples?: number;
  /** `auto` (default) skips the volume check when every volume is 0 (source without volume); `check`; `skip`. */
  volume?: 'auto' | 'check' | 'skip';
  /** 1-based source line of each bar, so examples name file lines. */
  lines?: Int32Array;
  /** File or sample name for the report. */
  source?: string;
  /** Issues the loader found (`parse`, `order`, `duplicates`), added to the report. */
  loadIssues?: IssueLog;
  /** Detected input format, copied into the report. */
  format?: string;
  /** Columns the loader ignored, copied into the report. */
  ignoredColumns?: string[];
  /** Notes copied into the report. */
  notes?: string[];
}

/** Default {@link ValidateOptions}. */
export const validateDefaults = {
  calendar: 'nyse' as NonNullable<ValidateOptions['calendar']>,
  maxMissingFraction: 0.05,
  maxMove: 0.5,
  maxExamples: 5,
  volume: 'auto' as NonNullable<ValidateOptions['volume']>,
};

const SEVERITY: Record<CheckName, 'error' | 'warning'> = {
  parse: 'error',
  duplicates: 'error',
  order: 'error',
  prices: 'error',
  ohlc: 'error',
  volume: 'error',
  jumps: 'error',
  completeness: 'error',
  calendar: 'warning',
};

const fmt = (x: number): string => (Number.isFinite(x) ? String(+x.toPrecision(10)) : String(x));

/**
 * Checks bars and returns a quality report; never throws for bad data (only for bad options).
 * @param bars the bars (any order; not mutated)
 * @param options see {@link ValidateOptions} (defaults {@link validateDefaults})
 * @returns the report: counts per check, first offending rows (with file lines when `lines` is given), `ok`
 */
export function validateBars(bars: Bars, options: ValidateOptions = {}): QualityReport {
  const o = { ...validateDefaults, ...options };
  if (!(o.maxMissingFraction >= 0 && o.maxMissingFraction <= 1)) {
    throw inputError({ key: 'maxMissingFraction' }, 'a fraction in [0, 1]', String(o.maxMissingFraction));
  }
  if (!(o.maxMove > 0)) throw inputError({ key: 'maxMove' }, 'a positive fraction', String(o.maxMove));
  const n = bars.dates.length;
  const log = new IssueLog(o.maxExamples);
  if (o.loadIssues) log.merge(o.loadIssues);
  const lines = o.lines;
  const d = bars.dates;
  const at = (i: number) => ({ row: i, line: lines?.[i], date: dayToIso(d[i]) });
  const skipped: Partial<Record<CheckName, string>> = {};

  // prices and OHLC logic
  const cols: Array<[string, Float64Array | undefined]> = [
    ['open', bars.open],
    ['high', bars.high],
    ['low', bars.low],
    ['close', bars.close],
    ['adjClose', bars.adjClose],
  ];
  for (let i = 0; i < n; i++) {
    const op = bars.open[i];
    const h = bars.high[i];
    const l = bars.low[i];
    const c = bars.close[i];
    const adj = bars.adjClose ? bars.adjClose[i] : 1;
    if (!(op > 0 && h > 0 && l > 0 && c > 0 && adj > 0 && op + h + l + c + adj < Infinity)) {
      let badPrice = '';
      for (const [name, a] of cols) if (a && !(a[i] > 0 && a[i] < Infinity)) badPrice += `${badPrice ? ' ' : ''}${name}=${fmt(a[i])}`;
      log.addLazy('prices', () => ({ ...at(i), message: `expected positive finite prices, received ${badPrice}` }));
      continue;
    }
    if (h < l || h < op || h < c || l > op || l > c) {
      const what = h < l ? 'high >= low' : h < op || h < c ? 'high >= max(open, close)' : 'low <= min(open, close)';
      const column = h < l || h < op || h < c ? 'high' : 'low';
      log.addLazy('ohlc', () => ({ ...at(i), column, message: `expected ${what}, received open=${fmt(op)} high=${fmt(h)} low=${fmt(l)} close=${fmt(c)}` }));
    }
  }

  // date order and duplicates
  const seen = new Map<number, number>();
  let sorted = true;
  for (let i = 1; i < n; i++) if (d[i] < d[i - 1]) sorted = false;
  for (let i = 0; i < n; i++) {
    if (i > 0 && d[i] < d[i - 1]) {
      log.addLazy('order', () => ({ ...at(i), column: 'date', message: `expected dates in increasing order, received ${dayToIso(d[i])} after ${dayToIso(d[i - 1])}` }));
    }
    const first = sorted ? (i > 0 && d[i] === d[i - 1] ? i - 1 : undefined) : seen.get(d[i]);
    if (first !== undefined) {
      log.addLazy('duplicates', () => ({ ...at(i), column: 'date', message: `expected one bar per date, received a second ${dayToIso(d[i])} (first at ${lines ? `line ${lines[first]}` : `row ${first}`})` }));
    } else if (!sorted) seen.set(d[i], i);
  }

  // volume
  let anyVolume = false;
  for (let i = 0; i < n && !anyVolume; i++) if (bars.volume[i] !== 0) anyVolume = true;
  if (o.volume === 'skip') skipped.volume = 'volume check turned off';
  else if (o.volume === 'auto' && !anyVolume) skipped.volume = 'source has no volume (every volume is 0)';
  else {
    for (let i = 0; i < n; i++) {
      const v = bars.volume[i];
      if (!(v > 0 && v < Infinity)) log.addLazy('volume', () => ({ ...at(i), column: 'volume', message: `expected volume > 0 on a trading day, received ${fmt(v)}` }));
    }
  }

  // daily moves (possible splits)
  if (o.calendar === 'monthly') skipped.jumps = 'monthly data: the daily-move check does not apply';
  else {
    const up = 1 + o.maxMove;
    for (let i = 1; i < n; i++) {
      const r = bars.close[i] / bars.close[i - 1];
      if (bars.close[i - 1] > 0 && r > 0 && (r > up || r < 1 / up)) {
        log.addLazy('jumps', () => ({
          ...at(i),
          column: 'close',
          message: `expected a close-to-close move within ×${fmt(up)} (possible split), received ${fmt(bars.close[i - 1])} -> ${fmt(bars.close[i])} (${r > 1 ? '+' : ''}${((r - 1) * 100).toFixed(1)} %)`,
        }));
      }
    }
  }

  const completeness = checkCompleteness(bars, o.calendar, o.maxMissingFraction, o.maxExamples, log, lines);
  if (o.calendar === 'none') skipped.completeness = 'calendar `none`';
  if (o.calendar === 'none' || o.calendar === 'monthly') skipped.calendar = `calendar \`${o.calendar}\``;

  const checks: CheckResult[] = CHECK_NAMES.map((name) => {
    const count = log.count(name);
    const failed = name === 'completeness' ? completeness.missingFraction > o.maxMissingFraction : count > 0;
    return {
      name,
      severity: SEVERITY[name],
      count,
      passed: skipped[name] !== undefined || !failed,
      ...(skipped[name] !== undefined ? { skipped: skipped[name] } : {}),
      examples: log.examples.get(name) ?? [],
    };
  });
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    if (d[i] < lo) lo = d[i];
    if (d[i] > hi) hi = d[i];
  }
  return {
    symbol: bars.symbol,
    ...(o.source !== undefined ? { source: o.source } : {}),
    rows: n,
    ...(n ? { firstDate: dayToIso(lo), lastDate: dayToIso(hi) } : {}),
    ok: checks.every((c) => c.passed || c.severity !== 'error'),
    checks,
    completeness,
    ...(o.format !== undefined ? { format: o.format } : {}),
    ignoredColumns: o.ignoredColumns ?? [],
    notes: o.notes ?? [],
  };
}

/** Expected vs present days; adds `completeness` (missing days) and `calendar` (off-calendar bars) issues. */
function checkCompleteness(
  bars: Bars,
  calendar: NonNullable<ValidateOptions['calendar']>,
  maxMissingFraction: number,
  maxExamples: number,
  log: IssueLog,
  lines: Int32Array | undefined,
): CompletenessSummary {
  const summary: CompletenessSummary = { calendar, expected: 0, present: 0, missing: 0, missingFraction: 0, maxMissingFraction, firstMissing: [], longestGap: 0 };
  const n = bars.dates.length;
  if (calendar === 'none' || n === 0) return summary;
  const { days, rowOf } = uniqueSortedDays(bars.dates);
  let expected: Int32Array;
  if (calendar === 'monthly') {
    const month = (dd: number) => {
      const iso = dayToIso(dd);
      return +iso.slice(0, 4) * 12 + +iso.slice(5, 7) - 1;
    };
    const m0 = month(days[0]);
    const m1 = month(days[days.length - 1]);
    const have = new Set(days.map(month));
    summary.expected = m1 - m0 + 1;
    summary.present = have.size;
    let gap = 0;
    for (let m = m0; m <= m1; m++) {
      if (have.has(m)) gap = 0;
      else {
        summary.missing++;
        summary.longestGap = Math.max(summary.longestGap, ++gap);
        const label = `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
        if (summary.firstMissing.length < maxExamples) summary.firstMissing.push(label);
        log.addLazy('completeness', () => ({ date: label, message: `expected a bar in month ${label}, received none` }));
      }
    }
  } else {
    expected = tradingDays(days[0], days[days.length - 1], calendar);
    let j = 0;
    let gap = 0;
    for (let k = 0; k < expected.length; k++) {
      const e = expected[k];
      while (j < days.length && days[j] < e) {
        log.addLazy('calendar', () => ({ row: rowOf[j], line: lines?.[rowOf[j]], date: dayToIso(days[j]), message: `expected bars on trading days of the ${calendar} calendar only, received one on ${dayToIso(days[j])}` }));
        j++;
      }
      if (j < days.length && days[j] === e) {
        summary.present++;
        gap = 0;
        j++;
      } else {
        summary.missing++;
        summary.longestGap = Math.max(summary.longestGap, ++gap);
        if (summary.firstMissing.length < maxExamples) summary.firstMissing.push(dayToIso(e));
        log.addLazy('completeness', () => ({ date: dayToIso(e), message: `expected a bar on ${dayToIso(e)} (a trading day of the ${calendar} calendar), received none` }));
      }
    }
    for (; j < days.length; j++) {
      log.addLazy('calendar', () => ({ row: rowOf[j], line: lines?.[rowOf[j]], date: dayToIso(days[j]), message: `expected bars on trading days of the ${calendar} calendar only, received one on ${dayToIso(days[j])}` }));
    }
    summary.expected = expected.length;
  }
  summary.missingFraction = summary.expected ? summary.missing / summary.expected : 0;
  return summary;
}

/** Distinct dates in increasing order and the first row holding each (no sort when already increasing). */
function uniqueSortedDays(dates: Int32Array): { days: Int32Array; rowOf: Int32Array } {
  const n = dates.length;
  let increasing = true;
  for (let i = 1; i < n && increasing; i++) if (dates[i] <= dates[i - 1]) increasing = false;
  if (increasing) {
    const rowOf = new Int32Array(n);
    for (let i = 0; i < n; i++) rowOf[i] = i;
    return { days: dates, rowOf };
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => dates[a] - dates[b] || a - b);
  const days: number[] = [];
  const rowOf: number[] = [];
  for (const i of order) {
    if (days.length === 0 || days[days.length - 1] !== dates[i]) {
      days.push(dates[i]);
      rowOf.push(i);
    }
  }
  return { days: Int32Array.from(days), rowOf: Int32Array.from(rowOf) };
}
