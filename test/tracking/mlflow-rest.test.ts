import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'path';
import { MlflowRestClient, pushRunToMlflow, mirrorRunToTrackingUri, type FetchLike } from '../../src/tracking/mlflow-rest';
import { startRun } from '../../src/tracking/tracker';
import { rejects, tempDir } from '../helpers';

interface Call {
  method: string;
  url: string;
  body?: Record<string, unknown>;
}

/** A fake MLflow server: records calls, answers from a handler. */
function fakeServer(handler: (endpoint: string, body: Record<string, unknown> | undefined, url: string) => [number, unknown]): { fetch: FetchLike; calls: Call[] } {
  const calls: Call[] = [];
  const fetch: FetchLike = async (url, init) => {
    const body = init.body ? JSON.parse(init.body) : undefined;
    calls.push({ method: init.method, url, body });
    const endpoint = url.replace(/^.*\/api\/2\.0\/mlflow\//, '').replace(/\?.*$/, '');
    const [status, json] = handler(endpoint, body, url);
    return { ok: status < 300, status, text: async () => JSON.stringify(json) };
  };
  return { fetch, calls };
}

test('the client rejects a non-http tracking uri', () => {
  assert.throws(() => new MlflowRestClient('file:///tmp/x'), /`tracking\.uri`: an http:\/\/ or https:\/\/ URL/);
});

test('a server error becomes an UnavailableError with the error code', async () => {
  const s = fakeServer(() => [500, { error_code: 'INTERNAL_ERROR', message: 'boom' }]);
  const c = new MlflowRestClient('http://mlflow:5000/', { fetch: s.fetch });
  await rejects(() => c.createRun('1', 'r', 0), /MLflow runs\/create answered HTTP 500: INTERNAL_ERROR boom/);
  assert.is(s.calls[0].url, 'http://mlflow:5000/api/2.0/mlflow/runs/create');
});

test('log-batch splits params and metrics within the per-request limits', async () => {
  const s = fakeServer(() => [200, {}]);
  const c = new MlflowRestClient('https://x', { fetch: s.fetch });
  const params = Array.from({ length: 150 }, (_, i) => ({ key: `p${i}`, value: String(i) }));
  const metrics = Array.from({ length: 2500 }, (_, i) => ({ key: 'm', value: i, timestamp: i, step: i }));
  const n = await c.logBatch('r1', { params, metrics });
  assert.is(n, 3);
  const sizes = s.calls.map((k) => [(k.body!.params as unknown[]).length, (k.body!.metrics as unknown[]).length]);
  assert.equal(sizes, [[100, 900], [50, 950], [0, 650]]);
});

test('pushRunToMlflow creates the experiment when missing, then the run, its data and its status', async () => {
  const home = tempDir('wb-rest-');
  const o = { storePath: path.join(home, 'store.duckdb'), home };
  const run = await startRun({ ...o, experiment: 'exp', name: 'n1', params: { lr: 0.1 }, tags: { t: 'v' }, gitCommit: null });
  run.logMetric('loss', 0.5, 0, 10);
  run.logMetric('loss', NaN, 1, 20);
  await run.end();
  const s = fakeServer((endpoint) => {
    if (endpoint === 'experiments/get-by-name') return [404, { error_code: 'RESOURCE_DOES_NOT_EXIST', message: 'no' }];
    if (endpoint === 'experiments/create') return [200, { experiment_id: '12' }];
    if (endpoint === 'runs/create') return [200, { run: { info: { run_id: 'remote1' } } }];
    return [200, {}];
  });
  const res = await pushRunToMlflow(run.runId, new MlflowRestClient('http://h', { fetch: s.fetch }), o);
  assert.equal(res, { remoteRunId: 'remote1', requests: 1 });
  assert.equal(s.calls.map((k) => `${k.method} ${k.url.replace('http://h/api/2.0/mlflow/', '')}`), [
    'GET experiments/get-by-name?experiment_name=exp',
    'POST experiments/create',
    'POST runs/create',
    'POST runs/log-batch',
    'POST runs/update',
  ]);
  assert.equal(s.calls[2].body!.experiment_id, '12');
  assert.is(s.calls[2].body!.run_name, 'n1');
  assert.equal(s.calls[3].body, { run_id: 'remote1', metrics: [{ key: 'loss', value: 0.5, timestamp: 10, step: 0 }], params: [{ key: 'lr', value: '0.1' }], tags: [] });
  assert.equal((s.calls[2].body!.tags as { key: string }[]).map((t) => t.key), ['workbench.run_id', 't']);
  assert.is(s.calls[4].body!.status, 'FINISHED');
});

test('mirrorRunToTrackingUri does nothing without an http(s) uri and pushes with one', async () => {
  const home = tempDir('wb-mirror-');
  const o = { storePath: path.join(home, 'store.duckdb'), home };
  const run = await startRun({ ...o, gitCommit: null });
  await run.end();
  const s = fakeServer((endpoint) => (endpoint === 'experiments/get-by-name' ? [200, { experiment: { experiment_id: '3' } }] : endpoint === 'runs/create' ? [200, { run: { info: { run_id: 'rr' } } }] : [200, {}]));
  assert.is(await mirrorRunToTrackingUri(run.runId, undefined, { ...o, fetch: s.fetch }), undefined);
  assert.is(await mirrorRunToTrackingUri(run.runId, '', { ...o, fetch: s.fetch }), undefined);
  assert.is(s.calls.length, 0);
  assert.is(await mirrorRunToTrackingUri(run.runId, 'https://mlflow.example', { ...o, fetch: s.fetch }), 'rr');
  assert.equal(s.calls.map((c) => c.url.replace('https://mlflow.example/api/2.0/mlflow/', '')), ['experiments/get-by-name?experiment_name=default', 'runs/create', 'runs/update']);
});

test.run();
