import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseJsonBars, readJsonBars } from '../../src/data/json';
import { barsToRows } from '../../src/data/bars';
import { dayToIso } from '../../src/util/dates';
import { fixture, rejects, tempDir } from '../helpers';

const bar = (date: string, extra: Record<string, unknown> = {}) => ({ date, open: 1, high: 2, low: 0.5, close: 1.5, volume: 10, ...extra });

test('readJsonBars reads an array of bar objects, listing unknown keys', async () => {
  const p = await readJsonBars(fixture('data/bars-rows.json'), { symbol: 'AAPL' });
  assert.is(p.layout, 'rows');
  assert.equal(barsToRows(p.bars)[1], { date: '2020-01-03', open: 74.29, high: 75.14, low: 74.13, close: 74.36, volume: 146322800, adjClose: 72.64 });
  assert.equal(p.ignoredColumns, ['note']);
});

test('readJsonBars reads column arrays with any-case keys', async () => {
  const p = await readJsonBars(fixture('data/bars-columns.json'));
  assert.is(p.layout, 'columns');
  assert.equal(Array.from(p.bars.dates, dayToIso), ['2020-01-02', '2020-01-03']);
  assert.equal(Array.from(p.bars.close), [75.09, 74.36]);
  assert.is(p.bars.adjClose, undefined);
});

test('errors name the key path: [i].field for rows', () => {
  assert.throws(() => parseJsonBars([bar('2020-01-02'), bar('2020-01-03', { close: null })], { source: 'a.json' }), /^a\.json: `\[1\]\.close`: a finite number, received null$/);
  assert.throws(() => parseJsonBars([bar('2020-01-02', { close: '1.5' })]), /`\[0\]\.close`: a finite number, received "1\.5"/);
  assert.throws(() => parseJsonBars([bar('01/02/2020')]), /`\[0\]\.date`: an ISO date YYYY-MM-DD .*received "01\/02\/2020"/);
  assert.throws(() => parseJsonBars([bar('2020-01-02'), 7]), /`\[1\]`: a bar object, received 7/);
});

test('errors name the key path: field[i] for columns', () => {
  const cols = { date: ['2020-01-02', '2020-01-03'], open: [1, 1], high: [2, 2], low: [0.5, 0.5], close: [1.5, 'x'] };
  assert.throws(() => parseJsonBars(cols), /`close\[1\]`: a finite number, received "x"/);
  assert.throws(() => parseJsonBars({ ...cols, close: [1.5] }), /`close`: 2 values \(as `date`\), received 1/);
});

test('missing keys, wrong shapes and row checks are errors', () => {
  assert.throws(() => parseJsonBars([{ date: '2020-01-02', open: 1 }]), /`\[0\]`: keys date, open, high, low, close, missing `high`, `low`, `close`/);
  assert.throws(() => parseJsonBars('bars'), /an array of bar objects or an object of column arrays, received "bars"/);
  assert.throws(() => parseJsonBars([]), /a non-empty array of bar objects, received \[\]/);
  assert.throws(() => parseJsonBars([bar('2020-01-02', { high: 0.4 })]), /`\[0\]\.high`: high must be >= low, received high=0\.4 low=0\.5/);
  assert.throws(() => parseJsonBars([bar('2020-01-03'), bar('2020-01-02')]), /`\[1\]\.date`: dates in increasing order/);
  assert.throws(() => parseJsonBars([bar('2020-01-02'), bar('2020-01-02')]), /`\[1\]\.date`: one bar per date/);
  assert.throws(() => parseJsonBars([bar('2020-01-02'), bar('20200103')]), /mixed date formats/);
});

test('non-strict mode drops bad records and records them by key path', () => {
  const p = parseJsonBars([bar('2020-01-03'), bar('2020-01-02', { open: 'x' }), bar('2020-01-02')], { strict: false });
  assert.equal(Array.from(p.bars.dates, dayToIso), ['2020-01-02', '2020-01-03']);
  assert.is(p.issues.count('parse'), 1);
  assert.is(p.issues.examples.get('parse')![0].key, '[1].open');
  assert.is(p.issues.count('order'), 1);
});

test('invalid JSON, empty and non-UTF-8 files are InputErrors naming the file', async () => {
  const dir = tempDir();
  const bad = path.join(dir, 'bad.json');
  fs.writeFileSync(bad, '[{"date": ');
  await rejects(() => readJsonBars(bad), /bad\.json: valid JSON/);
  const empty = path.join(dir, 'empty.json');
  fs.writeFileSync(empty, ' \n');
  await rejects(() => readJsonBars(empty), /empty\.json: a JSON document, received an empty file/);
  const latin = path.join(dir, 'latin.json');
  fs.writeFileSync(latin, Buffer.concat([Buffer.from('[\n{"n": "'), Buffer.from([0xe9]), Buffer.from('"}]')]));
  await rejects(() => readJsonBars(latin), /latin\.json:2: UTF-8 text/);
});

test.run();
