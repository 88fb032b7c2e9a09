/**
 * The incremental intraday CSV parser behind `parse.ts`: fed byte ranges holding complete lines, it parses the
 * date-time and numbers straight from the bytes. Internal to src/data/intraday.
 */
import { inputError, show } from '../../util/errors';
import type { Bars } from '../bars';
import { daysFromCivil, daysInMonth, digitsAt as digits, scanNumberField } from '../parse-bytes';
import type { ParsedIntraday } from './parse';
import { SessionCalendar, utcOffsetMinutes, type Exchange } from './sessions';

const TIME_NAMES = ['datetime', 'timestamp', 'time', 'date_time', 'date'];
const FIELDS = ['open', 'high', 'low', 'close', 'volume'] as const;
const NO_OFFSET = 1e9;

/** Incremental parser state (one per file). */
export class IntradayParser {
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
        q = scanNumberField(buf, p, e, v, r); // fused scan + parse (shared with parse-bytes)
        if (v[r] !== v[r]) this.fail(line, FIELDS[r - 1], 'a finite number', show(buf.toString('utf8', p, q)));
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

