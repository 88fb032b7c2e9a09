import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { loadBars, loadBarsWithReport } from '../../src/data/load';
import { samplePath } from '../../src/data/samples';
import { fixture, rejects, tempDir } from '../helpers';

test('loadBars: the symbol defaults to the file basename', async () => {
  const bars = await loadBars(fixture('data/AAPL.csv'));
  assert.is(bars.symbol, 'AAPL');
  assert.is(bars.dates.length, 5);
  assert.is((await loadBars(fixture('data/aapl.us.txt'))).symbol, 'aapl.us');
  assert.is((await loadBars(fixture('data/bars-rows.json'), { symbol: 'X' })).symbol, 'X');
});

test('symbols with `/`, `..` or spaces are rejected, from options or from the file name', async () => {
  for (const s of ['A/B', '..', 'A..B', 'BRK B']) {
    await rejects(() => loadBars(fixture('data/AAPL.csv'), { symbol: s }), /`symbol`: a symbol of 1-32 letters/);
  }
  const dir = tempDir();
  const spaced = path.join(dir, 'my data.csv');
  fs.copyFileSync(fixture('data/AAPL.csv'), spaced);
  await rejects(() => loadBars(spaced), /my data\.csv: `symbol \(from the file name; pass a symbol\)`: a symbol .*received "my data"/);
  assert.is((await loadBars(spaced, { symbol: 'MYDATA' })).symbol, 'MYDATA');
});

test('unknown extensions need an explicit format', async () => {
  const dir = tempDir();
  const f = path.join(dir, 'AAPL.dat');
  fs.copyFileSync(fixture('data/AAPL.csv'), f);
  await rejects(() => loadBars(f), /AAPL\.dat: a \.csv, \.txt or \.json file.*received "\.dat"/);
  assert.is((await loadBars(f, { format: 'yahoo' })).dates.length, 5);
});

test('the report lists ignored columns, the format and a note when volume is missing', async () => {
  const { report } = await loadBarsWithReport(fixture('data/ticks-generic.csv'), {
    mapping: { date: 'Timestamp', open: 'First', high: 'Max', low: 'Min', close: 'Last' },
  });
  assert.is(report.format, 'generic');
  assert.equal(report.ignoredColumns, ['Shares', 'Exchange']);
  assert.ok(report.notes.some((n) => /no volume column/.test(n)));
});

test('fundamentals are joined as of publication into bars.extra', async () => {
  const bars = await loadBars(fixture('data/AAPL.csv'), { fundamentals: fixture('data/AAPL-fundamentals.json') });
  const eps = Array.from(bars.extra!.eps).map((x) => (Number.isNaN(x) ? null : x));
  assert.equal(eps, [null, null, 1.25, 1.25, 1.3]); // published 2020-01-06 and 2020-01-08
  assert.equal(Array.from(bars.extra!.pe).slice(2), [24.5, 24.5, 24.5]);
});

test('a corrupted copy of the sample fails strictly with file:line; lenient loading reports it instead', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'SP500.csv');
  const rows = fs.readFileSync(samplePath('sp500'), 'utf8').split('\n');
  rows[1042] = rows[1042].replace(/^([^,]+),([^,]+),([^,]+),([^,]+),/, '$1,$2,1.5,$4,'); // line 1043: high far below low
  rows[2000] = rows[2000].replace(/^[^,]+/, '03/04/2008'); // line 2001: ambiguous date
  fs.writeFileSync(file, rows.join('\n'));
  await rejects(() => loadBars(file), /SP500\.csv:1043: column `high`: high must be >= low, received high=1\.5 low=/);
  const { bars, report } = await loadBarsWithReport(file, { strict: false });
  assert.is(bars.dates.length, 5104);
  assert.not.ok(report.ok);
  const parse = report.checks.find((c) => c.name === 'parse')!;
  assert.is(parse.count, 1);
  assert.is(parse.examples[0].line, 2001);
  const ohlc = report.checks.find((c) => c.name === 'ohlc')!;
  assert.is(ohlc.count, 1);
  assert.is(ohlc.examples[0].line, 1043);
});

test('sample:stocks-monthly needs a symbol; bad sources are InputErrors', async () => {
  await rejects(() => loadBars('sample:stocks-monthly'), /`symbol`: one of MSFT, AMZN, IBM, GOOG, AAPL for sample:stocks-monthly, received undefined/);
  assert.is((await loadBars('sample:stocks-monthly', { symbol: 'IBM' })).symbol, 'IBM');
  await rejects(() => loadBars(''), /`source`: a file path or sample:<name>/);
  await rejects(() => loadBars('sample:nasdaq'), /a sample among/);
});

test.run();
