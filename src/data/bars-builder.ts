/**
 * Internal helpers for the loaders: a growable column store (typed arrays doubled as rows arrive) and the
 * non-strict repair of date order (stable sort, first of each duplicate date kept).
 */
import { dayToIso } from '../util/dates';
import type { Bars } from './bars';
import type { IssueLog } from './quality';

/** Appends rows into typed arrays that double in capacity; {@link BarsBuilder.finish} trims them to size. */
export class BarsBuilder {
  private cap: number;
  n = 0;
  dates: Int32Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  adj: Float64Array;
  volume: Float64Array;
  lines: Int32Array;

  /** @param initialCapacity rows allocated up front (default 1024) */
  constructor(initialCapacity = 1024) {
    this.cap = Math.max(16, initialCapacity | 0);
    this.dates = new Int32Array(this.cap);
    this.open = new Float64Array(this.cap);
    this.high = new Float64Array(this.cap);
    this.low = new Float64Array(this.cap);
    this.close = new Float64Array(this.cap);
    this.adj = new Float64Array(this.cap);
    this.volume = new Float64Array(this.cap);
    this.lines = new Int32Array(this.cap);
  }

  private grow(): void {
    const cap = this.cap * 2;
    const g64 = (a: Float64Array): Float64Array => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    };
    const g32 = (a: Int32Array): Int32Array => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    this.dates = g32(this.dates);
    this.lines = g32(this.lines);
    this.open = g64(this.open);
    this.high = g64(this.high);
    this.low = g64(this.low);
    this.close = g64(this.close);
    this.adj = g64(this.adj);
    this.volume = g64(this.volume);
    this.cap = cap;
  }

  /** Appends one row. */
  push(date: number, o: number, h: number, l: number, c: number, adj: number, vol: number, line: number): void {
    if (this.n === this.cap) this.grow();
    const i = this.n++;
    this.dates[i] = date;
    this.open[i] = o;
    this.high[i] = h;
    this.low[i] = l;
    this.close[i] = c;
    this.adj[i] = adj;
    this.volume[i] = vol;
    this.lines[i] = line;
  }

  /**
   * The rows as Bars (copied to exact length) and their source line numbers.
   * @param symbol symbol for the bars
   * @param hasAdjClose whether to include `adjClose`
   */
  finish(symbol: string, hasAdjClose: boolean): { bars: Bars; lines: Int32Array } {
    const n = this.n;
    const bars: Bars = {
      symbol,
      dates: this.dates.slice(0, n),
      open: this.open.slice(0, n),
      high: this.high.slice(0, n),
      low: this.low.slice(0, n),
      close: this.close.slice(0, n),
      volume: this.volume.slice(0, n),
    };
    if (hasAdjClose) bars.adjClose = this.adj.slice(0, n);
    return { bars, lines: this.lines.slice(0, n) };
  }
}

/**
 * Makes dates strictly increasing for non-strict loading: records every out-of-order and duplicate row in
 * `log` (checks `order` and `duplicates`), sorts stably by date and keeps the first row (in file order) of
 * each date. Returns the inputs unchanged when they are already strictly increasing.
 * @param bars bars as read (not mutated)
 * @param lines source line per bar (same length), or undefined
 * @param log where issues go
 * @returns repaired bars and lines (new arrays when anything changed)
 */
export function repairOrder(bars: Bars, lines: Int32Array | undefined, log: IssueLog): { bars: Bars; lines: Int32Array | undefined } {
  const d = bars.dates;
  const n = d.length;
  let sorted = true;
  for (let i = 1; i < n; i++) {
    if (d[i] <= d[i - 1]) {
      sorted = false;
      break;
    }
  }
  if (sorted) return { bars, lines };
  let maxSoFar = -Infinity;
  let maxLine = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0 && d[i] < maxSoFar) {
      log.add({
        check: 'order',
        line: lines?.[i],
        date: dayToIso(d[i]),
        column: 'date',
        message: `expected dates in increasing order, received ${dayToIso(d[i])} after ${dayToIso(maxSoFar)}${lines ? ` (line ${maxLine})` : ''}; rows were sorted`,
      });
    }
    if (d[i] > maxSoFar) {
      maxSoFar = d[i];
      maxLine = lines?.[i] ?? 0;
    }
  }
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => d[a] - d[b] || a - b);
  const keep: number[] = [];
  for (let k = 0; k < n; k++) {
    const i = idx[k];
    if (keep.length && d[keep[keep.length - 1]] === d[i]) {
      const first = keep[keep.length - 1];
      log.add({
        check: 'duplicates',
        line: lines?.[i],
        date: dayToIso(d[i]),
        column: 'date',
        message: `expected one bar per date, received a second ${dayToIso(d[i])}${lines ? ` (first on line ${lines[first]})` : ` (first at row ${first})`}; the later row was dropped`,
      });
      continue;
    }
    keep.push(i);
  }
  const pick64 = (a: Float64Array): Float64Array => Float64Array.from(keep, (i) => a[i]);
  const out: Bars = {
    symbol: bars.symbol,
    dates: Int32Array.from(keep, (i) => d[i]),
    open: pick64(bars.open),
    high: pick64(bars.high),
    low: pick64(bars.low),
    close: pick64(bars.close),
    volume: pick64(bars.volume),
  };
  if (bars.adjClose) out.adjClose = pick64(bars.adjClose);
  if (bars.extra) {
    out.extra = {};
    for (const [k, v] of Object.entries(bars.extra)) out.extra[k] = pick64(v);
  }
  return { bars: out, lines: lines ? Int32Array.from(keep, (i) => lines[i]) : undefined };
}

/** A row-level problem found by {@link checkRow}. */
export interface RowProblem {
  column: string;
  expected: string;
  received: string;
}

/**
 * Strict-mode checks of one row's values (dates are checked by the caller): prices > 0, high >= low,
 * high >= open/close, low <= open/close, volume >= 0.
 * @param adj adjusted close, or NaN when the source has none
 * @returns the first problem, or undefined when the row is fine
 */
export function checkRow(o: number, h: number, l: number, c: number, adj: number, vol: number): RowProblem | undefined {
  if (!(o > 0)) return { column: 'open', expected: 'a positive price', received: String(o) };
  if (!(h > 0)) return { column: 'high', expected: 'a positive price', received: String(h) };
  if (!(l > 0)) return { column: 'low', expected: 'a positive price', received: String(l) };
  if (!(c > 0)) return { column: 'close', expected: 'a positive price', received: String(c) };
  if (adj === adj && !(adj > 0)) return { column: 'adjClose', expected: 'a positive price', received: String(adj) };
  if (!(h >= l)) return { column: 'high', expected: 'high must be >= low', received: `high=${h} low=${l}` };
  if (!(h >= o && h >= c)) return { column: 'high', expected: 'high must be >= open and close', received: `high=${h} open=${o} close=${c}` };
  if (!(l <= o && l <= c)) return { column: 'low', expected: 'low must be <= open and close', received: `low=${l} open=${o} close=${c}` };
  if (!(vol >= 0)) return { column: 'volume', expected: 'a volume >= 0', received: String(vol) };
  return undefined;
}
