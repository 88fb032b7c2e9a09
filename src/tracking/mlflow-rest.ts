/**
 * Remote logging to an MLflow tracking server through its REST API (`/api/2.0/mlflow/...`), used when
 * `tracking.uri` is an http(s) URL. The fetch function is injectable so tests never touch the network.
 */
import { inputError, UnavailableError } from '../util/errors';
import { queryRows, withTrackingDb, type TrackingStoreOptions } from './db';
import { getRun } from './query';

/** The subset of `fetch` the client uses. */
export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body?: string }) => Promise<{
  ok: boolean;
  status: number;
  text(): Promise<string>;
}>;

/** Options of {@link MlflowRestClient}. */
export interface MlflowRestOptions {
  /** The fetch implementation. Default: the global `fetch`. */
  fetch?: FetchLike;
  /** Extra headers (e.g. `Authorization`). Default none. */
  headers?: Record<string, string>;
}

/** MLflow's per-request limits of `runs/log-batch`. */
export const LOG_BATCH_LIMITS = { metrics: 1000, params: 100, tags: 100, total: 1000 };

type KV = { key: string; value: string };
type MetricJson = { key: string; value: number; timestamp: number; step: number };

/** A minimal MLflow REST client (experiments, runs, log-batch, update). */
export class MlflowRestClient {
  readonly baseUri: string;
  private readonly fetchFn: FetchLike;
  private readonly headers: Record<string, string>;

  /**
   * @param uri tracking server, `http://…` or `https://…`
   * @param options injectable `fetch`, extra `headers`
   * @throws InputError when `uri` is not http(s)
   */
  constructor(uri: string, options: MlflowRestOptions = {}) {
    if (!/^https?:\/\/[^\s]+$/.test(uri)) throw inputError({ key: 'tracking.uri' }, 'an http:// or https:// URL', JSON.stringify(uri));
    this.baseUri = uri.replace(/\/+$/, '');
    const f = options.fetch ?? (globalThis.fetch as unknown as FetchLike | undefined);
    if (!f) throw new UnavailableError('no fetch implementation available (Node >= 18 has a global fetch)');
    this.fetchFn = f;
    this.headers = { 'Content-Type': 'application/json', ...(options.headers ?? {}) };
  }

  /**
   * Calls one endpoint.
   * @param method HTTP method
   * @param endpoint path after `/api/2.0/mlflow/`, e.g. `runs/create`
   * @param body JSON body (POST) or query parameters (GET)
   * @returns the parsed JSON response
   * @throws UnavailableError with the server's message on a non-2xx answer
   */
  async call(method: 'GET' | 'POST', endpoint: string, body: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    let url = `${this.baseUri}/api/2.0/mlflow/${endpoint}`;
    const init: { method: string; headers: Record<string, string>; body?: string } = { method, headers: this.headers };
    if (method === 'GET') {
      const q = new URLSearchParams(Object.entries(body).map(([k, v]) => [k, String(v)] as [string, string])).toString();
      if (q) url += `?${q}`;
    } else {
      init.body = JSON.stringify(body);
    }
    const res = await this.fetchFn(url, init);
    const text = await res.text();
    let json: Record<string, unknown> = {};
    try {
      json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      json = { message: text.slice(0, 200) };
    }
    if (!res.ok) {
      const err = new UnavailableError(`MLflow ${endpoint} answered HTTP ${res.status}: ${json.error_code ?? ''} ${json.message ?? ''}`.trim());
      (err as UnavailableError & { status?: number; errorCode?: unknown }).status = res.status;
      (err as UnavailableError & { errorCode?: unknown }).errorCode = json.error_code;
      throw err;
    }
    return json;
  }

  /** Id of the experiment named `name`, created when the server does not know it. */
  async experimentId(name: string): Promise<string> {
    try {
      const r = await this.call('GET', 'experiments/get-by-name', { experiment_name: name });
      return String((r.experiment as { experiment_id: string }).experiment_id);
    } catch (err) {
      if ((err as { errorCode?: string }).errorCode !== 'RESOURCE_DOES_NOT_EXIST' && (err as { status?: number }).status !== 404) throw err;
      const r = await this.call('POST', 'experiments/create', { name });
      return String(r.experiment_id);
    }
  }

  /** Creates a run; returns the server's run id. */
  async createRun(experimentId: string, runName: string, startTime: number, tags: KV[] = []): Promise<string> {
    const r = await this.call('POST', 'runs/create', { experiment_id: experimentId, run_name: runName, start_time: startTime, tags });
    return String(((r.run as { info: { run_id: string } }).info).run_id);
  }

  /** Logs metrics, params and tags, split into requests within {@link LOG_BATCH_LIMITS}; returns the request count. */
  async logBatch(runId: string, batch: { metrics?: MetricJson[]; params?: KV[]; tags?: KV[] }): Promise<number> {
    const params = [...(batch.params ?? [])];
    const tags = [...(batch.tags ?? [])];
    const metrics = [...(batch.metrics ?? [])];
    let requests = 0;
    while (params.length || tags.length || metrics.length) {
      const p = params.splice(0, LOG_BATCH_LIMITS.params);
      const t = tags.splice(0, LOG_BATCH_LIMITS.tags);
      const m = metrics.splice(0, Math.min(LOG_BATCH_LIMITS.metrics, LOG_BATCH_LIMITS.total - p.length - t.length));
      await this.call('POST', 'runs/log-batch', { run_id: runId, metrics: m, params: p, tags: t });
      requests++;
    }
    return requests;
  }

  /** Sets a run's final status (`FINISHED`, `FAILED`, `KILLED`) and end time. */
  async updateRun(runId: string, status: string, endTime: number): Promise<void> {
    await this.call('POST', 'runs/update', { run_id: runId, status, end_time: endTime });
  }
}

/**
 * Copies one locally tracked run (params, tags, every finite metric point, status) to an MLflow server.
 * @param runId local run id
 * @param client a {@link MlflowRestClient}
 * @param options `storePath` of the local store
 * @returns the run id on the server and the number of log-batch requests sent
 */
export async function pushRunToMlflow(runId: string, client: MlflowRestClient, options: TrackingStoreOptions = {}): Promise<{ remoteRunId: string; requests: number }> {
  const run = await getRun(runId, options);
  const expId = await client.experimentId(run.experiment);
  const tags: KV[] = [{ key: 'workbench.run_id', value: run.runId }, ...Object.entries(run.tags).map(([key, value]) => ({ key, value }))];
  if (run.gitCommit) tags.push({ key: 'mlflow.source.git.commit', value: run.gitCommit });
  const remote = await client.createRun(expId, run.name, run.startMs, tags);
  const points = await withTrackingDb(options, (c) =>
    queryRows(c, 'SELECT key, value, step, timestamp_ms FROM tracking.metrics WHERE run_id = $id ORDER BY key, step, timestamp_ms', { id: runId }),
  );
  // JSON has no NaN: points without a finite value are not sent
  const metrics = points
    .filter((p) => p.value !== null && Number.isFinite(p.value as number))
    .map((p) => ({ key: p.key as string, value: p.value as number, timestamp: p.timestamp_ms as number, step: p.step as number }));
  const requests = await client.logBatch(remote, { params: Object.entries(run.params).map(([key, value]) => ({ key, value })), metrics });
  if (run.status !== 'RUNNING') await client.updateRun(remote, run.status, run.endMs ?? Date.now());
  return { remoteRunId: remote, requests };
}

/**
 * Mirrors a finished run to the config's `tracking.uri` when it is an http(s) URL; does nothing otherwise.
 * @param runId local run id
 * @param uri `tracking.uri` of the config (undefined or empty: local store only)
 * @param options `fetch` / `headers` for the client, `storePath` of the local store
 * @returns the remote run id, or undefined when no remote server is configured
 */
export async function mirrorRunToTrackingUri(
  runId: string,
  uri: string | undefined,
  options: MlflowRestOptions & TrackingStoreOptions = {},
): Promise<string | undefined> {
  if (!uri || !/^https?:\/\//.test(uri)) return undefined;
  const { fetch, headers, ...store } = options;
  return (await pushRunToMlflow(runId, new MlflowRestClient(uri, { fetch, headers }), store)).remoteRunId;
}
