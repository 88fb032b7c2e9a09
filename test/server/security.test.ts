/** Binding rules, bearer token, and what a restart does to runs left running. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { assertBindAllowed, createServer } from '../../src/server/app';
import { parseConfig } from '../../src/config/load';
import { saveRecord } from '../../src/server/state';
import { tempDir } from '../helpers';
import { call, startServer, stubTrainer, waitDone } from './helpers';

test('binding beyond loopback without a token is refused at startup', () => {
  assert.throws(() => createServer({ host: '0.0.0.0', token: '', home: tempDir() }), /`--host`: set WORKBENCH_TOKEN .* received "0\.0\.0\.0"/);
  assert.throws(() => assertBindAllowed('192.168.1.5', undefined), /WORKBENCH_TOKEN/);
  assertBindAllowed('0.0.0.0', 'tok');
  assertBindAllowed('127.0.0.1', undefined);
  assertBindAllowed('::1', '');
});

test('with a token, /api needs `Authorization: Bearer <token>`; /health does not', async () => {
  const t = await startServer({ token: 's3cret', trainer: stubTrainer });
  try {
    const none = await call(`${t.url}/api/runs`, 'GET');
    assert.is(none.status, 401);
    assert.match(none.body.error, /bearer token/);
    const wrong = await call(`${t.url}/api/runs`, 'GET', undefined, { headers: { authorization: 'Bearer nope' } });
    assert.is(wrong.status, 401);
    const start = await call(`${t.url}/api/ml/progressive/start`, 'POST', {}, { headers: { authorization: 'Bearer nope' } });
    assert.is(start.status, 401);
    assert.is(t.server.manager.busy, false);
    const ok = await call(`${t.url}/api/runs`, 'GET', undefined, { headers: { authorization: 'Bearer s3cret' } });
    assert.is(ok.status, 200);
    assert.is((await call(`${t.url}/health`, 'GET')).status, 200);
  } finally {
    await t.close();
  }
});

test('a restart marks runs left running as interrupted and offers resume', async () => {
  const home = tempDir('wb-restart-');
  const runId = 'orphan-1';
  const dir = path.join(home, 'runs', runId);
  fs.mkdirSync(dir, { recursive: true });
  const config = { models: { enabled: ['logistic'] }, horizons: { enabled: [1] }, training: { max_iterations: 4 }, modes: { progressive: true, unified: false } };
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(parseConfig(config)));
  fs.writeFileSync(path.join(dir, 'checkpoint.json'), JSON.stringify({ step: 2 }));
  const now = new Date().toISOString();
  saveRecord(home, { runId, state: 'running', mode: 'progressive', createdAt: now, updatedAt: now, origin: 'api' });
  process.env.STUB_STEP_MS = '5';
  const t = await startServer({ home, trainer: stubTrainer });
  try {
    const h = await call(`${t.url}/health`, 'GET');
    assert.equal(h.body.orphans, [runId]);
    const r = await call(`${t.url}/api/runs/${runId}`, 'GET');
    assert.is(r.body.state, 'interrupted');
    assert.is(r.body.resumable, true);
    assert.match(r.body.error, /server stopped/);
    const re = await call(`${t.url}/api/ml/progressive/resume`, 'POST', { runId });
    assert.is(re.status, 202);
    const s = await waitDone(t.url);
    assert.is(s.state, 'completed');
    assert.is((await call(`${t.url}/api/ml/progressive/results?runId=${runId}`, 'GET')).body.runId, runId);
  } finally {
    await t.close();
  }
});

test.run();
