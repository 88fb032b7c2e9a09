/**
 * Intraday import and incremental update: read a file, check it against the exchange sessions, then write it to
 * the store in one transaction (nothing is written when any check fails).
 */
import * as fs from 'fs';
import { inputError } from '../../util/errors';
import { checkSymbol, type Bars } from '../bars';
import type { Store } from '../store';
import { readIntradayCsv, type IntradayCsvOptions } from './parse';
import { upsertIntradayBars, type IntradayUpsertResult } from './store';
import { assertIntraday, type IntradayCheck } from './validate';
import type { Timeframe } from './timeframe';

/** Options of {@link importIntradayFile}. */
export interface ImportIntradayOptions extends IntradayCsvOptions {
  /** The file's timeframe; detected when absent (a mismatch with the file is an error). */
  timeframe?: Timeframe;
  /** Keep only bars after the last stored instant of the symbol and timeframe (incremental update). Default false. */
  onlyNew?: boolean;
}

/** What {@link importIntradayFile} did. */
export interface ImportIntradayResult {
  symbol: string;
  timeframe: Timeframe;
  /** Bars in the file. */
  rows: number;
  /** Bars written (after `onlyNew`). */
  written: number;
  check: IntradayCheck;
  result: IntradayUpsertResult;
}

/**
 * Reads and checks an intraday CSV (strict: the first problem throws with file:line) and upserts it.
 * @param store target store
 * @param file CSV path
 * @param options symbol (default: the file name), exchange, zone, timeframe, onlyNew
 * @returns counts, the check summary and the upsert result
 */
export async function importIntradayFile(store: Store, file: string, options: ImportIntradayOptions = {}): Promise<ImportIntradayResult> {
  const symbol = checkSymbol(options.symbol ?? defaultSymbol(file), { key: '--symbol' });
  const parsed = await readIntradayCsv(file, { ...options, symbol });
  const check = assertIntraday(parsed.bars, options.source ?? file, { timeframe: options.timeframe, lines: parsed.lines });
  const bars: Bars = { ...parsed.bars, timeframe: check.timeframe };
  return writeChecked(store, bars, check, { source: file, onlyNew: options.onlyNew ?? false });
}

/**
 * Appends already-checked intraday bars (e.g. a day from a feed); with `onlyNew` keeps bars after the last stored instant.
 * @returns as {@link importIntradayFile}
 */
export async function appendIntradayBars(store: Store, bars: Bars, options: { source?: string; onlyNew?: boolean } = {}): Promise<ImportIntradayResult> {
  const check = assertIntraday(bars, options.source ?? bars.symbol, { timeframe: bars.timeframe });
  return writeChecked(store, { ...bars, timeframe: check.timeframe }, check, { source: options.source ?? '', onlyNew: options.onlyNew ?? true });
}

async function writeChecked(store: Store, bars: Bars, check: IntradayCheck, o: { source: string; onlyNew: boolean }): Promise<ImportIntradayResult> {
  const rows = bars.times!.length;
  const result = await upsertIntradayBars(store, bars, { source: o.source, onlyNew: o.onlyNew });
  return { symbol: bars.symbol, timeframe: check.timeframe, rows, written: rows - result.skipped, check, result };
}

function defaultSymbol(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.[^.]*$/, '').toUpperCase();
}

/**
 * Whether a CSV file holds intraday bars: its first data row's date has a time of day other than midnight.
 * Reads only the first 64 KiB.
 * @param file CSV path
 */
export function looksIntraday(file: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    throw inputError({ file }, 'a readable file', (e as NodeJS.ErrnoException).code ?? (e as Error).message);
  }
  try {
    const buf = Buffer.alloc(65536);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    const lines = buf.toString('utf8', 0, n).split(/\r?\n/);
    const row = lines.slice(1).find((l) => l.trim() !== '');
    const m = row ? /\d{4}-\d\d-\d\d[T ](\d\d):(\d\d)/.exec(row) : null;
    return m !== null && (m[1] !== '00' || m[2] !== '00');
  } finally {
    fs.closeSync(fd);
  }
}
