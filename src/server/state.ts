/**
 * The server's own record of the runs it started (`<home>/server/runs/<runId>.json`), written atomically,
 * and the listing of every run folder under `<home>/runs/` (runs started from the CLI included).
 */
import * as fs from 'fs';
import * as path from 'path';
import type { WorkbenchConfig } from '../config/schema';
import type { ProgressStatus } from '../training/progress';
import { writeJsonAtomic } from '../util/fs';
import { RUN_ID_PATTERN } from './validate';

/** Lifecycle of a run as the server sees it. */
export type RunLifecycle = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled' | 'interrupted';

/** Training modes the dashboard offers. */
export type RunMode = 'progressive' | 'unified' | 'both';

/** One run the server knows about. */
export interface RunRecord {
  runId: string;
  state: RunLifecycle;
  mode: RunMode;
  /** ISO timestamps. */
  createdAt: string;
  updatedAt: string;
  finishedAt?: string;
  /** Message of a failed run (never a stack trace). */
  error?: string;
  /** True when a checkpoint exists and `POST /api/ml/progressive/resume` can continue the run. */
  resumable?: boolean;
  /** Who started it: this server (`api`) or the CLI (`cli`, discovered from the runs folder). */
  origin: 'api' | 'cli';
  /** Last progress snapshot. */
  progress?: ProgressStatus;
  /** The resolved config (absent for CLI runs without results). */
  config?: WorkbenchConfig;
}

const idRe = new RegExp(RUN_ID_PATTERN);

/** Folder of the server's run records. */
export function recordsDir(home: string): string {
  return path.join(home, 'server', 'runs');
}

/** Folder of one run's trainer outputs (results.json, checkpoints, predictions). */
export function runDir(home: string, runId: string): string {
  return path.join(home, 'runs', runId);
}

/**
 * Writes a run record atomically.
 * @param home workbench home
 * @param rec the record (written as JSON)
 */
export function saveRecord(home: string, rec: RunRecord): void {
  writeJsonAtomic(path.join(recordsDir(home), `${rec.runId}.json`), rec);
}

/**
 * Reads one run record.
 * @returns the record, or undefined when missing or unreadable
 */
export function loadRecord(home: string, runId: string): RunRecord | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(recordsDir(home), `${runId}.json`), 'utf8')) as RunRecord;
  } catch {
    return undefined;
  }
}

/** True when the trainer left something resumable for `runId` (a checkpoint folder or file). */
export function hasCheckpoint(home: string, runId: string): boolean {
  const dir = runDir(home, runId);
  try {
    return fs.readdirSync(dir).some((f) => /checkpoint/i.test(f));
  } catch {
    return false;
  }
}

/**
 * Marks records left `running` by a previous server process as `interrupted` (their worker died with it).
 * @param home workbench home
 * @returns ids of the runs marked
 */
export function markOrphans(home: string): string[] {
  const marked: string[] = [];
  for (const rec of listRecords(home)) {
    if (rec.state !== 'running' && rec.state !== 'queued') continue;
    const now = new Date().toISOString();
    const error = rec.state === 'queued' ? 'the server stopped while this run was queued' : 'the server stopped while this run was training';
    saveRecord(home, { ...rec, state: 'interrupted', updatedAt: now, resumable: hasCheckpoint(home, rec.runId), error });
    marked.push(rec.runId);
  }
  return marked;
}

/** Every readable server record. */
export function listRecords(home: string): RunRecord[] {
  let files: string[];
  try {
    files = fs.readdirSync(recordsDir(home));
  } catch {
    return [];
  }
  const out: RunRecord[] = [];
  for (const f of files) {
    const id = f.replace(/\.json$/, '');
    if (!f.endsWith('.json') || !idRe.test(id)) continue;
    const rec = loadRecord(home, id);
    if (rec) out.push(rec);
  }
  return out;
}

/**
 * All runs: the server's records plus run folders created by the CLI, newest first.
 * @param home workbench home
 * @returns records (CLI runs get state `completed` when results.json exists, else `interrupted`)
 */
export function discoverRuns(home: string): RunRecord[] {
  const byId = new Map(listRecords(home).map((r) => [r.runId, r]));
  let dirs: string[] = [];
  try {
    dirs = fs.readdirSync(path.join(home, 'runs'));
  } catch {
    // no runs yet
  }
  for (const id of dirs) {
    if (byId.has(id) || !idRe.test(id)) continue;
    const dir = runDir(home, id);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(dir);
    } catch {
      continue;
    }
    if (!stat.isDirectory()) continue;
    const done = fs.existsSync(path.join(dir, 'results.json'));
    const t = stat.mtime.toISOString();
    byId.set(id, { runId: id, state: done ? 'completed' : 'interrupted', mode: 'both', createdAt: stat.birthtime.toISOString?.() ?? t, updatedAt: t, origin: 'cli', resumable: !done && hasCheckpoint(home, id) });
  }
  return [...byId.values()].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.runId < b.runId ? 1 : -1));
}

/**
 * Reads a run's results.json.
 * @returns the parsed results, or undefined when the run has none
 */
export function readResults(home: string, runId: string): unknown {
  const file = path.join(runDir(home, runId), 'results.json');
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}
