/** API mechanics against a real server on 127.0.0.1 with the stub trainer (fast): every endpoint, errors, 409, the run queue. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot } from '../../src/util/fs';
import { call, filesUnder, startServer, stubTrainer, tinyConfig, waitDone, type TestServer } from './helpers';

let t: TestServer;

test.before(async () => {
  process.env.STUB_STEP_MS = '15';
  t = await startServer({ trainer: stubTrainer, bodyLimit: 4096 });
});
test.after(async () => {
  await t.close();
});

const api = (p: string): string => `${t.url}${p}`;

test('bad requests answer 4xx with a clear message and start or write nothing', async () => {
  const start = api('/api/ml/progressive/start');
  const cases: Array<[string, Promise<{ status: number; body: any }>, number, RegExp, string?]> = [
    ['malformed JSON', call(start, 'POST', undefined, { raw: '{"training": ' }), 400, /malformed JSON body/],
    ['wrong type', call(start, 'POST', { training: { max_iterations: 'ten' } }), 400, /`training\.max_iterations`: a number, received "ten"/, 'training.max_iterations'],
    ['out of range', call(start, 'POST', { training: { max_iterations: 0 } }), 400, /training\.max_iterations/, 'training.max_iterations'],
    ['unknown field', call(start, 'POST', { trainig: {} }), 400, /unknown key `trainig`/, 'trainig'],
    ['unknown nested field', call(start, 'POST', { models: { enabled: ['logistic'], epoch: 3 } }), 400, /unknown key `epoch`/, 'models.epoch'],
    ['unknown model', call(start, 'POST', { models: { enabled: ['logistic', 'xgb'] } }), 400, /`models\.enabled\[1\]`: a registered model \(.*gbdt.*\), received "xgb"/, 'models.enabled[1]'],
    ['array body', call(start, 'POST', [1, 2]), 400, /body: must be object/],
    ['oversized body', call(start, 'POST', { data: { symbol: 'x'.repeat(5000) } }), 413, /too large: at most 4096 bytes/],
    ['path traversal', call(start, 'POST', { data: { source: 'csv:data/../../etc/passwd' } }), 400, /without `\.\.` segments/, 'data.source'],
    ['absolute path outside data/', call(start, 'POST', { data: { source: 'json:/etc/passwd' } }), 400, /inside the project's data folder/, 'data.source'],
    ['fundamentals outside data/', call(start, 'POST', { data: { fundamentals: '/tmp/f.json' } }), 400, /data folder/, 'data.fundamentals'],
    ['bad run id in query', call(`${start}?runId=..%2Fescape`, 'POST', {}), 400, /querystring\.runId: must match pattern/, 'runId'],
    ['unknown query field', call(`${start}?mode=x`, 'POST', {}), 400, /unknown field `mode`/, 'mode'],
    ['bad run id for results', call(api('/api/ml/progressive/results?runId=%2Fetc%2Fpasswd'), 'GET'), 400, /runId: must match pattern/],
    ['compare: too many ids', call(api('/api/ml/progressive/compare'), 'POST', { runIds: ['a', 'b', 'c'] }), 400, /runIds: must NOT have more than 2 items/],
    ['compare: wrong type', call(api('/api/ml/progressive/compare'), 'POST', { runIds: 'a' }), 400, /runIds: must be array/],
    ['compare: unknown run', call(api('/api/ml/progressive/compare'), 'POST', { runIds: ['nope'] }), 404, /run nope has none/],
    ['results: unknown run', call(api('/api/ml/progressive/results?runId=nope'), 'GET'), 404, /run nope has none/],
    ['reliability: no run id', call(api('/api/ml/progressive/reliability'), 'GET'), 400, /runId/],
    ['reliability: unknown run', call(api('/api/ml/progressive/reliability?runId=nope'), 'GET'), 404, /run nope has none/],
    ['cancel with nothing running', call(api('/api/ml/progressive/cancel'), 'POST', {}), 409, /no run is training/],
    ['resume an unknown run', call(api('/api/ml/progressive/resume'), 'POST', { runId: 'nope' }), 400, /an existing run/],
    ['unknown route', call(api('/api/nope'), 'GET'), 404, /no route GET \/api\/nope/],
  ];
  for (const [name, pending, status, re, field] of cases) {
    const r = await pending;
    assert.is(r.status, status, `${name}: ${JSON.stringify(r.body)}`);
    assert.match(String(r.body.error), re, name);
    assert.not.match(String(r.body.error), /\n\s+at /, `${name}: no stack trace`);
    if (field) assert.is(r.body.field, field, name);
  }
  assert.is(t.server.manager.busy, false);
  assert.equal(filesUnder(path.join(t.home, 'runs')), []);
  assert.equal(filesUnder(path.join(t.home, 'server')), []);
});

test('data paths inside data/ are accepted and rewritten as absolute paths', async () => {
  const { validateStartConfig } = await import('../../src/server/validate');
  const cfg = validateStartConfig({ data: { source: 'csv:data/AAPL.csv' } }, { dataDir: path.join(repoRoot(), 'data'), baseDir: repoRoot() });
  assert.is(cfg.data.source, `csv:${path.join(repoRoot(), 'data', 'AAPL.csv')}`);
});

test('health, config schema and the dashboard assets are served', async () => {
  const h = await call(api('/health'), 'GET');
  assert.equal(h.body, { ok: true, busy: false, orphans: [] });
  const s = await call(api('/api/config/schema'), 'GET');
  assert.is(s.status, 200);
  assert.ok(s.body.fields.some((f: { key: string; type: string }) => f.key === 'training.max_iterations' && f.type === 'integer'));
  assert.is(s.body.defaults.training.max_iterations, 30);
  const page = await fetch(api('/'));
  assert.is(page.status, 200);
  assert.match(await page.text(), /<script src="\/vendor\/plotly\.min\.js"/);
  assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'self'/);
  const plotly = await fetch(api('/vendor/plotly.min.js'));
  assert.is(plotly.status, 200);
  assert.match(plotly.headers.get('content-type') ?? '', /javascript/);
  await plotly.arrayBuffer();
});

test('start → status → results → runs → compare: the happy path', async () => {
  const r = await call(api('/api/ml/progressive/start?runId=happy-1'), 'POST', tinyConfig(4));
  assert.is(r.status, 202);
  assert.is(r.body.runId, 'happy-1');
  assert.is(r.body.mode, 'progressive');
  const done = await waitDone(t.url);
  assert.is(done.state, 'completed');
  assert.is(done.progress.overall, 1);
  const st = await call(api('/api/ml/progressive/status?runId=happy-1&history=1'), 'GET');
  assert.is(st.body.history.length, 4);
  assert.is(st.body.history[3].iteration, 4);
  const res = await call(api('/api/ml/progressive/results?runId=happy-1'), 'GET');
  assert.is(res.status, 200);
  assert.is(res.body.runId, 'happy-1');
  assert.is(res.body.modes.progressive.horizons['1'].logistic.accuracy, 0.52);
  const latest = await call(api('/api/ml/progressive/results'), 'GET');
  assert.is(latest.body.runId, 'happy-1');
  const runs = await call(api('/api/runs'), 'GET');
  assert.is(runs.body.runs[0].runId, 'happy-1');
  assert.is(runs.body.runs[0].state, 'completed');
  assert.is(runs.body.runs[0].config, undefined);
  const one = await call(api('/api/runs/happy-1'), 'GET');
  assert.is(one.body.hasResults, true);
  const cmp = await call(api('/api/ml/progressive/compare'), 'POST', { runIds: ['happy-1'] });
  assert.is(cmp.status, 200);
  assert.equal(cmp.body.columns.map((c: { mode: string }) => c.mode), ['progressive']);
  assert.is(cmp.body.rows[0].cells[0].accuracy, 0.52);
});

test('two simultaneous starts: one trains, the other is queued (202 + position) and runs after it', async () => {
  const before = fs.readdirSync(path.join(t.home, 'runs')).length;
  const [a, b] = await Promise.all([call(api('/api/ml/progressive/start'), 'POST', tinyConfig(5)), call(api('/api/ml/progressive/start'), 'POST', tinyConfig(5))]);
  assert.equal([a.status, b.status], [202, 202]);
  const queued = a.body.queuePosition ? a : b;
  assert.is(queued.body.queuePosition, 1);
  assert.is(queued.body.state, 'queued');
  const q = await call(api('/api/queue'), 'GET');
  assert.is(q.status, 200);
  assert.ok(q.body.workers.processes >= 1);
  for (let i = 0; i < 400; i++) {
    const st = await call(api(`/api/runs/${queued.body.runId}`), 'GET');
    if (st.body.state === 'completed') break;
    await new Promise((res) => setTimeout(res, 25));
  }
  await waitDone(t.url);
  assert.is((await call(api(`/api/runs/${queued.body.runId}`), 'GET')).body.state, 'completed');
  assert.is(fs.readdirSync(path.join(t.home, 'runs')).length, before + 2);
});

test('a queued run can be cancelled before it starts; GET /api/queue lists it', async () => {
  process.env.STUB_STEP_MS = '40';
  const first = await call(api('/api/ml/progressive/start?runId=q-first'), 'POST', tinyConfig(20));
  const second = await call(api('/api/ml/progressive/start?runId=q-second'), 'POST', tinyConfig(2));
  assert.is(second.body.queuePosition, 1);
  const q = await call(api('/api/queue'), 'GET');
  assert.is(q.body.active.runId, 'q-first');
  assert.equal(q.body.queued.map((r: { runId: string; position: number }) => [r.runId, r.position]), [['q-second', 1]]);
  const c = await call(api('/api/ml/progressive/cancel'), 'POST', { runId: 'q-second' });
  assert.equal([c.status, c.body.state], [202, 'cancelled']);
  assert.equal((await call(api('/api/queue'), 'GET')).body.queued, []);
  process.env.STUB_STEP_MS = '5';
  assert.is(first.status, 202);
  await waitDone(t.url);
  assert.is((await call(api('/api/runs/q-second'), 'GET')).body.state, 'cancelled');
});

test('a taken run id is refused with 409', async () => {
  const r = await call(api('/api/ml/progressive/start?runId=happy-1'), 'POST', tinyConfig(2));
  assert.is(r.status, 409);
  assert.match(r.body.error, /already taken/);
});

test('cancel stops the run with a checkpoint; resume finishes it', async () => {
  process.env.STUB_STEP_MS = '40';
  const r = await call(api('/api/ml/progressive/start?runId=cancel-1'), 'POST', tinyConfig(50));
  assert.is(r.status, 202);
  // cancel once the trainer has checkpointed something (a run cancelled before that is not resumable)
  for (let i = 0; i < 200; i++) {
    const st = await call(api('/api/ml/progressive/status'), 'GET');
    if ((st.body.progress?.iteration ?? 0) >= 2) break;
    await new Promise((res) => setTimeout(res, 25));
  }
  const c = await call(api('/api/ml/progressive/cancel'), 'POST', undefined);
  assert.is(c.status, 202);
  assert.is(c.body.runId, 'cancel-1');
  const s = await waitDone(t.url);
  assert.is(s.state, 'cancelled');
  const runs = await call(api('/api/runs/cancel-1'), 'GET');
  assert.is(runs.body.resumable, true);
  assert.is(runs.body.hasResults, false);
  process.env.STUB_STEP_MS = '5';
  const re = await call(api('/api/ml/progressive/resume'), 'POST', { runId: 'cancel-1' });
  assert.is(re.status, 202);
  const s2 = await waitDone(t.url);
  assert.is(s2.state, 'completed');
  const again = await call(api('/api/ml/progressive/resume'), 'POST', { runId: 'cancel-1' });
  assert.is(again.status, 409);
  assert.match(again.body.error, /already completed/);
});

test('a failing trainer marks the run failed with its message, no stack trace', async () => {
  process.env.STUB_FAIL = '1';
  try {
    await call(api('/api/ml/progressive/start?runId=fail-1'), 'POST', tinyConfig(2));
    const s = await waitDone(t.url);
    assert.is(s.state, 'failed');
    assert.match(s.error, /training failed: stub trainer failed on purpose/);
    assert.not.match(s.error, /\bat \//);
  } finally {
    delete process.env.STUB_FAIL;
  }
});

test('SSE sends the current status, then every change until completion', async () => {
  process.env.STUB_STEP_MS = '20';
  const ctrl = new AbortController();
  const res = await fetch(api('/api/ml/progressive/events'), { signal: ctrl.signal });
  assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const dec = new TextDecoder();
  let buf = '';
  const events: Array<{ event: string; data: any }> = [];
  const started = call(api('/api/ml/progressive/start?runId=sse-1'), 'POST', tinyConfig(5));
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += dec.decode(value, { stream: true });
    let i: number;
    while ((i = buf.indexOf('\n\n')) >= 0) {
      const chunk = buf.slice(0, i);
      buf = buf.slice(i + 2);
      const ev = /^event: (.*)$/m.exec(chunk);
      const data = /^data: (.*)$/m.exec(chunk);
      if (ev && data) events.push({ event: ev[1], data: JSON.parse(data[1]) });
    }
    const last = events[events.length - 1];
    if (last?.data?.runId === 'sse-1' && last.data.state === 'completed') break;
  }
  ctrl.abort();
  assert.is((await started).status, 202);
  assert.is(events[0].event, 'status');
  assert.is(events[1].event, 'history');
  const mine = events.filter((e) => e.event === 'status' && e.data.runId === 'sse-1');
  const iterations = mine.map((e) => e.data.progress?.iteration).filter((x) => x !== undefined);
  assert.ok(iterations.includes(5), `iterations seen: ${iterations}`);
  assert.is(mine[mine.length - 1].data.progress.overall, 1);
});

test.run();
