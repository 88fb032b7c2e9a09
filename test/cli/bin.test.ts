// End-to-end: the real `workbench` executable in a child process (exit codes, stderr, nothing written).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot } from '../../src/util/fs';
import { samplePath } from '../../src/data/samples';
import { tempDir } from '../helpers';

function workbench(args: string[], home: string) {
  const r = spawnSync(process.execPath, [path.join(repoRoot(), 'bin', 'workbench.js'), ...args], {
    env: { ...process.env, WORKBENCH_HOME: home, TZ: 'UTC' },
    encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('--help lists the commands and exits 0; an unknown command exits 2', () => {
  const home = tempDir();
  const h = workbench(['--help'], home);
  assert.is(h.code, 0);
  assert.match(h.out, /data import/);
  const u = workbench(['frobnicate'], home);
  assert.is(u.code, 2);
  assert.match(u.err, /unknown command `frobnicate`/);
});

test('data validate on a corrupted copy of the sample exits 2 with file:line; import writes nothing', () => {
  const home = tempDir();
  const file = path.join(tempDir(), 'SP500.csv');
  const rows = fs.readFileSync(samplePath('sp500'), 'utf8').split('\n');
  const [d, o, , l, c, a, v] = rows[1234].split(',');
  rows[1234] = [d, o, String(Number(l) - 1), l, c, a, v].join(',');
  fs.writeFileSync(file, rows.join('\n'));
  const r = workbench(['data', 'validate', file], home);
  assert.is(r.code, 2);
  assert.match(r.err, /SP500\.csv:1235: column `high`/);
  const i = workbench(['data', 'import', file, '--symbol', 'SP500'], home);
  assert.is(i.code, 2);
  assert.not.ok(fs.existsSync(path.join(home, 'store.duckdb')) && workbench(['data', 'list', '--json'], home).out.includes('SP500'));
});

test('bad options exit 2 with the command name', () => {
  const r = workbench(['data', 'list', '--bogus'], tempDir());
  assert.is(r.code, 2);
  assert.match(r.err, /workbench data list: Unknown option '--bogus'/);
});

test.run();
