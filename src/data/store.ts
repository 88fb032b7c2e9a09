/**
 * The embedded market-data store: one DuckDB file (default `<workbenchHome()>/store.duckdb`) with tables
 *
 * - `bars (symbol, date DATE, open, high, low, close, adj_close, volume)`, primary key (symbol, date);
 * - `bar_extras (symbol, date, name, value)`: the `extra` columns of {@link Bars} (fundamentals…) in long form,
 *   NaN (unknown) values are not stored;
 * - `symbols (symbol, source, updated_at)`: where each symbol last came from;
 * - `quality_reports (id, symbol, created_at, report JSON)`: validation reports, newest = highest id;
 * - `meta (key, value)`: `schema_version`.
 *
 * Every method opens the file, does its work and closes it, so a notebook and the CLI can use the store one
 * after the other; while another process writes, calls wait (bounded backoff) instead of failing.
 * Reads of a store file that does not exist yet answer "empty" without creating it; the first write creates it.
 */
import * as fs from 'fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { barCount, checkSymbol, type Bars } from './bars';
import { dayToIso } from '../util/dates';
import { inputError } from '../util/errors';
import { defaultStorePath, withStoreDb, inTransaction, type StoreDbOptions } from './store-db';
import { checkStorableBars, insertReport, reportJson, upsertOnConnection, type UpsertOptions, type UpsertResult } from './store-write';
import { listOnConnection, readOnConnection, type ReadBarsOptions, type SymbolSummary } from './store-read';

/** Options of {@link Store}. */
export interface StoreOptions extends StoreDbOptions {
  /** Path of the DuckDB file. Default `<workbenchHome()>/store.duckdb` (honours `$WORKBENCH_HOME`). */
  path?: string;
}

/** A stored quality report with its metadata. */
export interface StoredQualityReport<R = unknown> {
  symbol: string;
  /** When it was saved, ISO timestamp (UTC). */
  createdAt: string;
  report: R;
}

/** A handle on the store file. Cheap to create; holds no open connection between calls. */
export class Store {
  /** Absolute or relative path of the DuckDB file. */
  readonly path: string;
  private readonly dbOptions: StoreDbOptions;

  /** @param options `path` of the file (default `<workbenchHome()>/store.duckdb`) and lock-retry settings */
  constructor(options: StoreOptions = {}) {
    const { path, ...db } = options;
    this.path = path ?? defaultStorePath();
    this.dbOptions = db;
  }

  /** True when the store file exists (reads of a missing store answer "empty" without creating it). */
  exists(): boolean {
    return fs.existsSync(this.path);
  }

  /**
   * Runs `fn` with an open connection to the store (opened and closed around the call). For notebooks and
   * advanced use; prefer the typed methods.
   * @returns what `fn` resolves to
   */
  withConnection<T>(fn: (c: DuckDBConnection) => Promise<T>): Promise<T> {
    return withStoreDb(this.path, fn, this.dbOptions);
  }

  /**
   * Inserts or replaces bars by (symbol, date) in one transaction: re-importing never duplicates, appending
   * keeps older rows. The bars are checked first ({@link checkStorableBars}); on any error nothing is written.
   * Empty bars write nothing (not even the quality report) and return the stored total.
   * @param bars bars of one symbol (not modified)
   * @param options `source` recorded for the symbol, `extras` (default true) to store extra columns,
   *   `qualityReport` saved in the same transaction
   * @returns `{inserted, updated, unchanged, total}` row counts (`total`: the symbol's rows afterwards)
   */
  async upsertBars(bars: Bars, options: UpsertOptions = {}): Promise<UpsertResult> {
    checkStorableBars(bars);
    if (barCount(bars) === 0) {
      const total = await this.withConnection(async (c) => {
        const r = await c.runAndReadAll('SELECT count(*)::INTEGER FROM bars WHERE symbol = $symbol', { symbol: bars.symbol });
        return r.getRows()[0][0] as number;
      });
      return { inserted: 0, updated: 0, unchanged: 0, total };
    }
    return this.withConnection((c) => upsertOnConnection(c, bars, options));
  }

  /**
   * Reads one symbol's bars, sorted by date.
   * @param symbol a stored symbol
   * @param options `from` / `to` inclusive bounds (ISO or day number), `extras` (default true)
   * @returns Bars with typed-array columns; empty (length 0) when no stored date falls in the range
   * @throws InputError when the symbol is invalid or not in the store
   */
  async readBars(symbol: string, options: ReadBarsOptions = {}): Promise<Bars> {
    checkSymbol(symbol);
    if (!this.exists()) throw inputError({ key: 'symbol' }, `a symbol in the store (the store ${this.path} does not exist yet)`, JSON.stringify(symbol));
    return this.withConnection((c) => readOnConnection(c, symbol, options));
  }

  /** @returns every stored symbol with `rows`, `firstDate`, `lastDate` (ISO), `source`, `updatedAt`, sorted by symbol */
  async listSymbols(): Promise<SymbolSummary[]> {
    if (!this.exists()) return [];
    return this.withConnection((c) => listOnConnection(c));
  }

  /**
   * @param symbol a symbol (need not be stored)
   * @returns the last stored date of `symbol` as ISO `YYYY-MM-DD`, or undefined when it has no bars
   */
  async lastDate(symbol: string): Promise<string | undefined> {
    checkSymbol(symbol);
    if (!this.exists()) return undefined;
    return this.withConnection(async (c) => {
      const r = await c.runAndReadAll(`SELECT max((date - DATE '1970-01-01')::INTEGER) FROM bars WHERE symbol = $symbol`, { symbol });
      const d = r.getRows()[0][0] as number | null;
      return d === null ? undefined : dayToIso(d);
    });
  }

  /**
   * Saves a quality report (any JSON-serialisable object, e.g. validate's `QualityReport`) for `symbol`.
   * Older reports are kept; {@link Store.latestQualityReport} returns the newest.
   * @throws InputError when the report cannot be serialised to JSON
   */
  async saveQualityReport(symbol: string, report: unknown): Promise<void> {
    checkSymbol(symbol);
    const json = reportJson(report);
    await this.withConnection((c) => insertReport(c, symbol, json));
  }

  /**
   * @param symbol a symbol
   * @returns the newest saved report of `symbol` with `createdAt`, or undefined when there is none
   */
  async latestQualityReport<R = unknown>(symbol: string): Promise<StoredQualityReport<R> | undefined> {
    checkSymbol(symbol);
    if (!this.exists()) return undefined;
    return this.withConnection(async (c) => {
      const r = await c.runAndReadAll(
        `SELECT strftime(created_at, '%Y-%m-%dT%H:%M:%S.%gZ'), report::VARCHAR FROM quality_reports
         WHERE symbol = $symbol ORDER BY id DESC LIMIT 1`,
        { symbol },
      );
      const row = r.getRows()[0];
      if (!row) return undefined;
      return { symbol, createdAt: row[0] as string, report: JSON.parse(row[1] as string) as R };
    });
  }

  /**
   * Deletes every bar, extra value, quality report and metadata row of `symbol` in one transaction.
   * @returns the number of bars deleted (0 when the symbol was not stored)
   */
  async deleteSymbol(symbol: string): Promise<number> {
    checkSymbol(symbol);
    if (!this.exists()) return 0;
    return this.withConnection((c) =>
      inTransaction(c, async () => {
        const r = await c.runAndReadAll('SELECT count(*)::INTEGER FROM bars WHERE symbol = $symbol', { symbol });
        for (const table of ['bars', 'bar_extras', 'quality_reports', 'symbols']) {
          await c.run(`DELETE FROM ${table} WHERE symbol = $symbol`, { symbol });
        }
        return r.getRows()[0][0] as number;
      }),
    );
  }
}

/**
 * Opens a handle on the store (no connection is held; each call opens and closes the file).
 * @param options `path` (default `<workbenchHome()>/store.duckdb`) and lock-retry settings
 */
export function openStore(options: StoreOptions = {}): Store {
  return new Store(options);
}
