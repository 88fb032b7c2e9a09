import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { tuneCommand } from '../../src/cli/tune';
import { listRuns } from '../../src/tracking/query';
import { runCommand, withTempHome } from './run-command';

const CONFIG = `
training:
  start_date: "2016-01-04"
  initial_end_date: "2018-06-01"
horizons:
  enabled: [1]
features:
  set: minimal
tuning:
  trials: 3
  n_startup_trials: 2
  spaces:
    logistic:
      l2: {type: log, low: 1.0e-4, high: 10}
      classWeight: {type: categorical, choices: [none, balanced]}
    gbdt:
      maxDepth: {type: int, low: 2, high: 3}
      nRounds: {type: int, low: 5, high: 10}
`;

test('tune runs tracked trials, stores the study and resumes it on a second call', async () => {
  await withTempHome(async (home) => {
    const cfg = path.join(home, 'c.yaml');
    fs.writeFileSync(cfg, CONFIG);
    const r = await runCommand(tuneCommand, ['--config', cfg, '--model', 'logistic', '--parallel', '1', '--json']);
    assert.is(r.code, 0, r.err);
    const s = JSON.parse(r.out);
    assert.is(s.trials, 3);
    assert.equal(s.states, { COMPLETE: 3 });
    assert.ok(s.best.value > 0.3 && s.best.value < 0.7, `validation accuracy ${s.best.value}`);
    assert.match(r.err, /trial 0 COMPLETE 0\.\d{4} classWeight=\w+ l2=/);
    const again = await runCommand(tuneCommand, ['--config', cfg, '--model', 'logistic', '--parallel', '1', '--trials', '2', '--json']);
    assert.is(JSON.parse(again.out).trials, 5, 'resumed: 3 earlier + 2 new');
    assert.match(again.err, /3 earlier trial\(s\)/);
    const runs = await listRuns({ experiment: `tune-${s.study}` });
    assert.is(runs.length, 5);
    assert.ok(runs.every((x) => x.status === 'FINISHED' && x.params.l2 !== undefined));
  });
});

test('tune evaluates trials on worker threads with --parallel 2', async () => {
  await withTempHome(async (home) => {
    const cfg = path.join(home, 'c.yaml');
    fs.writeFileSync(cfg, CONFIG);
    const r = await runCommand(tuneCommand, ['--config', cfg, '--model', 'gbdt', '--parallel', '2', '--trials', '2']);
    assert.is(r.code, 0, r.err);
    assert.match(r.out, /^study gbdt-h1-[0-9a-f]{8}: 2 trial\(s\) \(2 COMPLETE\)\nbest: trial \d, val_accuracy = 0\.\d{4}, params \{"maxDepth":\d,"nRounds":\d+\}$/);
  });
});

test('tune reports missing search spaces and options as bad input', async () => {
  await withTempHome(async (home) => {
    const cfg = path.join(home, 'c.yaml');
    fs.writeFileSync(cfg, CONFIG);
    const r = await runCommand(tuneCommand, ['--config', cfg, '--model', 'random_forest']);
    assert.is(r.code, 2);
    assert.match(r.err, /`tuning\.spaces\.random_forest`: a search space for this model, received spaces only for logistic, gbdt/);
    assert.match((await runCommand(tuneCommand, ['--model', 'gbdt'])).err, /`--config`/);
    assert.match((await runCommand(tuneCommand, ['--config', cfg, '--model', 'gbdt', '--trials', '0'])).err, /`--trials`: a positive integer, received "0"/);
  });
});

test.run();
