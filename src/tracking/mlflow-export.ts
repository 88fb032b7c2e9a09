/**
 * Writes tracked runs in MLflow's file-store layout so `mlflow ui --backend-store-uri <dir>` can browse them:
 *
 * ```
 * <dir>/<exp_id>/meta.yaml                      artifact_location, creation_time, experiment_id, last_update_time, lifecycle_stage, name
 * <dir>/<exp_id>/<run_id>/meta.yaml             artifact_uri, end_time, entry_point_name, experiment_id, lifecycle_stage, run_id,
 *                                               run_name, run_uuid, source_name, source_type, source_version, start_time, status, tags, user_id
 * <dir>/<exp_id>/<run_id>/params/<key>          the value, no trailing newline
 * <dir>/<exp_id>/<run_id>/metrics/<key>         one line per point: `<timestamp_ms> <value> <step>`
 * <dir>/<exp_id>/<run_id>/tags/<key>            the value, no trailing newline
 * <dir>/<exp_id>/<run_id>/artifacts/…           copies of the run's artifact files
 * ```
 * Keys containing `/` become sub-folders, as in MLflow.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as os from 'os';
import { pathToFileURL } from 'url';
import { inputError } from '../util/errors';
import { writeFileAtomic, workbenchHome } from '../util/fs';
import { queryRows, withTrackingDb, type TrackingStoreOptions } from './db';
import { listRuns, type RunRow } from './query';
import type { RunStatus } from './tracker';
import { fillDefaults } from '../util/options';

/** MLflow's numeric RunStatus codes (protos/service.proto). */
export const MLFLOW_STATUS_CODE: Readonly<Record<RunStatus, number>> = { RUNNING: 1, FINISHED: 3, FAILED: 4, KILLED: 5 };

/** Options of {@link exportMlflow}. */
export interface ExportMlflowOptions extends TrackingStoreOptions {
  /** Only this experiment (name). Default: every experiment. */
  experiment?: string;
  /** Copy artifact files into `artifacts/`. Default true. */
  artifacts?: boolean;
  /** Root of run folders holding `runs/<id>/artifacts`. Default `workbenchHome()`. */
  home?: string;
}

/** Defaults of {@link ExportMlflowOptions}. */
export const exportMlflowDefaults = { artifacts: true };

/** What {@link exportMlflow} wrote. */
export interface ExportMlflowResult {
  experiments: number;
  runs: number;
  metricPoints: number;
  artifacts: number;
}

/** A YAML scalar: numbers bare, strings single-quoted when YAML would misread them. */
export function yamlScalar(v: string | number): string {
  if (typeof v === 'number') return String(v);
  if (v === '' || /^[\s'"!&*#?|>%@`{}[\],:-]|[:#]\s|\s$|^(true|false|null|yes|no|on|off|~)$/i.test(v) || /^[-+.\d]/.test(v) || /[\n\r]/.test(v)) {
    return `'${v.replace(/'/g, "''")}'`;
  }
  return v;
}

function yaml(fields: Record<string, string | number | string[]>): string {
  return Object.keys(fields)
    .sort()
    .map((k) => {
      const v = fields[k];
      if (Array.isArray(v)) return `${k}: [${v.map(yamlScalar).join(', ')}]`;
      return `${k}: ${yamlScalar(v)}`;
    })
    .join('\n')
    .concat('\n');
}

function keyPath(root: string, key: string): string {
  return path.join(root, ...key.split('/'));
}

/** Formats a metric value the way Python prints floats for the common cases (NaN → `nan`, ±inf). */
export function mlflowNumber(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  return Number.isInteger(v) ? v.toFixed(1) : String(v);
}

/**
 * Exports runs from the tracking store to an MLflow file-store folder (created if missing; existing runs with
 * the same ids are overwritten file by file).
 * @param dir target folder (the MLflow `--backend-store-uri`)
 * @param options `experiment` filter, `artifacts` (default true), `storePath`, `home`
 * @returns counts of experiments, runs, metric points and artifact files written
 */
export async function exportMlflow(dir: string, options: ExportMlflowOptions = {}): Promise<ExportMlflowResult> {
  const o = fillDefaults(exportMlflowDefaults, options);
  const root = path.resolve(dir);
  const home = o.home ?? workbenchHome();
  const runs = await listRuns({ ...o });
  const exps = await withTrackingDb(o, (c) => queryRows(c, 'SELECT experiment_id, name, created_ms FROM tracking.experiments ORDER BY experiment_id'));
  if (o.experiment !== undefined && !exps.some((e) => e.name === o.experiment)) {
    throw inputError({ key: 'experiment' }, `one of the tracked experiments (${exps.map((e) => e.name).join(', ') || 'none yet'})`, JSON.stringify(o.experiment));
  }
  const user = safeUser();
  const result: ExportMlflowResult = { experiments: 0, runs: 0, metricPoints: 0, artifacts: 0 };
  for (const e of exps) {
    if (o.experiment !== undefined && e.name !== o.experiment) continue;
    const expId = String(e.experiment_id);
    const expDir = path.join(root, expId);
    const expRuns = runs.filter((r) => r.experimentId === e.experiment_id);
    const lastUpdate = Math.max(e.created_ms as number, ...expRuns.map((r) => r.endMs ?? r.startMs));
    writeFileAtomic(
      path.join(expDir, 'meta.yaml'),
      yaml({
        artifact_location: pathToFileURL(expDir).href,
        creation_time: e.created_ms as number,
        experiment_id: expId,
        last_update_time: lastUpdate,
        lifecycle_stage: 'active',
        name: e.name as string,
      }),
    );
    result.experiments++;
    for (const r of expRuns) {
      result.metricPoints += await writeRun(expDir, expId, r, user, o, home, result);
      result.runs++;
    }
  }
  return result;
}

async function writeRun(expDir: string, expId: string, r: RunRow, user: string, o: ExportMlflowOptions, home: string, result: ExportMlflowResult): Promise<number> {
  const runDir = path.join(expDir, r.runId);
  for (const sub of ['params', 'metrics', 'tags', 'artifacts']) fs.mkdirSync(path.join(runDir, sub), { recursive: true });
  writeFileAtomic(
    path.join(runDir, 'meta.yaml'),
    yaml({
      artifact_uri: pathToFileURL(path.join(runDir, 'artifacts')).href,
      end_time: r.endMs ?? 'null',
      entry_point_name: '',
      experiment_id: expId,
      lifecycle_stage: 'active',
      run_id: r.runId,
      run_name: r.name,
      run_uuid: r.runId,
      source_name: '',
      source_type: 4,
      source_version: r.gitCommit ?? '',
      start_time: r.startMs,
      status: MLFLOW_STATUS_CODE[r.status],
      tags: [],
      user_id: user,
    }).replace("end_time: 'null'", 'end_time: null'),
  );
  for (const [k, v] of Object.entries(r.params)) writeFileAtomic(keyPath(path.join(runDir, 'params'), k), v);
  const tags: Record<string, string> = { 'mlflow.runName': r.name, 'mlflow.user': user, ...r.tags };
  if (r.gitCommit) tags['mlflow.source.git.commit'] = r.gitCommit;
  for (const [k, v] of Object.entries(tags)) writeFileAtomic(keyPath(path.join(runDir, 'tags'), k), v);
  const points = await withTrackingDb(o, (c) =>
    queryRows(c, 'SELECT key, value, step, timestamp_ms FROM tracking.metrics WHERE run_id = $id ORDER BY key, step, timestamp_ms', { id: r.runId }),
  );
  const byKey = new Map<string, string[]>();
  for (const p of points) {
    const lines = byKey.get(p.key as string) ?? [];
    lines.push(`${p.timestamp_ms} ${mlflowNumber(p.value === null ? NaN : (p.value as number))} ${p.step}`);
    byKey.set(p.key as string, lines);
  }
  for (const [k, lines] of byKey) writeFileAtomic(keyPath(path.join(runDir, 'metrics'), k), `${lines.join('\n')}\n`);
  if (o.artifacts !== false) {
    const src = path.join(home, 'runs', r.runId, 'artifacts');
    if (fs.existsSync(src)) {
      fs.cpSync(src, path.join(runDir, 'artifacts'), { recursive: true });
      result.artifacts += countFiles(src);
    }
  }
  return points.length;
}

function countFiles(dir: string): number {
  let n = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) n += e.isDirectory() ? countFiles(path.join(dir, e.name)) : 1;
  return n;
}

function safeUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown';
  }
}
