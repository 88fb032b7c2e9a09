/**
 * Fundamentals joined to bars AS OF their publication date, with no look-ahead.
 *
 * File format (JSON): an array of records, or `{"records": [...]}` (optionally with `symbol`):
 * ```json
 * [{"published": "2020-04-30", "eps": 1.2, "pe": 25},
 *  {"date": "2020-07-30", "period": "Q2", "eps": 1.3, "pe": null}]
 * ```
 * - The publication date is `published` (preferred) or `date`, ISO `YYYY-MM-DD`: the first day the numbers were
 *   public. When both keys are present `published` counts and `date` (e.g. a period end) is ignored.
 * - Every other key with a number becomes a series named by the key (plus `prefix`); `null` means "not in this
 *   record" (the previous value stays visible). Strings are allowed only for the descriptive keys
 *   `symbol`, `period`, `periodEnd`, `fiscalPeriod`, `currency`, `form` (ignored); other strings are errors.
 * - Records may come in any order; for equal publication dates the later record in the file wins.
 *
 * Join rule: a value published on day p is visible on the first bar dated >= p, plus `lag` bars, and on every
 * later bar until a newer value of the same key is visible. Bars before the first publication get NaN. If the
 * numbers come out after the close, use `lag: 1` so the bar of the publication day does not see them.
 */
import { inputError, show } from '../util/errors';
import { isoToDay, lowerBound } from '../util/dates';
import type { Bars } from './bars';
import { readJsonFile } from './json';

/** Descriptive keys whose string values are ignored. */
export const FUNDAMENTALS_META_KEYS: readonly string[] = ['symbol', 'period', 'periodEnd', 'fiscalPeriod', 'currency', 'form'];

/** Fundamentals as columns, sorted by publication day (stable). */
export interface FundamentalsTable {
  /** Publication day per record (days since 1970-01-01), non-decreasing. */
  published: Int32Array;
  /** One column per numeric key, aligned to `published`; NaN = not in that record. */
  values: Record<string, Float64Array>;
}

/** Options of {@link mergeFundamentals}. */
export interface MergeFundamentalsOptions {
  /** Extra bars of delay after the first bar on/after publication (default 0). */
  lag?: number;
  /** Prefix for the `extra` column names (default ''). */
  prefix?: string;
}

/** Default {@link MergeFundamentalsOptions}. */
export const fundamentalsDefaults = { lag: 0, prefix: '' };

/**
 * Reads fundamentals records from a parsed JSON value.
 * @param value an array of records or `{records: [...]}`
 * @param source file name for error messages (default `<fundamentals>`)
 * @returns the records as columns sorted by publication day
 */
export function parseFundamentals(value: unknown, source = '<fundamentals>'): FundamentalsTable {
  let records: unknown = value;
  let base = '';
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    records = (value as Record<string, unknown>).records;
    base = 'records';
  }
  if (!Array.isArray(records) || records.length === 0) {
    throw inputError({ file: source, key: base || undefined }, 'a non-empty array of records like {"published": "2020-04-30", "eps": 1.2}', show(records));
  }
  const n = records.length;
  const pub = new Float64Array(n);
  const cols = new Map<string, Float64Array>();
  records.forEach((r, i) => {
    const at = `${base}[${i}]`;
    if (!r || typeof r !== 'object' || Array.isArray(r)) throw inputError({ file: source, key: at }, 'a record object', show(r));
    const rec = r as Record<string, unknown>;
    const dateKey = 'published' in rec ? 'published' : 'date' in rec ? 'date' : undefined;
    if (!dateKey) throw inputError({ file: source, key: at }, 'a `published` or `date` key (publication date)', `keys ${show(Object.keys(rec))}`);
    const d = typeof rec[dateKey] === 'string' ? isoToDay(rec[dateKey] as string) : NaN;
    if (Number.isNaN(d)) throw inputError({ file: source, key: `${at}.${dateKey}` }, 'an ISO date YYYY-MM-DD', show(rec[dateKey]));
    pub[i] = d;
    for (const [k, v] of Object.entries(rec)) {
      if (k === 'published' || k === 'date') continue;
      if (v === null) continue;
      if (typeof v === 'string' && FUNDAMENTALS_META_KEYS.includes(k)) continue;
      if (typeof v !== 'number' || !Number.isFinite(v)) throw inputError({ file: source, key: `${at}.${k}` }, 'a finite number or null', show(v));
      let col = cols.get(k);
      if (!col) cols.set(k, (col = new Float64Array(n).fill(NaN)));
      col[i] = v;
    }
  });
  if (cols.size === 0) throw inputError({ file: source }, 'at least one numeric key besides the date', 'none');
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => pub[a] - pub[b] || a - b);
  const values: Record<string, Float64Array> = {};
  for (const [k, col] of cols) values[k] = Float64Array.from(order, (i) => col[i]);
  return { published: Int32Array.from(order, (i) => pub[i]), values };
}

/**
 * Reads a fundamentals JSON file (format in the module comment).
 * @param file path of the JSON file
 * @returns the table, sorted by publication day
 */
export async function readFundamentals(file: string): Promise<FundamentalsTable> {
  const value = await readJsonFile(file, file, 'a readable fundamentals file');
  return parseFundamentals(value, file);
}

/**
 * As-of join of fundamentals onto bars: `extra[prefix + key]` holds, for each bar, the latest value published
 * on or before that bar's date (shifted by `lag` bars), NaN before the first publication.
 * @param bars bars with strictly increasing dates (not mutated; the result shares its price arrays)
 * @param table fundamentals from {@link parseFundamentals} / {@link readFundamentals}
 * @param options `lag` (bars, default 0), `prefix` (default '')
 * @returns new Bars whose `extra` has one Float64Array (length n) per fundamentals key added
 */
export function mergeFundamentals(bars: Bars, table: FundamentalsTable, options: MergeFundamentalsOptions = {}): Bars {
  const o = { ...fundamentalsDefaults, ...options };
  if (!(Number.isInteger(o.lag) && o.lag >= 0)) throw inputError({ key: 'lag' }, 'a whole number of bars >= 0', String(o.lag));
  const n = bars.dates.length;
  for (let i = 1; i < n; i++) {
    if (bars.dates[i] <= bars.dates[i - 1]) throw inputError({ key: `dates[${i}]` }, 'bars with strictly increasing dates', 'a date not after the one before');
  }
  const m = table.published.length;
  const start = new Int32Array(m);
  for (let k = 0; k < m; k++) start[k] = lowerBound(bars.dates, table.published[k]) + o.lag;
  const extra: Record<string, Float64Array> = { ...(bars.extra ?? {}) };
  for (const [key, col] of Object.entries(table.values)) {
    const name = o.prefix + key;
    if (name in extra) throw inputError({ key: `extra.${name}` }, 'a new column name (use `prefix`)', `\`${name}\` already exists`);
    const out = new Float64Array(n).fill(NaN);
    let cur = NaN;
    let k = 0;
    for (let i = 0; i < n; i++) {
      while (k < m && start[k] <= i) {
        if (!Number.isNaN(col[k])) cur = col[k];
        k++;
      }
      out[i] = cur;
    }
    extra[name] = out;
  }
  return { ...bars, extra };
}
