/**
 * Writing bars into the store: structural checks before anything is written, bulk staging through a
 * DuckDB appender, and an upsert by (symbol, date) inside one transaction.
 */
import type { DuckDBConnection, DuckDBType, DuckDBValue } from '@duckdb/node-api';
import { barCount, checkSymbol, PRICE_COLUMNS, type Bars } from './bars';
import { dayToIso } from '../util/dates';
import { inputError } from '../util/errors';
import { duckdb, fillDefaults, inTransaction } from './store-db';

/** What an upsert did. */
export interface UpsertResult {
  /** Rows whose (symbol, date) was not in the store before. */
  inserted: number;
  /** Rows that existed and whose values changed. */
  updated: number;
  /** Rows that existed with identical values (rewritten, nothing changed). */
  unchanged: number;
  /** Rows of this symbol in the store afterwards. */
  total: number;
}

/** Options of `Store.upsertBars`. */
export interface UpsertOptions {
  /** Where the bars came from (file path, `yahoo`, …), recorded in the `symbols` table. Default `''`. */
  source?: string;
  /** Store the `extra` columns (fundamentals) in the long table `bar_extras`. Default true. */
  extras?: boolean;
  /** A quality report (JSON-serialisable) saved in the same transaction as the bars. Default: none. */
  qualityReport?: unknown;
  /**
   * Stored columns the source did not supply: existing rows keep their stored values there (new rows get
   * volume 0 / adj_close NULL). An import never overwrites a column its file lacks. Default: none.
   */
  keep?: Array<'volume' | 'adj_close'>;
}

/** Defaults of {@link UpsertOptions}. */
export const upsertDefaults: Required<Omit<UpsertOptions, 'qualityReport'>> = { source: '', extras: true, keep: [] };

/**
 * Serialises a quality report for the `quality_reports` table.
 * @throws InputError when it is not JSON-serialisable
 */
export function reportJson(report: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(report);
  } catch (err) {
    throw inputError({ key: 'report' }, 'a JSON-serialisable quality report', (err as Error).message);
  }
  if (json === undefined) throw inputError({ key: 'report' }, 'a JSON-serialisable quality report', String(report));
  return json;
}

/** Rows per appended data chunk (DuckDB's vector size). */
const CHUNK = 2048;

/**
 * Checks that bars can be stored: a valid symbol, equal column lengths, integer dates strictly
 * increasing, finite prices and volumes (adjClose and extras may hold NaN = unknown).
 * Throws an InputError naming the symbol, the row (ISO date) and the column; writes nothing.
 * @param bars the bars to check (not modified)
 */
export function checkStorableBars(bars: Bars): void {
  checkSymbol(bars.symbol);
  const n = barCount(bars);
  const where = (i: number, column: string) => ({ file: bars.symbol, key: i < n ? dayToIso(bars.dates[i]) : `row ${i + 1}`, column });
  const cols: Array<[string, ArrayLike<number>]> = [
    ...PRICE_COLUMNS.map((c) => [c, bars[c]] as [string, ArrayLike<number>]),
    ['volume', bars.volume],
  ];
  if (bars.adjClose) cols.push(['adjClose', bars.adjClose]);
  for (const [k, v] of Object.entries(bars.extra ?? {})) cols.push([`extra.${k}`, v]);
  for (const [name, col] of cols) {
    if (!col || col.length !== n) {
      throw inputError({ file: bars.symbol, column: name }, `a column of ${n} values (one per date)`, `${col ? col.length : 'no'} values`);
    }
  }
  for (let i = 0; i < n; i++) {
    const d = bars.dates[i];
    if (!Number.isInteger(d)) throw inputError({ file: bars.symbol, key: `row ${i + 1}`, column: 'date' }, 'an integer day number', String(d));
    if (i > 0 && d <= bars.dates[i - 1]) {
      throw inputError(where(i, 'date'), `dates strictly increasing (after ${dayToIso(bars.dates[i - 1])})`, dayToIso(d));
    }
    for (const c of PRICE_COLUMNS) {
      const x = bars[c][i];
      if (!Number.isFinite(x)) throw inputError(where(i, c), 'a finite price', String(x));
    }
    const vol = bars.volume[i];
    if (!Number.isFinite(vol) || vol < 0) throw inputError(where(i, 'volume'), 'a finite volume >= 0', String(vol));
  }
}

/** Appends `columns` (equal lengths) to `table` in data chunks of at most 2048 rows. */
async function appendColumns(
  c: DuckDBConnection,
  table: string,
  types: DuckDBType[],
  n: number,
  column: (j: number, i: number) => DuckDBValue,
): Promise<void> {
  const appender = await c.createAppender(table);
  try {
    for (let off = 0; off < n; off += CHUNK) {
      const m = Math.min(CHUNK, n - off);
      const cols: DuckDBValue[][] = types.map(() => new Array<DuckDBValue>(m));
      for (let i = 0; i < m; i++) for (let j = 0; j < types.length; j++) cols[j][i] = column(j, off + i);
      const chunk = duckdb().DuckDBDataChunk.create(types, m);
      chunk.setColumns(cols);
      appender.appendDataChunk(chunk);
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

/** The current UTC time as `YYYY-MM-DD HH:MM:SS.mmm` (DuckDB TIMESTAMP text, independent of the session time zone). */
export function utcTimestamp(date = new Date()): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

/** Inserts one quality report (JSON text) for `symbol`, stamped with the current UTC time. */
export async function insertReport(c: DuckDBConnection, symbol: string, json: string): Promise<void> {
  await c.run('INSERT INTO quality_reports (symbol, created_at, report) VALUES ($symbol, $created::TIMESTAMP, $report::JSON)', {
    symbol,
    created: utcTimestamp(),
    report: json,
  });
}

function nullIfNaN(x: number): number | null {
  return Number.isNaN(x) ? null : x;
}

/** Stages bars into the temporary table `staged_bars` (and extras into `staged_extras`). */
async function stage(c: DuckDBConnection, bars: Bars, withExtras: boolean): Promise<number> {
  const { VARCHAR, DATE, DOUBLE, dateValue } = duckdb();
  const n = barCount(bars);
  await c.run(`CREATE OR REPLACE TEMP TABLE staged_bars (symbol VARCHAR, date DATE, open DOUBLE, high DOUBLE, low DOUBLE,
    close DOUBLE, adj_close DOUBLE, volume DOUBLE)`);
  const adj = bars.adjClose;
  const src = [bars.open, bars.high, bars.low, bars.close];
  await appendColumns(c, 'staged_bars', [VARCHAR, DATE, DOUBLE, DOUBLE, DOUBLE, DOUBLE, DOUBLE, DOUBLE], n, (j, i) => {
    if (j === 0) return bars.symbol;
    if (j === 1) return dateValue(bars.dates[i]);
    if (j < 6) return src[j - 2][i];
    if (j === 6) return adj ? nullIfNaN(adj[i]) : null;
    return bars.volume[i];
  });
  const names = withExtras ? Object.keys(bars.extra ?? {}) : [];
  await c.run(`CREATE OR REPLACE TEMP TABLE staged_extras (symbol VARCHAR, date DATE, name VARCHAR, value DOUBLE)`);
  for (const name of names) {
    const col = (bars.extra as Record<string, Float64Array>)[name];
    await appendColumns(c, 'staged_extras', [VARCHAR, DATE, VARCHAR, DOUBLE], n, (j, i) =>
      j === 0 ? bars.symbol : j === 1 ? dateValue(bars.dates[i]) : j === 2 ? name : nullIfNaN(col[i]),
    );
  }
  return names.length;
}

const VALUE_COLUMNS = ['open', 'high', 'low', 'close', 'adj_close', 'volume'];

/**
 * Upserts bars by (symbol, date) in one transaction on an open connection. Rows not in `bars` are kept;
 * rows in `bars` replace the stored ones. Extras with NaN delete the stored value for that date.
 * @param c an open connection (see `withStoreDb`)
 * @param bars bars already checked with {@link checkStorableBars}
 * @returns inserted / updated / unchanged counts and the symbol's row total afterwards
 */
export async function upsertOnConnection(c: DuckDBConnection, bars: Bars, options: UpsertOptions = {}): Promise<UpsertResult> {
  const o = fillDefaults(upsertDefaults, options);
  const report = o.qualityReport === undefined ? undefined : reportJson(o.qualityReport);
  const extraCount = await stage(c, bars, o.extras);
  try {
    return await inTransaction(c, async () => {
      const written = VALUE_COLUMNS.filter((k) => !(o.keep as string[]).includes(k));
      const changed = written.map((k) => `b.${k} IS DISTINCT FROM s.${k}`).join(' OR ');
      const counts = await c.runAndReadAll(`SELECT
          count(*) FILTER (WHERE b.symbol IS NULL)::INTEGER AS inserted,
          count(*) FILTER (WHERE b.symbol IS NOT NULL AND (${changed}))::INTEGER AS updated,
          count(*) FILTER (WHERE b.symbol IS NOT NULL AND NOT (${changed}))::INTEGER AS unchanged
        FROM staged_bars s LEFT JOIN bars b ON b.symbol = s.symbol AND b.date = s.date`);
      const [inserted, updated, unchanged] = counts.getRows()[0] as number[];
      await c.run(`INSERT INTO bars SELECT * FROM staged_bars ON CONFLICT (symbol, date) DO UPDATE SET
        ${written.map((k) => `${k} = excluded.${k}`).join(', ')}`);
      if (extraCount > 0) {
        await c.run(`DELETE FROM bar_extras e USING staged_extras s
          WHERE s.value IS NULL AND e.symbol = s.symbol AND e.date = s.date AND e.name = s.name`);
        await c.run(`INSERT INTO bar_extras SELECT * FROM staged_extras WHERE value IS NOT NULL
          ON CONFLICT (symbol, date, name) DO UPDATE SET value = excluded.value`);
      }
      await c.run(
        `INSERT INTO symbols VALUES ($symbol, $source, $updated::TIMESTAMP)
         ON CONFLICT (symbol) DO UPDATE SET source = excluded.source, updated_at = excluded.updated_at`,
        { symbol: bars.symbol, source: o.source, updated: utcTimestamp() },
      );
      if (report !== undefined) await insertReport(c, bars.symbol, report);
      const t = await c.runAndReadAll(`SELECT count(*)::INTEGER FROM bars WHERE symbol = $symbol`, { symbol: bars.symbol });
      return { inserted, updated, unchanged, total: t.getRows()[0][0] as number };
    });
  } finally {
    await c.run('DROP TABLE IF EXISTS staged_bars');
    await c.run('DROP TABLE IF EXISTS staged_extras');
  }
}
