/**
 * Intraday CSV loader: one bar per line, a date-time column and open, high, low, close, volume.
 *
 * Header: a time column named `datetime`, `timestamp`, `time`, `date_time` or `date` (case-insensitive), plus
 * `open`, `high`, `low`, `close`, `volume`; other columns are ignored. Date-times are
 * `YYYY-MM-DD[T| ]hh:mm[:ss[.fff]]` followed by `Z` or an offset `±hh:mm` / `±hhmm` / `±hh`; they are converted to
 * UTC instants. A date-time without a zone is accepted only when the file's zone is given (`zone`: `exchange`
 * = the exchange's local clock, `UTC`, or a fixed offset such as `+05:30`); otherwise it is an error naming the
 * file and line. Quoted fields are not accepted. The bars come back with `times` (UTC ms), `dates` (the
 * exchange-local trading day of each bar), `exchange`; the timeframe is checked and set by `validateIntraday`.
 *
 * The file is streamed in chunks (default 4 MiB) and parsed from the bytes, so memory is the bars plus one chunk.
 */
import { inputError } from '../../util/errors';
import { streamFileLines } from '../read-chunks';
import type { Bars } from '../bars';
import { IntradayParser } from './csv-parser';
import type { Exchange } from './sessions';

/** Options of {@link readIntradayCsv} / {@link parseIntradayBytes}. */
export interface IntradayCsvOptions {
  /** Symbol put on the bars (default `CSV`). */
  symbol?: string;
  /** Exchange whose sessions the bars follow (default `NYSE`). */
  exchange?: Exchange;
  /** Zone of date-times written without one: `exchange`, `UTC` or `±hh:mm`. Default: none (such a date-time is an error). */
  zone?: string;
  /** Name used in messages (default: the path, or `<bytes>`). */
  source?: string;
  /** Bytes read per chunk (default 4 MiB). */
  chunkSize?: number;
}

/** Default {@link IntradayCsvOptions}. */
export const intradayCsvDefaults = { symbol: 'CSV', exchange: 'NYSE' as Exchange, chunkSize: 4 << 20 };

/** What the intraday loaders return. */
export interface ParsedIntraday {
  /** Bars with `times`, `dates` (local trading days) and `exchange` set. */
  bars: Bars;
  /** 1-based source line per bar. */
  lines: Int32Array;
  /** How many date-times carried their own zone (the rest used `zone`). */
  zoned: number;
}

/**
 * Parses `zone` into minutes east of UTC, `exchange` (-1e9 sentinel resolved per day) or undefined.
 * @throws InputError for anything else
 */
export function parseZone(zone: string | undefined): number | 'exchange' | undefined {
  if (zone === undefined) return undefined;
  if (zone.toLowerCase() === 'exchange') return 'exchange';
  if (/^(utc|z|gmt)$/i.test(zone)) return 0;
  const m = /^([+-])(\d\d):?(\d\d)$/.exec(zone);
  if (!m || +m[2] > 14 || +m[3] > 59) throw inputError({ key: 'zone' }, 'exchange, UTC or an offset like +05:30 / -05:00', JSON.stringify(zone));
  return (m[1] === '-' ? -1 : 1) * (+m[2] * 60 + +m[3]);
}

function makeParser(options: IntradayCsvOptions, source: string, size: number): { parser: IntradayParser; o: typeof intradayCsvDefaults & IntradayCsvOptions } {
  const o = { ...intradayCsvDefaults, ...options, exchange: options.exchange ?? intradayCsvDefaults.exchange, chunkSize: options.chunkSize ?? intradayCsvDefaults.chunkSize };
  return { o, parser: new IntradayParser(options.source ?? source, parseZone(o.zone), o.exchange, Math.ceil(size / 40)) };
}

/**
 * Reads an intraday CSV file (streamed in chunks).
 * @param file path
 * @param options symbol, exchange, zone, source, chunkSize (see {@link intradayCsvDefaults})
 * @returns bars (times in UTC ms, local trading days), source line per bar, count of zoned date-times
 * @throws InputError with file:line at the first bad line
 */
export async function readIntradayCsv(file: string, options: IntradayCsvOptions = {}): Promise<ParsedIntraday> {
  const parser = await streamFileLines(file, options.chunkSize ?? intradayCsvDefaults.chunkSize, (size) => makeParser(options, file, size).parser);
  return parser.result(options.symbol ?? intradayCsvDefaults.symbol);
}

/**
 * Parses intraday CSV text or bytes already in memory (tests, uploads); same rules as {@link readIntradayCsv}.
 * @returns as {@link readIntradayCsv}
 */
export function parseIntradayBytes(bytes: Uint8Array | string, options: IntradayCsvOptions = {}): ParsedIntraday {
  const data = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { o, parser } = makeParser(options, '<bytes>', data.length);
  const rest = parser.consume(data, 0, data.length);
  parser.finishLast(data, rest, data.length);
  return parser.result(o.symbol);
}
