import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { readMlflowDir, parseMetricFile } from '../../src/tracking/mlflow-read';
import { exportMlflow, mlflowNumber, yamlScalar } from '../../src/tracking/mlflow-export';
import { startRun } from '../../src/tracking/tracker';
import { fixture, tempDir } from '../helpers';

test('readMlflowDir reads a hand-written MLflow store: experiments, runs, params, metrics, tags, artifacts', () => {
  const exps = readMlflowDir(fixture('mlflow/mlruns'));
  assert.equal(exps.map((e) => [e.experimentId, e.name, e.runs.length]), [
    ['0', 'Default', 1],
    ['817236451', 'horizon-sweep', 1],
  ]);
  const r = exps[0].runs[0];
  assert.is(r.runId, '4f2c9a1b7e3d4c5a9b8e1f0a2b3c4d5e');
  assert.is(r.meta.status, 3);
  assert.equal(r.params, { learning_rate: '0.01', model: 'gbdt' });
  assert.equal(r.metrics.loss, [
    { timestampMs: 1700000010000, value: 0.69, step: 0 },
    { timestampMs: 1700000020000, value: 0.61, step: 1 },
    { timestampMs: 1700000030000, value: 0.58, step: 2 },
  ]);
  assert.equal(r.tags, { 'mlflow.runName': 'brave-owl-123', 'mlflow.user': 'user' });
  assert.equal(r.artifacts, ['model/MLmodel']);
  const r2 = exps[1].runs[0];
  assert.is(r2.meta.end_time, null);
  assert.ok(Number.isNaN(r2.metrics.loss[0].value));
  assert.is(r2.metrics.loss[1].value, 1.5);
});

test('parseMetricFile accepts old two-column lines and names the bad line', () => {
  assert.equal(parseMetricFile('m', '5 0.5\n'), [{ timestampMs: 5, value: 0.5, step: 0 }]);
  assert.throws(() => parseMetricFile('metrics/loss', '1 0.5 0\n2 abc 1\n'), /metrics\/loss:2: a metric line `<timestamp_ms> <value> <step>`, received "2 abc 1"/);
});

test('readMlflowDir rejects a missing folder', () => {
  assert.throws(() => readMlflowDir('/no/such/dir'), /an MLflow file-store folder, received no such folder/);
});

test('export writes the MLflow layout and round-trips params, metrics and tags', async () => {
  const home = tempDir('wb-mlflow-');
  const o = { storePath: path.join(home, 'store.duckdb'), home };
  const run = await startRun({ ...o, experiment: 'sweep', name: 'first', params: { lr: 0.01, 'model/depth': 4 }, tags: { note: 'hello: world' }, gitCommit: 'a'.repeat(40) });
  run.logMetric('loss', 0.7, 0, 1000);
  run.logMetric('loss', 0.5, 1, 2000);
  run.logMetric('acc', 1, 1, 2000);
  const art = path.join(home, 'a.txt');
  fs.writeFileSync(art, 'x');
  await run.logArtifact(art);
  await run.end();
  const other = await startRun({ ...o, experiment: 'other' });
  await other.end('FAILED');

  const dir = path.join(home, 'mlruns');
  const res = await exportMlflow(dir, o);
  assert.equal(res, { experiments: 2, runs: 2, metricPoints: 3, artifacts: 1 });
  const runDir = path.join(dir, '0', run.runId);
  assert.is(fs.readFileSync(path.join(runDir, 'params', 'lr'), 'utf8'), '0.01');
  assert.is(fs.readFileSync(path.join(runDir, 'params', 'model', 'depth'), 'utf8'), '4');
  assert.is(fs.readFileSync(path.join(runDir, 'metrics', 'loss'), 'utf8'), '1000 0.7 0\n2000 0.5 1\n');
  assert.is(fs.readFileSync(path.join(runDir, 'metrics', 'acc'), 'utf8'), '2000 1.0 1\n');
  const meta = fs.readFileSync(path.join(runDir, 'meta.yaml'), 'utf8');
  assert.match(meta, /^status: 3$/m);
  assert.match(meta, /^experiment_id: '0'$/m);
  assert.match(meta, /^run_name: first$/m);
  assert.match(meta, /^lifecycle_stage: active$/m);
  assert.match(meta, /^artifact_uri: file:\/\//m);

  const back = readMlflowDir(dir);
  assert.equal(back.map((e) => [e.experimentId, e.name]), [['0', 'sweep'], ['1', 'other']]);
  const r = back[0].runs[0];
  assert.is(r.runId, run.runId);
  assert.equal(r.params, { lr: '0.01', 'model/depth': '4' });
  assert.equal(r.metrics.loss, [{ timestampMs: 1000, value: 0.7, step: 0 }, { timestampMs: 2000, value: 0.5, step: 1 }]);
  assert.is(r.tags.note, 'hello: world');
  assert.is(r.tags['mlflow.runName'], 'first');
  assert.is(r.tags['mlflow.source.git.commit'], 'a'.repeat(40));
  assert.equal(r.artifacts, ['a.txt']);
  assert.is(back[1].runs[0].meta.status, 4);

  const only = path.join(home, 'only');
  assert.is((await exportMlflow(only, { ...o, experiment: 'other' })).runs, 1);
  assert.equal(readMlflowDir(only).map((e) => e.name), ['other']);
});

test('yamlScalar quotes what YAML would misread; mlflowNumber prints like Python floats', () => {
  assert.is(yamlScalar('0'), "'0'");
  assert.is(yamlScalar(''), "''");
  assert.is(yamlScalar('a: b'), "'a: b'");
  assert.is(yamlScalar("it's"), "it's");
  assert.is(yamlScalar('true'), "'true'");
  assert.is(yamlScalar('plain'), 'plain');
  assert.is(mlflowNumber(2), '2.0');
  assert.is(mlflowNumber(0.25), '0.25');
  assert.is(mlflowNumber(NaN), 'nan');
  assert.is(mlflowNumber(-Infinity), '-inf');
});

test.run();
