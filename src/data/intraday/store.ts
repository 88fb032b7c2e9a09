/**
 * Intraday bars in the embedded store, beside (not inside) the daily `bars` table, which is unchanged:
 *
 * `intraday_days (symbol, timeframe, day DATE, exchange, n, first_ts, last_ts, times, open, high, low, close,
 * volume)`, primary key (symbol, timeframe, day): one row per symbol, timeframe and exchange-local trading day,
 * holding that day's bar instants (UTC ms) and OHLCV as little-endian float64 BLOBs (`n` values each). Bars are
 * keyed by (symbol, timeframe, instant): an upsert merges by instant inside each day (a new bar replaces the
 * stored one at the same instant, other stored bars stay). Storing whole days keeps 25 years of minute bars at
 * ~6,300 rows, so imports and one-day updates are one short transaction. The table is created by the first
 * intraday write, so stores that only hold daily bars stay byte-for-byte as before.
 *
 * Checkpoints: all day rows of a store sit in one DuckDB row group, and a checkpoint rewrites a changed row group
 * whole (~1 s for 25 years of minute bars). So small intraday writes (< 100,000 bars, e.g. a day's update) and
 * intraday reads leave their changes in the write-ahead log (`store.duckdb.wal`, replayed by the next open)
 * instead of checkpointing at close; DuckDB checkpoints by itself once the log reaches 16 MB (about 1,200 daily
 * minute updates), and the next daily-store command that closes the file checkpoints it as well.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { inputError } from '../../util/errors';
import { allocBars, checkSymbol, sliceBars, type Bars } from '../bars';
import type { Store } from '../store';
import { duckdb, inTransaction } from '../store-db';
import { utcTimestamp } from '../store-write';
import { checkTimeframe, type Timeframe } from './timeframe';
import { COLS, TABLE, appendDays, hasTable, mergeDay, readDays, type DayRow } from './store-days';


/** What an intraday upsert did. */
export interface IntradayUpsertResult {
  /** Bars whose instant was not stored before. */
  inserted: number;
  /** Bars that replaced a stored bar at the same instant. */
  replaced: number;
  /** Bars left out by `onlyNew` (at or before the last stored instant). */
  skipped: number;
  /** Trading days written. */
  days: number;
  /** Bars of this symbol and timeframe stored afterwards. */
  total: number;
}

/** One stored (symbol, timeframe) in {@link listIntraday}. */
export interface IntradaySummary {
  symbol: string;
  timeframe: Timeframe;
  exchange: string;
  rows: number;
  days: number;
  /** First and last bar instants, ISO UTC. */
  first: string;
  last: string;
}

/** Bars per write below which the write stays in DuckDB's WAL instead of a checkpoint at close (see the module comment). */
const SMALL_WRITE = 100_000;

/** Leaves this connection's changes (and any replayed WAL) in the WAL at close; DuckDB checkpoints when it reaches 16 MB. */
async function deferCheckpoint(c: DuckDBConnection): Promise<void> {
  await c.run('PRAGMA disable_checkpoint_on_shutdown');
}

/**
 * Inserts or merges intraday bars by (symbol, timeframe, instant) in one transaction; nothing is written on error.
 * @param store the store
 * @param bars intraday bars (`times`, `timeframe`, local `dates`), already checked (e.g. `assertIntraday`)
 * @param options `source` recorded in the `symbols` table; `onlyNew`: keep only bars after the last stored instant
 * @returns inserted / replaced bar counts, days written, total stored bars of the symbol and timeframe
 */
export async function upsertIntradayBars(store: Store, all: Bars, options: { source?: string; onlyNew?: boolean } = {}): Promise<IntradayUpsertResult> {
  let bars = all;
  checkSymbol(bars.symbol);
  if (!bars.times || !bars.timeframe || bars.timeframe === '1d') throw inputError({ key: 'timeframe' }, 'intraday bars with instants and a timeframe', bars.timeframe ?? 'daily bars');
  const all_t = bars.times;
  for (let i = 1; i < all_t.length; i++) {
    if (!(all_t[i] > all_t[i - 1])) throw inputError({ file: bars.symbol, key: `row ${i + 1}`, column: 'datetime' }, 'strictly increasing instants', new Date(all_t[i]).toISOString());
  }
  const tf = bars.timeframe;
  return store.withConnection(async (c) => {
    await c.run(`CREATE TABLE IF NOT EXISTS ${TABLE} (symbol VARCHAR NOT NULL, timeframe VARCHAR NOT NULL, day DATE NOT NULL,
      exchange VARCHAR, n INTEGER NOT NULL, first_ts BIGINT NOT NULL, last_ts BIGINT NOT NULL,
      times BLOB NOT NULL, open BLOB NOT NULL, high BLOB NOT NULL, low BLOB NOT NULL, close BLOB NOT NULL, volume BLOB NOT NULL,
      PRIMARY KEY (symbol, timeframe, day))`);
    if (all_t.length < SMALL_WRITE) await deferCheckpoint(c);
    let skipped = 0;
    if (options.onlyNew) {
      // incremental update: only the bars after the last stored instant (one open of the store file for both steps)
      const r = await c.runAndReadAll(`SELECT max(last_ts) FROM ${TABLE} WHERE symbol = $symbol AND timeframe = $tf`, { symbol: bars.symbol, tf });
      const v = r.getRows()[0][0];
      if (v !== null) {
        const last = Number(v);
        while (skipped < all_t.length && all_t[skipped] <= last) skipped++;
        bars = sliceBars(all, skipped);
      }
    }
    const t = bars.times!;
    const n = t.length;
    const src = [t, bars.open, bars.high, bars.low, bars.close, bars.volume];
    // day boundaries of the new bars
    const starts: number[] = [];
    for (let i = 0; i < n; i++) if (i === 0 || bars.dates[i] !== bars.dates[i - 1]) starts.push(i);
    starts.push(n);
    const stored = n === 0 ? new Map<number, DayRow>() : await readDays(c, bars.symbol, tf, bars.dates[0], bars.dates[n - 1]);
    const rows: DayRow[] = [];
    let replaced = 0;
    for (let k = 0; k + 1 < starts.length; k++) {
      const s = starts[k];
      const e = starts[k + 1];
      const day = bars.dates[s];
      const fresh = src.map((a) => a.subarray(s, e));
      const old = stored.get(day);
      if (old) {
        const m = mergeDay(old, fresh);
        replaced += m.replaced;
        rows.push({ day, n: m.cols[0].length, cols: m.cols });
      } else rows.push({ day, n: e - s, cols: fresh });
    }
    const touch = async (): Promise<IntradayUpsertResult> => {
      await c.run(
        `INSERT INTO symbols VALUES ($symbol, $source, $updated::TIMESTAMP)
         ON CONFLICT (symbol) DO UPDATE SET source = excluded.source, updated_at = excluded.updated_at`,
        { symbol: bars.symbol, source: options.source ?? '', updated: utcTimestamp() },
      );
      const r = await c.runAndReadAll(`SELECT coalesce(sum(n), 0)::BIGINT FROM ${TABLE} WHERE symbol = $symbol AND timeframe = $tf`, { symbol: bars.symbol, tf });
      return { inserted: n - replaced, replaced, skipped, days: rows.length, total: Number(r.getRows()[0][0]) };
    };
    const meta = { symbol: bars.symbol, tf, exchange: bars.exchange ?? null };
    // no stored day is touched: append straight into the table inside the transaction
    if (stored.size === 0) return inTransaction(c, async () => (await appendDays(c, TABLE, rows, meta), touch()));
    await c.run(`CREATE OR REPLACE TEMP TABLE staged_intraday AS SELECT * FROM ${TABLE} LIMIT 0`);
    try {
      await appendDays(c, 'staged_intraday', rows, meta);
      return await inTransaction(c, async () => {
        await c.run(`DELETE FROM ${TABLE} d USING staged_intraday s WHERE d.symbol = s.symbol AND d.timeframe = s.timeframe AND d.day = s.day`);
        await c.run(`INSERT INTO ${TABLE} SELECT * FROM staged_intraday`);
        return touch();
      });
    } finally {
      await c.run('DROP TABLE IF EXISTS staged_intraday');
    }
  });
}

/**
 * Reads one symbol's stored intraday bars of one timeframe, ordered by instant.
 * @param options `from` / `to`: inclusive local trading days (day numbers); default all
 * @returns Bars with `times`, `timeframe`, `exchange`
 * @throws InputError when nothing is stored for the symbol and timeframe
 */
export async function readIntradayBars(store: Store, symbol: string, timeframe: Timeframe, options: { from?: number; to?: number } = {}): Promise<Bars> {
  checkSymbol(symbol);
  checkTimeframe(timeframe);
  if (!store.exists()) throw inputError({ key: 'symbol' }, `a symbol with ${timeframe} bars in the store (the store ${store.path} does not exist yet)`, JSON.stringify(symbol));
  return store.withConnection(async (c) => {
    await deferCheckpoint(c);
    const days = await readDays(c, symbol, timeframe, options.from ?? -1e9, options.to ?? 1e9);
    let exchange: string | undefined;
    if (days.size === 0) {
      const known = (await hasTable(c)) ? (await c.runAndReadAll(`SELECT DISTINCT symbol || ' ' || timeframe FROM ${TABLE} ORDER BY 1`)).getRows().map((r) => r[0] as string) : [];
      throw inputError({ key: 'symbol' }, `a symbol with ${timeframe} bars in the store (${known.length ? `stored: ${known.slice(0, 20).join(', ')}` : 'no intraday bars stored'})`, JSON.stringify(symbol));
    }
    const ex = await c.runAndReadAll(`SELECT any_value(exchange) FROM ${TABLE} WHERE symbol = $symbol AND timeframe = $tf`, { symbol, tf: timeframe });
    exchange = (ex.getRows()[0][0] as string | null) ?? undefined;
    let n = 0;
    for (const d of days.values()) n += d.n;
    const bars: Bars = { ...allocBars(symbol, n), times: new Float64Array(n), timeframe, ...(exchange ? { exchange } : {}) };
    const dest = [bars.times!, bars.open, bars.high, bars.low, bars.close, bars.volume];
    let at = 0;
    for (const d of days.values()) {
      bars.dates.fill(d.day, at, at + d.n);
      for (let j = 0; j < COLS.length; j++) dest[j].set(d.cols[j], at);
      at += d.n;
    }
    return bars;
  });
}

/**
 * Every stored symbol and intraday timeframe with bar and day counts and the instant range.
 * @returns summaries sorted by symbol and timeframe (empty when no intraday bars are stored)
 */
export async function listIntraday(store: Store): Promise<IntradaySummary[]> {
  if (!store.exists()) return [];
  return store.withConnection(async (c) => {
    await deferCheckpoint(c);
    if (!(await hasTable(c))) return [];
    const r = await c.runAndReadAll(`SELECT symbol, timeframe, any_value(exchange), sum(n)::BIGINT, count(*)::INTEGER, min(first_ts), max(last_ts)
      FROM ${TABLE} GROUP BY symbol, timeframe ORDER BY symbol, timeframe`);
    return r.getRows().map((row) => ({
      symbol: row[0] as string,
      timeframe: row[1] as Timeframe,
      exchange: (row[2] as string | null) ?? '',
      rows: Number(row[3]),
      days: row[4] as number,
      first: new Date(Number(row[5])).toISOString(),
      last: new Date(Number(row[6])).toISOString(),
    }));
  });
}

/**
 * The last stored bar instant of a symbol and timeframe.
 * @returns UTC ms, or undefined when none is stored
 */
export async function lastIntradayInstant(store: Store, symbol: string, timeframe: Timeframe): Promise<number | undefined> {
  checkSymbol(symbol);
  if (!store.exists()) return undefined;
  return store.withConnection(async (c) => {
    await deferCheckpoint(c);
    if (!(await hasTable(c))) return undefined;
    const r = await c.runAndReadAll(`SELECT max(last_ts) FROM ${TABLE} WHERE symbol = $symbol AND timeframe = $tf`, { symbol, tf: timeframe });
    const v = r.getRows()[0][0];
    return v === null ? undefined : Number(v);
  });
}
