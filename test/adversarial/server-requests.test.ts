/**
 * Findings 3, 4, 7 and 8 over the API: outbound URLs only from the allow-list, bounded work, and every
 * config error answered synchronously with 400 and its field — never a 202 that fails later, never a server path.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as http from 'http';
import { call, startServer, stubTrainer } from '../server/helpers';
import { hostile } from './hostile';
import { LIMITS } from '../../src/util/limits';
import { parseConfig } from '../../src/config/load';
import { TrainingCancelledError, type StartTrainingOptions } from '../../src/server/runner';
import { loadRecord } from '../../src/server/state';

const BASE = { models: { enabled: ['logistic'] }, horizons: { enabled: [1] }, modes: { progressive: true, unified: false }, runtime: { fast: true }, training: { max_iterations: 2 } };

function withKey(path: string, value: unknown): Record<string, unknown> {
  const body = JSON.parse(JSON.stringify(BASE)) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const keys = path.split('.');
  let cur = body;
  for (const k of keys.slice(0, -1)) cur = cur[k] ??= {};
  cur[keys[keys.length - 1]] = value;
  return body;
}

test('tracking.uri (and yahoo sources) are refused unless on the allow-list; the server never calls them', async () => {
  let hits = 0;
  const trap = http.createServer((_req, res) => {
    hits++;
    res.end('{}');
  });
  await new Promise<void>((r) => trap.listen(0, '127.0.0.1', () => r()));
  const port = (trap.address() as { port: number }).port;
  const t = await startServer({ trainer: stubTrainer, allowedUrls: ['https://mlflow.internal:5000'] });
  try {
    for (const uri of [`http://127.0.0.1:${port}/anything/`, 'http://169.254.169.254/latest/meta-data/', 'http://[::1]:22/', 'http://localhost:5000', 'https://mlflow.internal:5001/', 'https://mlflow.internal:5000@evil.example/']) {
      hostile('url');
      const r = await call(`${t.url}/api/ml/progressive/start`, 'POST', withKey('tracking.uri', uri));
      assert.is(r.status, 400, `${uri}: ${JSON.stringify(r.body)}`);
      assert.is(r.body.field, 'tracking.uri');
      assert.match(r.body.error, /allow-list/);
    }
    for (const uri of ['file:///etc/passwd', 'gopher://x/', 'javascript:alert(1)']) {
      hostile('url');
      const r = await call(`${t.url}/api/ml/progressive/start`, 'POST', withKey('tracking.uri', uri));
      assert.is(r.status, 400);
      assert.is(r.body.field, 'tracking.uri');
    }
    hostile('url');
    const y = await call(`${t.url}/api/ml/progressive/start`, 'POST', withKey('data.source', 'yahoo:AAPL'));
    assert.is(y.status, 400);
    assert.is(y.body.field, 'data.source');
    assert.is(t.server.manager.busy, false);
    assert.is(hits, 0);
  } finally {
    await t.close();
    trap.close();
  }
});

test('size, count and loop fields are bounded, the bound named in the 400', async () => {
  const t = await startServer({ trainer: stubTrainer });
  try {
    const cases: Array<[string, unknown, RegExp]> = [
      ['evaluation.bootstrap_samples', 1e9, /less than or equal to 20000/],
      ['training.max_iterations', 1e6, /less than or equal to 1000/],
      ['models.epochs', 1e7, /less than or equal to 1000/],
      ['models.batch_size', 1e9, /less than or equal to 65536/],
      ['training.window_increment', 1e9, /less than or equal to 3660/],
      ['features.sequence_length', 1e6, /less than or equal to 512/],
      ['horizons.enabled', Array.from({ length: 100 }, (_, i) => i + 1), /at most 16/],
      ['models.enabled', Array.from({ length: 100 }, () => 'logistic'), /at most 16/],
      ['training.embargo', 1e9, /less than or equal to 1000/],
      ['tracking.experiment', 'x'.repeat(10000), /at most 200/],
    ];
    for (const [key, value, re] of cases) {
      hostile('size');
      const r = await call(`${t.url}/api/ml/progressive/start`, 'POST', withKey(key, value));
      assert.is(r.status, 400, `${key}: ${JSON.stringify(r.body)}`);
      assert.match(r.body.error, re);
    }
    hostile('nesting');
    let deep: unknown = 1;
    for (let i = 0; i < 200; i++) deep = { a: deep };
    const d = await call(`${t.url}/api/ml/progressive/start`, 'POST', withKey('models.params', { logistic: deep }));
    assert.is(d.status, 400);
    assert.match(d.body.error, /nested at most 64 levels/);
    assert.is(t.server.manager.busy, false);
  } finally {
    await t.close();
  }
});

test('config errors are answered 400 with the field at once (no 202), without server paths', async () => {
  const t = await startServer({ trainer: stubTrainer });
  try {
    const cases: Array<[string, unknown, string, RegExp]> = [
      ['training.start_date', '2015-02-30', 'training.start_date', /real calendar date/],
      ['training.initial_end_date', '2020-04-17', 'training.initial_end_date', /inside the data's 2000-01-03 … 2020-04-17/],
      ['training.initial_end_date', '1999-01-01', 'training.initial_end_date', /a date after training.start_date/],
      ['data.source', 'store:NOSUCH', 'data.source', /NOSUCH/],
      ['data.source', 'csv:data/missing.csv', 'data.source', /readable file/],
      ['data.source', 'csv:../../etc/passwd', 'data.source', /without `\.\.` segments/],
      ['data.source', 'csv:/etc/passwd', 'data.source', /inside the project's data folder/],
      ['data.fundamentals', 'data/none.json', 'data.fundamentals', /fundamentals/],
      ['data.vix', 'csv:/etc/passwd', 'data.vix', /inside the project's data folder/],
      ['models.enabled', ['logistic', 'nosuchmodel'], 'models.enabled[1]', /a registered model/],
      ['models.unified_model', 'nosuchmodel', 'models.unified_model', /a registered model/],
      ['models.params', { logistic: { nosuch: 1 } }, 'models.params.logistic.nosuch', /unknown key `nosuch`/],
      ['horizons.enabled', [252], 'horizons.enabled[0]', /a horizon shorter than/],
      ['training.symbol', 'AAPL', 'training.symbol', /no effect/],
    ];
    for (const [key, value, field, re] of cases) {
      hostile('config');
      const r = await call(`${t.url}/api/ml/progressive/start`, 'POST', withKey(key, value));
      assert.is(r.status, 400, `${key}=${JSON.stringify(value)}: ${r.status} ${JSON.stringify(r.body)}`);
      assert.is(r.body.field, field, JSON.stringify(r.body));
      assert.match(r.body.error, re);
      assert.not.match(r.body.error, /\/work\/|\/tmp\/|\/home\//, `server path in ${r.body.error}`);
    }
    assert.is(t.server.manager.busy, false);
    const runs = await call(`${t.url}/api/runs`, 'GET');
    assert.equal(runs.body.runs, []);
  } finally {
    await t.close();
  }
});

test('races and traversal: concurrent starts give one running run and a queue of distinct runs, run ids cannot name paths', async () => {
  process.env.STUB_STEP_MS = '20';
  const t = await startServer({ trainer: stubTrainer });
  try {
    hostile('race', 6);
    const replies = await Promise.all(Array.from({ length: 6 }, () => call(`${t.url}/api/ml/progressive/start`, 'POST', withKey('training.max_iterations', 30))));
    const statuses = replies.map((r) => r.status).sort();
    // every start is accepted (202); exactly one runs, the others wait with distinct positions 1..5 and distinct ids
    assert.equal(statuses, [202, 202, 202, 202, 202, 202]);
    const bodies = replies.map((r) => r.body as { runId: string; state: string; queuePosition?: number });
    assert.equal(bodies.filter((b) => b.state === 'running').length, 1);
    assert.equal(bodies.filter((b) => b.state === 'queued').map((b) => b.queuePosition).sort(), [1, 2, 3, 4, 5]);
    assert.equal(new Set(bodies.map((b) => b.runId)).size, 6);
    const cancelled = await Promise.all(bodies.filter((b) => b.state === 'queued').map((b) => call(`${t.url}/api/ml/progressive/cancel`, 'POST', { runId: b.runId })));
    assert.ok(cancelled.every((r) => r.status === 202), JSON.stringify(cancelled.map((r) => r.status)));
    for (const id of ['../../etc/passwd', '..', '%2e%2e%2fx', 'a/b', 'x'.repeat(100), '.hidden']) {
      hostile('traversal');
      const r = await call(`${t.url}/api/ml/progressive/results?runId=${encodeURIComponent(id)}`, 'GET');
      assert.ok(r.status === 400 || r.status === 404, `${id}: ${r.status}`);
      assert.not.match(JSON.stringify(r.body), /\/work\/|\/tmp\//);
    }
  } finally {
    await t.close();
  }
});

test('queue flood: beyond the limit a start gets 409 "queue is full"; closing cancels every queued run and none launches after', async () => {
  // a trainer that blocks until the test releases it (no timers): the active run outlasts every start
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const launched: string[] = [];
  const start = (_cfg: unknown, o: StartTrainingOptions): Promise<void> => {
    launched.push(o.runId);
    return new Promise<void>((resolve, reject) => {
      const stop = (): void => reject(new TrainingCancelledError(o.runId));
      if (o.signal?.aborted) return stop();
      o.signal?.addEventListener('abort', stop, { once: true });
      void gate.then(() => resolve());
    });
  };
  const t = await startServer({ start });
  let closed = false;
  try {
    const first = await call(`${t.url}/api/ml/progressive/start`, 'POST', BASE);
    assert.is(first.status, 202);
    assert.is(first.body.state, 'running');
    hostile('queue flood', LIMITS.maxQueuedRuns + 1);
    const queued: string[] = [];
    for (let i = 1; i <= LIMITS.maxQueuedRuns; i++) {
      const r = await call(`${t.url}/api/ml/progressive/start`, 'POST', BASE);
      assert.is(r.status, 202, JSON.stringify(r.body));
      assert.is(r.body.queuePosition, i);
      queued.push(r.body.runId);
    }
    const over = await call(`${t.url}/api/ml/progressive/start`, 'POST', BASE);
    assert.is(over.status, 409);
    assert.match(JSON.stringify(over.body), /queue is full/);
    assert.is((await call(`${t.url}/api/queue`, 'GET')).body.queued.length, LIMITS.maxQueuedRuns);
    assert.equal(launched, [first.body.runId]);
    await t.close();
    closed = true;
    // released after close: the stub could now finish, yet no queued run may launch, and new starts are refused
    release();
    await gate;
    await new Promise((r) => setImmediate(r));
    assert.equal(launched, [first.body.runId]);
    assert.is(loadRecord(t.home, first.body.runId)?.state, 'cancelled');
    assert.equal([...new Set(queued.map((id) => loadRecord(t.home, id)?.state))], ['cancelled']);
    assert.throws(() => t.server.manager.start(parseConfig(BASE)), /shutting down/);
  } finally {
    release();
    if (!closed) await t.close();
  }
});

test.run();
