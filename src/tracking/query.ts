/** Query helpers for notebooks and the CLI: runs as plain rows or an arquero table, best run, metric series. */
import * as aq from 'arquero';
import { inputError, show } from '../util/errors';
import { queryRows, withTrackingDb, type TrackingStoreOptions } from './db';
import { markStaleOnConnection, RUN_STATUSES, type RunStatus } from './tracker';

/** One run as a plain row. Times are ms since the epoch. */
export interface RunRow {
  runId: string;
  name: string;
  experiment: string;
  experimentId: number;
  status: RunStatus;
  startMs: number;
  /** undefined while RUNNING. */
  endMs?: number;
  gitCommit?: string;
  seed?: number;
  configHash?: string;
  dataSha256?: string;
  backend?: string;
  host: string;
  pid: number;
  /** Params (text values). */
  params: Record<string, string>;
  /** Tags. */
  tags: Record<string, string>;
  /** Last logged value of each metric (the point with the highest step, then latest timestamp). */
  metrics: Record<string, number>;
}

/** Filters of {@link listRuns}. */
export interface ListRunsOptions extends TrackingStoreOptions {
  /** Only runs of this experiment (name). */
  experiment?: string;
  /** Only runs with this status. */
  status?: RunStatus;
  /** Only these run ids. */
  runIds?: string[];
}

function num(v: unknown): number | undefined {
  return v === null || v === undefined ? undefined : Number(v);
}
function str(v: unknown): string | undefined {
  return v === null || v === undefined ? undefined : String(v);
}

/**
 * Lists runs (newest first) with their params, tags and last metric values. Marks stale runs FAILED first.
 * @param options `experiment`, `status`, `runIds` filters; `storePath`
 * @returns plain rows (see {@link RunRow})
 */
export async function listRuns(options: ListRunsOptions = {}): Promise<RunRow[]> {
  if (options.status !== undefined && !RUN_STATUSES.includes(options.status)) {
    throw inputError({ key: 'status' }, `one of ${RUN_STATUSES.join(', ')}`, show(options.status));
  }
  return withTrackingDb(options, async (c) => {
    await markStaleOnConnection(c);
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    if (options.experiment !== undefined) {
      where.push('e.name = $experiment');
      params.experiment = options.experiment;
    }
    if (options.status !== undefined) {
      where.push('r.status = $status');
      params.status = options.status;
    }
    if (options.runIds !== undefined) {
      const ids = options.runIds.map((id, i) => {
        params[`id${i}`] = id;
        return `$id${i}`;
      });
      where.push(ids.length ? `r.run_id IN (${ids.join(', ')})` : 'FALSE');
    }
    const filter = `SELECT r.run_id FROM tracking.runs r JOIN tracking.experiments e USING (experiment_id) ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
    const runs = await queryRows(
      c,
      `SELECT r.*, e.name AS experiment FROM tracking.runs r JOIN tracking.experiments e USING (experiment_id)
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY r.start_ms DESC, r.run_id`,
      params,
    );
    const rows: RunRow[] = runs.map((r) => ({
      runId: r.run_id as string,
      name: r.name as string,
      experiment: r.experiment as string,
      experimentId: r.experiment_id as number,
      status: r.status as RunStatus,
      startMs: r.start_ms as number,
      endMs: num(r.end_ms),
      gitCommit: str(r.git_commit),
      seed: num(r.seed),
      configHash: str(r.config_hash),
      dataSha256: str(r.data_sha256),
      backend: str(r.backend),
      host: r.host as string,
      pid: r.pid as number,
      params: {},
      tags: {},
      metrics: {},
    }));
    const byId = new Map(rows.map((r) => [r.runId, r]));
    const sub = where.length ? `WHERE run_id IN (${filter})` : '';
    for (const p of await queryRows(c, `SELECT run_id, key, value FROM tracking.params ${sub}`, where.length ? params : undefined)) {
      const r = byId.get(p.run_id as string);
      if (r) r.params[p.key as string] = p.value as string;
    }
    for (const t of await queryRows(c, `SELECT run_id, key, value FROM tracking.tags ${sub}`, where.length ? params : undefined)) {
      const r = byId.get(t.run_id as string);
      if (r) r.tags[t.key as string] = t.value as string;
    }
    const last = await queryRows(
      c,
      `SELECT run_id, key, arg_max(value, (step, timestamp_ms)) AS value FROM tracking.metrics ${sub} GROUP BY run_id, key`,
      where.length ? params : undefined,
    );
    for (const m of last) {
      const r = byId.get(m.run_id as string);
      if (r) r.metrics[m.key as string] = m.value === null ? NaN : (m.value as number);
    }
    return rows;
  });
}

/**
 * Runs as an arquero table: one row per run with columns `runId, name, experiment, status, startMs, endMs,
 * seed, configHash, dataSha256, backend, gitCommit`, plus `params.<key>` and `metrics.<key>` columns
 * (missing values are undefined).
 * @param options same filters as {@link listRuns}
 */
export async function runsTable(options: ListRunsOptions = {}): Promise<aq.ColumnTable> {
  const rows = await listRuns(options);
  const paramKeys = [...new Set(rows.flatMap((r) => Object.keys(r.params)))].sort();
  const metricKeys = [...new Set(rows.flatMap((r) => Object.keys(r.metrics)))].sort();
  const base = ['runId', 'name', 'experiment', 'status', 'startMs', 'endMs', 'seed', 'configHash', 'dataSha256', 'backend', 'gitCommit'] as const;
  const cols: Record<string, unknown[]> = {};
  for (const k of base) cols[k] = rows.map((r) => r[k]);
  for (const k of paramKeys) cols[`params.${k}`] = rows.map((r) => r.params[k]);
  for (const k of metricKeys) cols[`metrics.${k}`] = rows.map((r) => r.metrics[k]);
  return aq.table(cols);
}

/** Options of {@link bestRun}. */
export interface BestRunOptions extends ListRunsOptions {
  /** `max` (accuracy) or `min` (loss). Default `max`. */
  mode?: 'max' | 'min';
}

/**
 * The run with the best last value of `metric` (runs without it, or with NaN, are ignored).
 * @param metric metric key
 * @param options `mode` (default `max`) plus the {@link listRuns} filters (default: FINISHED runs and others alike)
 * @returns the run, or undefined when no run has the metric
 */
export async function bestRun(metric: string, options: BestRunOptions = {}): Promise<RunRow | undefined> {
  const mode = options.mode ?? 'max';
  if (mode !== 'max' && mode !== 'min') throw inputError({ key: 'mode' }, '"max" or "min"', show(mode));
  let best: RunRow | undefined;
  for (const r of await listRuns(options)) {
    const v = r.metrics[metric];
    if (v === undefined || Number.isNaN(v)) continue;
    if (!best || (mode === 'max' ? v > best.metrics[metric] : v < best.metrics[metric])) best = r;
  }
  return best;
}

/** One metric point. */
export interface MetricPoint {
  step: number;
  value: number;
  timestampMs: number;
}

/**
 * Every logged point of one metric of one run, ordered by step then time.
 * @param runId run id
 * @param key metric key
 * @returns points `{step, value, timestampMs}` (NaN values come back as NaN)
 */
export function runMetrics(runId: string, key: string, options: TrackingStoreOptions = {}): Promise<MetricPoint[]> {
  return withTrackingDb(options, async (c) => {
    const rows = await queryRows(
      c,
      'SELECT step, value, timestamp_ms FROM tracking.metrics WHERE run_id = $runId AND key = $key ORDER BY step, timestamp_ms',
      { runId, key },
    );
    return rows.map((r) => ({ step: r.step as number, value: r.value === null ? NaN : (r.value as number), timestampMs: r.timestamp_ms as number }));
  });
}

/**
 * One run by id.
 * @throws InputError when no run has this id
 */
export async function getRun(runId: string, options: TrackingStoreOptions = {}): Promise<RunRow> {
  const rows = await listRuns({ ...options, runIds: [runId] });
  if (!rows.length) throw inputError({ key: 'runId' }, 'the id of a tracked run', JSON.stringify(runId));
  return rows[0];
}
