/**
 * `profile: seed002` configs in `evaluate` and `tune` (the API's run start: test/server/api-profile.test.ts):
 * evaluate scores every part of the profile (as train trains every part), tune tunes one part, named by --part or
 * implied when only one part trains the model, and refuses an ambiguous one with exit 2 naming the parts.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { evaluateCommand } from '../../src/cli/evaluate';
import { tuneCommand } from '../../src/cli/tune';
import { runCommand, withTempHome } from './run-command';

const CONFIG = [
  'profile: seed002',
  'data:',
  '  source: sample:sp500',
  '  symbol: SP500',
  'training:',
  '  start_date: "2017-01-03"',
  '  initial_end_date: "2019-01-02"',
  'features:',
  '  set: minimal',
  'models:',
  '  params:',
  '    random_forest: { nTrees: 6, maxDepth: 3 }',
  '    gbdt: { nRounds: 6 }',
  'evaluation:',
  '  bootstrap_samples: 50',
  'tuning:',
  '  trials: 1',
  '  spaces:',
  '    random_forest:',
  '      maxDepth: {type: int, low: 2, high: 3}',
].join('\n');

test('evaluate runs every part of the profile, each line tagged by its part; --out keeps them apart', async () => {
  await withTempHome(async (home) => {
    const cfg = path.join(home, 'seed002.yaml');
    fs.writeFileSync(cfg, CONFIG);
    const out = path.join(home, 'eval.json');
    const r = await runCommand(evaluateCommand, ['--config', cfg, '--scheme', 'walk-forward', '--folds', '2', '--out', out]);
    assert.is(r.code, 0, r.err);
    const lines = r.out.split('\n');
    assert.equal(lines.map((l) => l.split(':')[0]), ['[regression] walk-forward h=1 random_forest', '[regression] walk-forward h=1 gbdt', '[direction] walk-forward h=1 random_forest']);
    assert.match(lines[0], /: regression rmse \S+ \[\S+, \S+\] r2 \S+ .*\| zero \S+ p=/);
    assert.match(lines[2], /acc \d+\.\d% \[\d+\.\d%, \d+\.\d%\] baseline \d+\.\d%/);
    const json = JSON.parse(fs.readFileSync(out, 'utf8'));
    assert.is(json.profile, 'seed002');
    assert.equal(Object.keys(json.parts), ['regression', 'direction']);
    assert.equal(Object.keys(json.parts.regression.horizons['1']), ['random_forest', 'gbdt']);
    assert.ok(json.parts.regression.horizons['1'].gbdt.regression, 'the regression part is scored as regression');
    assert.is(json.parts.direction.horizons['1'].random_forest.regression, undefined);
  });
});

test('tune: an ambiguous model needs --part (exit 2 naming the parts); --part picks one; a bad --part exits 2', async () => {
  await withTempHome(async (home) => {
    const cfg = path.join(home, 'seed002.yaml');
    fs.writeFileSync(cfg, CONFIG);
    const amb = await runCommand(tuneCommand, ['--config', cfg, '--model', 'random_forest']);
    assert.is(amb.code, 2);
    assert.match(amb.err, /`--part`: --part regression\|direction with `profile: seed002` \(a study tunes one model on one task; regression and direction both train random_forest; parts: regression = random_forest \+ gbdt \(regression\), direction = random_forest \(binary\)\), received nothing/);
    const none = await runCommand(tuneCommand, ['--config', cfg, '--model', 'logistic']);
    assert.is(none.code, 2);
    assert.match(none.err, /no part trains logistic/);
    const bad = await runCommand(tuneCommand, ['--config', cfg, '--model', 'random_forest', '--part', 'both']);
    assert.is(bad.code, 2);
    assert.match(bad.err, /`--part`: a part of profile seed002: regression, direction, received "both"/);
    const ok = await runCommand(tuneCommand, ['--config', cfg, '--model', 'random_forest', '--part', 'direction', '--parallel', '1', '--json']);
    assert.is(ok.code, 0, ok.err);
    const s = JSON.parse(ok.out);
    assert.equal(s.states, { COMPLETE: 1 });
    assert.ok(s.best.value > 0.3 && s.best.value < 0.7, `validation accuracy ${s.best.value}`);
  });
});

test('tune: --part on a config without a profile exits 2', async () => {
  await withTempHome(async (home) => {
    const cfg = path.join(home, 'plain.yaml');
    fs.writeFileSync(cfg, CONFIG.replace('profile: seed002\n', ''));
    const r = await runCommand(tuneCommand, ['--config', cfg, '--model', 'random_forest', '--part', 'direction']);
    assert.is(r.code, 2);
    assert.match(r.err, /`--part`: no --part for a config that is one run/);
  });
});

test.run();
