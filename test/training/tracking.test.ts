import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { randomWalk } from '../../src/data/synthetic';
import { modelKeys, registerModel } from '../../src/models/registry';
import type { Model } from '../../src/models/types';
import { resumeRun, trainRun } from '../../src/training/run';
import { getRun, listRuns, runMetrics } from '../../src/tracking/query';
import { flattenConfig, startTrainingRun } from '../../src/tracking/train-run';
import type { TrackState } from '../../src/training/types';
import { rejects, tempDir } from '../helpers';
import { testConfig } from './fixtures';

if (!modelKeys().includes('test_throws')) {
  registerModel({
    key: 'test_throws',
    description: 'test fixture: fit always throws',
    tasks: ['binary'],
    inputRank: 2,
    create: () =>
      ({
        key: 'test_throws',
        task: 'binary',
        inputRank: 2,
        params: {},
        fitted: false,
        fit: async () => {
          throw new Error('boom in fit');
        },
      }) as unknown as Model,
    load: async () => {
      throw new Error('not loadable');
    },
  });
}

const bars = randomWalk({ n: 600, seed: 5, symbol: 'RW' });

test('flattenConfig: dotted keys, arrays and scalars as JSON text, strings as is', () => {
  assert.equal(flattenConfig({ a: { b: 1, c: [1, 2], d: 'x', e: undefined }, f: null }), { 'a.b': '1', 'a.c': '[1,2]', 'a.d': 'x', f: 'null' });
});

test('trainRun records a FINISHED tracked run with params, per-iteration and final metrics, tags and artifacts', async () => {
  const home = tempDir('wb-trk-');
  const cfg = testConfig(bars, 450, { training: { max_iterations: 3, window_increment: 14, seed: 7 }, horizons: { enabled: [1] }, models: { enabled: ['logistic'], unified_model: 'logistic' }, tracking: { experiment: 'exp-a' } });
  const { results, dir } = await trainRun(cfg, { bars, home, runId: 'tracked' });
  const store = { storePath: path.join(home, 'store.duckdb') };
  const run = await getRun('tracked', store);
  assert.is(run.status, 'FINISHED');
  assert.is(run.experiment, 'exp-a');
  assert.is(run.seed, 7);
  assert.is(run.dataSha256, results.data.sha256);
  assert.is(run.configHash, results.configHash);
  assert.is(run.params['training.seed'], '7');
  assert.is(run.params['models.enabled'], '["logistic"]');
  assert.is(run.params.seed, '7');
  assert.is(run.params.data_sha256, results.data.sha256);
  assert.is(run.params.config_hash, results.configHash);
  assert.is(run.params.backend, 'none');
  assert.ok('git_commit' in run.params);
  assert.is(run.tags.symbol, 'RW');
  assert.is(run.tags.mode, 'progressive,unified');
  const e = results.modes.progressive!.horizons['1'].logistic;
  assert.is(run.metrics['progressive.h1.logistic.accuracy'], e.accuracy);
  assert.is(run.metrics['progressive.h1.logistic.modelBytes'], e.modelBytes);
  assert.is(run.metrics['progressive.h1.logistic.logLoss'], e.metrics.logLoss);
  assert.is(run.metrics['progressive.h1.logistic.ece'], e.calibration?.ece);
  assert.is(run.metrics['unified.h1.logistic.trainMs'], results.modes.unified!.horizons['1'].logistic.trainMs);
  const pts = await runMetrics('tracked', 'progressive.h1.logistic.test_accuracy', store);
  assert.equal(pts.map((p) => p.step), [1, 2, 3]);
  assert.equal(pts.map((p) => p.value), e.iterations.map((i) => i.testAccuracy));
  const val = await runMetrics('tracked', 'progressive.h1.logistic.validation_accuracy', store);
  assert.equal(val.map((p) => p.value), e.iterations.map((i) => i.validationAccuracy));
  for (const f of ['results.json', 'predictions.csv']) {
    assert.equal(fs.readFileSync(path.join(dir, 'artifacts', f)), fs.readFileSync(path.join(dir, f)), f);
  }
  fs.rmSync(home, { recursive: true, force: true });
});

test('an iteration without scored test rows (accuracy NaN, null after a worker process sent it as JSON) is tracked as NaN', async () => {
  const home = tempDir('wb-trk-');
  const cfg = testConfig(bars, 450, { models: { enabled: ['logistic'] } });
  const tracker = await startTrainingRun({ runId: 'no-test-rows', config: cfg, configHash: 'h', dataSha256: 'd', home });
  const iterations = [
    { iteration: 1, validationAccuracy: 0.5, testAccuracy: 0.6 },
    { iteration: 2, validationAccuracy: null, testAccuracy: null },
  ];
  const track = { mode: 'progressive', model: 'logistic', horizons: ['h30'], byHorizon: { h30: { iterations } } } as unknown as TrackState;
  tracker.logAllIterations([track]);
  await tracker.fail(new Error('stopped by the test'), true);
  const pts = await runMetrics('no-test-rows', 'progressive.h30.logistic.test_accuracy', { storePath: path.join(home, 'store.duckdb') });
  assert.equal(pts.map((p) => p.step), [1, 2]);
  assert.is(pts[0].value, 0.6);
  assert.ok(Number.isNaN(pts[1].value));
});

test('a run whose model throws is FAILED (with the message) and the error is re-thrown', async () => {
  const home = tempDir('wb-trk-');
  const cfg = testConfig(bars, 450, { training: { max_iterations: 2 }, horizons: { enabled: [1] }, models: { enabled: ['test_throws'] }, modes: { unified: false } });
  let caught: unknown;
  try {
    await trainRun(cfg, { bars, home, runId: 'throws' });
  } catch (err) {
    caught = err;
  }
  assert.match(String((caught as Error)?.message), /boom in fit/);
  const run = await getRun('throws', { storePath: path.join(home, 'store.duckdb') });
  assert.is(run.status, 'FAILED');
  assert.match(run.tags['workbench.failure'], /boom in fit/);
  fs.rmSync(home, { recursive: true, force: true });
});

test('a cancelled run is KILLED; resumeRun continues the same tracked run to FINISHED, each iteration logged once', async () => {
  const home = tempDir('wb-trk-');
  const cfg = testConfig(bars, 450, { training: { max_iterations: 4, window_increment: 7 }, horizons: { enabled: [1] }, models: { enabled: ['test_last_label'] }, modes: { unified: false } });
  const ac = new AbortController();
  let done = 0;
  await rejects(
    () =>
      trainRun(cfg, {
      bars,
      home,
      runId: 'cancelled',
      signal: ac.signal,
      onProgress: (e) => {
        if (e.fraction === 1 && ++done === 2) ac.abort();
      },
    }),
    /cancelled/,
  );
  const store = { storePath: path.join(home, 'store.duckdb') };
  assert.is((await getRun('cancelled', store)).status, 'KILLED');
  await resumeRun('cancelled', { bars, home });
  const run = await getRun('cancelled', store);
  assert.is(run.status, 'FINISHED');
  assert.not.ok('workbench.failure' in run.tags);
  const pts = await runMetrics('cancelled', 'progressive.h1.test_last_label.test_accuracy', store);
  assert.equal(pts.map((p) => p.step), [1, 2, 3, 4]);
  assert.is((await listRuns(store)).length, 1);
  fs.rmSync(home, { recursive: true, force: true });
});

test('trainRun again under an id whose checkpoint was removed continues its tracked run (no duplicate-id error)', async () => {
  const home = tempDir('wb-trk-');
  const cfg = testConfig(bars, 450, { training: { max_iterations: 2 }, horizons: { enabled: [1] }, models: { enabled: ['test_last_label'] }, modes: { unified: false } });
  const store = { storePath: path.join(home, 'store.duckdb') };
  await rejects(() => trainRun(cfg, { bars, home, runId: 'early', signal: AbortSignal.abort() }), /cancelled/);
  assert.is((await getRun('early', store)).status, 'KILLED');
  fs.rmSync(path.join(home, 'runs', 'early', 'checkpoint'), { recursive: true, force: true });
  await trainRun(cfg, { bars, home, runId: 'early' });
  assert.is((await getRun('early', store)).status, 'FINISHED');
  assert.is((await runMetrics('early', 'progressive.h1.test_last_label.test_accuracy', store)).length, 2);
  fs.rmSync(home, { recursive: true, force: true });
});

test('track: false writes no tracking store', async () => {
  const home = tempDir('wb-trk-');
  const cfg = testConfig(bars, 450, { training: { max_iterations: 2 }, horizons: { enabled: [1] }, models: { enabled: ['test_last_label'] }, modes: { unified: false } });
  await trainRun(cfg, { bars, home, runId: 'untracked', track: false });
  assert.not.ok(fs.existsSync(path.join(home, 'store.duckdb')));
  fs.rmSync(home, { recursive: true, force: true });
});

test.run();
