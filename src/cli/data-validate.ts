/** `workbench data validate <file>`: load a data file (or sample) and print its quality report. */
import { inputError, show } from '../util/errors';
import { loadBarsWithReport } from '../data/load';
import { formatQualityReport } from '../data/report-format';
import type { CsvFormat } from '../data/csv-header';
import type { ValidateOptions } from '../data/validate';
import type { Command, CommandContext } from './types';
import { INTRADAY_HELP, intradayOptionSpecs, runIntradayValidate, wantsIntraday } from './data-intraday';

const CALENDARS = ['nyse', 'weekdays', 'monthly', 'none'];
const FORMATS = ['auto', 'yahoo', 'stooq', 'vega', 'generic', 'json'];

/** The `data validate` command (exit 0: report ok; 2: a strict error in the file, or a failed check). */
export const dataValidateCommand: Command = {
  name: 'data validate',
  summary: 'Check a CSV/JSON bars file or sample for data-quality problems',
  help: [
    'Usage: workbench data validate <file|sample:NAME> [--json] [--symbol S] [--lenient] [--calendar C] [--format F]',
    '',
    'Loads the file strictly (the first bad row stops it with file:line and column) and prints the quality',
    'report: parse problems, duplicate/unsorted dates, non-positive prices, OHLC logic, zero volume,',
    'close-to-close moves beyond x1.5 (possible splits), missing trading days (> 5 %), off-calendar bars.',
    '',
    'Intraday files (a time of day in the first row, or --timeframe) get the session checks instead: bars',
    'outside the session, gaps inside a session, duplicated instants, mixed timeframes.',
    '',
    'Options:',
    ...INTRADAY_HELP,
    '  --json            print the report as JSON',
    '  --symbol S        symbol (default: the file name; required for sample:stocks-monthly)',
    '  --lenient         keep parseable rows and report every problem instead of stopping at the first',
    '  --calendar C      expected days: nyse (default), weekdays, monthly, none',
    '  --format F        auto (default), yahoo, stooq, vega, generic, json',
    '',
    'Exit codes: 0 report ok, 2 bad file or failed check, 1 internal error.',
    '',
    'Examples:',
    '  workbench data validate sample:sp500',
    '  workbench data validate data/AAPL.csv --json',
    '  workbench data validate sample:stocks-monthly --symbol AAPL',
  ].join('\n'),
  options: {
    json: { type: 'boolean' },
    symbol: { type: 'string' },
    lenient: { type: 'boolean' },
    calendar: { type: 'string' },
    format: { type: 'string' },
    ...intradayOptionSpecs,
  },
  async run(ctx: CommandContext): Promise<number> {
    const [file, ...rest] = ctx.positionals;
    if (!file) throw inputError({ key: 'file' }, 'a file path or sample:NAME', 'nothing');
    if (rest.length) throw inputError({ key: 'arguments' }, 'one file', show(ctx.positionals));
    if (wantsIntraday(ctx, file)) return runIntradayValidate(ctx, file);
    const calendar = ctx.values.calendar;
    if (calendar !== undefined && !CALENDARS.includes(String(calendar))) throw inputError({ key: '--calendar' }, `one of ${CALENDARS.join(', ')}`, show(calendar));
    const format = ctx.values.format;
    if (format !== undefined && !FORMATS.includes(String(format))) throw inputError({ key: '--format' }, `one of ${FORMATS.join(', ')}`, show(format));
    const symbol = ctx.values.symbol;
    const { report } = await loadBarsWithReport(file, {
      strict: !ctx.values.lenient,
      ...(typeof symbol === 'string' ? { symbol } : {}),
      ...(format !== undefined ? { format: format as CsvFormat | 'json' } : {}),
      ...(calendar !== undefined ? { validate: { calendar: calendar as ValidateOptions['calendar'] } } : {}),
    });
    ctx.out(ctx.values.json ? JSON.stringify(report, null, 2) : formatQualityReport(report));
    if (!report.ok) {
      const failed = report.checks.filter((c) => !c.passed).map((c) => `${c.name} (${c.count})`);
      ctx.err(`workbench data validate: ${file}: expected every check to pass, received failures in ${failed.join(', ')}`);
      return 2;
    }
    return 0;
  },
};
