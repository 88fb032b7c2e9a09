/**
 * Byte-level field parsers for the streaming CSV reader: decimal numbers and daily dates read straight
 * from a byte buffer, without building a string per field.
 *
 * Numbers: `[+-]?digits[.digits][(e|E)[+-]?digits]` (at least one mantissa digit), surrounding spaces/tabs
 * allowed. `NaN`, `Infinity`, `null`, empty fields, thousands separators and currency signs are rejected.
 * The result equals `Number(text)` exactly: the fast path (≤ 15 significant digits, |exponent| ≤ 22) is
 * correctly rounded (one IEEE division or multiplication of exact values); anything else falls back to `Number`.
 *
 * Dates: see {@link DateFormat}. Day numbers are days since 1970-01-01 (as `util/dates` isoToDay), computed
 * arithmetically without a Date object.
 */

/** Date shapes a file may use; one file must use one shape throughout. */
export type DateFormat =
  /** `YYYY-MM-DD` */
  | 'iso'
  /** `YYYY-MM-DDThh:mm:ss` or `YYYY-MM-DD hh:mm[:ss[.fff]]` with an optional `Z` / `±hh:mm` offset; the time must be midnight. */
  | 'iso-midnight'
  /** `YYYYMMDD` (Stooq's compact form) */
  | 'compact';

/** Human form of each date shape, for messages. */
export const DATE_FORMAT_LABEL: Record<DateFormat, string> = {
  iso: 'YYYY-MM-DD',
  'iso-midnight': 'YYYY-MM-DDT00:00:00',
  compact: 'YYYYMMDD',
};

/** Smallest and largest accepted years (isoToDay agrees with the arithmetic in this range). */
export const MIN_YEAR = 1000;
export const MAX_YEAR = 9999;

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

function isSpace(b: number): boolean {
  return b === 32 || b === 9;
}

/**
 * Parses a decimal number from `buf[start, end)`.
 * @param buf bytes (ASCII digits expected)
 * @param start first byte index (inclusive)
 * @param end last byte index (exclusive)
 * @returns the number, or NaN when the bytes are not a finite decimal number (callers report the text)
 */
export function parseNumberBytes(buf: Uint8Array, start: number, end: number): number {
  while (start < end && isSpace(buf[start])) start++;
  while (end > start && isSpace(buf[end - 1])) end--;
  let i = start;
  let neg = false;
  if (i < end && (buf[i] === 45 || buf[i] === 43)) {
    neg = buf[i] === 45;
    i++;
  }
  let mant = 0;
  let sig = 0; // significant digits accumulated in mant
  let digits = 0; // all mantissa digits seen
  let exp10 = 0;
  let b = 0;
  for (; i < end; i++) {
    b = buf[i] - 48;
    if (b < 0 || b > 9) break;
    digits++;
    if (mant === 0 && b === 0) continue;
    mant = mant * 10 + b;
    sig++;
  }
  if (i < end && buf[i] === 46) {
    for (i++; i < end; i++) {
      b = buf[i] - 48;
      if (b < 0 || b > 9) break;
      digits++;
      if (mant === 0 && b === 0) {
        exp10--;
        continue;
      }
      mant = mant * 10 + b;
      sig++;
      exp10--;
    }
  }
  if (digits === 0) return NaN;
  if (i < end && (buf[i] === 101 || buf[i] === 69)) {
    i++;
    let eneg = false;
    if (i < end && (buf[i] === 45 || buf[i] === 43)) {
      eneg = buf[i] === 45;
      i++;
    }
    let e = 0;
    let edigits = 0;
    for (; i < end; i++) {
      b = buf[i] - 48;
      if (b < 0 || b > 9) break;
      if (e < 100000) e = e * 10 + b;
      edigits++;
    }
    if (edigits === 0) return NaN;
    exp10 += eneg ? -e : e;
  }
  if (i !== end) return NaN;
  let v: number;
  if (sig <= 15 && exp10 >= -22 && exp10 <= 22) {
    v = exp10 < 0 ? mant / POW10[-exp10] : mant * POW10[exp10];
  } else {
    v = Number(latin1(buf, start, end));
    if (!Number.isFinite(v)) return NaN;
    return v;
  }
  return neg ? -v : v;
}

/**
 * Scans one comma-separated numeric field starting at `buf[start]` and parses it in the same pass: plain decimals
 * (`digits[.digits]`, at most 15 digits) are summed while scanning (mantissa / 10^fraction digits, correctly
 * rounded as in {@link parseNumberBytes}); anything else (sign, exponent, spaces) goes to {@link parseNumberBytes}.
 * @param buf bytes
 * @param start first byte of the field
 * @param end end of the line (exclusive)
 * @param out receives the number at `out[slot]` (NaN when the field is not a finite decimal number)
 * @param slot index in `out`
 * @returns index of the comma ending the field, or `end`
 */
export function scanNumberField(buf: Uint8Array, start: number, end: number, out: Float64Array, slot: number): number {
  let mant = 0;
  let digs = 0;
  let frac = -1;
  let plain = true;
  let q = start;
  for (; q < end; q++) {
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
  out[slot] = plain && digs > 0 && digs <= 15 ? (frac > 0 ? mant / POW10[frac] : mant) : parseNumberBytes(buf, start, q);
  return q;
}

/** The bytes `buf[start, end)` as a latin-1 string (for messages and slow paths). */
export function latin1(buf: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(buf[i]);
  return s;
}

/**
 * Days since 1970-01-01 for a proleptic Gregorian calendar date (Howard Hinnant's days_from_civil).
 * @param y year, @param m month 1–12, @param d day 1–31 (not range-checked here)
 */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Number of days in month `m` (1–12) of year `y`. */
export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/**
 * The unsigned decimal integer written with exactly `n` digits at `buf[at]`, or -1 when a byte is not a digit.
 * @param buf bytes
 * @param at first byte index
 * @param n digit count
 */
export function digitsAt(buf: Uint8Array, at: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const b = buf[at + k] - 48;
    if (b < 0 || b > 9) return -1;
    v = v * 10 + b;
  }
  return v;
}

function civilOrNaN(y: number, m: number, d: number): number {
  if (y < MIN_YEAR || y > MAX_YEAR || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return NaN;
  return daysFromCivil(y, m, d);
}

/** Result of {@link parseDateBytes}: the day number and the shape, or NaN with the shape that was tried. */
export interface ParsedDate {
  day: number;
  format: DateFormat | undefined;
}

/** Checks that `buf[i, end)` is a midnight time suffix: `[T ]00:00[:00[.000…]][Z|±hh[:mm]]`. */
function isMidnightSuffix(buf: Uint8Array, i: number, end: number): boolean {
  if (buf[i] !== 84 && buf[i] !== 32) return false; // 'T' or ' '
  i++;
  if (end - i < 5 || digitsAt(buf, i, 2) !== 0 || buf[i + 2] !== 58 || digitsAt(buf, i + 3, 2) !== 0) return false;
  i += 5;
  if (i < end && buf[i] === 58) {
    if (end - i < 3 || digitsAt(buf, i + 1, 2) !== 0) return false;
    i += 3;
    if (i < end && buf[i] === 46) {
      i++;
      const s = i;
      while (i < end && buf[i] === 48) i++;
      if (i === s) return false;
    }
  }
  if (i === end) return true;
  if (buf[i] === 90) return i + 1 === end; // 'Z'
  if (buf[i] !== 43 && buf[i] !== 45) return false; // '+' / '-'
  i++;
  const rest = end - i;
  if (rest === 2) return digitsAt(buf, i, 2) >= 0;
  if (rest === 4) return digitsAt(buf, i, 4) >= 0;
  if (rest === 5) return buf[i + 2] === 58 && digitsAt(buf, i, 2) >= 0 && digitsAt(buf, i + 3, 2) >= 0;
  return false;
}

/**
 * Parses a daily date from `buf[start, end)` (surrounding spaces allowed).
 * Accepted: `YYYY-MM-DD`; the same followed by a midnight time (`T00:00:00`, ` 00:00`, `.000`, `Z`, `-05:00`; the
 * date part is taken as the trading day, the offset only says which clock was used); `YYYYMMDD`.
 * Anything else (`01/02/2020`, `1/2/20`, `2020-1-5`, a non-midnight time) gives `day: NaN`.
 * @returns `{day, format}`; day is NaN when the text is not an accepted real calendar date
 */
export function parseDateBytes(buf: Uint8Array, start: number, end: number): ParsedDate {
  while (start < end && isSpace(buf[start])) start++;
  while (end > start && isSpace(buf[end - 1])) end--;
  const len = end - start;
  if (len >= 10 && buf[start + 4] === 45 && buf[start + 7] === 45) {
    const y = digitsAt(buf, start, 4);
    const m = digitsAt(buf, start + 5, 2);
    const d = digitsAt(buf, start + 8, 2);
    if (y < 0 || m < 0 || d < 0) return { day: NaN, format: undefined };
    if (len === 10) return { day: civilOrNaN(y, m, d), format: 'iso' };
    if (!isMidnightSuffix(buf, start + 10, end)) return { day: NaN, format: 'iso-midnight' };
    return { day: civilOrNaN(y, m, d), format: 'iso-midnight' };
  }
  if (len === 8) {
    const y = digitsAt(buf, start, 4);
    const m = digitsAt(buf, start + 4, 2);
    const d = digitsAt(buf, start + 6, 2);
    if (y < 0 || m < 0 || d < 0) return { day: NaN, format: undefined };
    return { day: civilOrNaN(y, m, d), format: 'compact' };
  }
  return { day: NaN, format: undefined };
}

/** {@link parseDateBytes} for a JS string (JSON values, slow paths). Non-ASCII text gives NaN. */
export function parseDateText(text: string): ParsedDate {
  const buf = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 127) return { day: NaN, format: undefined };
    buf[i] = c;
  }
  return parseDateBytes(buf, 0, buf.length);
}

/** {@link parseNumberBytes} for a JS string. Non-ASCII text gives NaN. */
export function parseNumberText(text: string): number {
  const buf = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 127) return NaN;
    buf[i] = c;
  }
  return parseNumberBytes(buf, 0, buf.length);
}

/** The expected-format phrase for a date error, with a hint for slash dates (day/month order is ambiguous). */
export function describeDateProblem(text: string, expected: DateFormat | undefined): string {
  const want = expected ? `a date in the file's format ${DATE_FORMAT_LABEL[expected]}` : 'an ISO date YYYY-MM-DD';
  if (/\d+\/\d+\/\d+/.test(text)) return `${want} (slash dates like 01/02/2020 are ambiguous: convert to YYYY-MM-DD)`;
  if (/^\s*\d{4}-\d\d-\d\d[T ]/.test(text)) return `${want} (daily bars: a time part must be midnight)`;
  return want;
}
