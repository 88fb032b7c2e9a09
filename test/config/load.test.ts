import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseConfig, loadConfig, defaultConfig, configHash, targetAccuracy } from '../../src/config/load';
import { repoRoot } from '../../src/util/fs';
import { tempDir } from '../helpers';

test('defaults fill every section; seed aliases map to registry keys', () => {
  const cfg = parseConfig({ models: { enabled: ['lstm', 'cnn', 'transformer'] } });
  assert.equal(cfg.models.enabled, ['lstm', 'lstm_cnn', 'lstm_transformer_cnn']);
  assert.equal(cfg.horizons.enabled, [1, 7, 30]);
  assert.is(cfg.training.window_increment, 7);
  assert.is(cfg.data.source, 'sample:sp500');
  assert.is(targetAccuracy(cfg, 7), 0.65);
});

test('an unknown key is an error naming its key path', () => {
  assert.throws(() => parseConfig({ training: { start_dat: '2020-01-01' } }, 'cfg.yaml'), /cfg\.yaml: `training\.start_dat`: .*unknown key/);
  assert.throws(() => parseConfig({ extra: 1 }, 'cfg.yaml'), /`extra`/);
});

test('a wrong type names the key, the expected type and the value', () => {
  assert.throws(() => parseConfig({ models: { batch_size: 'big' } }, 'c.yaml'), /`models\.batch_size`: a number, received "big"/);
  assert.throws(() => parseConfig({ horizons: { enabled: [1, -7] } }), /`horizons\.enabled\[1\]`/);
  assert.throws(() => parseConfig({ data: { source: 'ftp:x' } }), /`data\.source`: one of sample/);
});

test('initial_end_date must come after start_date', () => {
  assert.throws(() => parseConfig({ training: { start_date: '2020-01-01', initial_end_date: '2019-01-01' } }), /initial_end_date`: a date after/);
});

test('loadConfig reads YAML, reports syntax errors with file:line', () => {
  const dir = tempDir();
  const good = path.join(dir, 'good.yaml');
  fs.writeFileSync(good, 'training:\n  max_iterations: 3\n');
  assert.is(loadConfig(good).training.max_iterations, 3);
  const bad = path.join(dir, 'bad.yaml');
  fs.writeFileSync(bad, 'training:\n  max_iterations: 3\n   bad: [\n');
  assert.throws(() => loadConfig(bad), /bad\.yaml:\d+: valid YAML/);
  assert.throws(() => loadConfig(path.join(dir, 'missing.yaml')), /missing\.yaml: a readable configuration file, received no such file/);
});

test('the shipped default config is valid and equals the built-in defaults', () => {
  const cfg = loadConfig(path.join(repoRoot(), 'configs', 'default.yaml'));
  assert.is(configHash(cfg), configHash(defaultConfig()));
});

test('configHash ignores key order and changes with values', () => {
  const a = parseConfig({ training: { seed: 1, max_iterations: 2 } });
  const b = parseConfig({ training: { max_iterations: 2, seed: 1 } });
  const c = parseConfig({ training: { max_iterations: 3, seed: 1 } });
  assert.is(configHash(a), configHash(b));
  assert.is.not(configHash(a), configHash(c));
});

test.run();
