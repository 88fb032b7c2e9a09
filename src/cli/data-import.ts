/** `workbench data import <file>`: load (strict), validate, upsert into the store, save the quality report. */
import { barCount, checkSymbol, sliceBars } from '../data/bars';
import { isoToDay, upperBound } from '../util/dates';
import { BAR_FIELDS, NO_COLUMN, type BarField, type ColumnMapping } from '../data/csv-header';
import { loadBarsWithReport } from '../data/load';
import type { QualityReport } from '../data/quality';
import { formatQualityReport } from '../data/report-format';
import { Store } from '../data/store';
import type { UpsertResult } from '../data/store-write';
import { dayToIso } from '../util/dates';
import { inputError } from '../util/errors';
import type { Command, CommandContext } from './types';
import { INTRADAY_HELP, intradayOptionSpecs, runIntradayImport, wantsIntraday } from './data-intraday';

const FORMATS = ['auto', 'yahoo', 'stooq', 'vega', 'generic', 'json'] as const;

/**
 * A string option of a command, or undefined; an InputError when it was given as a flag without a value.
 * @param ctx the command context
 * @param name long option name
 */
export function stringOption(ctx: CommandContext, name: string): string | undefined {
  const v = ctx.values[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw inputError({ key: `--${name}` }, 'a value', JSON.stringify(v));
  return v;
}

/**
 * Parses `--columns date=Timestamp,close=Last,volume=-` into a column mapping (`-` = the file has no such column).
 * @param spec the option value
 * @returns the mapping
 */
export function parseColumnsOption(spec: string): ColumnMapping {
  const mapping: ColumnMapping = {};
  for (const part of spec.split(',')) {
    const m = /^\s*([A-Za-z]+)\s*=\s*(.+?)\s*$/.exec(part);
    if (!m || !(BAR_FIELDS as readonly string[]).includes(m[1])) {
      throw inputError({ key: '--columns' }, `field=header pairs separated by commas, fields among ${BAR_FIELDS.join(', ')} (header \`${NO_COLUMN}\` = the file has none)`, JSON.stringify(part));
    }
    mapping[m[1] as BarField] = m[2] === 'none' ? NO_COLUMN : m[2];
  }
  return mapping;
}

/** Failing checks of a report as lines `check: N rows, e.g. <first example>`. */
export function reportProblems(report: QualityReport): string[] {
  return report.checks
    .filter((c) => !c.passed && c.severity === 'error')
    .map((c) => {
      const ex = c.examples[0];
      const where = ex ? `${ex.line !== undefined ? `line ${ex.line}` : ex.date ?? ''}` : '';
      return `  ${c.name}: ${c.count} ${c.name === 'completeness' ? 'missing days' : 'rows'}${ex ? `, e.g. ${where ? `${where}: ` : ''}${ex.message}` : ''}`;
    });
}

/** One line summarising an upsert: `AAPL: 5104 rows (2000-01-03 … 2020-04-17): inserted …`. */
export function upsertLine(symbol: string, r: UpsertResult, report: QualityReport): string {
  const range = report.firstDate ? ` (${report.firstDate} … ${report.lastDate})` : '';
  return `${symbol}: ${report.rows} rows${range}: inserted ${r.inserted}, updated ${r.updated}, unchanged ${r.unchanged}; ${r.total} rows stored`;
}

/** The `data import` command. */
export const dataImportCommand: Command = {
  name: 'data import',
  summary: 'Import a CSV/JSON file (or sample:sp500) into the store',
  help: [
    'Usage: workbench data import <file> [--symbol S] [--format auto|yahoo|stooq|vega|generic|json] [--columns MAP] [--to YYYY-MM-DD] [--timeframe TF] [--exchange EX] [--zone Z] [--json] [--store <file>]',
    '',
    'Loads <file> strictly (the first bad row stops the import), validates it, upserts the bars into the store',
    'by (symbol, date) — importing again or appending never duplicates rows — and saves the quality report.',
    'Invalid data leaves the store unchanged (exit code 2) and prints the quality report. <file> may be',
    '`sample:sp500` (S&P 500 daily bars 2000-01-03 … 2020-04-17, 5,105 rows, from the npm package vega-datasets)',
    'or `sample:stocks-monthly` (monthly closes of MSFT, AMZN, IBM, GOOG, AAPL; --symbol picks one).',
    '',
    'Options:',
    '  --symbol S      symbol to store the bars under (default: the file name, e.g. AAPL.csv -> AAPL; SP500 for the sample)',
    '  --format F      auto (default: by extension and header), yahoo, stooq, vega, generic or json',
    '  --columns MAP   header names per field, e.g. date=Timestamp,close=Last; volume=- for a file that really has',
    '                  no volume column (stored volumes are then kept; new rows get 0). Without it a missing or',
    '                  misspelled volume column is an error: an import never changes a column its file lacks.',
    '  --to DATE       import only the bars dated on or before DATE (e.g. to replay later days with `update`)',
    ...INTRADAY_HELP,
    '  --json          print {symbol, inserted, updated, unchanged, total, report} as JSON',
    '  --store <file>  DuckDB store file (default: $WORKBENCH_HOME/store.duckdb)',
    '',
    'Examples:',
    '  workbench data import sample:sp500 --symbol SPX',
    '  workbench data import data/AAPL.csv --symbol AAPL --format yahoo',
  ].join('\n'),
  options: {
    symbol: { type: 'string' },
    format: { type: 'string' },
    columns: { type: 'string' },
    to: { type: 'string' },
    json: { type: 'boolean' },
    store: { type: 'string' },
    ...intradayOptionSpecs,
  },
  async run(ctx) {
    if (ctx.positionals.length !== 1) {
      throw inputError({ key: '<file>' }, 'exactly one file (or sample:sp500)', ctx.positionals.length ? ctx.positionals.join(' ') : 'none');
    }
    if (wantsIntraday(ctx, ctx.positionals[0])) return runIntradayImport(ctx, ctx.positionals[0]);
    const given = stringOption(ctx, 'symbol');
    if (given !== undefined) checkSymbol(given, { key: '--symbol' });
    const format = (stringOption(ctx, 'format') ?? 'auto') as (typeof FORMATS)[number];
    if (!FORMATS.includes(format)) throw inputError({ key: '--format' }, `one of ${FORMATS.join(', ')}`, JSON.stringify(format));
    const source = ctx.positionals[0];
    const columns = stringOption(ctx, 'columns');
    const mapping = columns === undefined ? undefined : parseColumnsOption(columns);
    const to = stringOption(ctx, 'to');
    if (to !== undefined && Number.isNaN(isoToDay(to))) throw inputError({ key: '--to' }, 'a date as YYYY-MM-DD', JSON.stringify(to));
    const loaded = await loadBarsWithReport(source, { symbol: given, format, strict: true, requireVolume: true, ...(mapping ? { mapping } : {}) });
    const { supplied, lines } = loaded;
    const bars = to === undefined ? loaded.bars : sliceBars(loaded.bars, 0, upperBound(loaded.bars.dates, isoToDay(to)));
    if (barCount(bars) === 0) throw inputError({ key: '--to' }, `a date on or after the first bar ${dayToIso(loaded.bars.dates[0])}`, JSON.stringify(to));
    // the whole file was validated; a --to prefix of it passes the same checks (rows and range: the prefix)
    const report = to === undefined ? loaded.report : { ...loaded.report, rows: barCount(bars), lastDate: dayToIso(bars.dates[barCount(bars) - 1]) };
    const symbol = bars.symbol;
    const today = Math.floor(Date.now() / 86400000);
    const n = bars.dates.length;
    if (n > 0 && bars.dates[n - 1] > today + 1) {
      const i = bars.dates.findIndex((d) => d > today + 1);
      throw inputError({ file: source, ...(lines ? { line: lines[i] } : {}), column: 'date' }, `dates up to today (${dayToIso(today)}); a daily bar cannot be dated in the future`, dayToIso(bars.dates[i]));
    }
    if (!report.ok) {
      ctx.err(formatQualityReport(report));
      const problems = reportProblems(report);
      throw inputError({ file: source }, 'data that passes the quality checks (nothing was imported)', `${problems.length} failed check(s):\n${problems.join('\n')}`);
    }
    const store = new Store({ path: stringOption(ctx, 'store') });
    const keep: Array<'volume' | 'adj_close'> = [...(supplied.volume ? [] : ['volume' as const]), ...(supplied.adjClose ? [] : ['adj_close' as const])];
    const result = await store.upsertBars({ ...bars, symbol }, { source, qualityReport: report, keep });
    if (ctx.values.json) ctx.out(JSON.stringify({ symbol, ...result, report }, null, 2));
    else ctx.out(upsertLine(symbol, result, report));
    return 0;
  },
};
