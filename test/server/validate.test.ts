import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'path';
import { confinePath, validateRunId, validateStartConfig, errorField } from '../../src/server/validate';

const base = '/repo';
const data = '/repo/data';

test('confinePath resolves relative paths against the base and keeps them inside data/', () => {
  assert.is(confinePath('data/a.csv', 'k', data, base), '/repo/data/a.csv');
  assert.is(confinePath('/repo/data/sub/b.json', 'k', data, base), '/repo/data/sub/b.json');
});

test('confinePath refuses `..`, paths outside data/, prefixes that only look alike, NUL bytes', () => {
  assert.throws(() => confinePath('data/../secret.csv', 'data.source', data, base), /`data.source`: a path inside the data folder without `\.\.` segments, received "data\/\.\.\/secret\.csv"/);
  assert.throws(() => confinePath('..\\x.csv', 'k', data, base), /without `\.\.`/);
  assert.throws(() => confinePath('/etc/passwd', 'k', data, base), /inside the project's data folder \(data\/\)/);
  assert.throws(() => confinePath('/repo/data-evil/a.csv', 'k', data, base), /inside the project's data folder/);
  assert.throws(() => confinePath('src/index.ts', 'k', data, base), /inside the project's data folder/);
  assert.throws(() => confinePath('data/a\0.csv', 'k', data, base), /non-empty file path/);
});

test('validateRunId accepts plain ids and refuses traversal, slashes, leading dots and long ids', () => {
  assert.is(validateRunId('run-20260101-000000-abcd'), 'run-20260101-000000-abcd');
  for (const bad of ['../x', 'a/b', '.hidden', 'a..b', '', 'x'.repeat(65), 5, null]) {
    assert.throws(() => validateRunId(bad), /`runId`: a run id of 1-64 letters/);
  }
});

test('validateStartConfig fills defaults, rewrites data paths, names the key of a bad value', () => {
  const cfg = validateStartConfig({ data: { source: 'json:data/x.json', vix: 'csv:data/vix.csv' } }, { dataDir: data, baseDir: base });
  assert.is(cfg.data.source, `json:${path.join(data, 'x.json')}`);
  assert.is(cfg.data.vix, `csv:${path.join(data, 'vix.csv')}`);
  assert.is(cfg.training.max_iterations, 30);
  assert.is(validateStartConfig({}, { dataDir: data, baseDir: base }).data.source, 'sample:sp500');
  try {
    validateStartConfig({ data: { vix: 'csv:../v.csv' } }, { dataDir: data, baseDir: base });
    assert.unreachable('should throw');
  } catch (e) {
    assert.is(errorField(e), 'data.vix');
    assert.match((e as Error).message, /^request body: `data.vix`: a path inside the data folder/);
  }
});

test('validateStartConfig does not modify the caller object', () => {
  const body = { data: { source: 'csv:data/a.csv' } };
  validateStartConfig(body, { dataDir: data, baseDir: base });
  assert.equal(body, { data: { source: 'csv:data/a.csv' } });
});

test.run();
