/**
 * CSV header recognition: which column holds which bar field, and which known format the file is in.
 *
 * Header names are matched case-insensitively after removing spaces, `_`, `-`, `.` and Stooq's `<…>`:
 * `date`; `open`; `high`; `low`; `close`; `adjclose` / `adjustedclose` (adjusted close); `volume` / `vol`.
 * Formats recognised:
 * - `yahoo`: `Date,Open,High,Low,Close,Adj Close,Volume`
 * - `vega`: `date,open,high,low,close,adjclose,volume` (vega-datasets' lower-case form)
 * - `stooq`: `Date,Open,High,Low,Close[,Volume]`, or Stooq's `<TICKER>,<PER>,<DATE>,<TIME>,<OPEN>,…,<VOL>,<OPENINT>`
 *   (dates `YYYYMMDD`)
 * - `generic`: any header, with an explicit {@link ColumnMapping} for the names that differ
 * Required fields: date, open, high, low, close. Volume and adjusted close are optional (volume absent → 0,
 * as {@link Bars} documents). Other columns are ignored and listed in the quality report.
 */
import { inputError, type ErrorLocation } from '../util/errors';

/** A bar field a column can fill. */
export type BarField = 'date' | 'open' | 'high' | 'low' | 'close' | 'adjClose' | 'volume';

/** Field order used for column roles (role = index into this list). */
export const BAR_FIELDS: readonly BarField[] = ['date', 'open', 'high', 'low', 'close', 'adjClose', 'volume'];

/** Fields every CSV must have. */
export const REQUIRED_FIELDS: readonly BarField[] = ['date', 'open', 'high', 'low', 'close'];

/**
 * Header names (as in the file, matched case-insensitively) per field, e.g. `{date: 'Timestamp', close: 'Last'}`.
 * {@link NO_COLUMN} (`-`) says the file really has no such column (e.g. `{volume: '-'}` for a file without volume).
 */
export type ColumnMapping = Partial<Record<BarField, string>>;

/** Mapping value meaning "this file has no such column" (only for optional fields: volume, adjClose). */
export const NO_COLUMN = '-';

/** Characters a header may not contain: C0/C1 control characters (tab aside), DEL, U+FFFD, zero-width and bidi controls. */
const UNPRINTABLE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\ufffd\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;

/** Levenshtein distance of two short strings (header names). */
export function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

/**
 * The unused header closest to a field's names (edit distance on normalised names), for "did you mean" errors.
 * @param field the bar field looked for
 * @param raw header names as in the file
 * @param used column indexes already assigned
 * @param maxDistance largest distance reported (default: any)
 * @returns the header name, or undefined when there is no unused header (within `maxDistance`)
 */
export function closestHeader(field: BarField, raw: string[], used: Set<number>, maxDistance = Infinity): string | undefined {
  const targets = Object.keys(FIELD_SYNONYMS).filter((k) => FIELD_SYNONYMS[k] === field);
  let best: string | undefined;
  let bestD = Infinity;
  raw.forEach((name, i) => {
    if (used.has(i)) return;
    const n = normalizeHeaderName(name);
    const d = Math.min(...targets.map((t) => (n.includes(t) || t.includes(n) && n.length >= 3 ? Math.abs(n.length - t.length) : editDistance(n, t))));
    if (d < bestD) {
      bestD = d;
      best = name;
    }
  });
  return bestD <= maxDistance ? best : undefined;
}

/** A CSV format name; `auto` detects it from the header. */
export type CsvFormat = 'auto' | 'yahoo' | 'stooq' | 'vega' | 'generic';

/** What the header says about each column. */
export interface HeaderPlan {
  /** The detected (or requested) format. */
  format: Exclude<CsvFormat, 'auto'>;
  /** Header names as in the file (trimmed). */
  names: string[];
  /** Per column: index into {@link BAR_FIELDS}, or -1 for an ignored column. */
  roles: Int8Array;
  /** Column index per field (-1 when absent). */
  columnOf: Record<BarField, number>;
  /** Header names of the ignored columns. */
  ignoredColumns: string[];
}

/** Normalised column/key names (see normalizeHeaderName) → bar field; shared by the CSV and JSON loaders. */
export const FIELD_SYNONYMS: Readonly<Record<string, BarField>> = {
  date: 'date',
  open: 'open',
  high: 'high',
  low: 'low',
  close: 'close',
  adjclose: 'adjClose',
  adjustedclose: 'adjClose',
  volume: 'volume',
  vol: 'volume',
};

/** Normalised header name: lower case without spaces, `_`, `-`, `.`, `<`, `>`. */
export function normalizeHeaderName(name: string): string {
  return name.toLowerCase().replace(/[\s_\-.<>]/g, '');
}

/**
 * Splits one CSV line into fields, honouring double quotes (`"a,b"`, `""` for a quote). Used for the header
 * and for the rare data line with quotes; quoted fields cannot span lines.
 * @param line one line without its line ending
 * @returns the fields, unquoted, not trimmed
 */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inQuotes = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (inQuotes) {
      if (ch === '"') {
        if (line[i + 1] === '"') {
          cur += '"';
          i++;
        } else inQuotes = false;
      } else cur += ch;
    } else if (ch === '"') inQuotes = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

function detect(raw: string[], columnOf: Record<BarField, number>): Exclude<CsvFormat, 'auto' | 'generic'> {
  if (raw.some((n) => n.startsWith('<'))) return 'stooq';
  if (columnOf.adjClose >= 0) return raw[columnOf.adjClose] === 'adjclose' ? 'vega' : 'yahoo';
  return 'stooq';
}

/**
 * Reads a header line into a {@link HeaderPlan}.
 * @param names the header fields
 * @param options `format` (default `auto`) and `mapping` (names per field; implies `generic`)
 * @param where file and line for errors
 * @returns the plan; throws InputError for a missing required column, a column claimed twice, or a header
 *   that does not match a requested format
 */
export function planHeader(names: string[], options: { format?: CsvFormat; mapping?: ColumnMapping; requireVolume?: boolean }, where: ErrorLocation): HeaderPlan {
  const raw = names.map((n) => n.trim());
  raw.forEach((n, i) => {
    const bad = UNPRINTABLE.exec(n);
    if (bad) {
      const code = bad[0].charCodeAt(0).toString(16).padStart(4, '0');
      throw inputError({ ...where, column: i + 1 }, 'a header of printable text', `character U+${code} in ${JSON.stringify(n)}`);
    }
  });
  const norm = raw.map(normalizeHeaderName);
  const columnOf: Record<BarField, number> = { date: -1, open: -1, high: -1, low: -1, close: -1, adjClose: -1, volume: -1 };
  const mapping = options.mapping ?? {};
  const claimed = new Set<number>();
  for (const [field, header] of Object.entries(mapping) as Array<[string, string | undefined]>) {
    if (!(BAR_FIELDS as readonly string[]).includes(field)) {
      throw inputError({ key: `mapping.${field}` }, `a mapping key among ${BAR_FIELDS.join(', ')}`, JSON.stringify(field));
    }
    if (header === undefined) continue;
    if (header === NO_COLUMN) {
      if (field !== 'volume' && field !== 'adjClose') throw inputError({ key: `mapping.${field}` }, `a column name (only volume and adjClose may be \`${NO_COLUMN}\`)`, JSON.stringify(header));
      continue;
    }
    const idx = raw.findIndex((n) => n.toLowerCase() === String(header).trim().toLowerCase());
    if (idx < 0) {
      throw inputError(where, `a column named ${JSON.stringify(header)} (mapping.${field})`, `header ${JSON.stringify(raw.join(','))}`);
    }
    columnOf[field as BarField] = idx;
    claimed.add(idx);
  }
  norm.forEach((n, i) => {
    const field = FIELD_SYNONYMS[n];
    if (!field || claimed.has(i) || mapping[field] !== undefined) return;
    if (columnOf[field] >= 0) {
      throw inputError(where, `one column for \`${field}\``, `two: ${JSON.stringify(raw[columnOf[field]])} and ${JSON.stringify(raw[i])}`);
    }
    columnOf[field] = i;
  });
  const used = new Set(Object.values(columnOf).filter((i) => i >= 0));
  const missing = REQUIRED_FIELDS.filter((f) => columnOf[f] < 0);
  if (missing.length) {
    const near = closestHeader(missing[0], raw, used);
    throw inputError(
      where,
      `columns date, open, high, low, close (any case; pass a mapping for other names), missing ${missing.map((m) => `\`${m}\``).join(', ')}` +
        (near !== undefined ? ` (closest header found: ${JSON.stringify(near)})` : ''),
      `header ${JSON.stringify(raw.join(','))}`,
    );
  }
  for (const f of ['volume', 'adjClose'] as const) {
    if (columnOf[f] >= 0 || mapping[f] === NO_COLUMN) continue;
    const near = closestHeader(f, raw, used, 2);
    const required = f === 'volume' && options.requireVolume === true;
    if (near !== undefined || required) {
      throw inputError(
        where,
        `a \`${f}\` column${near !== undefined ? ` (closest header found: ${JSON.stringify(near)}; rename it or map it)` : ''}, or the mapping ${f}=${NO_COLUMN} for a file that really has none`,
        `header ${JSON.stringify(raw.join(','))}`,
      );
    }
  }
  const requested = options.format ?? 'auto';
  const detected = Object.values(mapping).some((v) => v !== undefined && v !== NO_COLUMN) ? 'generic' : detect(raw, columnOf);
  if (requested !== 'auto' && requested !== 'generic' && requested !== detected) {
    const want: Record<string, string> = {
      yahoo: 'Date,Open,High,Low,Close,Adj Close,Volume',
      vega: 'date,open,high,low,close,adjclose,volume',
      stooq: 'Date,Open,High,Low,Close,Volume or <TICKER>,<PER>,<DATE>,<TIME>,<OPEN>,…',
    };
    throw inputError(where, `a ${requested} header (${want[requested]})`, `header ${JSON.stringify(raw.join(','))} (looks like ${detected})`);
  }
  const roles = new Int8Array(raw.length).fill(-1);
  BAR_FIELDS.forEach((f, k) => {
    if (columnOf[f] >= 0) roles[columnOf[f]] = k;
  });
  const ignoredColumns = raw.filter((_, i) => roles[i] < 0);
  return { format: requested === 'generic' ? 'generic' : detected, names: raw, roles, columnOf, ignoredColumns };
}
