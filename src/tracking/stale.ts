/** Run-table helpers shared by the tracker and the queries: key checks, experiments, stale-run detection. */
import type { DuckDBConnection } from '@duckdb/node-api';
import { inputError, show } from '../util/errors';
import { queryRows, withTrackingDb, type TrackingStoreOptions } from './db';
import { hostName, pidAlive } from './env';

const KEY_RE = /^[A-Za-z0-9_\-./ :]{1,250}$/;

/** Checks a param/metric/tag key (MLflow's allowed characters: letters, digits, `_ - . / : space`). */
export function checkKey(key: string, what: string): void {
  if (typeof key !== 'string' || !KEY_RE.test(key) || key.includes('..') || key.startsWith('/')) {
    throw inputError({ key: what }, 'a key of 1–250 letters, digits, `_ - . / :` or spaces (no `..`, no leading `/`)', show(key));
  }
}

/** A param value as stored: strings as is, other values as JSON. */
export function paramText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return 'undefined';
  return JSON.stringify(value) ?? String(value);
}

/** Id of experiment `name`, created when missing (ids count from 0, like MLflow's `Default`). */
export async function ensureExperiment(c: DuckDBConnection, name: string): Promise<number> {
  const rows = await queryRows(c, 'SELECT experiment_id FROM tracking.experiments WHERE name = $name', { name });
  if (rows.length) return rows[0].experiment_id as number;
  const next = await queryRows(c, 'SELECT coalesce(max(experiment_id) + 1, 0)::INTEGER AS id FROM tracking.experiments');
  const id = next[0].id as number;
  await c.run('INSERT INTO tracking.experiments VALUES ($id, $name, $ms)', { id, name, ms: Date.now() });
  return id;
}

/** Marks RUNNING runs of this host whose process is gone as FAILED, on an open connection; returns their ids. */
export async function markStaleOnConnection(c: DuckDBConnection): Promise<string[]> {
  const rows = await queryRows(c, `SELECT run_id, pid FROM tracking.runs WHERE status = 'RUNNING' AND host = $host`, { host: hostName() });
  const stale = rows.filter((r) => r.pid !== process.pid && !pidAlive(r.pid as number)).map((r) => r.run_id as string);
  for (const id of stale) {
    await c.run(`UPDATE tracking.runs SET status = 'FAILED', end_ms = $ms WHERE run_id = $id AND status = 'RUNNING'`, { ms: Date.now(), id });
    await c.run(`INSERT INTO tracking.tags VALUES ($id, 'workbench.failure', 'process exited without ending the run') ON CONFLICT DO NOTHING`, { id });
  }
  return stale;
}

/**
 * Marks runs left RUNNING by a process that no longer exists on this host as FAILED (with tag
 * `workbench.failure`). Runs recorded on other hosts are left alone (their pids cannot be checked here).
 * @param options `storePath` (default store) and lock settings
 * @returns ids of the runs marked FAILED
 */
export function markStaleRuns(options: TrackingStoreOptions = {}): Promise<string[]> {
  return withTrackingDb(options, (c) => markStaleOnConnection(c));
}

/** Inserts (key, value) rows of one run into `tracking.params` or `tracking.tags`, 256 rows per statement. */
export async function insertPairs(c: DuckDBConnection, table: 'params' | 'tags', runId: string, pairs: [string, string][]): Promise<void> {
  for (let off = 0; off < pairs.length; off += 256) {
    const part = pairs.slice(off, off + 256);
    const values: Record<string, string> = { id: runId };
    const rows = part.map(([k, v], i) => {
      values[`k${i}`] = k;
      values[`v${i}`] = v;
      return `($id, $k${i}, $v${i})`;
    });
    await c.run(`INSERT INTO tracking.${table} VALUES ${rows.join(', ')}`, values);
  }
}

/** Params as checked (key, text) pairs (see {@link checkKey} and {@link paramText}). */
export function paramEntries(params: Record<string, unknown>): [string, string][] {
  return Object.entries(params).map(([k, v]) => {
    checkKey(k, `params.${k}`);
    return [k, paramText(v)] as [string, string];
  });
}
