/** Reopening a run for a resumed process (`resumeRun` continues the same tracked run). */
import * as path from 'path';
import { workbenchHome } from '../util/fs';
import { queryRows, withTrackingDb, type TrackingStoreOptions } from './db';
import { hostName } from './env';
import { markStaleOnConnection } from './stale';
import { RunHandle, startRunDefaults } from './tracker';

/** Options of {@link reopenRun}. */
export interface ReopenRunOptions extends TrackingStoreOptions {
  /** Root of run folders (artifacts). Default `workbenchHome()`. */
  home?: string;
  /** Delete the run's metric points first (for a caller that logs them all again). Default false. */
  clearMetrics?: boolean;
  /** Delete the run's params too (a fresh run reusing the id of a run whose folder was removed). Default false. */
  clearParams?: boolean;
  /** Metric points buffered before a background flush. Default 50,000. */
  flushEvery?: number;
}

/**
 * Reopens an ended (or stale) run so that a resumed process can go on logging to it: status back to RUNNING,
 * this process's host and pid, end time cleared, the `workbench.failure` tag removed.
 * @param runId an existing run id
 * @param options store, home (artifact folder), `clearMetrics` (delete the run's metric points first, for a
 *   caller that logs them all again; default false), `flushEvery` (default 50,000)
 * @returns a handle on the run, or undefined when the store holds no run with this id
 */
export async function reopenRun(runId: string, options: ReopenRunOptions = {}): Promise<RunHandle | undefined> {
  const db: TrackingStoreOptions = { storePath: options.storePath, lockTimeoutMs: options.lockTimeoutMs, initialDelayMs: options.initialDelayMs, maxDelayMs: options.maxDelayMs, onLockWait: options.onLockWait };
  const found = await withTrackingDb(db, async (c) => {
    await markStaleOnConnection(c);
    const rows = await queryRows(c, 'SELECT r.experiment_id, e.name FROM tracking.runs r JOIN tracking.experiments e USING (experiment_id) WHERE r.run_id = $runId', { runId });
    if (!rows.length) return undefined;
    await c.run(`UPDATE tracking.runs SET status = 'RUNNING', end_ms = NULL, host = $host, pid = $pid WHERE run_id = $runId`, { host: hostName(), pid: process.pid, runId });
    await c.run(`DELETE FROM tracking.tags WHERE run_id = $runId AND key = 'workbench.failure'`, { runId });
    if (options.clearMetrics) await c.run('DELETE FROM tracking.metrics WHERE run_id = $runId', { runId });
    if (options.clearParams) await c.run('DELETE FROM tracking.params WHERE run_id = $runId', { runId });
    return { id: rows[0].experiment_id as number, name: rows[0].name as string };
  });
  if (!found) return undefined;
  return new RunHandle(runId, found.name, found.id, path.join(options.home ?? workbenchHome(), 'runs', runId, 'artifacts'), db, options.flushEvery ?? startRunDefaults.flushEvery);
}
