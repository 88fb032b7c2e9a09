/**
 * One entry point for loading bars: a CSV/TXT file (Yahoo, Stooq, vega, generic), a JSON file, or a bundled
 * sample (`sample:sp500`, `sample:stocks-monthly`), optionally with fundamentals joined as of publication.
 */
import * as path from 'path';
import { inputError, show } from '../util/errors';
import { checkSymbol, type Bars } from './bars';
import { NO_COLUMN, type ColumnMapping, type CsvFormat } from './csv-header';
import { readCsvBars } from './csv';
import { mergeFundamentals, readFundamentals } from './fundamentals';
import { readJsonBars } from './json';
import type { IssueLog, QualityReport } from './quality';
import { readSample } from './samples';
import { validateBars, type ValidateOptions } from './validate';

/** Options of {@link loadBars} / {@link loadBarsWithReport}. */
export interface LoadOptions {
  /** Symbol for the bars (default: the file's basename without extension, checked with checkSymbol; `SP500` for sample:sp500; required for sample:stocks-monthly). */
  symbol?: string;
  /** File format (default `auto`: by extension, `.json` → json, `.csv`/`.txt` → CSV with the format detected from the header). */
  format?: CsvFormat | 'json';
  /** CSV header names per field (generic CSV), e.g. `{date: 'Timestamp', close: 'Last'}`. */
  mapping?: ColumnMapping;
  /** A missing or misspelled volume column/key is an error unless `mapping.volume` is `-` (imports set this). */
  requireVolume?: boolean;
  /** Throw at the first bad row (default true); false keeps parseable rows and reports the rest. */
  strict?: boolean;
  /** Path of a fundamentals JSON file to join as of publication date into `bars.extra` (see fundamentals.ts). */
  fundamentals?: string;
  /** Bars of delay for fundamentals (default 0; 1 when numbers come out after the close). */
  fundamentalsLag?: number;
  /** Validation settings for the report (calendar, thresholds). */
  validate?: Omit<ValidateOptions, 'lines' | 'source' | 'loadIssues'>;
  /** CSV read chunk size in bytes (default 1 MiB). */
  chunkSize?: number;
}

/** Default {@link LoadOptions}. */
export const loadDefaults = { format: 'auto' as CsvFormat | 'json', strict: true, fundamentalsLag: 0 };

/** Bars plus their quality report and (for text files) the source line of each bar. */
export interface LoadedBars {
  bars: Bars;
  report: QualityReport;
  lines?: Int32Array;
  /** Which optional columns the source really supplied (a store upsert keeps the stored values of the others). */
  supplied: { volume: boolean; adjClose: boolean };
}

interface Raw {
  bars: Bars;
  lines?: Int32Array;
  format: string;
  ignoredColumns: string[];
  issues: IssueLog;
  validate: Partial<ValidateOptions>;
  notes: string[];
  hasVolume: boolean;
}

async function readSource(source: string, o: typeof loadDefaults & LoadOptions): Promise<Raw> {
  if (source.startsWith('sample:')) {
    const s = await readSample(source.slice('sample:'.length));
    let series = s.series[0];
    if (s.series.length > 1) {
      const found = s.series.find((x) => x.bars.symbol === o.symbol);
      if (!found) throw inputError({ key: 'symbol' }, `one of ${s.series.map((x) => x.bars.symbol).join(', ')} for ${source}`, show(o.symbol));
      series = found;
    } else if (o.symbol !== undefined) {
      series = { ...series, bars: { ...series.bars, symbol: checkSymbol(o.symbol, { key: 'symbol' }) } };
    }
    return { ...series, format: s.format, ignoredColumns: [], issues: s.issues, validate: s.validate, notes: s.notes, hasVolume: true };
  }
  const ext = path.extname(source).toLowerCase();
  const isJson = o.format === 'json' || (o.format === 'auto' && ext === '.json');
  if (!isJson && o.format === 'auto' && ext !== '.csv' && ext !== '.txt') {
    throw inputError({ file: source }, 'a .csv, .txt or .json file, or sample:sp500 / sample:stocks-monthly (or pass format)', show(ext || 'no extension'));
  }
  const base = path.basename(source, path.extname(source));
  const symbol = o.symbol !== undefined ? checkSymbol(o.symbol, { key: 'symbol' }) : checkSymbol(base, { file: source, key: 'symbol (from the file name; pass a symbol)' });
  if (isJson) {
    const j = await readJsonBars(source, { strict: o.strict, symbol });
    if (!j.hasVolume && o.requireVolume && o.mapping?.volume !== NO_COLUMN) {
      throw inputError({ file: source, key: 'volume' }, `a \`volume\` key in every bar, or the mapping volume=${NO_COLUMN} for data that really has none`, 'no volume key');
    }
    return { bars: j.bars, format: 'json', ignoredColumns: j.ignoredColumns, issues: j.issues, validate: {}, notes: [], hasVolume: j.hasVolume };
  }
  const c = await readCsvBars(source, {
    strict: o.strict,
    symbol,
    format: o.format as CsvFormat,
    mapping: o.mapping,
    requireVolume: o.requireVolume,
    ...(o.chunkSize !== undefined ? { chunkSize: o.chunkSize } : {}),
  });
  const notes = c.hasVolume ? [] : ['no volume column: volume is 0'];
  return { bars: c.bars, lines: c.lines, format: c.format, ignoredColumns: c.ignoredColumns, issues: c.issues, validate: {}, notes, hasVolume: c.hasVolume };
}

/**
 * Loads bars and validates them.
 * @param source a `.csv`/`.txt`/`.json` path, or `sample:sp500` / `sample:stocks-monthly`
 * @param options see {@link LoadOptions} (defaults {@link loadDefaults})
 * @returns `{bars, report, lines?}`; strict mode throws an InputError (`file:line: column …`) at the first bad
 *   row, while dataset-level findings (completeness, jumps, zero volume) only make `report.ok` false
 */
export async function loadBarsWithReport(source: string, options: LoadOptions = {}): Promise<LoadedBars> {
  if (typeof source !== 'string' || source.trim() === '') throw inputError({ key: 'source' }, 'a file path or sample:<name>', show(source));
  const o = { ...loadDefaults, ...options };
  const raw = await readSource(source, o);
  let bars = raw.bars;
  if (o.fundamentals !== undefined) {
    bars = mergeFundamentals(bars, await readFundamentals(o.fundamentals), { lag: o.fundamentalsLag });
  }
  const report = validateBars(bars, {
    ...raw.validate,
    ...(o.validate ?? {}),
    lines: raw.lines,
    source,
    loadIssues: raw.issues,
    format: raw.format,
    ignoredColumns: raw.ignoredColumns,
    notes: [...raw.notes, ...(o.validate?.notes ?? [])],
  });
  return { bars, report, ...(raw.lines ? { lines: raw.lines } : {}), supplied: { volume: raw.hasVolume, adjClose: raw.bars.adjClose !== undefined } };
}

/**
 * Loads bars from a file or sample (see {@link loadBarsWithReport} for sources, options and errors).
 * @returns the bars (columnar, dates strictly increasing in strict mode and after non-strict repair)
 */
export async function loadBars(source: string, options: LoadOptions = {}): Promise<Bars> {
  return (await loadBarsWithReport(source, options)).bars;
}
