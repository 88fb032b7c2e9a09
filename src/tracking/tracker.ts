/**
 * MLflow-style run tracking in the embedded store: start a run, log immutable params, metrics by step
 * (buffered, flushed in batches), tags and artifacts, then end it with a status. Runs left RUNNING by a
 * crashed process are marked FAILED by {@link markStaleRuns}, which every open of a run or a query calls.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { stableStringify } from '../config/load';
import { inputError, show } from '../util/errors';
import { sha256, workbenchHome } from '../util/fs';
import { queryRows, withTrackingDb, type TrackingStoreOptions } from './db';
import { gitCommit, hostName } from './env';
import { checkKey, ensureExperiment, insertPairs, markStaleOnConnection, paramEntries } from './stale';

export { checkKey, paramText, ensureExperiment, markStaleOnConnection, markStaleRuns } from './stale';
import { appendMetrics, MetricBuffer } from './metrics-buffer';
import { fillDefaults } from '../util/options';

/** Lifecycle of a run (MLflow's statuses, less SCHEDULED). */
export type RunStatus = 'RUNNING' | 'FINISHED' | 'FAILED' | 'KILLED';

/** The statuses in MLflow's order. */
export const RUN_STATUSES: readonly RunStatus[] = ['RUNNING', 'FINISHED', 'FAILED', 'KILLED'];

/** Options of {@link startRun}. */
export interface StartRunOptions extends TrackingStoreOptions {
  /** Experiment name (created on first use). Default `default` (config `tracking.experiment`). */
  experiment?: string;
  /** Run id (letters, digits, `.`, `_`, `-`; ≤ 80 chars; no `..`). Default: a random 32-hex id like MLflow's. */
  runId?: string;
  /** Human-readable run name. Default: the first 8 characters of the run id. */
  name?: string;
  /** The run's configuration, stored as JSON; its sha256 (keys sorted) becomes `configHash` unless given. */
  config?: unknown;
  /** sha256 of the configuration. Default: computed from `config` when given. */
  configHash?: string;
  /** Random seed of the run. */
  seed?: number;
  /** sha256 of the training data. */
  dataSha256?: string;
  /** Compute backend (`wasm`, `cpu`, `tensorflow`, …). */
  backend?: string;
  /** Git commit; default read from `.git/HEAD` of the repository (null: record none). */
  gitCommit?: string | null;
  /** Params logged at start (see {@link RunHandle.logParams}). */
  params?: Record<string, unknown>;
  /** Tags set at start. */
  tags?: Record<string, string>;
  /** Root of run folders; artifacts go to `<home>/runs/<id>/artifacts/`. Default `workbenchHome()`. */
  home?: string;
  /** Metric points buffered before a background flush. Default 50,000. */
  flushEvery?: number;
}

/** Defaults of {@link StartRunOptions}. */
export const startRunDefaults = { experiment: 'default', flushEvery: 50_000 };

/** Run ids: those of training runs (`checkRunId`) are accepted too, so a training run keeps its id. */
const ID_RE = /^[A-Za-z0-9_.-]{1,80}$/;

function nullable<T>(v: T | undefined): T | null {
  return v === undefined ? null : v;
}

/**
 * Starts a tracked run (status RUNNING), recording pid and host so a crash can be detected later.
 * Also marks stale runs of dead processes FAILED.
 * @param options experiment, run id, config, seed, data hash, backend, initial params and tags
 * @returns a handle to log params, metrics, tags and artifacts, and to end the run
 * @throws InputError for a malformed or already used run id
 */
export async function startRun(options: StartRunOptions = {}): Promise<RunHandle> {
  const o = fillDefaults(startRunDefaults, options);
  const runId = o.runId ?? crypto.randomUUID().replace(/-/g, '');
  if (!ID_RE.test(runId) || runId.includes('..')) throw inputError({ key: 'runId' }, '1–80 letters, digits, `.`, `_` or `-` (no `..`)', show(runId));
  if (!(Number.isInteger(o.flushEvery) && o.flushEvery > 0)) throw inputError({ key: 'flushEvery' }, 'a positive integer', show(o.flushEvery));
  const configJson = o.config === undefined ? null : stableStringify(o.config);
  const configHash = o.configHash ?? (configJson === null ? null : sha256(configJson));
  const commit = o.gitCommit === undefined ? gitCommit() : o.gitCommit;
  const startMs = Date.now();
  const name = o.name ?? runId.slice(0, 8);
  const db: TrackingStoreOptions = { storePath: o.storePath, lockTimeoutMs: o.lockTimeoutMs, initialDelayMs: o.initialDelayMs, maxDelayMs: o.maxDelayMs, onLockWait: o.onLockWait };
  const params = paramEntries(o.params ?? {});
  const tags = Object.entries(o.tags ?? {}).map(([k, v]) => {
    checkKey(k, `tags.${k}`);
    return [k, String(v)] as [string, string];
  });
  const experimentId = await withTrackingDb(db, async (c) => {
    await markStaleOnConnection(c);
    const exists = await queryRows(c, 'SELECT 1 FROM tracking.runs WHERE run_id = $runId', { runId });
    if (exists.length) throw inputError({ key: 'runId' }, 'a run id not used before', JSON.stringify(runId));
    const exp = await ensureExperiment(c, o.experiment);
    await c.run(
      `INSERT INTO tracking.runs VALUES ($runId, $exp, $name, 'RUNNING', $start, NULL, $commit, $seed, $hash, $data, $backend, $host, $pid, $config::JSON)`,
      {
        runId,
        exp,
        name,
        start: startMs,
        commit: nullable(commit ?? undefined),
        seed: nullable(o.seed),
        hash: configHash,
        data: nullable(o.dataSha256),
        backend: nullable(o.backend),
        host: hostName(),
        pid: process.pid,
        config: configJson,
      } as never,
    );
    await insertPairs(c, 'params', runId, params);
    await insertPairs(c, 'tags', runId, tags);
    return exp;
  });
  const handle = new RunHandle(runId, o.experiment, experimentId, path.join(o.home ?? workbenchHome(), 'runs', runId, 'artifacts'), db, o.flushEvery);
  return handle;
}

/** Options of {@link RunHandle.end}: everything is written in the same store call as the status. */
export interface EndRunOptions {
  /** Tags to set (overwriting). Default none. */
  tags?: Record<string, string>;
  /** Params to log (immutable, as {@link RunHandle.logParams}). Default none. */
  params?: Record<string, unknown>;
  /** Files to copy into the artifact folder (`path`: relative path there, default the base name). Default none. */
  artifacts?: { file: string; path?: string }[];
}


/** A live run: log to it, then {@link RunHandle.end} it. Metric points are buffered in memory. */
export class RunHandle {
  private readonly buffer = new MetricBuffer();
  private pending: Promise<void> = Promise.resolve();
  private flushError: unknown;
  private ended = false;
  private readonly params = new Map<string, string>();

  /** @internal created by {@link startRun} */
  constructor(
    /** The run id. */
    readonly runId: string,
    /** Experiment name. */
    readonly experiment: string,
    /** Experiment id. */
    readonly experimentId: number,
    /** Folder artifacts are copied into: `<home>/runs/<id>/artifacts`. */
    readonly artifactDir: string,
    private readonly db: TrackingStoreOptions,
    private readonly flushEvery: number,
  ) {}

  private checkOpen(method: string): void {
    if (this.ended) throw inputError({ key: 'runId' }, `a running run for ${method}()`, `run ${this.runId} has ended`);
  }

  /**
   * Logs one parameter. Params are immutable: the same value again is a no-op, a different value an InputError.
   * @param key param name
   * @param value any value; stored as text (strings as is, others as JSON)
   */
  logParam(key: string, value: unknown): Promise<void> {
    return this.logParams({ [key]: value });
  }

  /**
   * Logs several params in one transaction (all or none).
   * @throws InputError when a key already holds a different value (in this run, logged earlier)
   */
  async logParams(params: Record<string, unknown>): Promise<void> {
    this.checkOpen('logParams');
    const entries = paramEntries(params);
    await withTrackingDb(this.db, (c) => this.insertParams(c, entries));
  }

  private async insertParams(c: DuckDBConnection, entries: [string, string][]): Promise<void> {
    if (entries.length) {
      const rows = await queryRows(c, 'SELECT key, value FROM tracking.params WHERE run_id = $id', { id: this.runId });
      const have = new Map(rows.map((r) => [r.key as string, r.value as string]));
      const fresh: [string, string][] = [];
      for (const [k, v] of entries) {
        const old = have.get(k);
        if (old !== undefined && old !== v) {
          throw inputError({ key: `params.${k}` }, `the value logged before (${show(old)}); params are immutable`, show(v));
        }
        if (old === undefined && !fresh.some(([fk]) => fk === k)) fresh.push([k, v]);
      }
      await insertPairs(c, 'params', this.runId, fresh);
    }
    for (const [k, v] of entries) this.params.set(k, v);
  }

  /**
   * Buffers one metric point (every step is kept; flushed in batches, and by {@link RunHandle.flush} / `end`).
   * @param key metric name, e.g. `val_accuracy`
   * @param value the value (NaN allowed)
   * @param step integer step (epoch, round, iteration). Default 0
   * @param timestampMs wall-clock time in ms since the epoch. Default now
   */
  logMetric(key: string, value: number, step = 0, timestampMs?: number): void {
    this.checkOpen('logMetric');
    if (this.flushError) throw this.flushError;
    checkKey(key, `metrics.${key}`);
    if (typeof value !== 'number') throw inputError({ key: `metrics.${key}` }, 'a number', show(value));
    if (!Number.isSafeInteger(step)) throw inputError({ key: `metrics.${key}.step` }, 'an integer step', show(step));
    const ts = timestampMs ?? Date.now();
    if (!Number.isSafeInteger(ts)) throw inputError({ key: `metrics.${key}.timestamp` }, 'an integer time in ms', show(ts));
    this.buffer.push(key, value, step, ts);
    if (this.buffer.length >= this.flushEvery) void this.startFlush();
  }

  /** Buffers several metrics at one step (see {@link RunHandle.logMetric}). */
  logMetrics(metrics: Record<string, number>, step = 0, timestampMs?: number): void {
    const ts = timestampMs ?? Date.now();
    for (const [k, v] of Object.entries(metrics)) this.logMetric(k, v, step, ts);
  }

  private startFlush(): Promise<void> {
    const batch = this.buffer.take();
    if (batch.length === 0) return this.pending;
    this.pending = this.pending.then(() =>
      withTrackingDb(this.db, (c) => appendMetrics(c, this.runId, batch)).catch((err) => {
        this.flushError = err;
      }),
    );
    return this.pending;
  }

  /** Writes every buffered metric point to the store. Rejects if a background flush failed. */
  async flush(): Promise<void> {
    await this.startFlush();
    if (this.flushError) throw this.flushError;
  }

  /**
   * Sets (or overwrites) a tag.
   * @param key tag name
   * @param value tag text
   */
  setTag(key: string, value: string): Promise<void> {
    return this.setTags({ [key]: value });
  }

  /** Sets (or overwrites) several tags in one store call. */
  async setTags(tags: Record<string, string>): Promise<void> {
    this.checkOpen('setTags');
    const entries = Object.entries(tags);
    for (const [k] of entries) checkKey(k, `tags.${k}`);
    await withTrackingDb(this.db, async (c) => {
      for (const [k, v] of entries) await c.run('INSERT OR REPLACE INTO tracking.tags VALUES ($id, $k, $v)', { id: this.runId, k, v: String(v) });
    });
  }

  /**
   * Copies a file into the run's artifact folder and records its size and sha256.
   * @param file path of an existing file
   * @param artifactPath relative path under `artifacts/`. Default: the file's base name
   * @returns the absolute path of the copy
   */
  async logArtifact(file: string, artifactPath?: string): Promise<string> {
    this.checkOpen('logArtifact');
    const a = this.copyArtifact(file, artifactPath);
    await withTrackingDb(this.db, (c) => c.run('INSERT OR REPLACE INTO tracking.artifacts VALUES ($id, $p, $size, $sha)', { id: this.runId, p: a.p, size: a.size, sha: a.sha }));
    return a.dest;
  }

  /** Copies `file` under the artifact folder; returns the row to record (path, size, sha256) and the copy's path. */
  private copyArtifact(file: string, artifactPath?: string): { p: string; size: number; sha: string; dest: string } {
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw inputError({ file }, 'an existing file to log as an artifact', 'no such file');
    const rel = (artifactPath ?? path.basename(file)).split(path.sep).join('/');
    if (!rel || rel.startsWith('/') || rel.split('/').includes('..')) throw inputError({ key: 'artifactPath' }, 'a relative path inside the artifact folder', show(rel));
    const dest = path.join(this.artifactDir, ...rel.split('/'));
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.copyFileSync(file, dest);
    const bytes = fs.readFileSync(dest);
    return { p: rel, size: bytes.length, sha: sha256(bytes), dest };
  }

  /**
   * Flushes metrics and ends the run (one store call). Ending twice is an InputError.
   * @param status final status. Default `FINISHED`
   * @param options `tags` to set in the same store call. Default none
   */
  async end(status: RunStatus = 'FINISHED', options: EndRunOptions = {}): Promise<void> {
    this.checkOpen('end');
    const tags = Object.entries(options.tags ?? {});
    for (const [k] of tags) checkKey(k, `tags.${k}`);
    if (!RUN_STATUSES.includes(status) || status === 'RUNNING') throw inputError({ key: 'status' }, 'one of FINISHED, FAILED, KILLED', show(status));
    const params = paramEntries(options.params ?? {});
    const artifacts = (options.artifacts ?? []).map((a) => this.copyArtifact(a.file, a.path));
    await this.pending;
    if (this.flushError) throw this.flushError;
    const batch = this.buffer.take();
    this.ended = true;
    await withTrackingDb(this.db, async (c) => {
      await appendMetrics(c, this.runId, batch);
      await this.insertParams(c, params);
      for (const a of artifacts) await c.run('INSERT OR REPLACE INTO tracking.artifacts VALUES ($id, $p, $size, $sha)', { id: this.runId, p: a.p, size: a.size, sha: a.sha });
      for (const [k, v] of tags) await c.run('INSERT OR REPLACE INTO tracking.tags VALUES ($id, $k, $v)', { id: this.runId, k, v: String(v) });
      await c.run('UPDATE tracking.runs SET status = $status, end_ms = $ms WHERE run_id = $id', { status, ms: Date.now(), id: this.runId });
    });
  }

  /** True after {@link RunHandle.end}. */
  get isEnded(): boolean {
    return this.ended;
  }
}
