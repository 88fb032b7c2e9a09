/** Findings 4, 5 and 6: bounded, linear-time parsing of configs; every user error is exit 2 with the file. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { loadConfig, parseConfig, parseYamlBounded } from '../../src/config/load';
import { main } from '../../src/cli/main';
import { readJsonFile } from '../../src/data/json';
import { tempDir } from '../helpers';
import { hostile } from './hostile';

function file(text: string, name = 'c.yaml'): string {
  const f = path.join(tempDir('wb-adv-cfg-'), name);
  fs.writeFileSync(f, text);
  return f;
}

async function cli(argv: string[], env: Record<string, string> = {}): Promise<{ code: number; err: string }> {
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  const err: string[] = [];
  try {
    const code = await main(argv, { out: () => undefined, err: (s) => err.push(s) });
    return { code, err: err.join('\n') };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

test('YAML with 50,000 keys is refused in well under a second; 9,000 keys parse in linear time', () => {
  hostile('size', 2);
  // CPU time of this thread, not wall time: the check must hold on a loaded machine too
  const cpuMs = (fn: () => void): number => {
    const c0 = process.cpuUsage();
    fn();
    const c = process.cpuUsage(c0);
    return (c.user + c.system) / 1000;
  };
  const doc = (n: number): string => {
    let d = 'models:\n  params:\n    gbdt:\n';
    for (let i = 0; i < n; i++) d += `      k${i}: 1\n`;
    return d;
  };
  const big = doc(50000);
  const refuse = cpuMs(() => assert.throws(() => parseYamlBounded(big, 'big.yaml'), /big\.yaml: a document of at most 10000 lines, received 50004 lines/));
  assert.ok(refuse < 1000, `refusing 50,000 lines took ${refuse} ms of CPU`);
  let keys = 0;
  const parse = (n: number) => () => {
    const v = parseYamlBounded(doc(n), 'mid.yaml') as { models: { params: { gbdt: Record<string, number> } } };
    keys = Object.keys(v.models.params.gbdt).length;
  };
  parse(1000)(); // warm the parser's code
  const small = Math.min(cpuMs(parse(1000)), cpuMs(parse(1000)));
  const mid = Math.min(cpuMs(parse(9000)), cpuMs(parse(9000)));
  assert.is(keys, 9000);
  // 9× the keys: linear parsing costs about 9× the time, quadratic 81×; allow 30× (and a floor for tiny timings)
  assert.ok(mid < 30 * Math.max(small, 5), `1,000 keys ${small} ms, 9,000 keys ${mid} ms of CPU: not linear`);
});

test('YAML alias bombs, undefined aliases, duplicate keys and deep nesting are input errors', () => {
  const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]', 'e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]'].join('\n');
  const cases: Array<[string, RegExp]> = [
    [bomb, /aliases are defined and expand to at most 100 references/],
    ['training:\n  seed: *nope\n', /c\.yaml(:2)?: .*alias/],
    ['training:\n  seed: 1\n  seed: 2\n', /c\.yaml:3: `seed`: each key once per mapping, received a duplicate key/],
    [`${'['.repeat(200)}${']'.repeat(200)}`, /nested at most 64 levels/],
    [Array.from({ length: 100 }, (_, i) => `${' '.repeat(i * 2)}k${i}:`).join('\n'), /nested at most 64 levels/],
  ];
  for (const [text, re] of cases) {
    hostile('nesting');
    assert.throws(() => loadConfig(file(text)), re);
  }
});

test('config bounds name the limit; unknown model keys are located in the list', () => {
  hostile('size', 3);
  assert.throws(() => parseConfig({ evaluation: { bootstrap_samples: 1e9 } }, 'c.yaml'), /`evaluation\.bootstrap_samples`: Number must be less than or equal to 20000, received 1000000000/);
  assert.throws(() => parseConfig({ tuning: { trials: 1e9 } }, 'c.yaml'), /`tuning\.trials`: Number must be less than or equal to 10000/);
  assert.throws(() => parseConfig({ tracking: { uri: 'file:///etc/passwd' } }, 'c.yaml'), /`tracking\.uri`: an http:\/\/ or https:\/\/ URL/);
});

test('deeply nested JSON data is an input error, not a stack overflow', async () => {
  hostile('nesting', 2);
  const f = file(`${'['.repeat(100000)}${']'.repeat(100000)}`, 'X.json');
  let msg = '';
  try {
    await readJsonFile(f, f, 'a readable file');
  } catch (e) {
    msg = (e as Error).message;
  }
  assert.match(msg, /JSON nested at most 64 levels deep/);
  const r = await cli(['data', 'import', f, '--symbol', 'X'], { WORKBENCH_HOME: tempDir('wb-adv-home-') });
  assert.is(r.code, 2, r.err);
  assert.not.match(r.err, /internal error|    at /);
});

test('user errors are exit 2 without a stack: config directory, WORKBENCH_HOME a file, a non-DuckDB store', async () => {
  const dir = tempDir('wb-adv-dir-');
  const home = tempDir('wb-adv-home-');
  const notDir = path.join(home, 'afile');
  fs.writeFileSync(notDir, 'x');
  const notDb = path.join(home, 'bad.duckdb');
  fs.writeFileSync(notDb, 'this is not a duckdb file\n'.repeat(100));
  const cases: Array<[string[], Record<string, string>, RegExp]> = [
    [['train', '--config', dir], { WORKBENCH_HOME: home }, /a file, received a directory/],
    [['train', '--config', file('training:\n  seed: *x\n')], { WORKBENCH_HOME: home }, /alias/],
    [['data', 'list'], { WORKBENCH_HOME: notDir }, /WORKBENCH_HOME/],
    [['runs'], { WORKBENCH_HOME: path.join(notDir, 'sub') }, /WORKBENCH_HOME/],
    [['data', 'list', '--store', notDb], { WORKBENCH_HOME: home }, /a DuckDB store file/],
    [['data', 'list', '--store', dir], { WORKBENCH_HOME: home }, /a DuckDB store file|directory/],
  ];
  for (const [argv, env, re] of cases) {
    hostile('config');
    const r = await cli(argv, env);
    assert.is(r.code, 2, `${argv.join(' ')}: ${r.err}`);
    assert.match(r.err, re);
    assert.not.match(r.err, /internal error|\n\s+at /);
  }
});

test('update --symbols with 20,000 names is refused at once; unknown names are named', async () => {
  const home = tempDir('wb-adv-home-');
  const names = Array.from({ length: 20000 }, (_, i) => `S${i}`).join(',');
  hostile('size');
  const t0 = Date.now();
  const r = await cli(['update', '--from', home, '--symbols', names], { WORKBENCH_HOME: home });
  assert.is(r.code, 2, r.err);
  assert.match(r.err, /at most 1000 symbols, received 20000/);
  assert.ok(Date.now() - t0 < 2000);
  hostile('injection');
  const u = await cli(['update', '--from', home, '--symbols', 'NOPE'], { WORKBENCH_HOME: home });
  assert.is(u.code, 2, u.err);
  assert.match(u.err, /symbols in the store .* received unknown NOPE/);
});

test.run();
