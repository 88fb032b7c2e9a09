/**
 * Real market data that ships with the npm package `vega-datasets` (works offline):
 * - `sample:sp500`: S&P 500 index daily OHLCV + adjusted close, 2000-01-03 … 2020-04-17 (`data/sp500-2000.csv`),
 *   symbol `SP500`.
 * - `sample:stocks-monthly`: monthly closes of MSFT, AMZN, IBM, GOOG, AAPL 2000–2010 (`data/stocks.csv`,
 *   `symbol,date,price` with dates like `Jan 1 2000`; this month-name form is parsed for this sample only).
 *   Closes only: each Bars has open = high = low = close = the monthly close and volume 0 (not in the source);
 *   it is validated with the `monthly` calendar (one bar per month, no daily-move check), and the volume check
 *   skips itself because every volume is 0.
 */
import * as fs from 'fs';
import * as path from 'path';
import { inputError, show } from '../util/errors';
import { dayToIso } from '../util/dates';
import type { Bars } from './bars';
import { BarsBuilder } from './bars-builder';
import { readCsvBars } from './csv';
import { daysFromCivil, daysInMonth } from './parse-bytes';
import type { ValidateOptions } from './validate';
import { IssueLog } from './quality';

/** Description of one bundled sample. */
export interface SampleInfo {
  /** Name after `sample:`. */
  name: string;
  description: string;
  /** File inside the vega-datasets package. */
  file: string;
  /** Symbols it holds. */
  symbols: string[];
  frequency: 'daily' | 'monthly';
}

const SAMPLES: SampleInfo[] = [
  { name: 'sp500', description: 'S&P 500 daily OHLCV, 2000-01-03 … 2020-04-17 (vega-datasets)', file: 'data/sp500-2000.csv', symbols: ['SP500'], frequency: 'daily' },
  {
    name: 'stocks-monthly',
    description: 'Monthly closes of MSFT, AMZN, IBM, GOOG, AAPL, 2000–2010 (vega-datasets; closes only)',
    file: 'data/stocks.csv',
    symbols: ['MSFT', 'AMZN', 'IBM', 'GOOG', 'AAPL'],
    frequency: 'monthly',
  },
];

/** The bundled samples (use as `sample:<name>` with loadBars). */
export function listSamples(): SampleInfo[] {
  return SAMPLES.map((s) => ({ ...s, symbols: [...s.symbols] }));
}

/**
 * Absolute path of a sample's file inside the installed vega-datasets package.
 * @param name sample name (`sp500`, `stocks-monthly`)
 */
export function samplePath(name: string): string {
  const info = SAMPLES.find((s) => s.name === name);
  if (!info) throw inputError({ key: 'source' }, `a sample among ${SAMPLES.map((s) => `sample:${s.name}`).join(', ')}`, show(`sample:${name}`));
  return path.join(vegaDatasetsRoot(), info.file);
}

/**
 * The vega-datasets package folder. `require.resolve('vega-datasets/package.json')` is tried first, but
 * vega-datasets 3 has an `exports` map without `./package.json`, so the fallback resolves the package entry and
 * walks up to the folder whose package.json is named vega-datasets.
 */
function vegaDatasetsRoot(): string {
  try {
    return path.dirname(require.resolve('vega-datasets/package.json'));
  } catch {
    // ERR_PACKAGE_PATH_NOT_EXPORTED (vega-datasets 3): fall through
  }
  try {
    let dir = path.dirname(require.resolve('vega-datasets'));
    for (;;) {
      const pkg = path.join(dir, 'package.json');
      if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, 'utf8')).name === 'vega-datasets') return dir;
      const up = path.dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  } catch {
    // not installed
  }
  throw inputError({ key: 'source' }, 'the npm package vega-datasets installed (npm install)', 'not found');
}

/** Bars of one sample, with source lines and how to validate them. */
export interface SampleData {
  info: SampleInfo;
  file: string;
  series: Array<{ bars: Bars; lines: Int32Array }>;
  format: string;
  validate: Partial<ValidateOptions>;
  notes: string[];
  issues: IssueLog;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Parses vega's `Jan 1 2000` (English month abbreviation, day, 4-digit year); NaN otherwise. */
export function parseMonthNameDate(text: string): number {
  const m = /^([A-Za-z]{3}) (\d{1,2}) (\d{4})$/.exec(text.trim());
  if (!m) return NaN;
  const mo = MONTHS.indexOf(m[1].toLowerCase()) + 1;
  const d = +m[2];
  const y = +m[3];
  if (mo < 1 || d < 1 || d > daysInMonth(y, mo)) return NaN;
  return daysFromCivil(y, mo, d);
}

async function readStocksMonthly(file: string): Promise<Array<{ bars: Bars; lines: Int32Array }>> {
  const text = await fs.promises.readFile(file, 'utf8');
  const rows = text.split('\n');
  if (rows[0].trim().toLowerCase() !== 'symbol,date,price') throw inputError({ file, line: 1 }, 'header symbol,date,price', show(rows[0]));
  const builders = new Map<string, { b: BarsBuilder; prev: number; prevLine: number }>();
  for (let i = 1; i < rows.length; i++) {
    const line = i + 1;
    const row = rows[i].replace(/\r$/, '');
    if (row.trim() === '') continue;
    const f = row.split(',');
    if (f.length !== 3) throw inputError({ file, line }, '3 fields as in the header', `${f.length}`);
    const day = parseMonthNameDate(f[1]);
    if (Number.isNaN(day)) throw inputError({ file, line, column: 'date' }, 'a date like "Jan 1 2000"', show(f[1]));
    const price = /^\s*\d+(\.\d+)?\s*$/.test(f[2]) ? Number(f[2]) : NaN;
    if (!(price > 0)) throw inputError({ file, line, column: 'price' }, 'a positive price', show(f[2]));
    let s = builders.get(f[0]);
    if (!s) builders.set(f[0], (s = { b: new BarsBuilder(256), prev: -Infinity, prevLine: 0 }));
    if (day <= s.prev) throw inputError({ file, line, column: 'date' }, `dates of ${f[0]} in increasing order`, `${dayToIso(day)} after ${dayToIso(s.prev)} (line ${s.prevLine})`);
    s.prev = day;
    s.prevLine = line;
    s.b.push(day, price, price, price, price, NaN, 0, line);
  }
  return [...builders].map(([symbol, s]) => s.b.finish(symbol, false));
}

/**
 * Reads a bundled sample.
 * @param name sample name without `sample:` (see {@link listSamples})
 * @returns one series per symbol with source lines, the validation options that fit the sample, and notes
 */
export async function readSample(name: string): Promise<SampleData> {
  const file = samplePath(name);
  const info = SAMPLES.find((s) => s.name === name)!;
  if (name === 'sp500') {
    const p = await readCsvBars(file, { symbol: 'SP500' });
    return { info, file, series: [{ bars: p.bars, lines: p.lines }], format: p.format, validate: { calendar: 'nyse' }, notes: [], issues: p.issues };
  }
  return {
    info,
    file,
    series: await readStocksMonthly(file),
    format: 'vega-stocks',
    validate: { calendar: 'monthly' },
    notes: ['closes only: open = high = low = close = the monthly close; volume 0 (not in the source)'],
    issues: new IssueLog(5),
  };
}
