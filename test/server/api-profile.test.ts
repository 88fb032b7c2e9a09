/**
 * A `profile: seed002` config sent to the API's run start is one run per part of the profile (as `workbench
 * train`): <runId>-regression and <runId>-direction, both queued at once, each trained with its part's task and
 * models; a key the profile fixes answers 400 and a taken part id 409, starting none of them.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { call, filesUnder, startServer, stubTrainer, type TestServer } from './helpers';

let t: TestServer;

test.before(async () => {
  process.env.STUB_STEP_MS = '5';
  t = await startServer({ trainer: stubTrainer });
});
test.after(async () => {
  await t.close();
});

const api = (p: string): string => `${t.url}${p}`;
const body = { profile: 'seed002', training: { max_iterations: 2 }, modes: { progressive: true, unified: false } };

async function waitState(runId: string, timeoutMs = 30000): Promise<string> {
  const t0 = Date.now();
  for (;;) {
    const r = await call(api(`/api/ml/progressive/status?runId=${runId}`), 'GET');
    if (r.body.state !== 'running' && r.body.state !== 'queued') return r.body.state;
    if (Date.now() - t0 > timeoutMs) throw new Error(`${runId} still ${r.body.state}`);
    await new Promise((res) => setTimeout(res, 50));
  }
}

test('a key the profile fixes answers 400 naming it, and nothing starts', async () => {
  const r = await call(api('/api/ml/progressive/start?runId=bad'), 'POST', { ...body, models: { enabled: ['logistic'] } });
  assert.is(r.status, 400);
  assert.match(r.body.error, /`models\.enabled`: no `models\.enabled` with `profile: seed002` \(the profile sets it per run: regression, direction\)/);
  assert.is(r.body.field, 'models.enabled');
  assert.equal(filesUnder(path.join(t.home, 'runs')), []);
});

test('the profile starts one run per part, each with its part\'s task and models', async () => {
  const r = await call(api('/api/ml/progressive/start?runId=s2'), 'POST', body);
  assert.is(r.status, 202, JSON.stringify(r.body));
  assert.is(r.body.runId, 's2-regression');
  assert.is(r.body.profile, 'seed002');
  assert.equal(r.body.runs.map((x: { part: string; runId: string }) => [x.part, x.runId]), [['regression', 's2-regression'], ['direction', 's2-direction']]);
  assert.is(r.body.runs[1].queuePosition, 1);
  assert.is(await waitState('s2-regression'), 'completed');
  assert.is(await waitState('s2-direction'), 'completed');
  const cfg = (id: string) => JSON.parse(fs.readFileSync(path.join(t.home, 'runs', id, 'config.json'), 'utf8'));
  assert.equal([cfg('s2-regression').horizons.task, cfg('s2-regression').models.enabled], ['regression', ['random_forest', 'gbdt']]);
  assert.equal([cfg('s2-direction').horizons.task, cfg('s2-direction').models.enabled], ['binary', ['random_forest']]);
  assert.is(cfg('s2-direction').models.params.random_forest.nTrees, 50);

  // one part's id already taken: 409, and the other part does not start either
  fs.mkdirSync(path.join(t.home, 'runs', 'p3-direction'), { recursive: true });
  const taken = await call(api('/api/ml/progressive/start?runId=p3'), 'POST', body);
  assert.is(taken.status, 409);
  assert.match(taken.body.error, /run id p3-direction is already taken/);
  assert.is(fs.existsSync(path.join(t.home, 'runs', 'p3-regression')), false);
  assert.is(t.server.manager.busy, false);
});

test.run();
