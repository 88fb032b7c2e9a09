/**
 * Types of the data-quality report shared by the loaders (which find parse and ordering problems while
 * reading a file) and {@link validateBars} (which checks finished bars).
 */

/**
 * The checks of a quality report (seed 003's data-quality requirements plus the loader's own):
 * - `parse`: rows dropped while loading (non-strict loading only: unparseable numbers/dates, wrong field count, bad bytes)
 * - `duplicates`: two bars with the same date
 * - `order`: a date earlier than the one before it
 * - `prices`: a non-finite or non-positive open/high/low/close (or adjusted close)
 * - `ohlc`: high < low, high < max(open, close) or low > min(open, close)
 * - `volume`: volume not > 0 on a bar (skipped when the source has no volume: every volume is 0)
 * - `jumps`: close-to-close ratio above 1 + maxMove or below 1 / (1 + maxMove) (a possible unadjusted split)
 * - `completeness`: share of expected trading days without a bar above `maxMissingFraction`
 * - `calendar`: bars on days the calendar says are not trading days (a warning only)
 */
export type CheckName = 'parse' | 'duplicates' | 'order' | 'prices' | 'ohlc' | 'volume' | 'jumps' | 'completeness' | 'calendar';

/** Every check, in report order. */
export const CHECK_NAMES: readonly CheckName[] = ['parse', 'duplicates', 'order', 'prices', 'ohlc', 'volume', 'jumps', 'completeness', 'calendar'];

/** One offending row or problem. */
export interface QualityIssue {
  check: CheckName;
  /** What is wrong, in the house format (`expected …, received …`). */
  message: string;
  /** 1-based line in the source file, when loaded from a text file. */
  line?: number;
  /** 0-based index into the bars (absent for rows that were dropped). */
  row?: number;
  /** ISO date of the bar, when known. */
  date?: string;
  /** Column the problem is in, when one column is to blame. */
  column?: string;
  /** Key path inside a JSON document (`[12].close`, `close[12]`), for JSON sources. */
  key?: string;
}

/** Outcome of one check. */
export interface CheckResult {
  name: CheckName;
  /** `error` checks decide `ok`; `warning` checks are reported only. */
  severity: 'error' | 'warning';
  /** Number of offending rows (or missing days, for `completeness`). */
  count: number;
  /** True when the check passed or was skipped. */
  passed: boolean;
  /** Why the check did not run (e.g. "source has no volume"), when it did not. */
  skipped?: string;
  /** The first few offending rows. */
  examples: QualityIssue[];
}

/** Completeness details: expected days per calendar vs days present. */
export interface CompletenessSummary {
  /** `nyse`, `weekdays`, `monthly` (one bar per calendar month) or `none`. */
  calendar: string;
  expected: number;
  present: number;
  missing: number;
  /** missing / expected (0 when nothing is expected). */
  missingFraction: number;
  /** The threshold the check used. */
  maxMissingFraction: number;
  /** First few missing days (ISO). */
  firstMissing: string[];
  /** Longest run of consecutive missing expected days. */
  longestGap: number;
}

/** A structured data-quality report. `ok` is true when every `error` check passed. */
export interface QualityReport {
  symbol: string;
  /** File path or sample name, when the bars came from one. */
  source?: string;
  /** Bars checked (after dropping unparseable rows). */
  rows: number;
  firstDate?: string;
  lastDate?: string;
  ok: boolean;
  /** One entry per {@link CheckName}, in {@link CHECK_NAMES} order. */
  checks: CheckResult[];
  completeness: CompletenessSummary;
  /** Detected input format (e.g. `yahoo`, `stooq`, `vega`, `generic`, `json`), when loaded from a file. */
  format?: string;
  /** Columns present in the file but not used (ignored, listed so nothing is silently lost). */
  ignoredColumns: string[];
  /** Free-form notes (e.g. "closes only: open = high = low = close"). */
  notes: string[];
}

/**
 * Collects issues: counts every one per check, keeps the first `maxExamples` per check.
 * Internal helper used by the loaders and the validator.
 */
export class IssueLog {
  readonly counts = new Map<CheckName, number>();
  readonly examples = new Map<CheckName, QualityIssue[]>();
  constructor(readonly maxExamples: number) {}

  /** Records one issue. */
  add(issue: QualityIssue): void {
    this.counts.set(issue.check, (this.counts.get(issue.check) ?? 0) + 1);
    let ex = this.examples.get(issue.check);
    if (!ex) this.examples.set(issue.check, (ex = []));
    if (ex.length < this.maxExamples) ex.push(issue);
  }

  /** Records one issue, building it only when an example of `check` is still wanted (cheap for large counts). */
  addLazy(check: CheckName, make: () => Omit<QualityIssue, 'check'>): void {
    if (this.wantsExample(check)) this.add({ check, ...make() });
    else this.bump(check);
  }

  /** Counts one issue of `check` without keeping an example (when {@link wantsExample} is false). */
  bump(check: CheckName): void {
    this.counts.set(check, (this.counts.get(check) ?? 0) + 1);
  }

  /** Number of issues recorded for `check`. */
  count(check: CheckName): number {
    return this.counts.get(check) ?? 0;
  }

  /** True when some issue of `check` will be kept (so callers can skip building its message). */
  wantsExample(check: CheckName): boolean {
    return (this.examples.get(check)?.length ?? 0) < this.maxExamples;
  }

  /** Adds the counts and examples of another log (issues found while loading). */
  merge(other: IssueLog): void {
    for (const [check, n] of other.counts) {
      this.counts.set(check, (this.counts.get(check) ?? 0) + n);
      let ex = this.examples.get(check);
      if (!ex) this.examples.set(check, (ex = []));
      for (const e of other.examples.get(check) ?? []) if (ex.length < this.maxExamples) ex.push(e);
    }
  }
}
