/** Finding 1 (data loss on import) and 9 (future dates): an import never changes a column its file lacks. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { dataImportCommand } from '../../src/cli/data-import';
import { parseCsvBytes } from '../../src/data/csv';
import { Store } from '../../src/data/store';
import { tempDir } from '../helpers';
import { runCommand, withTempHome } from '../cli/run-command';
import { hostile } from './hostile';

const ROWS = ['2024-01-02,10,11,9,10.5,1000', '2024-01-03,10.5,12,10,11.5,2000', '2024-01-04,11.5,12.5,11,12,1500'];

function csv(header: string, rows = ROWS, name = 'X.csv'): string {
  const file = path.join(tempDir('wb-adv-csv-'), name);
  fs.writeFileSync(file, `${header}\n${rows.join('\n')}\n`);
  return file;
}

async function volumes(home: string, symbol = 'X'): Promise<number[]> {
  const bars = await new Store({ path: path.join(home, 'store.duckdb') }).readBars(symbol);
  return Array.from(bars.volume);
}

test('a misspelled volume header (`Volumee`) is an error naming `volume` and the closest header; stored volumes survive', async () => {
  await withTempHome(async (home) => {
    const good = await runCommand(dataImportCommand, [csv('Date,Open,High,Low,Close,Volume'), '--symbol', 'X']);
    assert.is(good.code, 0, good.err);
    for (const header of ['Date,Open,High,Low,Close,Volumee', 'Date,Open,High,Low,Close,Volme', 'Date,Open,High,Low,Close,Vollume', 'Date,Open,High,Low,Close']) {
      hostile('bytes');
      const bad = await runCommand(dataImportCommand, [csv(header), '--symbol', 'X']);
      assert.is(bad.code, 2, `${header}: ${bad.err}`);
      assert.match(bad.err, /`volume` column/);
      if (header.endsWith('Volumee')) assert.match(bad.err, /closest header found: "Volumee"/);
    }
    assert.equal(await volumes(home), [1000, 2000, 1500]);
  });
});

test('header bytes outside printable text (NUL, DEL, bidi, zero-width) are an error', async () => {
  await withTempHome(async (home) => {
    assert.is((await runCommand(dataImportCommand, [csv('Date,Open,High,Low,Close,Volume'), '--symbol', 'X'])).code, 0);
    for (const ch of ['\u0000', '\u007f', '\u202e', '\u200b', '\u0085']) {
      hostile('bytes');
      const bad = await runCommand(dataImportCommand, [csv(`Date,Open,High,Low,Close,Volu${ch}me`), '--symbol', 'X']);
      assert.is(bad.code, 2, bad.err);
      assert.match(bad.err, /a header of printable text, received character U\+/);
    }
    assert.equal(await volumes(home), [1000, 2000, 1500]);
  });
});

test('--columns volume=- imports a file without volume and keeps the stored volumes (new rows get 0)', async () => {
  await withTempHome(async (home) => {
    assert.is((await runCommand(dataImportCommand, [csv('Date,Open,High,Low,Close,Volume'), '--symbol', 'X'])).code, 0);
    const rows = ['2024-01-02,10,11,9,10.6', '2024-01-03,10.5,12,10,11.5', '2024-01-04,11.5,12.5,11,12', '2024-01-05,12,13,11.5,12.5'];
    const r = await runCommand(dataImportCommand, [csv('Date,Open,High,Low,Close', rows), '--symbol', 'X', '--columns', 'volume=-']);
    assert.is(r.code, 0, r.err);
    assert.match(r.out, /inserted 1, updated 1, unchanged 2/);
    assert.equal(await volumes(home), [1000, 2000, 1500, 0]);
    hostile('config');
    const wrong = await runCommand(dataImportCommand, [csv('Date,Open,High,Low,Close', rows), '--symbol', 'X', '--columns', 'close=-']);
    assert.is(wrong.code, 2);
    assert.match(wrong.err, /only volume and adjClose may be `-`/);
  });
});

test('a file without adj close keeps the stored adjusted closes', async () => {
  await withTempHome(async (home) => {
    const withAdj = ['2024-01-02,10,11,9,10.5,10.4,1000', '2024-01-03,10.5,12,10,11.5,11.4,2000'];
    assert.is((await runCommand(dataImportCommand, [csv('Date,Open,High,Low,Close,Adj Close,Volume', withAdj), '--symbol', 'X'])).code, 0);
    const r = await runCommand(dataImportCommand, [csv('Date,Open,High,Low,Close,Volume', ROWS.slice(0, 2)), '--symbol', 'X']);
    assert.is(r.code, 0, r.err);
    const bars = await new Store({ path: path.join(home, 'store.duckdb') }).readBars('X');
    assert.equal(Array.from(bars.adjClose ?? []), [10.4, 11.4]);
  });
});

test('bars dated in the future (year 9566) are refused with the line', async () => {
  await withTempHome(async () => {
    for (const d of ['9566-01-02', '2999-12-31']) {
      hostile('bytes');
      const r = await runCommand(dataImportCommand, [csv('Date,Open,High,Low,Close,Volume', [...ROWS, `${d},12,13,11,12,100`]), '--symbol', 'X']);
      assert.is(r.code, 2, r.err);
      assert.match(r.err, new RegExp(`:5: column \`date\`: dates up to today .* received ${d}`));
    }
  });
});

test('hostile symbols (injection, traversal, control characters) are refused before anything is written', async () => {
  await withTempHome(async (home) => {
    for (const s of ["X'; DROP TABLE bars;--", '../../etc/passwd', 'A\u0000B', 'a b', '$(rm -rf /)', 'X'.repeat(500)]) {
      hostile('injection');
      const r = await runCommand(dataImportCommand, [csv('Date,Open,High,Low,Close,Volume'), '--symbol', s]);
      assert.is(r.code, 2, `${JSON.stringify(s)}: ${r.err}`);
      assert.match(r.err, /--symbol/);
    }
    assert.is(fs.existsSync(path.join(home, 'store.duckdb')), false);
  });
});

test('parser: missing required column names the closest header; mapped fields must exist', () => {
  hostile('bytes', 2);
  assert.throws(() => parseCsvBytes('Date,Open,Hihg,Low,Close,Volume\n2024-01-02,1,2,0.5,1,1\n'), /missing `high` \(closest header found: "Hihg"\)/);
  assert.throws(() => parseCsvBytes('Date,Open,High,Low,Close\n2024-01-02,1,2,0.5,1\n', { requireVolume: true }), /a `volume` column, or the mapping volume=- /);
  const ok = parseCsvBytes('Date,Open,High,Low,Close\n2024-01-02,1,2,0.5,1\n', { requireVolume: true, mapping: { volume: '-' } });
  assert.is(ok.hasVolume, false);
});

test.run();
