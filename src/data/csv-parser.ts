/**
 * The incremental CSV-to-bars parser behind `csv.ts`: it is fed byte ranges holding complete lines and
 * parses fields straight from the bytes (no string per field, no regex). Internal to src/data.
 */
import { dayToIso } from '../util/dates';
import { inputError, show } from '../util/errors';
import { BarsBuilder, checkRow } from './bars-builder';
import { planHeader, splitCsvLine, type ColumnMapping, type CsvFormat, type HeaderPlan } from './csv-header';
import { DATE_FORMAT_LABEL, describeDateProblem, parseDateBytes, parseNumberBytes, type DateFormat } from './parse-bytes';
import { IssueLog } from './quality';

const FIELD_NAMES = ['date', 'open', 'high', 'low', 'close', 'adjClose', 'volume'];
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Settings the parser needs (resolved from the public options). */
export interface ParserSettings {
  source: string;
  strict: boolean;
  format: CsvFormat;
  mapping?: ColumnMapping;
  /** A missing volume column is an error unless the mapping says `volume: '-'` (imports). */
  requireVolume?: boolean;
  maxExamples: number;
  initialCapacity: number;
}

/** Parses lines into a {@link BarsBuilder}, checking each row; strict mode throws at the first problem. */
export class CsvBarParser {
  line = 0;
  plan: HeaderPlan | undefined;
  dateFormat: DateFormat | undefined;
  private dateFormatLine = 0;
  readonly log: IssueLog;
  readonly rows: BarsBuilder;
  private fStart = new Int32Array(0);
  private fEnd = new Int32Array(0);
  private vals = new Float64Array(7);
  private prevDate = -Infinity;

  constructor(private readonly cfg: ParserSettings) {
    this.log = new IssueLog(cfg.maxExamples);
    this.rows = new BarsBuilder(cfg.initialCapacity);
  }

  /**
   * Parses every complete line (ended by `\n`) in `buf[start, end)`.
   * @returns the index just after the last newline consumed (the start of an incomplete line)
   */
  consume(buf: Buffer, start: number, end: number): number {
    const view = end === buf.length ? buf : buf.subarray(0, end);
    let s = start;
    for (;;) {
      const nl = view.indexOf(10, s);
      if (nl < 0) return s;
      this.processLine(buf, s, nl);
      s = nl + 1;
    }
  }

  /** Parses the last line of the input (no trailing newline), if any bytes are left. */
  finishLast(buf: Buffer, start: number, end: number): void {
    if (end > start) this.processLine(buf, start, end);
  }

  private fail(line: number, column: string | undefined, expected: string, received?: string): false {
    const err = inputError({ file: this.cfg.source, line, column }, expected, received);
    if (this.cfg.strict) throw err;
    this.log.add({ check: 'parse', line, column, message: received === undefined ? expected : `${expected}, received ${received}` });
    return false;
  }

  private processLine(buf: Buffer, s: number, e: number): void {
    const line = ++this.line;
    if (e > s && buf[e - 1] === 13) e--;
    if (line === 1 && e - s >= 3 && buf[s] === 0xef && buf[s + 1] === 0xbb && buf[s + 2] === 0xbf) s += 3;
    if (!this.plan) {
      this.readHeader(buf, s, e, line);
      return;
    }
    let i = s;
    while (i < e && (buf[i] === 32 || buf[i] === 9)) i++;
    if (i === e) return; // blank line
    const ncol = this.plan.roles.length;
    const fStart = this.fStart;
    const fEnd = this.fEnd;
    let k = 0;
    let high = false;
    fStart[0] = s;
    for (i = s; i < e; i++) {
      const b = buf[i];
      if (b === 44) {
        if (k < ncol) fEnd[k] = i;
        k++;
        if (k < ncol) fStart[k] = i + 1;
      } else if (b > 127) high = true;
      else if (b === 34) {
        this.quotedLine(buf, s, e, line);
        return;
      }
    }
    if (k < ncol) fEnd[k] = e;
    if (high && !this.checkUtf8(buf, s, e, line)) return;
    if (k + 1 !== ncol) {
      this.fail(line, undefined, `${ncol} fields as in the header`, `${k + 1}`);
      return;
    }
    this.parseRow(buf, line);
  }

  private checkUtf8(buf: Buffer, s: number, e: number, line: number): boolean {
    try {
      utf8.decode(buf.subarray(s, e));
      return true;
    } catch {
      let bad = s;
      while (bad < e && buf[bad] < 128) bad++;
      return this.fail(line, undefined, 'UTF-8 text (re-save the file as UTF-8)', `byte 0x${buf[bad].toString(16).toUpperCase()} at byte ${bad - s + 1} of the line, which is not valid UTF-8`);
    }
  }

  private quotedLine(buf: Buffer, s: number, e: number, line: number): void {
    if (!this.checkUtf8(buf, s, e, line)) return;
    const fields = splitCsvLine(buf.toString('utf8', s, e));
    const ncol = this.plan!.roles.length;
    if (fields.length !== ncol) {
      this.fail(line, undefined, `${ncol} fields as in the header`, `${fields.length}`);
      return;
    }
    const parts = fields.map((f) => Buffer.from(f, 'utf8'));
    let off = 0;
    parts.forEach((p, c) => {
      this.fStart[c] = off;
      off += p.length;
      this.fEnd[c] = off;
    });
    this.parseRow(Buffer.concat(parts), line);
  }

  private parseRow(buf: Buffer, line: number): void {
    const roles = this.plan!.roles;
    const v = this.vals;
    v[5] = NaN;
    v[6] = 0;
    let date = 0;
    for (let c = 0; c < roles.length; c++) {
      const r = roles[c];
      if (r < 0) continue;
      const fs = this.fStart[c];
      const fe = this.fEnd[c];
      if (r === 0) {
        const pd = parseDateBytes(buf, fs, fe);
        if (Number.isNaN(pd.day)) {
          const text = buf.toString('utf8', fs, fe);
          this.fail(line, 'date', describeDateProblem(text, this.dateFormat), show(text));
          return;
        }
        if (this.dateFormat === undefined) {
          this.dateFormat = pd.format;
          this.dateFormatLine = line;
        } else if (pd.format !== this.dateFormat) {
          const text = buf.toString('utf8', fs, fe);
          this.fail(line, 'date', `one date format per file (${DATE_FORMAT_LABEL[this.dateFormat]} as on line ${this.dateFormatLine})`, `${show(text)} (mixed date formats)`);
          return;
        }
        date = pd.day;
      } else {
        const x = parseNumberBytes(buf, fs, fe);
        if (x !== x) {
          this.fail(line, FIELD_NAMES[r], 'a finite number', show(buf.toString('utf8', fs, fe)));
          return;
        }
        v[r] = x;
      }
    }
    if (this.cfg.strict && !this.strictChecks(date, line)) return;
    this.prevDate = date;
    this.rows.push(date, v[1], v[2], v[3], v[4], v[5], v[6], line);
  }

  /** Row-level checks of strict mode; throws on the first problem (strict mode only calls this). */
  private strictChecks(date: number, line: number): boolean {
    const v = this.vals;
    const o = v[1];
    const h = v[2];
    const l = v[3];
    const c = v[4];
    const fine = l > 0 && h >= l && h >= o && h >= c && l <= o && l <= c && v[6] >= 0 && (v[5] !== v[5] || v[5] > 0);
    if (!fine) {
      const bad = checkRow(o, h, l, c, v[5], v[6]);
      if (bad) this.fail(line, bad.column, bad.expected, bad.received);
    }
    if (date === this.prevDate) {
      this.fail(line, 'date', 'one bar per date', `a second ${dayToIso(date)} (first on line ${this.rows.lines[this.rows.n - 1]})`);
    }
    if (date < this.prevDate) {
      this.fail(line, 'date', 'dates in increasing order', `${dayToIso(date)} after ${dayToIso(this.prevDate)} (line ${this.rows.lines[this.rows.n - 1]})`);
    }
    return true;
  }

  private readHeader(buf: Buffer, s: number, e: number, line: number): void {
    const where = { file: this.cfg.source, line };
    try {
      utf8.decode(buf.subarray(s, e));
    } catch {
      throw inputError(where, 'a UTF-8 CSV header line', 'bytes that are not valid UTF-8');
    }
    const text = buf.toString('utf8', s, e);
    if (text.trim() === '') throw inputError(where, 'a CSV header line', 'a blank line');
    const names = splitCsvLine(text);
    this.plan = planHeader(names, { format: this.cfg.format, mapping: this.cfg.mapping, requireVolume: this.cfg.requireVolume }, where);
    const n = names.length + 1;
    this.fStart = new Int32Array(n);
    this.fEnd = new Int32Array(n);
  }
}
