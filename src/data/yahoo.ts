/**
 * Daily bars from Yahoo Finance through the optional npm package `yahoo-finance2` (its `chart()` API).
 * The package is loaded lazily, only when a fetch happens; offline or without the package, fetches throw an
 * UnavailableError that says how to work offline. Tests inject a recorded client instead of the network.
 */
import * as fs from 'fs';
import * as path from 'path';
import { allocBars, checkSymbol, type Bars } from './bars';
import { dateToDay, dayToIso, isoToDay } from '../util/dates';
import { inputError, InputError, UnavailableError } from '../util/errors';
import { fillDefaults } from './store-db';

/** One quote row of `chart()` in its default (`return: 'array'`) form. Dates may be Date, ISO text or epoch seconds. */
export interface YahooChartQuote {
  date: Date | string | number;
  open: number | null;
  high: number | null;
  low: number | null;
  close: number | null;
  volume: number | null;
  adjclose?: number | null;
}

/** The parts of a `chart()` result the workbench reads. */
export interface YahooChartResult {
  meta: { symbol?: string; gmtoffset?: number; exchangeTimezoneName?: string; currency?: string; [k: string]: unknown };
  quotes: YahooChartQuote[];
  [k: string]: unknown;
}

/** What `chart()` is called with. */
export interface YahooChartQuery {
  /** First day, ISO (inclusive). */
  period1: string;
  /** Day after the last wanted day, ISO (Yahoo's end is exclusive). */
  period2: string;
  interval: '1d';
}

/** The subset of the yahoo-finance2 client used here; inject one in tests (`options.client`). */
export interface YahooClient {
  chart(symbol: string, query: YahooChartQuery): Promise<YahooChartResult>;
}

/** Options of {@link fetchYahoo}. */
export interface FetchYahooOptions {
  /** First date, ISO `YYYY-MM-DD` (inclusive). Default `1970-01-01` (full history). */
  from?: string;
  /** Last date, ISO (inclusive). Default: today (UTC). */
  to?: string;
  /** Client to use instead of the `yahoo-finance2` package (tests pass a recorded one). */
  client?: YahooClient;
  /** Give up after this many milliseconds. Default 30,000. */
  timeoutMs?: number;
}

/** Defaults of {@link FetchYahooOptions}. */
export const fetchYahooDefaults = { from: '1970-01-01', timeoutMs: 30_000 };

const OFFLINE_HINT = 'to work offline import a CSV with `workbench data import <file> --symbol <SYMBOL>`';

// A dynamic import that TypeScript's CommonJS output leaves alone (yahoo-finance2 may be ESM-only).
const dynamicImport = new Function('s', 'return import(s)') as (s: string) => Promise<Record<string, unknown>>;

let cachedClient: YahooClient | undefined;

/**
 * Loads the `yahoo-finance2` package and returns its client (v2: the default export; v3: a new instance).
 * @param moduleName package to import. Default `yahoo-finance2` (tests pass a missing name).
 * @returns a client whose `chart()` calls Yahoo Finance (cached after the first load)
 * @throws UnavailableError when the package is not installed
 */
export async function loadYahooClient(moduleName = 'yahoo-finance2'): Promise<YahooClient> {
  const isDefault = moduleName === 'yahoo-finance2';
  const replay = process.env.WORKBENCH_YAHOO_REPLAY;
  if (isDefault && replay) return replayYahooClient(replay);
  if (isDefault && cachedClient) return cachedClient;
  let mod: Record<string, unknown>;
  try {
    mod = await dynamicImport(moduleName);
  } catch (err) {
    throw new UnavailableError(
      `could not reach Yahoo Finance: the optional package \`${moduleName}\` is not installed (${(err as Error).message}); ` +
        `install it with \`npm install ${moduleName}\`, or ${OFFLINE_HINT}`,
    );
  }
  const def = (mod.default ?? mod) as unknown as Record<string, unknown>;
  let client: unknown = def;
  const proto = (def as { prototype?: { chart?: unknown } }).prototype;
  if (typeof def === 'function' && typeof proto?.chart === 'function') {
    const Ctor = def as unknown as new (o?: Record<string, unknown>) => unknown;
    client = new Ctor({ suppressNotices: ['yahooSurvey'] });
  } else if (typeof def.suppressNotices === 'function') {
    (def.suppressNotices as (n: string[]) => void)(['yahooSurvey']);
  }
  if (typeof (client as YahooClient).chart !== 'function') {
    throw new UnavailableError(`could not reach Yahoo Finance: the installed \`yahoo-finance2\` has no chart() API; ${OFFLINE_HINT}`);
  }
  if (isDefault) cachedClient = client as YahooClient;
  return client as YahooClient;
}

/**
 * A client that answers `chart()` from recorded responses instead of the network (set
 * `WORKBENCH_YAHOO_REPLAY=<folder>`; the end-to-end tests do): `<folder>/<symbol>-chart*.json` (lower case)
 * holds the recorded `chart()` result; a symbol without a recording fails like an unreachable network.
 * @param folder folder of recordings
 * @returns YahooClient
 */
export function replayYahooClient(folder: string): YahooClient {
  return {
    async chart(symbol) {
      const prefix = `${symbol.toLowerCase()}-chart`;
      const file = fs.existsSync(folder) ? fs.readdirSync(folder).filter((f) => f.startsWith(prefix) && f.endsWith('.json')).sort()[0] : undefined;
      if (!file) throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ENOTFOUND', message: `no recorded response for ${symbol} in ${folder} (WORKBENCH_YAHOO_REPLAY)` } });
      return JSON.parse(fs.readFileSync(path.join(folder, file), 'utf8')) as YahooChartResult;
    },
  };
}

/** Day number of a quote timestamp, in the exchange's local calendar (`gmtoffset` seconds east of UTC). */
function quoteDay(date: Date | string | number, gmtoffset: number, index: number): number {
  const ms = date instanceof Date ? date.getTime() : typeof date === 'number' ? date * 1000 : Date.parse(date);
  if (!Number.isFinite(ms)) throw inputError({ file: 'yahoo chart()', key: `quotes[${index}].date` }, 'a date', JSON.stringify(date));
  return dateToDay(new Date(ms + gmtoffset * 1000));
}

function isNum(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

/**
 * Maps a `chart()` result to Bars. Rows with a missing open/high/low/close (Yahoo's placeholders for
 * holidays and halts) are dropped; a missing volume becomes 0; when two rows fall on the same local day
 * (the live bar of today) the later one wins. Dates use the exchange's calendar (`meta.gmtoffset`).
 * adjClose is kept when every kept row has one.
 * @param symbol symbol to give the bars (checked with checkSymbol)
 * @param result the `chart()` result (not modified)
 * @param range optional inclusive ISO bounds; rows outside are dropped
 * @returns Bars sorted by date, length = kept rows
 */
export function chartToBars(symbol: string, result: YahooChartResult, range: { from?: string; to?: string } = {}): Bars {
  checkSymbol(symbol);
  if (!result || !Array.isArray(result.quotes)) {
    throw inputError({ file: 'yahoo chart()', key: 'quotes' }, 'an array of quotes', typeof result === 'object' && result ? Object.keys(result).join(',') : String(result));
  }
  const offset = isNum(result.meta?.gmtoffset) ? result.meta.gmtoffset : 0;
  const from = range.from ? isoToDay(range.from) : -Infinity;
  const to = range.to ? isoToDay(range.to) : Infinity;
  const byDay = new Map<number, YahooChartQuote>();
  result.quotes.forEach((q, i) => {
    if (!q || !isNum(q.open) || !isNum(q.high) || !isNum(q.low) || !isNum(q.close)) return;
    const day = quoteDay(q.date, offset, i);
    if (day >= from && day <= to) byDay.set(day, q);
  });
  const days = [...byDay.keys()].sort((a, b) => a - b);
  const allAdj = days.length > 0 && days.every((d) => isNum(byDay.get(d)?.adjclose));
  const bars = allocBars(symbol, days.length, { adjClose: allAdj });
  days.forEach((d, i) => {
    const q = byDay.get(d) as YahooChartQuote;
    bars.dates[i] = d;
    bars.open[i] = q.open as number;
    bars.high[i] = q.high as number;
    bars.low[i] = q.low as number;
    bars.close[i] = q.close as number;
    bars.volume[i] = isNum(q.volume) ? q.volume : 0;
    if (bars.adjClose) bars.adjClose[i] = q.adjclose as number;
  });
  return bars;
}

const NETWORK_CODES = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|UND_ERR|CERT|fetch failed|network|socket/i;

/** Turns a client failure into an InputError (unknown symbol) or an UnavailableError (offline, other). */
function classify(err: unknown, symbol: string): Error {
  if (err instanceof InputError || err instanceof UnavailableError) return err;
  const e = err as { message?: string; code?: string; cause?: { code?: string; message?: string } };
  const text = [e?.message, e?.code, e?.cause?.code, e?.cause?.message].filter(Boolean).join(' ');
  if (/No data found|symbol may be delisted|Not Found|\b404\b/i.test(text)) {
    return inputError({ key: 'symbol' }, 'a symbol Yahoo Finance knows', `${JSON.stringify(symbol)} (${e?.message ?? text})`);
  }
  const why = NETWORK_CODES.test(text) ? `network unavailable (${text})` : `the request failed (${text || String(err)})`;
  return new UnavailableError(`could not reach Yahoo Finance: ${why}; ${OFFLINE_HINT}`);
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${ms} ms`), { code: 'ETIMEDOUT' })), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

/**
 * Fetches daily bars of one symbol from Yahoo Finance.
 * @param symbol Yahoo ticker (`AAPL`, `^GSPC`, `EURUSD=X`), checked with checkSymbol before any request
 * @param options `from` / `to` inclusive ISO dates (default full history up to today), `client`, `timeoutMs`
 * @returns Bars with adjClose (when Yahoo sends it), sorted by date; possibly empty
 * @throws UnavailableError offline or without `yahoo-finance2`; InputError for a bad symbol or dates
 */
export async function fetchYahoo(symbol: string, options: FetchYahooOptions = {}): Promise<Bars> {
  checkSymbol(symbol);
  const o = fillDefaults(fetchYahooDefaults, options);
  const to = o.to ?? dayToIso(dateToDay(new Date()));
  for (const [key, v] of [['from', o.from], ['to', to]] as const) {
    if (Number.isNaN(isoToDay(v))) throw inputError({ key }, 'a date as YYYY-MM-DD', JSON.stringify(v));
  }
  if (isoToDay(o.from) > isoToDay(to)) throw inputError({ key: 'from' }, `a date on or before \`to\` (${to})`, o.from);
  const client = o.client ?? (await loadYahooClient());
  let result: YahooChartResult;
  try {
    result = await withTimeout(client.chart(symbol, { period1: o.from, period2: dayToIso(isoToDay(to) + 1), interval: '1d' }), o.timeoutMs);
  } catch (err) {
    throw classify(err, symbol);
  }
  return chartToBars(symbol, result, { from: o.from, to });
}
