/**
 * The tracking tables, kept in their own DuckDB schema `tracking` inside the embedded store file
 * (default `<workbenchHome()>/store.duckdb`), so their short names (`runs`, `metrics`, …) never collide
 * with other areas' tables. Connections are opened per call through the store's `withStoreDb`
 * (short connections, lock retry with backoff, per-file in-process queue).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { defaultStorePath, withStoreDb, type StoreDbOptions } from '../data/store-db';

/** Options shared by every tracking entry point. */
export interface TrackingStoreOptions extends StoreDbOptions {
  /** DuckDB file holding the tracking tables. Default `<workbenchHome()>/store.duckdb`. */
  storePath?: string;
}

const TRACKING_SCHEMA = [
  `CREATE SCHEMA IF NOT EXISTS tracking`,
  `CREATE TABLE IF NOT EXISTS tracking.experiments (
     experiment_id INTEGER PRIMARY KEY, name VARCHAR NOT NULL UNIQUE, created_ms BIGINT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS tracking.runs (
     run_id VARCHAR PRIMARY KEY, experiment_id INTEGER NOT NULL, name VARCHAR NOT NULL, status VARCHAR NOT NULL,
     start_ms BIGINT NOT NULL, end_ms BIGINT, git_commit VARCHAR, seed BIGINT, config_hash VARCHAR,
     data_sha256 VARCHAR, backend VARCHAR, host VARCHAR NOT NULL, pid INTEGER NOT NULL, config JSON)`,
  `CREATE TABLE IF NOT EXISTS tracking.params (run_id VARCHAR NOT NULL, key VARCHAR NOT NULL, value VARCHAR NOT NULL, PRIMARY KEY (run_id, key))`,
  `CREATE TABLE IF NOT EXISTS tracking.metrics (run_id VARCHAR NOT NULL, key VARCHAR NOT NULL, value DOUBLE, step BIGINT NOT NULL, timestamp_ms BIGINT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS tracking.tags (run_id VARCHAR NOT NULL, key VARCHAR NOT NULL, value VARCHAR NOT NULL, PRIMARY KEY (run_id, key))`,
  `CREATE TABLE IF NOT EXISTS tracking.artifacts (run_id VARCHAR NOT NULL, path VARCHAR NOT NULL, size BIGINT NOT NULL, sha256 VARCHAR NOT NULL, PRIMARY KEY (run_id, path))`,
  `CREATE TABLE IF NOT EXISTS tracking.model_versions (
     name VARCHAR NOT NULL, version INTEGER NOT NULL, stage VARCHAR NOT NULL, source VARCHAR NOT NULL,
     run_id VARCHAR, data_sha256 VARCHAR, parent VARCHAR, description VARCHAR, created_ms BIGINT NOT NULL,
     updated_ms BIGINT NOT NULL, PRIMARY KEY (name, version))`,
  `CREATE TABLE IF NOT EXISTS tracking.model_aliases (name VARCHAR NOT NULL, alias VARCHAR NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (name, alias))`,
  `CREATE TABLE IF NOT EXISTS tracking.stage_history (
     name VARCHAR NOT NULL, version INTEGER NOT NULL, from_stage VARCHAR NOT NULL, to_stage VARCHAR NOT NULL, at_ms BIGINT NOT NULL, seq BIGINT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS tracking.studies (
     study VARCHAR PRIMARY KEY, direction VARCHAR NOT NULL, space JSON NOT NULL, sampler JSON NOT NULL, pruner JSON,
     experiment VARCHAR NOT NULL, created_ms BIGINT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS tracking.trials (
     study VARCHAR NOT NULL, number INTEGER NOT NULL, state VARCHAR NOT NULL, params JSON NOT NULL, value DOUBLE,
     intermediate JSON NOT NULL, run_id VARCHAR, started_ms BIGINT NOT NULL, ended_ms BIGINT, PRIMARY KEY (study, number))`,
];

/** The store file the tracking tables live in (`options.storePath` or the default store). */
export function trackingStorePath(options: TrackingStoreOptions = {}): string {
  return options.storePath ?? defaultStorePath();
}

/**
 * Opens the store for one short piece of work, ensuring the tracking tables exist.
 * @param options `storePath` and the store's lock-retry settings
 * @param fn the work, given an open connection
 * @returns what `fn` resolves to
 */
export function withTrackingDb<T>(options: TrackingStoreOptions, fn: (c: DuckDBConnection) => Promise<T>): Promise<T> {
  const { storePath, ...db } = options;
  return withStoreDb(
    storePath ?? defaultStorePath(),
    async (c) => {
      for (const sql of TRACKING_SCHEMA) await c.run(sql);
      return fn(c);
    },
    db,
  );
}

/** Reads all rows of a query as objects keyed by column name (BIGINTs become numbers). */
export async function queryRows(c: DuckDBConnection, sql: string, params?: Record<string, unknown>): Promise<Record<string, unknown>[]> {
  const r = await c.runAndReadAll(sql, params as never);
  const names = r.columnNames();
  return r.getRows().map((row) => {
    const o: Record<string, unknown> = {};
    for (let j = 0; j < names.length; j++) {
      const v = row[j];
      o[names[j]] = typeof v === 'bigint' ? Number(v) : v;
    }
    return o;
  });
}
