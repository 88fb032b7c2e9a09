/**
 * A multi-symbol seed-002 run: `data.symbols: [A, B]` with `data.source: store:{symbol}` and `profile: seed002`
 * trains each symbol's three models on its own bars (runs <ID>-A-regression, <ID>-A-direction, <ID>-B-…) and
 * prints one profile table per symbol. A bad list, a source without `{symbol}` or `data.symbol` beside the list
 * exit 2 naming the key; commands that take one run refuse the list.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { Store } from '../../src/data/store';
import { randomWalk } from '../../src/data/synthetic';
import { trainCommand } from '../../src/cli/train';
import { loadConfig } from '../../src/config/load';
import { runCommand, withTempHome } from './run-command';

const CONFIG = [
  'profile: seed002',
  'data:',
  '  source: "store:{symbol}"',
  '  symbols: [AAA, BBB]',
  'training:',
  '  start_date: "2000-01-03"',
  '  initial_end_date: "2002-01-02"',
  '  window_increment: 28',
  '  max_iterations: 2',
  'features:',
  '  set: minimal',
  'models:',
  '  params:',
  '    random_forest: { nTrees: 6, maxDepth: 3 }',
  '    gbdt: { nRounds: 6 }',
  'evaluation:',
  '  bootstrap_samples: 50',
].join('\n');

test('data.symbols with profile seed002 trains each symbol\'s three models on its own bars, one table per symbol', async () => {
  await withTempHome(async (home) => {
    const store = new Store({ path: path.join(home, 'store.duckdb') });
    await store.upsertBars(randomWalk({ n: 700, seed: 1, symbol: 'AAA' }));
    await store.upsertBars(randomWalk({ n: 700, seed: 2, symbol: 'BBB' }));
    const cfg = path.join(home, 'two.yaml');
    fs.writeFileSync(cfg, CONFIG);
    const r = await runCommand(trainCommand, ['--config', cfg, '--run-id', 'ms', '--quiet']);
    assert.is(r.code, 0, r.err);
    const runs = ['ms-AAA-regression', 'ms-AAA-direction', 'ms-BBB-regression', 'ms-BBB-direction'];
    for (const id of runs) {
      const res = JSON.parse(fs.readFileSync(path.join(home, 'runs', id, 'results.json'), 'utf8'));
      assert.is(res.data.symbol, id.split('-')[1], id);
    }
    const table = (sym: string) => {
      const lines = r.out.split('\n');
      const at = lines.indexOf(`profile seed002 ${sym}: regression = run ms-${sym}-regression, direction = run ms-${sym}-direction`);
      assert.ok(at >= 0, `no table for ${sym} in:\n${r.out}`);
      return lines.slice(at + 1, at + 4);
    };
    const a = table('AAA');
    const b = table('BBB');
    for (const t of [a, b]) {
      assert.match(t[0], /^\s+regression_random_forest\s+h=1 mse \S+ rmse \S+ r2/);
      assert.match(t[1], /^\s+regression_gbdt\s+h=1 mse /);
      assert.match(t[2], /^\s+direction_random_forest\s+h=1 accuracy \S+% \[/);
    }
    assert.not.equal(a[0], b[0], 'each symbol is trained on its own bars');
  });
});

test('a bad symbol list exits 2 naming the key; one-run commands refuse the list', async () => {
  await withTempHome(async (home) => {
    const cases: Array<[string, RegExp]> = [
      [CONFIG.replace('"store:{symbol}"', 'store:AAA'), /`data\.source`: a source naming each symbol's data with `\{symbol\}`/],
      [CONFIG.replace('[AAA, BBB]', '[AAA, AAA]'), /`data\.symbols\[1\]`: each symbol once, received "AAA"/],
      [CONFIG.replace('[AAA, BBB]', '[AAA, "a/b"]'), /`data\.symbols\[1\]`: a symbol of letters/],
      [CONFIG.replace('[AAA, BBB]', '[]'), /`data\.symbols`: a list of 1 to 50 symbols/],
      [CONFIG.replace('  symbols: [AAA, BBB]', '  symbols: [AAA, BBB]\n  symbol: X'), /`data\.symbol`: no `data\.symbol` beside `data\.symbols`/],
    ];
    for (const [text, re] of cases) {
      const cfg = path.join(home, 'bad.yaml');
      fs.writeFileSync(cfg, text);
      const r = await runCommand(trainCommand, ['--config', cfg, '--run-id', 'bad', '--quiet']);
      assert.is(r.code, 2, text);
      assert.match(r.err, re);
    }
    assert.is(fs.existsSync(path.join(home, 'runs')), false, 'nothing written');
    const cfg = path.join(home, 'two.yaml');
    fs.writeFileSync(cfg, CONFIG);
    assert.throws(() => loadConfig(cfg), /`data\.symbols`: one symbol per run here/);
  });
});

test.run();
