/**
 * A small reader for MLflow's file-store layout (see `mlflow-export.ts` for the layout). It reads what
 * `mlflow` itself writes under `mlruns/` as well as what {@link exportMlflow} writes; `.trash` is skipped.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { inputError } from '../util/errors';

/** One metric point as stored in `metrics/<key>`. */
export interface MlflowMetricPoint {
  timestampMs: number;
  value: number;
  step: number;
}

/** One run folder. */
export interface MlflowRun {
  runId: string;
  /** Parsed `meta.yaml`. */
  meta: Record<string, unknown>;
  params: Record<string, string>;
  metrics: Record<string, MlflowMetricPoint[]>;
  tags: Record<string, string>;
  /** Artifact file paths relative to `artifacts/`, `/`-separated, sorted. */
  artifacts: string[];
}

/** One experiment folder. */
export interface MlflowExperiment {
  experimentId: string;
  name: string;
  meta: Record<string, unknown>;
  runs: MlflowRun[];
}

function readMeta(file: string): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = YAML.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw inputError({ file }, 'a valid YAML meta file', (err as Error).message.split('\n')[0]);
  }
  if (!doc || typeof doc !== 'object') throw inputError({ file }, 'a YAML mapping', JSON.stringify(doc));
  return doc as Record<string, unknown>;
}

/** Files under `dir` as `/`-joined relative paths, sorted (empty when `dir` is missing). */
function walk(dir: string, prefix = ''): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...walk(path.join(dir, e.name), rel));
    else out.push(rel);
  }
  return out.sort();
}

function parseNumber(text: string): number {
  const t = text.toLowerCase();
  if (t === 'nan') return NaN;
  if (t === 'inf' || t === 'infinity') return Infinity;
  if (t === '-inf' || t === '-infinity') return -Infinity;
  return Number(text);
}

/**
 * Parses one `metrics/<key>` file: lines `<timestamp_ms> <value> [<step>]` (old files have no step: 0).
 * @throws InputError naming file and line for a malformed line
 */
export function parseMetricFile(file: string, text: string): MlflowMetricPoint[] {
  const out: MlflowMetricPoint[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    const parts = line.split(/\s+/);
    const ts = Number(parts[0]);
    const value = parseNumber(parts[1] ?? '');
    const step = parts.length > 2 ? Number(parts[2]) : 0;
    if (parts.length < 2 || parts.length > 3 || !Number.isInteger(ts) || (Number.isNaN(value) && parts[1].toLowerCase() !== 'nan') || !Number.isInteger(step)) {
      throw inputError({ file, line: i + 1 }, 'a metric line `<timestamp_ms> <value> <step>`', JSON.stringify(line));
    }
    out.push({ timestampMs: ts, value, step });
  }
  return out;
}

function readRun(runDir: string, runId: string): MlflowRun {
  const meta = readMeta(path.join(runDir, 'meta.yaml'));
  const params: Record<string, string> = {};
  for (const k of walk(path.join(runDir, 'params'))) params[k] = fs.readFileSync(path.join(runDir, 'params', k), 'utf8');
  const tags: Record<string, string> = {};
  for (const k of walk(path.join(runDir, 'tags'))) tags[k] = fs.readFileSync(path.join(runDir, 'tags', k), 'utf8');
  const metrics: Record<string, MlflowMetricPoint[]> = {};
  for (const k of walk(path.join(runDir, 'metrics'))) {
    const file = path.join(runDir, 'metrics', k);
    metrics[k] = parseMetricFile(file, fs.readFileSync(file, 'utf8'));
  }
  return { runId: String(meta.run_id ?? meta.run_uuid ?? runId), meta, params, metrics, tags, artifacts: walk(path.join(runDir, 'artifacts')) };
}

/**
 * Reads an MLflow file store: every experiment folder holding a `meta.yaml`, and every run folder in it.
 * @param dir the store root (`mlruns/` or an {@link exportMlflow} target)
 * @returns experiments sorted by id (numerically when numeric), runs sorted by start time then id
 * @throws InputError when `dir` is missing or a meta/metric file is malformed
 */
export function readMlflowDir(dir: string): MlflowExperiment[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw inputError({ file: dir }, 'an MLflow file-store folder', 'no such folder');
  const exps: MlflowExperiment[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!e.isDirectory() || e.name.startsWith('.') || e.name === 'models') continue;
    const expDir = path.join(dir, e.name);
    if (!fs.existsSync(path.join(expDir, 'meta.yaml'))) continue;
    const meta = readMeta(path.join(expDir, 'meta.yaml'));
    const runs: MlflowRun[] = [];
    for (const r of fs.readdirSync(expDir, { withFileTypes: true })) {
      if (r.isDirectory() && fs.existsSync(path.join(expDir, r.name, 'meta.yaml'))) runs.push(readRun(path.join(expDir, r.name), r.name));
    }
    runs.sort((a, b) => Number(a.meta.start_time ?? 0) - Number(b.meta.start_time ?? 0) || a.runId.localeCompare(b.runId));
    exps.push({ experimentId: String(meta.experiment_id ?? e.name), name: String(meta.name ?? ''), meta, runs });
  }
  const key = (s: string) => (/^\d+$/.test(s) ? Number(s) : Infinity);
  return exps.sort((a, b) => key(a.experimentId) - key(b.experimentId) || a.experimentId.localeCompare(b.experimentId));
}
