import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { runsCommand } from '../../src/cli/runs';
import { exportMlflowCommand } from '../../src/cli/export';
import { startRun } from '../../src/tracking/tracker';
import { readMlflowDir } from '../../src/tracking/mlflow-read';
import { runCommand, withTempHome } from './run-command';

test('runs: empty store, then a table and JSON of tracked runs', async () => {
  await withTempHome(async () => {
    const empty = await runCommand(runsCommand, []);
    assert.is(empty.code, 0);
    assert.match(empty.out, /No tracked runs yet/);
    const run = await startRun({ runId: 'r1', experiment: 'e', gitCommit: null });
    run.logMetric('acc', 0.5, 1);
    await run.end();
    await (await startRun({ runId: 'r2', experiment: 'other', gitCommit: null })).end('FAILED');
    const t = await runCommand(runsCommand, []);
    assert.is(t.code, 0);
    const lines = t.out.split('\n');
    assert.match(lines[0], /^run\s+experiment\s+status\s+started\s+duration\s+metrics$/);
    assert.ok(lines.some((l) => /^r1\s+e\s+FINISHED\s.*acc=0\.5000$/.test(l)), t.out);
    const j = JSON.parse((await runCommand(runsCommand, ['--json', '--experiment', 'e'])).out);
    assert.equal(j.map((r: { runId: string }) => r.runId), ['r1']);
    const f = JSON.parse((await runCommand(runsCommand, ['--json', '--status', 'FAILED'])).out);
    assert.equal(f.map((r: { runId: string }) => r.runId), ['r2']);
    const bad = await runCommand(runsCommand, ['--status', 'DONE']);
    assert.is(bad.code, 2);
    assert.match(bad.err, /`--status`: one of RUNNING, FINISHED, FAILED, KILLED, received "DONE"/);
  });
});

test('export mlflow writes a readable MLflow store; an unknown experiment is bad input', async () => {
  await withTempHome(async (home) => {
    const run = await startRun({ runId: 'x1', experiment: 'e', params: { a: 1 }, gitCommit: null });
    run.logMetric('loss', 0.25, 0, 5);
    await run.end();
    const dir = path.join(home, 'ml');
    const r = await runCommand(exportMlflowCommand, [dir]);
    assert.is(r.code, 0, r.err);
    assert.match(r.out, /Exported 1 run\(s\) in 1 experiment\(s\): 1 metric points, 0 artifact file\(s\)/);
    const exps = readMlflowDir(dir);
    assert.equal(exps[0].runs[0].params, { a: '1' });
    assert.ok(fs.existsSync(path.join(dir, '0', 'x1', 'metrics', 'loss')));
    const bad = await runCommand(exportMlflowCommand, [dir, '--experiment', 'nope']);
    assert.is(bad.code, 2);
    assert.match(bad.err, /`experiment`: one of the tracked experiments \(e\), received "nope"/);
    assert.is((await runCommand(exportMlflowCommand, [])).code, 2);
  });
});

test.run();
