/**
 * Low-level access to the embedded DuckDB store: open a database file for one short piece of work,
 * retrying with backoff while another process holds DuckDB's single-writer lock, then close it.
 * Within one process, work on the same file is queued so that one instance is open at a time.
 */
import * as fs from 'fs';
import * as path from 'path';
import type * as DuckDB from '@duckdb/node-api';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { inputError, UnavailableError } from '../util/errors';
import { Rng } from '../util/rng';
import { workbenchHome } from '../util/fs';

/** Options for opening the store file. */
export interface StoreDbOptions {
  /** Longest time to keep retrying while another process holds the lock, in ms. Default 10,000. */
  lockTimeoutMs?: number;
  /** First retry delay in ms; doubles per attempt (with jitter) up to `maxDelayMs`. Default 20. */
  initialDelayMs?: number;
  /** Largest delay between two attempts, in ms. Default 500. */
  maxDelayMs?: number;
  /** Called before each wait for another process's lock (attempt counts from 1, waited so far in ms). */
  onLockWait?: (attempt: number, waitedMs: number) => void;
}

/** Defaults of {@link StoreDbOptions}. */
export const storeDbDefaults: Required<Omit<StoreDbOptions, 'onLockWait'>> = { lockTimeoutMs: 10_000, initialDelayMs: 20, maxDelayMs: 500 };

let duckModule: typeof DuckDB | undefined;

/** The `@duckdb/node-api` module, loaded on first use (its native library takes ~70 ms to load). */
export function duckdb(): typeof DuckDB {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  return (duckModule ??= require('@duckdb/node-api') as typeof DuckDB);
}

import { fillDefaults } from '../util/options';

export { fillDefaults };

/** The schema version written to `meta.schema_version`. */
export const STORE_SCHEMA_VERSION = 1;

/** File name of the store inside the workbench home. */
export const STORE_FILE_NAME = 'store.duckdb';

/** The default store path: `<workbenchHome()>/store.duckdb` (honours `$WORKBENCH_HOME`). */
export function defaultStorePath(): string {
  return path.join(workbenchHome(), STORE_FILE_NAME);
}

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS bars (
     symbol VARCHAR NOT NULL, date DATE NOT NULL,
     open DOUBLE NOT NULL, high DOUBLE NOT NULL, low DOUBLE NOT NULL, close DOUBLE NOT NULL,
     adj_close DOUBLE, volume DOUBLE NOT NULL,
     PRIMARY KEY (symbol, date))`,
  `CREATE TABLE IF NOT EXISTS bar_extras (
     symbol VARCHAR NOT NULL, date DATE NOT NULL, name VARCHAR NOT NULL, value DOUBLE NOT NULL,
     PRIMARY KEY (symbol, date, name))`,
  `CREATE TABLE IF NOT EXISTS symbols (symbol VARCHAR PRIMARY KEY, source VARCHAR, updated_at TIMESTAMP)`,
  `CREATE SEQUENCE IF NOT EXISTS quality_report_seq`,
  `CREATE TABLE IF NOT EXISTS quality_reports (
     id BIGINT PRIMARY KEY DEFAULT nextval('quality_report_seq'),
     symbol VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL, report JSON NOT NULL)`,
  `INSERT INTO meta VALUES ('schema_version', '${STORE_SCHEMA_VERSION}') ON CONFLICT DO NOTHING`,
];

/** True when `err` is DuckDB's "another process holds the file lock" error. */
export function isLockError(err: unknown): boolean {
  const m = String((err as Error)?.message ?? err);
  return /Could not set lock on file|Conflicting lock is held/i.test(m);
}

/**
 * True when DuckDB found `file` but not (yet) a database in it and the file changed in the last 3 s: another
 * process is creating it (DuckDB creates the file before it writes the header), so opening again shortly
 * succeeds. A file that stays invalid for longer is reported as it is.
 */
function isBeingCreated(err: unknown, file: string): boolean {
  if (!/not a valid DuckDB database file/i.test(String((err as Error)?.message ?? err))) return false;
  try {
    return Date.now() - fs.statSync(file).mtimeMs < 3000;
  } catch {
    return true;
  }
}

const queues = new Map<string, Promise<unknown>>();

/** Runs `fn` after every earlier task queued on `key` has settled (a per-file in-process mutex). */
function enqueue<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const prev = queues.get(key) ?? Promise.resolve();
  const next = prev.then(fn, fn);
  const tail = next.then(
    () => undefined,
    () => undefined,
  );
  queues.set(key, tail);
  void tail.then(() => {
    if (queues.get(key) === tail) queues.delete(key);
  });
  return next;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A DuckDB open failure on a file the user named (not a DuckDB file, a folder, no permission) as an InputError. */
function notAStore(file: string, err: unknown): Error {
  const msg = String((err as Error)?.message ?? err).split('\n')[0];
  const what = 'a DuckDB store file (or a path where one can be created)';
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) return inputError({ file }, what, 'a directory');
  if (/not a valid DuckDB|invalid|Unrecognized|magic|IO Error|Permission|Cannot open/i.test(msg)) return inputError({ file }, what, msg.slice(0, 200));
  return err as Error;
}

/**
 * Opens the DuckDB file, retrying on a lock conflict (or a file another process is still creating) with
 * exponential backoff and jitter.
 * @throws UnavailableError when the lock is still held after `lockTimeoutMs`
 */
async function openWithRetry(file: string, o: typeof storeDbDefaults & StoreDbOptions): Promise<DuckDBInstance> {
  const start = Date.now();
  const rng = new Rng(process.pid);
  let delay = o.initialDelayMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await duckdb().DuckDBInstance.create(file);
    } catch (err) {
      if (!isLockError(err) && !isBeingCreated(err, file)) throw notAStore(file, err);
      const waited = Date.now() - start;
      if (waited >= o.lockTimeoutMs) {
        throw new UnavailableError(
          `the store ${file} is locked by another process (waited ${waited} ms): ${(err as Error).message}`,
        );
      }
      o.onLockWait?.(attempt, waited);
      const wait = Math.min(delay * (0.5 + rng.next()), o.maxDelayMs, o.lockTimeoutMs - waited);
      await sleep(Math.max(1, wait));
      delay = Math.min(delay * 2, o.maxDelayMs);
    }
  }
}

/**
 * Opens the store file, ensures the schema exists, runs `fn` with a connection, and closes everything
 * (so that other processes can use the file right after).
 * @param file path of the DuckDB file (its folder is created if missing)
 * @param fn the work; its result is returned
 * @param options lock retry settings, see {@link storeDbDefaults}
 * @returns what `fn` resolves to
 */
export function withStoreDb<T>(file: string, fn: (c: DuckDBConnection) => Promise<T>, options: StoreDbOptions = {}): Promise<T> {
  const o = fillDefaults(storeDbDefaults, options);
  const key = path.resolve(file);
  return enqueue(key, async () => {
    try {
      fs.mkdirSync(path.dirname(key), { recursive: true });
    } catch (e) {
      throw inputError({ file: path.dirname(key) }, 'a folder for the store (or a path where one can be created)', (e as NodeJS.ErrnoException).code ?? (e as Error).message);
    }
    const inst = await openWithRetry(key, o);
    let conn: DuckDBConnection | undefined;
    try {
      conn = await inst.connect();
      for (const sql of SCHEMA) await conn.run(sql);
      const v = await conn.runAndReadAll(`SELECT value FROM meta WHERE key = 'schema_version'`);
      const version = Number(v.getRows()[0]?.[0]);
      if (version > STORE_SCHEMA_VERSION) {
        throw new UnavailableError(`the store ${key} has schema version ${version}, newer than this workbench reads (${STORE_SCHEMA_VERSION}); update the workbench`);
      }
      return await fn(conn);
    } finally {
      conn?.closeSync();
      inst.closeSync();
    }
  });
}

/**
 * Runs `fn` inside one transaction: COMMIT when it resolves, ROLLBACK when it throws (the store is unchanged).
 * @returns what `fn` resolves to
 */
export async function inTransaction<T>(c: DuckDBConnection, fn: () => Promise<T>): Promise<T> {
  await c.run('BEGIN TRANSACTION');
  let result: T;
  try {
    result = await fn();
  } catch (err) {
    await c.run('ROLLBACK').catch(() => undefined);
    throw err;
  }
  await c.run('COMMIT');
  return result;
}
