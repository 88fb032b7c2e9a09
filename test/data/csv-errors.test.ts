import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseCsvBytes, readCsvBars } from '../../src/data/csv';
import { InputError } from '../../src/util/errors';
import { dayToIso } from '../../src/util/dates';
import { rejects, tempDir } from '../helpers';

const H = 'Date,Open,High,Low,Close,Volume\n';
const src = { source: 'data/AAPL.csv' };

/** The InputError message thrown by a strict parse of `text`. */
function strictError(text: string | Uint8Array): string {
  try {
    parseCsvBytes(text, src);
  } catch (e) {
    assert.instance(e, InputError);
    return (e as Error).message;
  }
  throw new Error('expected an InputError');
}

test('empty file: names the file and line 1', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'EMPTY.csv');
  fs.writeFileSync(file, '');
  await rejects(() => readCsvBars(file), /EMPTY\.csv:1: a CSV header line, received an empty file/);
});

test('a blank first line or a directory instead of a file is an error', async () => {
  assert.is(strictError('\n\n'), 'data/AAPL.csv:1: a CSV header line, received a blank line');
  await rejects(() => readCsvBars(tempDir()), /: a regular file, received a directory/);
});

test('header only: expected at least one data row at line 2', () => {
  assert.is(strictError(H), 'data/AAPL.csv:2: at least one data row after the header, received none');
});

test('missing required column names the column and shows the header', () => {
  assert.match(strictError('Date,Open,Low,Close\n2020-01-02,1,1,1\n'), /^data\/AAPL\.csv:1: columns date, open, high, low, close .*missing `high`, received header "Date,Open,Low,Close"$/);
});

test('a mapping naming an absent column is an error', () => {
  assert.throws(() => parseCsvBytes('A,B\n1,2\n', { mapping: { date: 'Timestamp' } }), /a column named "Timestamp" \(mapping.date\)/);
});

test('a requested format that does not match the header is an error', () => {
  assert.throws(() => parseCsvBytes(`${H}2020-01-02,1,2,0.5,1.5,10\n`, { format: 'yahoo' }), /a yahoo header .*looks like stooq/);
});

test('non-numeric value: file:line: column and the text received', () => {
  assert.is(strictError(`${H}2020-01-02,1,2,0.5,1.5,10\n2020-01-03,1,abc,0.5,1.5,10\n`), 'data/AAPL.csv:3: column `high`: a finite number, received "abc"');
  assert.match(strictError(`${H}2020-01-02,1,2,0.5,null,10\n`), /:2: column `close`: a finite number, received "null"/);
  assert.match(strictError(`${H}2020-01-02,1,2,0.5,,10\n`), /:2: column `close`: a finite number, received ""/);
});

test('NaN and Infinity are rejected as non-finite', () => {
  assert.match(strictError(`${H}2020-01-02,NaN,2,0.5,1.5,10\n`), /:2: column `open`: a finite number, received "NaN"/);
  assert.match(strictError(`${H}2020-01-02,1,Infinity,0.5,1.5,10\n`), /:2: column `high`: a finite number, received "Infinity"/);
});

test('negative or zero prices are rejected', () => {
  assert.is(strictError(`${H}2020-01-02,1,2,-0.5,1.5,10\n`), 'data/AAPL.csv:2: column `low`: a positive price, received -0.5');
  assert.match(strictError(`${H}2020-01-02,0,2,0.5,1.5,10\n`), /:2: column `open`: a positive price, received 0/);
});

test('high < low gives the house message with both values', () => {
  let text = H;
  for (let i = 0; i < 1041; i++) text += `${dayToIso(10000 + i)},102,104,101,103,10\n`;
  text += `${dayToIso(20000)},102,101.2,103.9,102,10\n`;
  assert.is(strictError(text), 'data/AAPL.csv:1043: column `high`: high must be >= low, received high=101.2 low=103.9');
});

test('open or close outside [low, high] is rejected', () => {
  assert.match(strictError(`${H}2020-01-02,2.5,2,0.5,1.5,10\n`), /:2: column `high`: high must be >= open and close, received high=2 open=2.5 close=1.5/);
  assert.match(strictError(`${H}2020-01-02,1,2,0.5,0.4,10\n`), /:2: column `low`: low must be <= open and close/);
});

test('negative volume is rejected; zero volume loads (the report flags it)', () => {
  assert.match(strictError(`${H}2020-01-02,1,2,0.5,1.5,-1\n`), /:2: column `volume`: a volume >= 0, received -1/);
  assert.is(parseCsvBytes(`${H}2020-01-02,1,2,0.5,1.5,0\n`).bars.volume[0], 0);
});

test('duplicate dates name both lines', () => {
  assert.is(strictError(`${H}2020-01-02,1,2,0.5,1.5,10\n2020-01-02,1,2,0.5,1.5,10\n`), 'data/AAPL.csv:3: column `date`: one bar per date, received a second 2020-01-02 (first on line 2)');
});

test('unsorted dates are rejected', () => {
  assert.is(strictError(`${H}2020-01-03,1,2,0.5,1.5,10\n2020-01-02,1,2,0.5,1.5,10\n`), 'data/AAPL.csv:3: column `date`: dates in increasing order, received 2020-01-02 after 2020-01-03 (line 2)');
});

test('ambiguous slash dates are rejected with an ISO hint', () => {
  assert.is(
    strictError(`${H}01/02/2020,1,2,0.5,1.5,10\n`),
    'data/AAPL.csv:2: column `date`: an ISO date YYYY-MM-DD (slash dates like 01/02/2020 are ambiguous: convert to YYYY-MM-DD), received "01/02/2020"',
  );
  assert.match(strictError(`${H}1/2/20,1,2,0.5,1.5,10\n`), /:2: column `date`: an ISO date YYYY-MM-DD .*received "1\/2\/20"/);
  assert.match(strictError(`${H}2020-01-02T15:30:00,1,2,0.5,1.5,10\n`), /time part must be midnight/);
});

test('mixed date formats in one file are an error', () => {
  assert.is(
    strictError(`${H}2020-01-02,1,2,0.5,1.5,10\n20200103,1,2,0.5,1.5,10\n`),
    'data/AAPL.csv:3: column `date`: one date format per file (YYYY-MM-DD as on line 2), received "20200103" (mixed date formats)',
  );
});

test('a wrong number of fields is an error', () => {
  assert.is(strictError(`${H}2020-01-02,1,2,0.5,1.5\n`), 'data/AAPL.csv:2: 6 fields as in the header, received 5');
  assert.match(strictError(`${H}2020-01-02,1,2,0.5,1.5,10,7\n`), /:2: 6 fields as in the header, received 7/);
});

test('non-UTF-8 bytes are reported with their line', () => {
  const bytes = Buffer.concat([Buffer.from(`${H}2020-01-02,1,2,0.5,1.5,10\n2020-01-03,1,2,0.5,1.5,1`), Buffer.from([0xe9]), Buffer.from('\n')]);
  assert.match(strictError(bytes), /^data\/AAPL\.csv:3: UTF-8 text \(re-save the file as UTF-8\), received byte 0xE9/);
  const header = Buffer.concat([Buffer.from('Date,Op'), Buffer.from([0xff]), Buffer.from('en\n')]);
  assert.match(strictError(header), /:1: a UTF-8 CSV header line/);
});

test('valid UTF-8 in an ignored column is accepted', () => {
  const p = parseCsvBytes('Date,Open,High,Low,Close,Name\n2020-01-02,1,2,0.5,1.5,Société Générale\n');
  assert.is(p.bars.dates.length, 1);
});

test('a missing file is an InputError naming it', async () => {
  await rejects(() => readCsvBars('/nonexistent/dir/X.csv'), /X\.csv: a readable file, received ENOENT/);
});

test('non-strict mode drops unparseable rows, repairs order, and records every issue', () => {
  const text =
    `${H}2020-01-03,1,2,0.5,1.5,10\n` + // line 2
    '2020-01-02,1,2,0.5,1.5,10\n' + // line 3: out of order
    '2020-01-06,1,x,0.5,1.5,10\n' + // line 4: bad number
    '2020-01-03,9,9,9,9,9\n' + // line 5: duplicate of line 2
    '2020-01-07,1,0.4,0.5,1.5,10\n'; // line 6: high < low (kept; validateBars reports it)
  const p = parseCsvBytes(text, { ...src, strict: false });
  assert.equal(Array.from(p.bars.dates, dayToIso), ['2020-01-02', '2020-01-03', '2020-01-07']);
  assert.equal(Array.from(p.lines), [3, 2, 6]);
  assert.is(p.bars.open[1], 1, 'first of the duplicates kept');
  assert.is(p.issues.count('parse'), 1);
  assert.is(p.issues.examples.get('parse')![0].line, 4);
  assert.is(p.issues.count('order'), 1);
  assert.is(p.issues.count('duplicates'), 1);
  assert.match(p.issues.examples.get('duplicates')![0].message, /second 2020-01-03 \(first on line 2\)/);
});

test('non-strict mode with no parseable row still throws, quoting the first problem', () => {
  assert.throws(() => parseCsvBytes(`${H}2020-01-02,a,2,0.5,1.5,10\n`, { ...src, strict: false }), /:2: at least one parseable row; first problem: a finite number, received "a"/);
});

test('an invalid chunk size is rejected', () => {
  assert.throws(() => parseCsvBytes(H, { chunkSize: 0 }), /`chunkSize`: a positive integer number of bytes, received 0/);
});

test.run();
