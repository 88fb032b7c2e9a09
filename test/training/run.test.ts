import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { randomWalk } from '../../src/data/synthetic';
import { resumeRun, trainRun } from '../../src/training/run';
import { progressiveSchedule } from '../../src/training/schedule';
import { prepareData } from '../../src/training/prepare';
import { dayToIso } from '../../src/util/dates';
import { tempDir } from '../helpers';
import { spyCalls, testConfig, withoutTiming } from './fixtures';

const bars = randomWalk({ n: 700, seed: 17 });

test('iteration k never receives a row dated after its trainEnd, nor a label ending after it', async () => {
  spyCalls.length = 0;
  const cfg = testConfig(bars, 500, { training: { max_iterations: 5, window_increment: 7, finetune_window: 50 }, horizons: { enabled: [1, 30] }, models: { enabled: ['test_last_label'] }, modes: { unified: false } });
  const home = tempDir();
  const { results } = await trainRun(cfg, { bars, home, runId: 'nofuture' });
  const schedule = progressiveSchedule(bars.dates, { startDate: cfg.training.start_date, initialEndDate: cfg.training.initial_end_date, windowIncrement: 7, maxIterations: 5 });
  const prep = prepareData(bars, { featureSet: 'minimal', horizons: [1, 30] });
  assert.is(spyCalls.length, 10, 'one call per iteration and horizon');
  const rowOf = new Map<number, number>(Array.from(bars.dates, (d, i) => [d, i]));
  spyCalls.forEach((c, j) => {
    const key = j < 5 ? 'h1' : 'h30';
    const w = schedule[j % 5];
    assert.is(c.method, j % 5 === 0 ? 'fit' : 'finetune');
    for (const d of [...c.dates, ...c.validationDates]) {
      assert.ok(d <= w.trainEndDay, `iteration ${w.iteration} got a row dated ${dayToIso(d)} after ${dayToIso(w.trainEndDay)}`);
      const end = prep.endIndex[key][rowOf.get(d) as number];
      assert.ok(bars.dates[end] <= w.trainEndDay, `${key} label of ${dayToIso(d)} ends after trainEnd`);
    }
    assert.ok(Math.max(...c.dates) < Math.min(...c.validationDates), 'validation follows the training rows');
  });
  const it = results.modes.progressive?.horizons['1'].test_last_label.iterations ?? [];
  assert.equal(it.map((i) => i.trainEnd), schedule.map((w) => dayToIso(w.trainEndDay)));
  for (const i of it) assert.ok(i.testStart > i.trainEnd, 'tests after trainEnd');
  fs.rmSync(home, { recursive: true, force: true });
});

test('warm_start: false refits from scratch every iteration', async () => {
  spyCalls.length = 0;
  const cfg = testConfig(bars, 500, { training: { max_iterations: 3, warm_start: false }, horizons: { enabled: [1] }, models: { enabled: ['test_last_label'] }, modes: { unified: false } });
  const home = tempDir();
  await trainRun(cfg, { bars, home, runId: 'scratch' });
  assert.equal(spyCalls.map((c) => c.method), ['fit', 'fit', 'fit']);
  fs.rmSync(home, { recursive: true, force: true });
});

test('reaching the target on validation freezes the model; later blocks are still predicted', async () => {
  spyCalls.length = 0;
  const cfg = testConfig(bars, 500, { training: { max_iterations: 4 }, horizons: { enabled: [1], targets: { '1': 0 } }, models: { enabled: ['test_last_label'] }, modes: { unified: false } });
  const home = tempDir();
  const { results } = await trainRun(cfg, { bars, home, runId: 'target' });
  assert.is(spyCalls.length, 1);
  const e = results.modes.progressive?.horizons['1'].test_last_label;
  assert.equal(e?.iterations.map((i) => i.action), ['fit', 'frozen', 'frozen', 'frozen']);
  assert.is(e?.nTest, e?.iterations.reduce((s, i) => s + i.nTest, 0));
  assert.match(String(e?.stopReason), /reached the target 0 at iteration 1/);
  fs.rmSync(home, { recursive: true, force: true });
});

test('results.json holds the documented contract and predictions.csv one line per prediction', async () => {
  const cfg = testConfig(bars, 500, { training: { max_iterations: 3, window_increment: 14 }, horizons: { enabled: [1, 7] }, models: { enabled: ['logistic'], unified_model: 'logistic' } });
  const home = tempDir();
  const { results, dir } = await trainRun(cfg, { bars, home, runId: 'contract' });
  const onDisk = JSON.parse(fs.readFileSync(path.join(dir, 'results.json'), 'utf8'));
  for (const k of ['runId', 'createdAt', 'config', 'data', 'backend', 'modes']) assert.ok(k in onDisk, k);
  for (const k of ['source', 'symbol', 'rows', 'sha256']) assert.ok(k in onDisk.data, `data.${k}`);
  assert.is(onDisk.backend, 'none');
  let lines = 0;
  for (const mode of ['progressive', 'unified']) {
    for (const h of ['1', '7']) {
      const e = onDisk.modes[mode].horizons[h].logistic;
      for (const k of ['accuracy', 'accuracyCI', 'baselineAccuracy', 'pValue', 'nTest', 'sharpe', 'maxDrawdown', 'targetAccuracy', 'targetMet', 'trainMs', 'modelBytes', 'iterations']) assert.ok(k in e, `${mode}.${h}.${k}`);
      assert.is(e.iterations.length, 3);
      for (const k of ['iteration', 'trainStart', 'trainEnd', 'testStart', 'testEnd', 'validationAccuracy', 'testAccuracy', 'nTest', 'trainMs']) assert.ok(k in e.iterations[0], `iterations[].${k}`);
      assert.ok(e.accuracyCI[0] <= e.accuracy && e.accuracy <= e.accuracyCI[1]);
      // reliability of the out-of-sample P(up): every test row in one bin, ECE in [0, 1]
      assert.is(e.calibration.strategy, 'uniform');
      assert.is(e.calibration.bins.reduce((a: number, b: { count: number }) => a + b.count, 0), e.nTest);
      assert.ok(e.calibration.ece >= 0 && e.calibration.ece <= 1 && e.calibration.mce >= e.calibration.ece);
      lines += e.nTest;
    }
  }
  assert.is(results.modes.unified?.horizons['7'].logistic.iterations[1].action, 'frozen', 'unified trains once');
  const csv = fs.readFileSync(path.join(dir, 'predictions.csv'), 'utf8').trim().split('\n');
  assert.is(csv[0], 'mode,horizon,model,iteration,date,y,pred,p_up,majority');
  assert.is(csv.length - 1, lines);
  assert.ok(fs.existsSync(path.join(dir, 'comparison.csv')));
  fs.rmSync(home, { recursive: true, force: true });
});

test('a run interrupted after any iteration resumes to the same results as an uninterrupted run', async () => {
  const cfg = testConfig(bars, 450, { training: { max_iterations: 4, window_increment: 14 }, horizons: { enabled: [1, 7] }, models: { enabled: ['gbdt', 'logistic'], unified_model: 'logistic', params: { gbdt: { nRounds: 8, maxDepth: 3, subsample: 0.8 } } } });
  const home = tempDir();
  const full = await trainRun(cfg, { bars, home, runId: 'full' });
  let units = 0;
  let crashed = false;
  try {
    await trainRun(cfg, {
      bars, home, runId: 'crash',
      onProgress: (e) => {
        if (e.fraction === 1 && ++units === 6) throw new Error('simulated crash');
      },
    });
  } catch (e) {
    crashed = /simulated crash/.test((e as Error).message);
  }
  assert.ok(crashed, 'the run was interrupted');
  assert.not.ok(fs.existsSync(path.join(home, 'runs', 'crash', 'results.json')));
  const resumed = await resumeRun('crash', { bars, home });
  assert.equal(withoutTiming(resumed.results), withoutTiming(full.results));
  fs.rmSync(home, { recursive: true, force: true });
});

test('an aborted signal stops the run at the next iteration, leaving it resumable', async () => {
  const cfg = testConfig(bars, 500, { training: { max_iterations: 4 }, horizons: { enabled: [1] }, models: { enabled: ['logistic'] }, modes: { unified: false } });
  const home = tempDir();
  const ac = new AbortController();
  let name = '';
  try {
    await trainRun(cfg, { bars, home, runId: 'abort', signal: ac.signal, onProgress: (e) => e.fraction === 1 && e.iteration === 2 && ac.abort() });
  } catch (e) {
    name = (e as Error).name;
  }
  assert.is(name, 'AbortError');
  const { results } = await resumeRun('abort', { bars, home });
  assert.equal(results.modes.progressive?.horizons['1'].logistic.iterations.map((i) => i.action), ['fit', 'finetune', 'finetune', 'finetune']);
  fs.rmSync(home, { recursive: true, force: true });
});

test('a new run refuses an existing run id; resume refuses an unknown one', async () => {
  const cfg = testConfig(bars, 500, { training: { max_iterations: 1 }, horizons: { enabled: [1] }, models: { enabled: ['logistic'] }, modes: { unified: false } });
  const home = tempDir();
  await trainRun(cfg, { bars, home, runId: 'twice' });
  let msg = '';
  try {
    await trainRun(cfg, { bars, home, runId: 'twice' });
  } catch (e) {
    msg = (e as Error).message;
  }
  assert.match(msg, /run-id.*a new run id/);
  msg = '';
  try {
    await resumeRun('nope', { home });
  } catch (e) {
    msg = (e as Error).message;
  }
  assert.match(msg, /an existing run/);
  fs.rmSync(home, { recursive: true, force: true });
});

test('deep path: lstm per horizon and the multi-head unified net, scored on the same out-of-sample dates', async () => {
  const cfg = testConfig(bars, 500, {
    training: { max_iterations: 2, window_increment: 14 },
    horizons: { enabled: [1, 7] },
    features: { sequence_length: 5 },
    models: { enabled: ['lstm'], epochs: 1, epochs_per_iteration: 1, params: { lstm: { units: 4, batchSize: 128 }, unified: { units: 4, batchSize: 128 } } },
  });
  const home = tempDir();
  const { results, dir } = await trainRun(cfg, { bars, home, runId: 'deep' });
  assert.ok(['wasm', 'cpu', 'tensorflow'].includes(results.backend), results.backend);
  const csv = fs.readFileSync(path.join(dir, 'predictions.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
  for (const h of ['1', '7']) {
    const p = results.modes.progressive?.horizons[h].lstm;
    const u = results.modes.unified?.horizons[h].unified;
    assert.ok(p && u, `h=${h} entries`);
    assert.is(p?.nTest, u?.nTest);
    const dates = (mode: string, model: string): string => csv.filter((c) => c[0] === mode && c[1] === h && c[2] === model).map((c) => c[4]).join(' ');
    assert.is(dates('progressive', 'lstm'), dates('unified', 'unified'));
    assert.equal(u?.iterations.map((i) => i.action), ['fit', 'frozen']);
    assert.equal(p?.iterations.map((i) => i.action), ['fit', 'finetune']);
  }
  fs.rmSync(home, { recursive: true, force: true });
});

test.run();
