/**
 * JSON bars loader. Two layouts:
 * - rows: `[{"date": "2020-01-02", "open": 1, "high": 2, "low": 0.5, "close": 1.5, "volume": 100, "adjClose": 1.4}, …]`
 * - columns: `{"date": ["2020-01-02", …], "open": [1, …], …}` (all arrays the same length)
 * Keys are matched like CSV headers (case-insensitive; `adjClose`, `adj_close`, `Adj Close` all work; `vol`
 * for volume). Dates are strings in the CSV date shapes (`YYYY-MM-DD`, midnight times, `YYYYMMDD`; one shape per
 * document). Values must be JSON numbers (`null`, strings and booleans are errors). Volume and adjusted close
 * are optional: used when the first row (or the column object) has them, then required everywhere. Other keys
 * are ignored and listed in `ignoredColumns`. Errors name the key path: `[12].close` or `close[12]`.
 * JSON is parsed whole (not streamed): use CSV for very large files. Strict/non-strict as for CSV.
 */
import { checkJsonDepth, LIMITS } from '../util/limits';
import * as fs from 'fs';
import { InputError, inputError, show, type ErrorLocation } from '../util/errors';
import { dayToIso } from '../util/dates';
import type { Bars } from './bars';
import { BarsBuilder, checkRow, repairOrder } from './bars-builder';
import { FIELD_SYNONYMS, normalizeHeaderName, REQUIRED_FIELDS, type BarField } from './csv-header';
import { DATE_FORMAT_LABEL, describeDateProblem, parseDateText, type DateFormat } from './parse-bytes';
import { IssueLog } from './quality';

/** Options of {@link parseJsonBars} / {@link readJsonBars}. */
export interface JsonOptions {
  /** Throw at the first problem (default true); false drops bad records and records issues. */
  strict?: boolean;
  /** Symbol put on the bars (default `JSON`). */
  symbol?: string;
  /** Name used in messages (default the path, or `<json>`). */
  source?: string;
  /** Examples kept per issue kind (default 5). */
  maxExamples?: number;
}

/** Default {@link JsonOptions}. */
export const jsonDefaults = { strict: true, symbol: 'JSON', maxExamples: 5 };

/** Bars read from JSON, with what the loader noticed. */
export interface ParsedJson {
  bars: Bars;
  layout: 'rows' | 'columns';
  dateFormat: DateFormat | undefined;
  ignoredColumns: string[];
  hasVolume: boolean;
  /** Issues found while loading (non-strict mode). */
  issues: IssueLog;
}

/** Maps a JSON object's keys to bar fields; returns field → key and the unknown keys. */
function mapKeys(obj: Record<string, unknown>, where: ErrorLocation): { keyOf: Partial<Record<BarField, string>>; unknown: string[] } {
  const keyOf: Partial<Record<BarField, string>> = {};
  const unknown: string[] = [];
  for (const k of Object.keys(obj)) {
    const f = FIELD_SYNONYMS[normalizeHeaderName(k)];
    if (!f) unknown.push(k);
    else if (keyOf[f] !== undefined) throw inputError(where, `one key for \`${f}\``, `two: ${JSON.stringify(keyOf[f])} and ${JSON.stringify(k)}`);
    else keyOf[f] = k;
  }
  const missing = REQUIRED_FIELDS.filter((f) => keyOf[f] === undefined);
  if (missing.length) throw inputError(where, `keys date, open, high, low, close, missing ${missing.map((m) => `\`${m}\``).join(', ')}`, `keys ${show(Object.keys(obj))}`);
  return { keyOf, unknown };
}

/**
 * Reads bars from an already-parsed JSON value (rows or columns layout).
 * @param value the parsed document
 * @param options see {@link JsonOptions} (defaults {@link jsonDefaults})
 * @returns bars (n rows), layout, date shape, ignored keys and load issues
 */
export function parseJsonBars(value: unknown, options: JsonOptions = {}): ParsedJson {
  const o = { ...jsonDefaults, ...options };
  const file = o.source ?? '<json>';
  const log = new IssueLog(o.maxExamples);
  const rows = new BarsBuilder(Array.isArray(value) ? value.length : 1024);
  let layout: 'rows' | 'columns';
  let n: number;
  let get: (i: number, f: BarField) => unknown;
  let path: (i: number, f: BarField) => string;
  let keyOf: Partial<Record<BarField, string>>;
  let ignored: string[];
  if (Array.isArray(value)) {
    layout = 'rows';
    n = value.length;
    if (n === 0) throw inputError({ file }, 'a non-empty array of bar objects', '[]');
    const first = value[0];
    if (!first || typeof first !== 'object' || Array.isArray(first)) throw inputError({ file, key: '[0]' }, 'a bar object', show(first));
    ({ keyOf, unknown: ignored } = mapKeys(first as Record<string, unknown>, { file, key: '[0]' }));
    const extra = new Set(ignored);
    for (const r of value) if (r && typeof r === 'object') for (const k of Object.keys(r)) if (!FIELD_SYNONYMS[normalizeHeaderName(k)]) extra.add(k);
    ignored = [...extra];
    get = (i, f) => {
      const r = value[i] as Record<string, unknown> | null;
      return r && typeof r === 'object' && !Array.isArray(r) ? r[keyOf[f]!] : undefined;
    };
    path = (i, f) => `[${i}].${keyOf[f]}`;
  } else if (value && typeof value === 'object') {
    layout = 'columns';
    const obj = value as Record<string, unknown>;
    ({ keyOf, unknown: ignored } = mapKeys(obj, { file }));
    n = -1;
    for (const [f, k] of Object.entries(keyOf) as Array<[BarField, string]>) {
      const col = obj[k];
      if (!Array.isArray(col)) throw inputError({ file, key: k }, `an array for \`${f}\``, show(col));
      if (n >= 0 && col.length !== n) throw inputError({ file, key: k }, `${n} values (as \`${keyOf.date}\`)`, `${col.length}`);
      n = col.length;
    }
    if (n === 0) throw inputError({ file, key: keyOf.date }, 'at least one bar', 'empty arrays');
    get = (i, f) => (obj[keyOf[f]!] as unknown[])[i];
    path = (i, f) => `${keyOf[f]}[${i}]`;
  } else {
    throw inputError({ file }, 'an array of bar objects or an object of column arrays', show(value));
  }
  const hasAdj = keyOf.adjClose !== undefined;
  const hasVol = keyOf.volume !== undefined;
  let dateFormat: DateFormat | undefined;
  let prev = -Infinity;
  const fail = (key: string, expected: string, received: string): void => {
    if (o.strict) throw inputError({ file, key }, expected, received);
    log.add({ check: 'parse', key, message: `${key}: ${expected}, received ${received}` });
  };
  const num = (i: number, f: BarField): number => {
    const x = get(i, f);
    if (typeof x === 'number' && Number.isFinite(x)) return x;
    fail(path(i, f), 'a finite number', show(x));
    return NaN;
  };
  rowLoop: for (let i = 0; i < n; i++) {
    if (layout === 'rows') {
      const r = (value as unknown[])[i];
      if (!r || typeof r !== 'object' || Array.isArray(r)) {
        fail(`[${i}]`, 'a bar object', show(r));
        continue;
      }
    }
    const dv = get(i, 'date');
    const pd = typeof dv === 'string' ? parseDateText(dv) : { day: NaN, format: undefined };
    if (Number.isNaN(pd.day)) {
      fail(path(i, 'date'), describeDateProblem(String(dv), dateFormat), show(dv));
      continue;
    }
    if (dateFormat === undefined) dateFormat = pd.format;
    else if (pd.format !== dateFormat) {
      fail(path(i, 'date'), `one date format per document (${DATE_FORMAT_LABEL[dateFormat]})`, `${show(dv)} (mixed date formats)`);
      continue;
    }
    const vals = [num(i, 'open'), num(i, 'high'), num(i, 'low'), num(i, 'close'), hasAdj ? num(i, 'adjClose') : 1, hasVol ? num(i, 'volume') : 0];
    for (const x of vals) if (Number.isNaN(x)) continue rowLoop;
    const [op, h, l, c, adj, vol] = vals;
    if (o.strict) {
      const bad = checkRow(op, h, l, c, hasAdj ? adj : NaN, vol);
      const field = bad && ((bad.column === 'adjClose' ? 'adjClose' : bad.column) as BarField);
      if (bad) fail(path(i, field!), bad.expected, bad.received);
      if (pd.day === prev) fail(path(i, 'date'), 'one bar per date', `a second ${dayToIso(pd.day)}`);
      if (pd.day < prev) fail(path(i, 'date'), 'dates in increasing order', `${dayToIso(pd.day)} after ${dayToIso(prev)}`);
    }
    prev = pd.day;
    rows.push(pd.day, op, h, l, c, hasAdj ? adj : NaN, vol, 0);
  }
  if (rows.n === 0) {
    const first = [...log.examples.values()][0]?.[0];
    throw inputError({ file }, `at least one usable bar; first problem: ${first?.message ?? 'none'}`);
  }
  let { bars } = rows.finish(o.symbol, hasAdj);
  if (!o.strict) bars = repairOrder(bars, undefined, log).bars;
  return { bars, layout, dateFormat, ignoredColumns: ignored, hasVolume: hasVol, issues: log };
}

/**
 * Reads a JSON bars file (parsed whole; see the module comment for the layouts).
 * @param file path of the `.json` file
 * @param options see {@link JsonOptions}
 * @returns as {@link parseJsonBars}
 */
export async function readJsonBars(file: string, options: JsonOptions = {}): Promise<ParsedJson> {
  const source = options.source ?? file;
  const value = await readJsonFile(file, source, 'a readable file');
  return parseJsonBars(value, { ...options, source });
}

/**
 * Reads and parses a UTF-8 JSON file with InputErrors for every failure (unreadable, not UTF-8 with the line
 * of the first bad byte, empty, invalid JSON). Shared by the bars and fundamentals loaders.
 * @param file path to read
 * @param source name used in messages
 * @param what phrase for an unreadable file, e.g. "a readable file"
 * @returns the parsed value
 */
export async function readJsonFile(file: string, source: string, what: string): Promise<unknown> {
  let bytes: Buffer;
  try {
    const st = await fs.promises.stat(file);
    if (st.isDirectory()) throw inputError({ file: source }, what, 'a directory');
    if (st.size > LIMITS.maxJsonBytes) throw inputError({ file: source }, `a JSON file of at most ${LIMITS.maxJsonBytes} bytes`, `${st.size} bytes`);
    bytes = await fs.promises.readFile(file);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw inputError({ file: source }, what, (e as NodeJS.ErrnoException).code ?? (e as Error).message);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const check = new TextDecoder('utf-8', { fatal: true });
    let line = 1;
    for (let start = 0; start < bytes.length; line++) {
      let end = bytes.indexOf(10, start);
      if (end < 0) end = bytes.length;
      try {
        check.decode(bytes.subarray(start, end));
      } catch {
        break;
      }
      start = end + 1;
    }
    throw inputError({ file: source, line }, 'UTF-8 text (re-save the file as UTF-8)', 'bytes that are not valid UTF-8');
  }
  if (text.trim() === '') throw inputError({ file: source }, 'a JSON document', 'an empty file');
  checkJsonDepth(text, { file: source });
  try {
    return JSON.parse(text);
  } catch (e) {
    throw inputError({ file: source }, 'valid JSON', (e as Error).message);
  }
}
