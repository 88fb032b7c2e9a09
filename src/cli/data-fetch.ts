/** `workbench data fetch <SYMBOL...>`: daily bars from Yahoo Finance, validated, upserted into the store. */
import { barCount, checkSymbol, type Bars } from '../data/bars';
import type { QualityReport } from '../data/quality';
import { Store } from '../data/store';
import { validateBars, type ValidateOptions } from '../data/validate';
import { fetchYahoo, type YahooClient } from '../data/yahoo';
import { isoToDay } from '../util/dates';
import { inputError } from '../util/errors';
import { reportProblems, stringOption, upsertLine } from './data-import';
import type { Command, CommandContext } from './types';

const CALENDARS = ['weekdays', 'nyse', 'none'];

function checkDate(ctx: CommandContext, key: 'from' | 'to'): string | undefined {
  const v = stringOption(ctx, key);
  if (v !== undefined && Number.isNaN(isoToDay(v))) throw inputError({ key: `--${key}` }, 'a date as YYYY-MM-DD', JSON.stringify(v));
  return v;
}

/**
 * Builds the `data fetch` command around a Yahoo client.
 * @param client client used instead of the `yahoo-finance2` package (tests inject a recorded one); default: the package
 * @returns the command
 */
export function makeDataFetchCommand(client?: YahooClient): Command {
  return {
    name: 'data fetch',
    summary: 'Fetch daily bars from Yahoo Finance into the store (needs internet)',
    help: [
      'Usage: workbench data fetch <SYMBOL...> [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--calendar weekdays|nyse|none] [--json] [--store <file>]',
      '',
      'Fetches daily bars (with adjusted close) from Yahoo Finance through the optional npm package yahoo-finance2,',
      'validates them and upserts them into the store. Every symbol is fetched and validated before anything is',
      'written: when offline, or when one symbol fails, nothing is stored. Without --from, a stored symbol is',
      'refreshed from its last stored date (older rows are kept); a new symbol gets its full history.',
      'Offline? Import a CSV instead: `workbench data import <file> --symbol <SYMBOL>`.',
      '',
      'Options:',
      '  --from DATE        first date (inclusive)',
      '  --to DATE          last date (inclusive; default today)',
      '  --calendar C       expected trading days for the completeness check: weekdays (default), nyse, none',
      '  --json             print one JSON object per symbol',
      '  --store <file>     DuckDB store file (default: $WORKBENCH_HOME/store.duckdb)',
      '',
      'Examples:',
      '  workbench data fetch AAPL MSFT ^GSPC --from 2015-01-01',
      '  workbench data fetch EURUSD=X',
    ].join('\n'),
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      calendar: { type: 'string' },
      json: { type: 'boolean' },
      store: { type: 'string' },
    },
    async run(ctx) {
      if (ctx.positionals.length === 0) throw inputError({ key: '<SYMBOL...>' }, 'at least one symbol, e.g. AAPL', 'none');
      const symbols = ctx.positionals.map((s) => checkSymbol(s, { key: '<SYMBOL...>' }));
      const from = checkDate(ctx, 'from');
      const to = checkDate(ctx, 'to');
      if (from && to && isoToDay(from) > isoToDay(to)) throw inputError({ key: '--from' }, `a date on or before --to (${to})`, from);
      const calendar = stringOption(ctx, 'calendar') ?? 'weekdays';
      if (!CALENDARS.includes(calendar)) throw inputError({ key: '--calendar' }, `one of ${CALENDARS.join(', ')}`, JSON.stringify(calendar));
      const store = new Store({ path: stringOption(ctx, 'store') });

      const fetched: Array<{ bars: Bars; report: QualityReport }> = [];
      for (const symbol of symbols) {
        const start = from ?? (await store.lastDate(symbol));
        ctx.err(`fetching ${symbol} from Yahoo Finance${start ? ` from ${start}` : ''}${to ? ` to ${to}` : ''} …`);
        const bars = await fetchYahoo(symbol, { from: start, to, client });
        const report = validateBars(bars, { calendar: calendar as ValidateOptions['calendar'], source: 'yahoo', format: 'yahoo' });
        if (!report.ok) {
          const problems = reportProblems(report);
          throw inputError({ file: `yahoo:${symbol}` }, 'data that passes the quality checks (nothing was stored)', `${problems.length} failed check(s):\n${problems.join('\n')}`);
        }
        fetched.push({ bars, report });
      }
      for (const { bars, report } of fetched) {
        if (barCount(bars) === 0) {
          ctx.out(ctx.values.json ? JSON.stringify({ symbol: bars.symbol, inserted: 0, rows: 0 }) : `${bars.symbol}: no bars in the requested range`);
          continue;
        }
        const result = await store.upsertBars(bars, { source: 'yahoo', qualityReport: report });
        ctx.out(ctx.values.json ? JSON.stringify({ symbol: bars.symbol, ...result, report }) : upsertLine(bars.symbol, result, report));
      }
      return 0;
    },
  };
}

/** The `data fetch` command (uses the `yahoo-finance2` package). */
export const dataFetchCommand: Command = makeDataFetchCommand();
