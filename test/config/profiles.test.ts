import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { configHash, loadConfigRuns, parseConfig } from '../../src/config/load';
import { applyProfile, mergeUnder } from '../../src/config/profiles';
import { repoRoot } from '../../src/util/fs';
import { tempDir } from '../helpers';

test('profile seed002 expands into a regression run and a direction run with the seed settings', () => {
  const runs = loadConfigRuns(path.join(repoRoot(), 'configs', 'seed002.yaml'));
  assert.equal(runs.map((r) => r.name), ['regression', 'direction']);
  const [reg, dir] = runs.map((r) => r.config);
  assert.is(reg.horizons.task, 'regression');
  assert.equal(reg.models.enabled, ['random_forest', 'gbdt']);
  assert.equal(reg.models.params.random_forest, { nTrees: 50, maxDepth: 10 });
  assert.is(reg.models.params.gbdt.nRounds, 50);
  assert.is(reg.models.params.gbdt.learningRate, 0.1);
  assert.is(dir.horizons.task, 'binary');
  assert.equal(dir.models.enabled, ['random_forest']);
  assert.equal(dir.models.params.random_forest, { nTrees: 50, maxDepth: 10 });
  // the file's own keys are kept in both runs
  for (const c of [reg, dir]) {
    assert.is(c.data.source, 'sample:sp500');
    assert.is(c.features.set, 'technical');
    assert.is(c.modes.unified, false);
    assert.is(c.profile, 'seed002');
  }
  assert.is.not(configHash(reg), configHash(dir));
});

test('the user config wins over the preset key by key; parseConfig resolves the first run', () => {
  const cfg = parseConfig({ profile: 'seed002', models: { params: { random_forest: { nTrees: 8 } } }, horizons: { enabled: [1, 5] } });
  assert.equal(cfg.models.params.random_forest, { nTrees: 8, maxDepth: 10 });
  assert.equal(cfg.horizons.enabled, [1, 5]);
  assert.is(cfg.horizons.task, 'regression');
  const direction = parseConfig({ profile: 'seed002', models: { params: { gbdt: { nRounds: 8 } } } }, 'c', 'direction');
  assert.is(direction.horizons.task, 'binary');
  assert.equal(Object.keys(direction.models.params), ['random_forest'], 'the regression part\'s gbdt parameters stay out of the direction run');
  assert.equal(mergeUnder({ a: { b: 1, c: [1, 2] } }, { a: { c: [3] } }), { a: { b: 1, c: [3] } });
});

test('a config without a profile is one run and keeps its hash', () => {
  const dir = tempDir();
  const file = path.join(dir, 'c.yaml');
  fs.writeFileSync(file, 'data:\n  source: sample:sp500\n');
  const runs = loadConfigRuns(file);
  assert.is(runs.length, 1);
  assert.is(runs[0].name, '');
  assert.not.ok('profile' in runs[0].config && runs[0].config.profile !== undefined);
  assert.is(configHash(runs[0].config), configHash(parseConfig({ data: { source: 'sample:sp500' } })));
});

test('bad profile input names the key, what was expected and what arrived', () => {
  assert.throws(() => parseConfig({ profile: 'seed003' }, 'c.yaml'), /c\.yaml: `profile`: one of "seed002", received "seed003"/);
  assert.throws(() => parseConfig({ profile: 'seed002', horizons: { task: 'binary' } }, 'c.yaml'), /c\.yaml: `horizons\.task`: no `horizons\.task` with `profile: seed002`.*regression, direction/);
  assert.throws(() => parseConfig({ profile: 'seed002', models: { enabled: ['gbdt'] } }, 'c.yaml'), /`models\.enabled`/);
  assert.throws(() => applyProfile({ profile: 'seed002' }, 'nope', 'c.yaml'), /`profile`: a run among regression, direction, received "nope"/);
  assert.throws(() => parseConfig({ profile: 'seed002', models: { params: { gbdt: 'x' } } }, 'c.yaml'), /`models\.params\.gbdt`/);
});

test.run();
