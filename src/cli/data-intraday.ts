/** The intraday side of `data import`, `data validate`, `data list` and `update` (`--timeframe`, `--exchange`, `--zone`). */
import * as fs from 'fs';
import { checkSymbol } from '../data/bars';
import { importIntradayFile, looksIntraday } from '../data/intraday/import';
import { readIntradayCsv } from '../data/intraday/parse';
import { checkExchange } from '../data/intraday/sessions';
import { listIntraday } from '../data/intraday/store';
import { checkTimeframe, type Timeframe } from '../data/intraday/timeframe';
import { checkIntraday } from '../data/intraday/validate';
import { Store } from '../data/store';
import { inputError } from '../util/errors';
import type { CommandContext } from './types';
import type { IntradayMlProfile } from '../live/intraday';

/** The options every intraday-aware data command accepts. */
export const intradayOptionSpecs = {
  timeframe: { type: 'string' as const },
  exchange: { type: 'string' as const },
  zone: { type: 'string' as const },
};

/** Help lines describing {@link intradayOptionSpecs}. */
export const INTRADAY_HELP = [
  '  --timeframe TF  1d (daily), 1h, 30m, 5m or 1m; default: detected (a first row with a time of day other than',
  '                  midnight means intraday bars, whose timeframe is the most common step inside a session)',
  '  --exchange EX   NYSE (default) or NSE: sessions, holidays and time zone the intraday bars must follow',
  '  --zone Z        zone of date-times written without one: exchange, UTC or ±hh:mm (default: none, an error)',
];

function str(ctx: CommandContext, name: string): string | undefined {
  const v = ctx.values[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw inputError({ key: `--${name}` }, 'a value', JSON.stringify(v));
  return v;
}

/**
 * Whether the command should take the intraday path for `file`: `--timeframe` other than 1d, or (no
 * `--timeframe`) a local CSV whose first row has a time of day.
 */
export function wantsIntraday(ctx: CommandContext, file: string): boolean {
  const tf = str(ctx, 'timeframe');
  if (tf !== undefined) return checkTimeframe(tf, { key: '--timeframe' }) !== '1d';
  if (str(ctx, 'exchange') !== undefined || str(ctx, 'zone') !== undefined) return true;
  if (file.startsWith('sample:') || /\.json$/i.test(file) || !fs.existsSync(file) || !fs.statSync(file).isFile()) return false;
  return looksIntraday(file);
}

function loaderOptions(ctx: CommandContext) {
  const tf = str(ctx, 'timeframe');
  const ex = str(ctx, 'exchange');
  const symbol = str(ctx, 'symbol');
  return {
    ...(symbol !== undefined ? { symbol: checkSymbol(symbol, { key: '--symbol' }) } : {}),
    ...(tf !== undefined ? { timeframe: checkTimeframe(tf, { key: '--timeframe' }) as Timeframe } : {}),
    ...(ex !== undefined ? { exchange: checkExchange(ex, { key: '--exchange' }) } : {}),
    ...(str(ctx, 'zone') !== undefined ? { zone: str(ctx, 'zone') } : {}),
  };
}

/**
 * Imports (or, with `onlyNew`, appends the new bars of) an intraday CSV and prints one summary line or JSON.
 * @returns exit code 0 (bad input throws InputError: exit 2, nothing written)
 */
export async function runIntradayImport(
  ctx: CommandContext,
  file: string,
  options: { onlyNew?: boolean; symbol?: string; after?: (store: Store, symbol: string) => Promise<IntradayMlProfile> } = {},
): Promise<number> {
  const store = new Store({ path: str(ctx, 'store') });
  const r = await importIntradayFile(store, file, { ...loaderOptions(ctx), ...(options.symbol ? { symbol: checkSymbol(options.symbol, { key: '--symbols' }) } : {}), onlyNew: options.onlyNew ?? false });
  // `update`: the ML profile with seed 002's retrain decision, counted in bars of each model's timeframe
  const ml = options.after ? await options.after(store, r.symbol) : undefined;
  if (ctx.values.json) {
    ctx.out(JSON.stringify({ symbol: r.symbol, timeframe: r.timeframe, rows: r.rows, written: r.written, sessions: r.check.sessions, partialSessions: r.check.partialSessions, ...r.result, ...(ml ? { ml } : {}) }, null, 2));
  } else {
    ctx.out(`${r.symbol} ${r.timeframe}: ${r.rows} bars in ${r.check.sessions} sessions (${r.check.partialSessions} partial); written ${r.written}: inserted ${r.result.inserted}, replaced ${r.result.replaced}; ${r.result.total} ${r.timeframe} bars stored`);
    if (ml?.retrain) ctx.out(`${r.symbol} retrain: ${ml.retrain.retrain ? 'yes' : 'no'}: ${ml.retrain.reasons.join('; ')}`);
  }
  return 0;
}

/**
 * Checks an intraday CSV and prints the problems (all kinds counted, the first ones listed with lines).
 * @returns 0 when clean, 2 when any check failed
 */
export async function runIntradayValidate(ctx: CommandContext, file: string): Promise<number> {
  const o = loaderOptions(ctx);
  const parsed = await readIntradayCsv(file, o);
  const r = checkIntraday(parsed.bars, { timeframe: o.timeframe, lines: parsed.lines });
  const ok = r.problems.length === 0;
  if (ctx.values.json) {
    ctx.out(JSON.stringify({ file, ok, rows: parsed.bars.times!.length, timeframe: r.timeframe, exchange: parsed.bars.exchange, sessions: r.sessions, partialSessions: r.partialSessions, counts: r.counts, problems: r.problems }, null, 2));
  } else {
    ctx.out(`${file}: ${parsed.bars.times!.length} ${r.timeframe} bars, ${parsed.bars.exchange}, ${r.sessions} sessions (${r.partialSessions} partial)`);
    for (const [k, c] of Object.entries(r.counts)) ctx.out(`  ${ok || c === 0 ? 'ok  ' : 'FAIL'} ${k}: ${c}`);
    for (const p of r.problems.slice(0, 5)) ctx.out(`  ${file}:${p.line ?? '?'}: ${p.check}: expected ${p.message}`);
  }
  if (!ok) {
    ctx.err(`workbench data validate: ${file}: expected every intraday check to pass, received ${Object.entries(r.counts).filter(([, c]) => c > 0).map(([k, c]) => `${k} (${c})`).join(', ')}`);
    return 2;
  }
  return 0;
}

/**
 * Lines listing the stored intraday series (empty when none).
 * @param store the store
 */
export async function intradayListRows(store: Store): Promise<string[][]> {
  const list = await listIntraday(store);
  return list.map((s) => [s.symbol, s.timeframe, String(s.rows), s.first.slice(0, 16).replace('T', ' '), s.last.slice(0, 16).replace('T', ' '), s.exchange]);
}

/** The stored intraday series for `data list --json`. */
export { listIntraday };
