/**
 * Streaming CSV loader producing {@link Bars}: Yahoo, Stooq (both layouts), vega-datasets and generic CSV with a
 * column mapping (see `csv-header.ts` for the formats and header rules, `parse-bytes.ts` for numbers and dates).
 *
 * The file is read in chunks (`chunkSize` bytes, default 1 MiB) into one reusable buffer; lines are parsed from
 * the bytes as they arrive and rows go into typed arrays that double in capacity, so memory is the bars
 * themselves plus one chunk, whatever the file size.
 *
 * Rules: one header line, then one bar per line; blank lines are skipped; `\n` or `\r\n` endings; a UTF-8 BOM is
 * allowed; double-quoted fields are accepted but may not span lines; every line must have as many fields as the
 * header; bytes must be valid UTF-8. Unknown columns are ignored and listed in `ignoredColumns`.
 *
 * Strict mode (default) throws an InputError at the first problem, naming `file:line: column`: a field that is
 * not a finite number or an accepted date, mixed date formats, a wrong field count, non-UTF-8 bytes, a price
 * <= 0, high < low, high < open/close, low > open/close, volume < 0, a duplicate date or a date out of order.
 * Non-strict mode drops unparseable rows (recorded as `parse` issues), sorts out-of-order rows and keeps the
 * first of duplicate dates (recorded as `order` / `duplicates`); other row problems stay in the bars for
 * `validateBars` to report.
 */
import { inputError } from '../util/errors';
import type { Bars } from './bars';
import { repairOrder } from './bars-builder';
import type { ColumnMapping, CsvFormat } from './csv-header';
import { CsvBarParser } from './csv-parser';
import { streamFileLines } from './read-chunks';
import type { DateFormat } from './parse-bytes';
import type { IssueLog } from './quality';

/** Options of {@link readCsvBars} and {@link parseCsvBytes}. */
export interface CsvOptions {
  /** `auto` (default) detects the format from the header; naming one checks the header against it. */
  format?: CsvFormat;
  /** Header names per field for files whose names differ, e.g. `{date: 'Timestamp', close: 'Last'}`. */
  mapping?: ColumnMapping;
  /** A missing (or misspelled) volume column is an error unless `mapping.volume` is `-` (imports set this). */
  requireVolume?: boolean;
  /** Throw at the first problem (default true); false collects issues and keeps parseable rows. */
  strict?: boolean;
  /** Bytes read per chunk (default 1 MiB; tiny values are for tests). */
  chunkSize?: number;
  /** Examples kept per issue kind in non-strict mode (default 5). */
  maxExamples?: number;
  /** Symbol put on the bars (default `CSV`; `loadBars` passes the checked file name). */
  symbol?: string;
  /** Name used in error messages (default: the path, or `<bytes>`). */
  source?: string;
}

/** Default {@link CsvOptions}. */
export const csvDefaults = {
  format: 'auto' as CsvFormat,
  strict: true,
  chunkSize: 1 << 20,
  maxExamples: 5,
  symbol: 'CSV',
};

/** What {@link readCsvBars} returns besides the bars. */
export interface ParsedCsv {
  bars: Bars;
  /** 1-based source line per bar. */
  lines: Int32Array;
  /** Detected format. */
  format: Exclude<CsvFormat, 'auto'>;
  /** Date shape used by the file. */
  dateFormat: DateFormat | undefined;
  /** Header names as in the file. */
  header: string[];
  /** Header names of columns that were not used. */
  ignoredColumns: string[];
  /** Whether the file has a volume column (if not, volume is 0). */
  hasVolume: boolean;
  /** Issues found while loading (non-strict mode; empty in strict mode). */
  issues: IssueLog;
}

function settings(options: CsvOptions, source: string, sizeHint: number) {
  const o = { ...csvDefaults, ...options };
  if (!(Number.isInteger(o.chunkSize) && o.chunkSize >= 1)) {
    throw inputError({ key: 'chunkSize' }, 'a positive integer number of bytes', String(o.chunkSize));
  }
  return {
    o,
    parser: new CsvBarParser({
      source: options.source ?? source,
      strict: o.strict,
      format: o.format,
      mapping: o.mapping,
      requireVolume: o.requireVolume,
      maxExamples: o.maxExamples,
      initialCapacity: Math.min(1 << 22, Math.max(1024, Math.ceil(sizeHint / 48))),
    }),
  };
}

function finish(p: CsvBarParser, o: typeof csvDefaults & CsvOptions, source: string): ParsedCsv {
  if (!p.plan) throw inputError({ file: source, line: 1 }, 'a CSV header line', 'an empty file');
  if (p.rows.n === 0) {
    const firstIssue = [...p.log.examples.values()][0]?.[0];
    if (firstIssue) throw inputError({ file: source, line: firstIssue.line }, `at least one parseable row; first problem: ${firstIssue.message}`);
    throw inputError({ file: source, line: p.line + 1 }, 'at least one data row after the header', 'none');
  }
  const built = p.rows.finish(o.symbol, p.plan.columnOf.adjClose >= 0);
  let bars = built.bars;
  let lines = built.lines;
  if (!o.strict) {
    const fixed = repairOrder(bars, lines, p.log);
    bars = fixed.bars;
    lines = fixed.lines ?? lines;
  }
  return {
    bars,
    lines,
    format: p.plan.format,
    dateFormat: p.dateFormat,
    header: p.plan.names,
    ignoredColumns: p.plan.ignoredColumns,
    hasVolume: p.plan.columnOf.volume >= 0,
    issues: p.log,
  };
}

/**
 * Reads a CSV file into bars, streaming it in chunks.
 * @param file path of the CSV file
 * @param options see {@link CsvOptions} (defaults {@link csvDefaults})
 * @returns the bars (length n), the source line of each bar (Int32Array n), format details and issues
 */
export async function readCsvBars(file: string, options: CsvOptions = {}): Promise<ParsedCsv> {
  const source = options.source ?? file;
  let o: ReturnType<typeof settings>['o'] | undefined;
  const parser = await streamFileLines(file, options.chunkSize ?? csvDefaults.chunkSize, (size) => {
    const s = settings(options, file, size);
    o = s.o;
    return s.parser;
  });
  return finish(parser, o!, source);
}

/**
 * Parses CSV bytes already in memory (tests, uploads). Same rules and results as {@link readCsvBars};
 * `chunkSize` splits the input into pieces exactly as the file reader would.
 * @param bytes the CSV file's bytes (or a string, encoded as UTF-8)
 * @param options see {@link CsvOptions}
 * @returns as {@link readCsvBars}
 */
export function parseCsvBytes(bytes: Uint8Array | string, options: CsvOptions = {}): ParsedCsv {
  const data = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const source = options.source ?? '<bytes>';
  const { o, parser } = settings(options, source, data.length);
  if (options.chunkSize === undefined) {
    const rest = parser.consume(data, 0, data.length);
    parser.finishLast(data, rest, data.length);
    return finish(parser, o, source);
  }
  let buf = Buffer.allocUnsafe(o.chunkSize);
  let end = 0;
  let pos = 0;
  for (;;) {
    if (end === buf.length) {
      const bigger = Buffer.allocUnsafe(buf.length * 2);
      buf.copy(bigger, 0, 0, end);
      buf = bigger;
    }
    const n = Math.min(o.chunkSize, buf.length - end, data.length - pos);
    if (n === 0) {
      parser.finishLast(buf, 0, end);
      break;
    }
    data.copy(buf, end, pos, pos + n);
    pos += n;
    end += n;
    const rest = parser.consume(buf, 0, end);
    if (rest > 0) {
      buf.copy(buf, 0, rest, end);
      end -= rest;
    }
  }
  return finish(parser, o, source);
}
