import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { dataImportCommand } from '../../src/cli/data-import';
import { Store } from '../../src/data/store';
import { tempDir } from '../helpers';
import { runCommand, withTempHome } from './run-command';

const GOOD_CSV = ['Date,Open,High,Low,Close,Adj Close,Volume', '2024-01-02,10,11,9,10.5,10.4,1000', '2024-01-03,10.5,12,10,11.5,11.4,2000', '2024-01-04,11.5,12.5,11,12,11.9,1500'].join('\n');

function writeCsv(text: string, name = 'TEST.csv'): string {
  const file = path.join(tempDir('wb-csv-'), name);
  fs.writeFileSync(file, `${text}\n`);
  return file;
}

// The sample file has 5,105 data rows (the last line has no newline, so `wc -l` shows 5,105 lines with the
// header; the "5,104 rows" quoted in DESIGN.md is off by one). The count is taken from the file itself.
function sp500Rows(): number {
  const file = path.join(path.dirname(require.resolve('vega-datasets')), '..', 'data', 'sp500-2000.csv');
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => /^\d{4}-/.test(l)).length;
}

test('importing sample:sp500 twice leaves exactly one row per file row (5,105)', async () => {
  const rows = sp500Rows();
  assert.is(rows, 5105);
  await withTempHome(async (home) => {
    const first = await runCommand(dataImportCommand, ['sample:sp500', '--symbol', 'SPX']);
    assert.is(first.code, 0, first.err);
    assert.is(first.out, `SPX: ${rows} rows (2000-01-03 … 2020-04-17): inserted ${rows}, updated 0, unchanged 0; ${rows} rows stored`);
    const second = await runCommand(dataImportCommand, ['sample:sp500', '--symbol', 'SPX', '--json']);
    assert.is(second.code, 0, second.err);
    const json = JSON.parse(second.out);
    assert.equal([json.symbol, json.inserted, json.updated, json.unchanged, json.total], ['SPX', 0, 0, rows, rows]);
    assert.is(json.report.ok, true);
    const store = new Store({ path: path.join(home, 'store.duckdb') });
    const list = await store.listSymbols();
    assert.equal(list.map((s) => [s.symbol, s.rows, s.firstDate, s.lastDate, s.source]), [['SPX', rows, '2000-01-03', '2020-04-17', 'sample:sp500']]);
    const bars = await store.readBars('SPX', { to: '2000-01-03' });
    assert.equal([bars.open[0], bars.high[0], bars.low[0], bars.close[0], bars.volume[0]], [1469.25, 1478, 1438.359985, 1455.219971, 931800000]);
    const report = await store.latestQualityReport<{ ok: boolean; rows: number; source: string }>('SPX');
    assert.equal([report?.report.ok, report?.report.rows, report?.report.source], [true, rows, 'sample:sp500']);
  });
});

test('a CSV file is imported under --symbol, or under its file name', async () => {
  await withTempHome(async () => {
    const file = writeCsv(GOOD_CSV, 'AAPL.csv');
    const r = await runCommand(dataImportCommand, [file]);
    assert.is(r.code, 0, r.err);
    assert.match(r.out, /^AAPL: 3 rows \(2024-01-02 … 2024-01-04\): inserted 3/);
    const r2 = await runCommand(dataImportCommand, [file, '--symbol', 'MSFT']);
    assert.is(r2.code, 0, r2.err);
    assert.equal((await new Store().listSymbols()).map((s) => s.symbol), ['AAPL', 'MSFT']);
  });
});

test('invalid data exits 2 with the loader message and leaves the store unchanged', async () => {
  await withTempHome(async () => {
    const good = writeCsv(GOOD_CSV);
    assert.is((await runCommand(dataImportCommand, [good, '--symbol', 'XYZ'])).code, 0);
    const before = await new Store().readBars('XYZ');
    // new dates plus one row with high < low: strict loading/validation must reject the whole file
    const bad = writeCsv(
      ['Date,Open,High,Low,Close,Adj Close,Volume', '2024-01-03,10.5,12,10,99,11.4,2000', '2024-01-05,11,12,11.5,11.8,11.7,1000', '2024-01-08,11,9,10,9.5,9.4,1000'].join('\n'),
    );
    const r = await runCommand(dataImportCommand, [bad, '--symbol', 'XYZ']);
    assert.is(r.code, 2, r.err);
    assert.match(r.err, /high|low/);
    const after = await new Store().readBars('XYZ');
    assert.equal(Array.from(after.close), Array.from(before.close));
    assert.equal(Array.from(after.dates), Array.from(before.dates));
  });
});

test('data that loads but fails a quality check exits 2, prints the report and stores nothing', async () => {
  await withTempHome(async (home) => {
    // close triples on 2024-01-04: a possible unadjusted split (`jumps` check)
    const jumpy = writeCsv(['Date,Open,High,Low,Close,Volume', '2024-01-02,10,11,9,10.5,1000', '2024-01-03,10.5,12,10,11.5,2000', '2024-01-04,34,36,33,35,1500'].join('\n'));
    const r = await runCommand(dataImportCommand, [jumpy, '--symbol', 'JMP']);
    assert.is(r.code, 2, r.err);
    assert.match(r.err, /Quality report: JMP/);
    assert.match(r.err, /data that passes the quality checks \(nothing was imported\), received 1 failed check\(s\):\n  jumps: 1 rows, e\.g\. line 4:/);
    assert.is(fs.existsSync(path.join(home, 'store.duckdb')), false);
  });
});

test('unparseable rows are rejected (exit 2) naming the file line, nothing stored', async () => {
  await withTempHome(async (home) => {
    const bad = writeCsv(['Date,Open,High,Low,Close,Volume', '2024-01-02,10,11,9,10.5,1000', '2024-01-03,10.5,abc,10,11.5,2000'].join('\n'));
    const r = await runCommand(dataImportCommand, [bad, '--symbol', 'BAD']);
    assert.is(r.code, 2, r.err);
    assert.match(r.err, /:3\b/);
    assert.equal(await new Store({ path: path.join(home, 'store.duckdb') }).listSymbols(), []);
  });
});

test('symbols with `/`, `..` or spaces exit 2 before any path is touched', async () => {
  await withTempHome(async (home) => {
    const file = writeCsv(GOOD_CSV);
    for (const bad of ['../evil', 'A/B', 'A B', 'A..B']) {
      const r = await runCommand(dataImportCommand, [file, '--symbol', bad]);
      assert.is(r.code, 2, bad);
      assert.match(r.err, /`--symbol`: a symbol of 1-32 letters/);
    }
    assert.is(fs.existsSync(path.join(home, 'store.duckdb')), false);
  });
});

test('bad arguments exit 2 with what was expected', async () => {
  await withTempHome(async () => {
    const file = writeCsv(GOOD_CSV);
    assert.match((await runCommand(dataImportCommand, [])).err, /`<file>`: exactly one file \(or sample:sp500\), received none/);
    assert.match((await runCommand(dataImportCommand, [file, '--format', 'xls'])).err, /`--format`: one of auto, yahoo, stooq, vega, generic, json, received "xls"/);
    const missing = await runCommand(dataImportCommand, ['/no/such.csv', '--symbol', 'X']);
    assert.is(missing.code, 2, missing.err);
    assert.match(missing.err, /\/no\/such\.csv/);
    const sample = await runCommand(dataImportCommand, ['sample:nope', '--symbol', 'X']);
    assert.is(sample.code, 2, sample.err);
    assert.match(sample.err, /sample:sp500/);
    const r = await runCommand(dataImportCommand, [file, '--format', 'xls']);
    assert.is(r.code, 2);
  });
});

test.run();
