import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'path';
import { openStudy, TrialPruned } from '../../src/tuning/study';
import { listStudies, readStudy, upsertTrial } from '../../src/tuning/study-store';
import { WorkerPool } from '../../src/tuning/parallel';
import { listRuns, runMetrics } from '../../src/tracking/query';
import { rejects, tempDir } from '../helpers';

function where() {
  const home = tempDir('wb-study-');
  return { storePath: path.join(home, 'store.duckdb'), home };
}

const space = { x: { type: 'float' as const, low: 0, high: 1 }, k: { type: 'categorical' as const, choices: ['a', 'b'] } };

test('a study runs trials, persists them, and each trial is a tracked run', async () => {
  const o = where();
  const study = await openStudy({ ...o, name: 's1', space, sampler: { type: 'random', seed: 1 }, pruner: { type: 'none' } });
  const done = await study.optimize(async (t) => {
    await t.report(0, (t.params.x as number) / 2);
    return t.params.x as number;
  }, { nTrials: 4 });
  assert.equal(done.map((t) => [t.number, t.state]), [[0, 'COMPLETE'], [1, 'COMPLETE'], [2, 'COMPLETE'], [3, 'COMPLETE']]);
  const best = study.bestTrial!;
  assert.is(best.value, Math.max(...done.map((t) => t.value!)));
  const runs = await listRuns({ ...o, experiment: 'tune-s1' });
  assert.is(runs.length, 4);
  const r = runs.find((x) => x.runId === best.runId)!;
  assert.is(r.status, 'FINISHED');
  assert.is(r.params.x, String(best.params.x));
  assert.is(r.tags['tuning.state'], 'COMPLETE');
  assert.is(r.metrics.value, best.value);
  assert.equal((await runMetrics(best.runId!, 'intermediate', o)).map((p) => p.value), [best.value! / 2]);
  assert.equal(await listStudies(o), ['s1']);
});

test('re-opening a study resumes it: numbering continues and the stored sampler is used', async () => {
  const o = where();
  const a = await openStudy({ ...o, name: 'r', space, direction: 'minimize', sampler: { type: 'random', seed: 9 }, track: false });
  await a.optimize((t) => t.params.x as number, { nTrials: 3 });
  const b = await openStudy({ ...o, name: 'r', space: { k: space.k, x: space.x }, track: false });
  assert.is(b.direction, 'minimize');
  assert.is(b.trials.length, 3);
  const more = await b.optimize((t) => t.params.x as number, { nTrials: 2 });
  assert.equal(more.map((t) => t.number), [3, 4]);
  // same seed, same trial number → same params as a fresh study would draw
  const c = await openStudy({ ...where(), name: 'r', space, direction: 'minimize', sampler: { type: 'random', seed: 9 }, track: false });
  const fresh = await c.optimize((t) => t.params.x as number, { nTrials: 5 });
  assert.equal(fresh[4].params, more[1].params);
  await rejects(() => openStudy({ ...o, name: 'r', direction: 'maximize' }), /the stored direction "minimize" when resuming, received "maximize"/);
  await rejects(() => openStudy({ ...o, name: 'r', space: { x: { type: 'float', low: 0, high: 2 } } }), /the stored search space/);
  await rejects(() => openStudy({ ...o, name: 'new' }), /a search space for a new study/);
  await rejects(() => openStudy({ ...o, name: 'bad name', space }), /a study name of/);
});

test('a trial left RUNNING by a dead process is marked FAIL on resume', async () => {
  const o = where();
  await openStudy({ ...o, name: 'c', space, track: false });
  await upsertTrial('c', { number: 0, state: 'RUNNING', params: { x: 0.5, k: 'a' }, intermediate: { 0: 0.1 }, startedMs: 1 }, o);
  const s = (await readStudy('c', o))!;
  assert.equal(s.trials.map((t) => [t.number, t.state, t.intermediate]), [[0, 'FAIL', { 0: 0.1 }]]);
});

test('pruned and failing trials are recorded with their states; the run status follows', async () => {
  const o = where();
  const study = await openStudy({ ...o, name: 'p', space, sampler: { type: 'random', seed: 2 }, pruner: { type: 'median', nStartupTrials: 2 } });
  let calls = 0;
  const trials = await study.optimize(async (t) => {
    const i = calls++;
    if (i === 3) throw new Error('boom');
    const curve = i < 2 ? [0.5, 0.6, 0.7] : [0.1, 0.2, 0.3];
    for (let s = 0; s < 3; s++) if (await t.report(s, curve[s])) throw new TrialPruned();
    return curve[2];
  }, { nTrials: 5 });
  assert.equal(trials.map((t) => t.state), ['COMPLETE', 'COMPLETE', 'PRUNED', 'FAIL', 'PRUNED']);
  assert.equal(trials[2].intermediate, { 0: 0.1 }, 'stopped at the first step');
  assert.is(trials[2].value, 0.1);
  const runs = await listRuns({ ...o, experiment: 'tune-p' });
  const byTrial = new Map(runs.map((r) => [r.tags['tuning.trial'], r]));
  assert.is(byTrial.get('2')!.status, 'KILLED');
  assert.is(byTrial.get('3')!.status, 'FAILED');
  assert.match(byTrial.get('3')!.tags['tuning.error'], /boom/);
  await rejects(() => study.optimize(() => { throw new Error('stop'); }, { nTrials: 1, catchErrors: false }), /stop/);
});

test('a grid study stops when the grid is exhausted', async () => {
  const o = where();
  const study = await openStudy({ ...o, name: 'g', space: { k: { type: 'categorical', choices: [1, 2, 3] } }, sampler: { type: 'grid' }, track: false });
  const t = await study.optimize((x) => x.params.k as number, { nTrials: 10 });
  assert.is(t.length, 3);
  assert.is(study.bestTrial!.value, 3);
});

test('trials run in parallel on worker threads, with pruning decisions made by the main thread', async () => {
  const o = where();
  const mod = path.join(__dirname, 'worker-objective.js');
  const pool = new WorkerPool({ module: mod, size: 2, data: { peak: 0.25 } });
  try {
    const study = await openStudy({ ...o, name: 'w', space: { x: { type: 'float', low: 0, high: 1 } }, sampler: { type: 'tpe', seed: 1, nStartupTrials: 4 }, pruner: { type: 'median', nStartupTrials: 3 }, track: false });
    const trials = await study.optimize(pool.objective, { nTrials: 12, parallel: pool.size });
    assert.is(trials.length, 12);
    assert.ok(trials.some((t) => t.state === 'PRUNED'), 'some trials were pruned');
    assert.ok(trials.every((t) => t.state === 'COMPLETE' || t.state === 'PRUNED'));
    assert.ok(Math.abs((study.bestTrial!.params.x as number) - 0.25) < 0.15);
  } finally {
    await pool.close();
  }
  const ids = new WorkerPool({ module: mod, exportName: 'threadId', size: 2 });
  const broken = new WorkerPool({ module: mod, exportName: 'broken', size: 1 });
  try {
    const s = await openStudy({ ...where(), name: 't', space: { x: { type: 'float', low: 0, high: 1 } }, sampler: { type: 'random' }, track: false });
    const t = await s.optimize(ids.objective, { nTrials: 4, parallel: 2 });
    assert.ok(t.every((x) => x.value! > 0), 'ran off the main thread (threadId > 0)');
    const f = await s.optimize(broken.objective, { nTrials: 1 });
    assert.is(f[0].state, 'FAIL');
  } finally {
    await ids.close();
    await broken.close();
  }
});

test.run();
