import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'path';
import { dataListCommand, formatTable } from '../../src/cli/data-list';
import { Store } from '../../src/data/store';
import { randomWalk } from '../../src/data/synthetic';
import { tempDir } from '../helpers';
import { runCommand, withTempHome } from './run-command';

test('an empty store says how to import data', async () => {
  await withTempHome(async () => {
    const r = await runCommand(dataListCommand, []);
    assert.is(r.code, 0);
    assert.match(r.out, /The store is empty\. Import data with `workbench data import/);
    const j = await runCommand(dataListCommand, ['--json']);
    assert.equal(JSON.parse(j.out), []);
  });
});

test('lists symbols with row counts and date ranges, as a table or JSON', async () => {
  await withTempHome(async () => {
    const store = new Store();
    await store.upsertBars(randomWalk({ n: 3, symbol: 'BBB', start: '2024-01-02' }), { source: 'b.csv' });
    await store.upsertBars(randomWalk({ n: 5, symbol: 'AAA', start: '2024-01-02' }));
    const r = await runCommand(dataListCommand, []);
    assert.is(r.code, 0);
    assert.equal(r.out.split('\n'), [
      'symbol  rows  first       last        source',
      'AAA     5     2024-01-02  2024-01-08  ',
      'BBB     3     2024-01-02  2024-01-04  b.csv',
    ]);
    const j = JSON.parse((await runCommand(dataListCommand, ['--json'])).out);
    assert.equal(j.map((s: { symbol: string; rows: number; firstDate: string; lastDate: string }) => [s.symbol, s.rows, s.firstDate, s.lastDate]), [
      ['AAA', 5, '2024-01-02', '2024-01-08'],
      ['BBB', 3, '2024-01-02', '2024-01-04'],
    ]);
  });
});

test('--store points at another store file', async () => {
  const file = path.join(tempDir('wb-list-'), 'other.duckdb');
  await new Store({ path: file }).upsertBars(randomWalk({ n: 2, symbol: 'ZZZ' }));
  await withTempHome(async () => {
    const r = await runCommand(dataListCommand, ['--store', file, '--json']);
    assert.equal(JSON.parse(r.out).map((s: { symbol: string }) => s.symbol), ['ZZZ']);
  });
});

test('formatTable aligns columns', () => {
  assert.is(formatTable([['a', 'bb'], ['ccc', 'd']]), 'a    bb\nccc  d');
});

test.run();
