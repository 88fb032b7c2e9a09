import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { startRun, markStaleRuns, checkKey, paramText } from '../../src/tracking/tracker';
import { listRuns, runMetrics, bestRun, runsTable, getRun } from '../../src/tracking/query';
import { gitCommit } from '../../src/tracking/env';
import { Tracker } from '../../src/tracking/client';
import { rejects, tempDir } from '../helpers';
import { repoRoot } from '../../src/util/fs';

function where() {
  const dir = tempDir('wb-track-');
  return { storePath: path.join(dir, 'store.duckdb'), home: dir };
}

test('a run records status, seed, config hash, data hash, backend and host, then ends FINISHED', async () => {
  const o = where();
  const run = await startRun({ ...o, experiment: 'exp-a', config: { b: 1, a: 2 }, seed: 7, dataSha256: 'abc', backend: 'wasm', gitCommit: null });
  let r = await getRun(run.runId, o);
  assert.is(r.status, 'RUNNING');
  assert.is(r.experiment, 'exp-a');
  assert.is(r.seed, 7);
  assert.is(r.dataSha256, 'abc');
  assert.is(r.backend, 'wasm');
  assert.is(r.pid, process.pid);
  assert.match(r.configHash!, /^[0-9a-f]{64}$/);
  await run.end();
  r = await getRun(run.runId, o);
  assert.is(r.status, 'FINISHED');
  assert.ok(r.endMs! >= r.startMs);
  await rejects(() => run.end(), /has ended/);
});

test('the same config in another key order gives the same config hash', async () => {
  const o = where();
  const a = await startRun({ ...o, config: { x: 1, y: { p: 2, q: 3 } } });
  const b = await startRun({ ...o, config: { y: { q: 3, p: 2 }, x: 1 } });
  assert.is((await getRun(a.runId, o)).configHash, (await getRun(b.runId, o)).configHash);
});

test('params are immutable: the same value is a no-op, a different value an InputError', async () => {
  const o = where();
  const run = await startRun({ ...o, params: { lr: 0.01, layers: [64, 32] } });
  await run.logParam('lr', 0.01);
  await rejects(() => run.logParam('lr', 0.02), /`params\.lr`: the value logged before \("0\.01"\); params are immutable, received "0\.02"/);
  await run.logParams({ depth: 4 });
  const r = await getRun(run.runId, o);
  assert.equal(r.params, { lr: '0.01', layers: '[64,32]', depth: '4' });
  await run.end();
});

test('a rejected param batch writes nothing', async () => {
  const o = where();
  const run = await startRun({ ...o, params: { a: 1 } });
  await rejects(() => run.logParams({ b: 2, a: 3 }), /params are immutable/);
  assert.equal((await getRun(run.runId, o)).params, { a: '1' });
});

test('metrics keep every step with timestamps; last value by step', async () => {
  const o = where();
  const run = await startRun(o);
  run.logMetric('loss', 0.9, 0, 1000);
  run.logMetric('loss', 0.7, 1, 2000);
  run.logMetric('loss', 0.5, 2, 3000);
  run.logMetrics({ acc: 0.51, f1: NaN }, 2, 3000);
  await run.end();
  assert.equal(await runMetrics(run.runId, 'loss', o), [
    { step: 0, value: 0.9, timestampMs: 1000 },
    { step: 1, value: 0.7, timestampMs: 2000 },
    { step: 2, value: 0.5, timestampMs: 3000 },
  ]);
  const r = await getRun(run.runId, o);
  assert.is(r.metrics.loss, 0.5);
  assert.is(r.metrics.acc, 0.51);
  assert.ok(Number.isNaN(r.metrics.f1));
});

test('metrics flush in batches in the background and all points arrive', async () => {
  const o = where();
  const run = await startRun({ ...o, flushEvery: 100 });
  for (let i = 0; i < 1050; i++) run.logMetric('x', i, i);
  await run.end();
  const pts = await runMetrics(run.runId, 'x', o);
  assert.is(pts.length, 1050);
  assert.is(pts[1049].value, 1049);
});

test('bad keys, steps and values are InputErrors', async () => {
  const o = where();
  const run = await startRun(o);
  assert.throws(() => run.logMetric('a b/../c', 1), /a key of 1–250 letters/);
  assert.throws(() => run.logMetric('ok', 1, 1.5), /an integer step, received 1\.5/);
  assert.throws(() => run.logMetric('ok', '1' as unknown as number), /`metrics\.ok`: a number, received "1"/);
  assert.throws(() => checkKey('', 'k'), /a key of/);
  await rejects(() => startRun({ ...o, runId: run.runId }), /a run id not used before/);
  await rejects(() => startRun({ ...o, runId: 'bad id!' }), /1–80 letters/);
});

test('paramText keeps strings and writes other values as JSON', () => {
  assert.is(paramText('abc'), 'abc');
  assert.is(paramText(3), '3');
  assert.is(paramText(true), 'true');
  assert.is(paramText({ a: [1] }), '{"a":[1]}');
});

test('tags can be overwritten; artifacts are copied under runs/<id>/artifacts', async () => {
  const o = where();
  const run = await startRun({ ...o, tags: { stage: 'a' } });
  await run.setTag('stage', 'b');
  const src = path.join(o.home, 'note.txt');
  fs.writeFileSync(src, 'hello');
  const dest = await run.logArtifact(src, 'reports/note.txt');
  assert.is(dest, path.join(o.home, 'runs', run.runId, 'artifacts', 'reports', 'note.txt'));
  assert.is(fs.readFileSync(dest, 'utf8'), 'hello');
  await rejects(() => run.logArtifact(src, '../x'), /a relative path inside the artifact folder/);
  await rejects(() => run.logArtifact(path.join(o.home, 'missing')), /an existing file/);
  assert.is((await getRun(run.runId, o)).tags.stage, 'b');
});

test('a crashed process leaves its run RUNNING until the next open marks it FAILED', async () => {
  const o = where();
  const mod = path.join(repoRoot(), 'dist', 'src', 'tracking', 'tracker.js');
  const script = `require(${JSON.stringify(mod)}).startRun({storePath: ${JSON.stringify(o.storePath)}, home: ${JSON.stringify(o.home)}, runId: 'crashed'})
    .then(() => process.exit(3))`;
  const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.is(child.status, 3, child.stderr);
  const alive = await startRun(o);
  const runs = await listRuns(o);
  const crashed = runs.find((r) => r.runId === 'crashed')!;
  assert.is(crashed.status, 'FAILED');
  assert.match(crashed.tags['workbench.failure'], /process exited/);
  assert.is(runs.find((r) => r.runId === alive.runId)!.status, 'RUNNING');
  assert.equal(await markStaleRuns(o), []);
});

test('listRuns filters by experiment and status; bestRun picks by mode; runsTable is an arquero table', async () => {
  const o = where();
  const vals = [0.52, 0.55, 0.5];
  for (let i = 0; i < 3; i++) {
    const run = await startRun({ ...o, experiment: i < 2 ? 'e1' : 'e2', runId: `r${i}`, params: { i } });
    run.logMetric('acc', vals[i], 1);
    await run.end(i === 1 ? 'KILLED' : 'FINISHED');
  }
  assert.equal((await listRuns({ ...o, experiment: 'e1' })).map((r) => r.runId).sort(), ['r0', 'r1']);
  assert.equal((await listRuns({ ...o, status: 'KILLED' })).map((r) => r.runId), ['r1']);
  assert.is((await bestRun('acc', o))!.runId, 'r1');
  assert.is((await bestRun('acc', { ...o, mode: 'min' }))!.runId, 'r2');
  assert.is((await bestRun('acc', { ...o, status: 'FINISHED' }))!.runId, 'r0');
  assert.is(await bestRun('nope', o), undefined);
  const t = await runsTable(o);
  assert.is(t.numRows(), 3);
  assert.ok(t.columnNames().includes('metrics.acc'));
  assert.ok(t.columnNames().includes('params.i'));
  assert.equal(t.orderby('runId').array('metrics.acc'), vals);
});

test('gitCommit reads HEAD through a symbolic ref, packed refs, or a detached id', () => {
  const root = tempDir('wb-git-');
  assert.is(gitCommit(root), undefined);
  const g = path.join(root, '.git');
  fs.mkdirSync(path.join(g, 'refs', 'heads'), { recursive: true });
  fs.writeFileSync(path.join(g, 'HEAD'), 'ref: refs/heads/main\n');
  fs.writeFileSync(path.join(g, 'packed-refs'), `# pack-refs\n${'b'.repeat(40)} refs/heads/main\n`);
  assert.is(gitCommit(root), 'b'.repeat(40));
  fs.writeFileSync(path.join(g, 'refs', 'heads', 'main'), `${'a'.repeat(40)}\n`);
  assert.is(gitCommit(root), 'a'.repeat(40));
  fs.writeFileSync(path.join(g, 'HEAD'), `${'c'.repeat(40)}\n`);
  assert.is(gitCommit(root), 'c'.repeat(40));
});

test('a Tracker binds the store, home and default experiment', async () => {
  const o = where();
  const t = new Tracker({ ...o, experiment: 'bound' });
  const run = await t.startRun({ gitCommit: null });
  run.logMetric('m', 2, 3);
  await run.end();
  assert.is((await t.getRun(run.runId)).experiment, 'bound');
  assert.equal((await t.listRuns({ experiment: 'bound' })).map((r) => r.runId), [run.runId]);
  assert.is((await t.bestRun('m'))!.runId, run.runId);
  assert.equal((await t.runMetrics(run.runId, 'm')).map((p) => [p.step, p.value]), [[3, 2]]);
  assert.is((await t.runsTable()).numRows(), 1);
  assert.equal(await t.markStaleRuns(), []);
});

test.run();
