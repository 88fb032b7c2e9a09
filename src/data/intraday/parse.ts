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
import * as fs from 'fs';
import { inputError, show } from '../../util/errors';
import type { Bars } from '../bars';
import { daysFromCivil, daysInMonth, parseNumberBytes } from '../parse-bytes';
import { SessionCalendar, utcOffsetMinutes, type Exchange } from './sessions';

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

const TIME_NAMES = ['datetime', 'timestamp', 'time', 'date_time', 'date'];
const FIELDS = ['open', 'high', 'low', 'close', 'volume'] as const;
const NO_OFFSET = 1e9;
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

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

function digits(buf: Uint8Array, at: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const b = buf[at + k] - 48;
    if (b < 0 || b > 9) return -1;
    v = v * 10 + b;
  }
  return v;
}

/** Incremental parser state (one per file). */
class IntradayParser {
  line = 0;
  n = 0;
  zoned = 0;
  private cap: number;
  times: Float64Array;
  cols: Float64Array[];
  lines: Int32Array;
  private roles: Int8Array | undefined; // per column: -1 ignore, 0 time, 1..5 open..volume
  private ncol = 0;
  private tmp = new Float64Array(6);
  // parsed date-time parts of the last call to dateTime()
  private localMs = 0;
  private localDay = 0;
  private offset = NO_OFFSET;

  constructor(private readonly source: string, private readonly zone: number | 'exchange' | undefined, private readonly exchange: Exchange, capacity: number) {
    this.cap = Math.max(16, capacity);
    this.times = new Float64Array(this.cap);
    this.cols = FIELDS.map(() => new Float64Array(this.cap));
    this.lines = new Int32Array(this.cap);
  }

  private fail(line: number, column: string | undefined, expected: string, received?: string): never {
    throw inputError({ file: this.source, line, column }, expected, received);
  }

  consume(buf: Buffer, start: number, end: number): number {
    let s = start;
    for (;;) {
      const nl = buf.indexOf(10, s);
      if (nl < 0 || nl >= end) return s;
      this.processLine(buf, s, nl);
      s = nl + 1;
    }
  }

  finishLast(buf: Buffer, start: number, end: number): void {
    if (end > start) this.processLine(buf, start, end);
  }

  private header(text: string, line: number): void {
    const names = text.split(',').map((s) => s.trim().replace(/^"|"$/g, '').toLowerCase());
    const roles = new Int8Array(names.length).fill(-1);
    const timeCol = TIME_NAMES.map((t) => names.indexOf(t)).find((i) => i >= 0);
    if (timeCol === undefined) this.fail(line, undefined, `a header with a date-time column named one of ${TIME_NAMES.join(', ')}`, show(text));
    roles[timeCol] = 0;
    FIELDS.forEach((f, k) => {
      const i = names.indexOf(f);
      if (i < 0) this.fail(line, f, `a \`${f}\` column in the header (intraday files need ${FIELDS.join(', ')})`, show(text));
      roles[i] = k + 1;
    });
    this.roles = roles;
    this.ncol = names.length;
  }

  private grow(): void {
    this.cap *= 2;
    const g = (a: Float64Array) => {
      const b = new Float64Array(this.cap);
      b.set(a);
      return b;
    };
    this.times = g(this.times);
    this.cols = this.cols.map(g);
    const l = new Int32Array(this.cap);
    l.set(this.lines);
    this.lines = l;
  }

  private processLine(buf: Buffer, s: number, e: number): void {
    const line = ++this.line;
    if (e > s && buf[e - 1] === 13) e--;
    if (line === 1 && buf[s] === 0xef && buf[s + 1] === 0xbb && buf[s + 2] === 0xbf) s += 3;
    if (!this.roles) {
      this.header(buf.toString('utf8', s, e), line);
      return;
    }
    let i = s;
    while (i < e && (buf[i] === 32 || buf[i] === 9)) i++;
    if (i === e) return;
    const roles = this.roles;
    const v = this.tmp;
    let k = 0;
    let t = NaN;
    let p = s; // start of field k
    for (;;) {
      const r = k < this.ncol ? roles[k] : -1;
      let q = p;
      if (r > 0) {
        // fused scan + fast decimal parse (digits[.digits], ≤ 15 digits: mant / 10^frac is correctly rounded,
        // as in parseNumberBytes); anything else goes to parseNumberBytes
        let mant = 0;
        let digs = 0;
        let frac = -1;
        let plain = true;
        for (; q < e; q++) {
          const b = buf[q];
          if (b === 44) break;
          const dg = b - 48;
          if (dg >= 0 && dg <= 9) {
            mant = mant * 10 + dg;
            digs++;
            if (frac >= 0) frac++;
          } else if (b === 46 && frac < 0) frac = 0;
          else plain = false;
        }
        let x: number;
        if (plain && digs > 0 && digs <= 15) x = frac > 0 ? mant / POW10[frac] : mant;
        else {
          x = parseNumberBytes(buf, p, q);
          if (x !== x) this.fail(line, FIELDS[r - 1], 'a finite number', show(buf.toString('utf8', p, q)));
        }
        v[r] = x;
      } else {
        while (q < e && buf[q] !== 44) q++;
        if (r === 0) t = this.dateTime(buf, p, q, line);
      }
      k++;
      if (q >= e) break;
      p = q + 1;
    }
    if (k !== this.ncol) this.fail(line, undefined, `${this.ncol} fields as in the header (quoted fields are not accepted in intraday files)`, String(k));
    const o = v[1];
    const h = v[2];
    const l = v[3];
    const c = v[4];
    if (!(l > 0 && h >= l && h >= o && h >= c && l <= o && l <= c)) {
      if (!(o > 0 && h > 0 && l > 0 && c > 0)) this.fail(line, 'open', 'positive prices', `open=${o} high=${h} low=${l} close=${c}`);
      this.fail(line, 'high', 'low <= open, close <= high', `open=${o} high=${h} low=${l} close=${c}`);
    }
    if (!(v[5] >= 0)) this.fail(line, 'volume', 'a volume >= 0', String(v[5]));
    if (this.n === this.cap) this.grow();
    const j = this.n++;
    this.times[j] = t;
    this.cols[0][j] = o;
    this.cols[1][j] = h;
    this.cols[2][j] = l;
    this.cols[3][j] = c;
    this.cols[4][j] = v[5];
    this.lines[j] = line;
  }

  /** Parses one date-time field into UTC ms (throws with file:line on anything else). */
  private dateTime(buf: Uint8Array, s: number, e: number, line: number): number {
    while (s < e && (buf[s] === 32 || buf[s] === 9)) s++;
    while (e > s && (buf[e - 1] === 32 || buf[e - 1] === 9)) e--;
    const bad = (why: string): never =>
      this.fail(line, 'datetime', `a date-time YYYY-MM-DDThh:mm[:ss] with a zone (Z or ±hh:mm)${why}`, show(Buffer.from(buf.subarray(s, e)).toString('utf8')));
    if (e - s < 16 || buf[s + 4] !== 45 || buf[s + 7] !== 45 || (buf[s + 10] !== 84 && buf[s + 10] !== 32) || buf[s + 13] !== 58) bad('');
    const y = digits(buf, s, 4);
    const mo = digits(buf, s + 5, 2);
    const d = digits(buf, s + 8, 2);
    const hh = digits(buf, s + 11, 2);
    const mi = digits(buf, s + 14, 2);
    if (y < 1000 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || hh < 0 || hh > 23 || mi < 0 || mi > 59) bad(' (not a real date and time)');
    let i = s + 16;
    let ms = 0;
    if (i < e && buf[i] === 58) {
      const sec = digits(buf, i + 1, 2);
      if (sec < 0 || sec > 59) bad('');
      ms = sec * 1000;
      i += 3;
      if (i < e && buf[i] === 46) {
        i++;
        let scale = 100;
        while (i < e && buf[i] >= 48 && buf[i] <= 57) {
          ms += (buf[i] - 48) * scale;
          scale /= 10;
          i++;
        }
      }
    }
    let offset = NO_OFFSET;
    if (i < e) {
      if (buf[i] === 90 && i + 1 === e) offset = 0;
      else if (buf[i] === 43 || buf[i] === 45) {
        const sign = buf[i] === 45 ? -1 : 1;
        const rest = e - i - 1;
        const oh = digits(buf, i + 1, 2);
        const om = rest === 2 ? 0 : rest === 4 ? digits(buf, i + 3, 2) : rest === 5 && buf[i + 3] === 58 ? digits(buf, i + 4, 2) : -1;
        if (oh < 0 || om < 0 || oh > 14 || om > 59) bad(' (bad zone offset)');
        offset = sign * (oh * 60 + om);
      } else bad('');
    }
    const day = daysFromCivil(y, mo, d);
    this.localDay = day;
    this.localMs = day * 86_400_000 + (hh * 60 + mi) * 60_000 + ms;
    this.offset = offset;
    if (offset === NO_OFFSET) {
      const z = this.zone;
      if (z === undefined) return bad(' (this one has no zone: add one, or give the file\'s zone with --zone exchange|UTC|±hh:mm)');
      offset = z === 'exchange' ? utcOffsetMinutes(this.exchange, day) : z;
    } else this.zoned++;
    return this.localMs - offset * 60_000;
  }

  result(symbol: string): ParsedIntraday {
    if (!this.roles) throw inputError({ file: this.source, line: 1 }, 'a CSV header line', 'an empty file');
    if (this.n === 0) throw inputError({ file: this.source, line: this.line + 1 }, 'at least one bar after the header', 'none');
    const n = this.n;
    const times = this.times.slice(0, n);
    const cal = new SessionCalendar(this.exchange);
    const dates = new Int32Array(n);
    let lo = Infinity; // UTC range [lo, hi) of the local day last computed
    let hi = -Infinity;
    let cur = 0;
    for (let i = 0; i < n; i++) {
      const ti = times[i];
      if (ti < lo || ti >= hi) {
        cur = cal.localDay(ti);
        const off = utcOffsetMinutes(this.exchange, cur) * 60_000;
        lo = cur * 86_400_000 - off;
        hi = lo + 86_400_000;
      }
      dates[i] = cur;
    }
    const bars: Bars = {
      symbol,
      dates,
      open: this.cols[0].slice(0, n),
      high: this.cols[1].slice(0, n),
      low: this.cols[2].slice(0, n),
      close: this.cols[3].slice(0, n),
      volume: this.cols[4].slice(0, n),
      times,
      exchange: this.exchange,
    };
    return { bars, lines: this.lines.slice(0, n), zoned: this.zoned };
  }
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
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, 'r');
  } catch (e) {
    throw inputError({ file }, 'a readable file', (e as NodeJS.ErrnoException).code ?? (e as Error).message);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw inputError({ file }, 'a regular file', 'a directory or special file');
    const { o, parser } = makeParser(options, file, stat.size);
    let buf = Buffer.allocUnsafe(o.chunkSize);
    let end = 0;
    for (;;) {
      if (end === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, end);
        buf = bigger;
      }
      const { bytesRead } = await handle.read(buf, end, buf.length - end, null);
      if (bytesRead === 0) {
        parser.finishLast(buf, 0, end);
        break;
      }
      end += bytesRead;
      const rest = parser.consume(buf, 0, end);
      if (rest > 0) {
        buf.copy(buf, 0, rest, end);
        end -= rest;
      }
    }
    return parser.result(o.symbol);
  } finally {
    await handle.close();
  }
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
