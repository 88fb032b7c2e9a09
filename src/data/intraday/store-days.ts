/**
 * The day-row codec of the intraday store (`store.ts`): one row per symbol, timeframe and trading day, columns as
 * float64 BLOBs; reading, appending and merging day rows. Internal to src/data/intraday.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { duckdb } from '../store-db';

/** The intraday table. */
export const TABLE = 'intraday_days';
/** The BLOB columns of a day row, in order. */
export const COLS = ['times', 'open', 'high', 'low', 'close', 'volume'] as const;

/** Whether the intraday table exists in this store. */
export async function hasTable(c: DuckDBConnection): Promise<boolean> {
  const r = await c.runAndReadAll(`SELECT count(*)::INTEGER FROM duckdb_tables() WHERE table_name = '${TABLE}' AND NOT temporary`);
  return (r.getRows()[0][0] as number) > 0;
}

/** A view of `a[s, e)` as little-endian float64 bytes (no copy). */
export function toBlob(a: Float64Array, s: number, e: number): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset + s * 8, (e - s) * 8);
}

/** Copies float64 bytes into `out` from index `at`. */
export function fromBlob(bytes: Uint8Array, out: Float64Array, at: number): void {
  new Uint8Array(out.buffer, out.byteOffset + at * 8, bytes.length).set(bytes);
}

/** One stored trading day: its day number, bar count and columns (times, open, high, low, close, volume). */
export type DayRow = { day: number; n: number; cols: Float64Array[] };

/** Merges stored day columns with new ones by instant (new wins); returns merged columns and the replaced count. */
export function mergeDay(old: DayRow, add: Float64Array[]): { cols: Float64Array[]; replaced: number } {
  const a = old.cols;
  const b = add;
  const na = a[0].length;
  const nb = b[0].length;
  const out = COLS.map(() => new Float64Array(na + nb));
  let i = 0;
  let j = 0;
  let k = 0;
  let replaced = 0;
  while (i < na || j < nb) {
    let src: Float64Array[];
    let at: number;
    if (j >= nb || (i < na && a[0][i] < b[0][j])) {
      src = a;
      at = i++;
    } else {
      if (i < na && a[0][i] === b[0][j]) {
        i++;
        replaced++;
      }
      src = b;
      at = j++;
    }
    for (let c = 0; c < COLS.length; c++) out[c][k] = src[c][at];
    k++;
  }
  return { cols: out.map((col) => col.slice(0, k)), replaced };
}

/** Appends day rows to `table` (the intraday table or its staging copy) with DuckDB's appender. */
export async function appendDays(c: DuckDBConnection, table: string, rows: DayRow[], meta: { symbol: string; tf: string; exchange: string | null }): Promise<void> {
  const { VARCHAR, DATE, INTEGER, BLOB, BIGINT, dateValue, blobValue } = duckdb();
  const appender = await c.createAppender(table);
  try {
    const types = [VARCHAR, VARCHAR, DATE, VARCHAR, INTEGER, BIGINT, BIGINT, BLOB, BLOB, BLOB, BLOB, BLOB, BLOB];
    for (let off = 0; off < rows.length; off += 2048) {
      const part = rows.slice(off, off + 2048);
      const cols = [
        part.map(() => meta.symbol),
        part.map(() => meta.tf),
        part.map((r) => dateValue(r.day)),
        part.map(() => meta.exchange),
        part.map((r) => r.n),
        part.map((r) => BigInt(r.cols[0][0])),
        part.map((r) => BigInt(r.cols[0][r.n - 1])),
        ...COLS.map((_, j) => part.map((r) => blobValue(toBlob(r.cols[j], 0, r.n)))),
      ];
      const chunk = duckdb().DuckDBDataChunk.create(types, part.length);
      chunk.setColumns(cols);
      appender.appendDataChunk(chunk);
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

/** Stored days of one symbol and timeframe in [from, to] (local day numbers), decoded. */
export async function readDays(c: DuckDBConnection, symbol: string, tf: string, from: number, to: number): Promise<Map<number, DayRow>> {
  const out = new Map<number, DayRow>();
  if (!(await hasTable(c))) return out;
  const r = await c.runAndReadAll(
    `SELECT (day - DATE '1970-01-01')::INTEGER, n, ${COLS.join(', ')} FROM ${TABLE}
     WHERE symbol = $symbol AND timeframe = $tf AND (day - DATE '1970-01-01')::INTEGER BETWEEN $from AND $to ORDER BY day`,
    { symbol, tf, from, to },
  );
  for (const row of r.getRows()) {
    const n = row[1] as number;
    const cols = COLS.map((_, j) => {
      const a = new Float64Array(n);
      fromBlob((row[2 + j] as { bytes: Uint8Array }).bytes, a, 0);
      return a;
    });
    out.set(row[0] as number, { day: row[0] as number, n, cols });
  }
  return out;
}

