/**
 * The API driving the real training layer (src/training) in its worker process: a tiny fast run on the
 * sample data (logistic + the unified net, h = 1, 3 iterations), status polled 50×/s meanwhile, then
 * results, compare with paired tests, and cancel → resume of a real run.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { call, startServer, waitDone, type TestServer } from './helpers';

let t: TestServer;

test.before(async () => {
  t = await startServer();
});
test.after(async () => {
  await t.close();
});

const fast = (modes: { progressive: boolean; unified: boolean }, iterations = 3, isFast = true) => ({
  models: { enabled: ['logistic'] },
  horizons: { enabled: [1] },
  training: { max_iterations: iterations, start_date: '2014-01-02' },
  modes,
  runtime: { fast: isFast },
});

function percentile(xs: number[], p: number): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
}

test('a real run: status stays responsive under 50 polls/s, results follow the contract, compare has paired tests', async () => {
  const r = await call(`${t.url}/api/ml/progressive/start?runId=real-1`, 'POST', fast({ progressive: true, unified: true }));
  assert.is(r.status, 202, JSON.stringify(r.body));
  const latencies: number[] = [];
  let last: any;
  const t0 = Date.now();
  while (Date.now() - t0 < 120000) {
    const q0 = performance.now();
    last = (await call(`${t.url}/api/ml/progressive/status`, 'GET')).body;
    latencies.push(performance.now() - q0);
    if (last.state !== 'running') break;
    await new Promise((res) => setTimeout(res, Math.max(0, 20 - (performance.now() - q0))));
  }
  assert.is(last.state, 'completed', JSON.stringify(last));
  const p95 = percentile(latencies, 0.95);
  console.log(`  status polling during training: ${latencies.length} polls, p50 ${percentile(latencies, 0.5).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms`);
  assert.ok(latencies.length >= 20, `only ${latencies.length} polls`);
  assert.ok(p95 < 200, `p95 ${p95.toFixed(1)} ms`);

  const res = (await call(`${t.url}/api/ml/progressive/results?runId=real-1`, 'GET')).body;
  for (const k of ['runId', 'createdAt', 'config', 'data', 'backend', 'modes']) assert.ok(k in res, `results.json lacks ${k}`);
  const cell = res.modes.progressive.horizons['1'].logistic;
  for (const k of ['accuracy', 'accuracyCI', 'baselineAccuracy', 'pValue', 'nTest', 'sharpe', 'maxDrawdown', 'targetAccuracy', 'targetMet', 'trainMs', 'modelBytes', 'iterations']) assert.ok(k in cell, `model entry lacks ${k}`);
  assert.is(cell.iterations.length, 3);
  assert.ok(res.modes.unified, 'unified mode present');
  assert.ok(typeof cell.metrics.logLoss === 'number' && typeof cell.calibration.ece === 'number', 'log loss and calibration of a binary entry');

  const rel = await call(`${t.url}/api/ml/progressive/reliability?runId=real-1`, 'GET');
  assert.is(rel.status, 200, JSON.stringify(rel.body));
  assert.equal(rel.body.horizons.map((h: { horizon: number }) => h.horizon), [1]);
  const h1 = rel.body.horizons[0];
  assert.equal(h1.entries.map((e: { mode: string }) => e.mode), ['progressive', 'unified']);
  assert.is(h1.entries[0].model, 'logistic');
  assert.ok(h1.entries.every((e: { n: number; logLoss: number }) => e.n > 0 && e.logLoss > 0));
  assert.is(h1.figure.data[0].name, 'perfectly calibrated');
  assert.is(h1.figure.data.filter((d: { yaxis?: string }) => d.yaxis === 'y2').length, 2, 'one histogram per entry');

  const cmp = await call(`${t.url}/api/ml/progressive/compare`, 'POST', { runIds: ['real-1'] });
  assert.is(cmp.status, 200);
  assert.equal(cmp.body.columns.map((c: { mode: string }) => c.mode), ['progressive', 'unified']);
  assert.ok(Array.isArray(cmp.body.tests) && cmp.body.tests.length >= 1, 'paired tests from predictions.csv');
  assert.is(cmp.body.tests[0].test, 'mcnemar');
});

test('cancelling a real run leaves a resumable checkpoint; resume completes it', async () => {
  const r = await call(`${t.url}/api/ml/progressive/start?runId=real-2`, 'POST', fast({ progressive: true, unified: false }, 20, false));
  assert.is(r.status, 202);
  for (let i = 0; i < 600; i++) {
    const s = (await call(`${t.url}/api/ml/progressive/status`, 'GET')).body;
    if ((s.progress?.unitsDone ?? 0) >= 1 || s.state !== 'running') break;
    await new Promise((res) => setTimeout(res, 25));
  }
  const c = await call(`${t.url}/api/ml/progressive/cancel`, 'POST', { runId: 'real-2' });
  assert.is(c.status, 202, JSON.stringify(c.body));
  const s = await waitDone(t.url, 60000);
  assert.is(s.state, 'cancelled');
  assert.ok(fs.existsSync(path.join(t.home, 'runs', 'real-2', 'checkpoint', 'state.json')));
  assert.not.ok(fs.existsSync(path.join(t.home, 'runs', 'real-2', 'results.json')));
  const re = await call(`${t.url}/api/ml/progressive/resume`, 'POST', { runId: 'real-2' });
  assert.is(re.status, 202, JSON.stringify(re.body));
  const s2 = await waitDone(t.url, 120000);
  assert.is(s2.state, 'completed', JSON.stringify(s2));
  const res = (await call(`${t.url}/api/ml/progressive/results?runId=real-2`, 'GET')).body;
  assert.is(res.modes.progressive.horizons['1'].logistic.iterations.length, 20);
});

test.run();
