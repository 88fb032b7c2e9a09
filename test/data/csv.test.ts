import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseCsvBytes, readCsvBars } from '../../src/data/csv';
import { barsToRows } from '../../src/data/bars';
import { dayToIso } from '../../src/util/dates';
import { fixture } from '../helpers';

const dates = (d: Int32Array) => Array.from(d, dayToIso);

test('readCsvBars reads Yahoo format with adjusted close and file line numbers', async () => {
  const p = await readCsvBars(fixture('data/AAPL.csv'), { symbol: 'AAPL' });
  assert.is(p.format, 'yahoo');
  assert.is(p.dateFormat, 'iso');
  assert.is(p.bars.symbol, 'AAPL');
  assert.equal(dates(p.bars.dates), ['2020-01-02', '2020-01-03', '2020-01-06', '2020-01-07', '2020-01-08']);
  assert.equal(barsToRows(p.bars)[0], { date: '2020-01-02', open: 74.06, high: 75.15, low: 73.8, close: 75.09, volume: 135480400, adjClose: 73.35 });
  assert.equal(Array.from(p.lines), [2, 3, 4, 5, 6]);
  assert.ok(p.hasVolume);
  assert.equal(p.ignoredColumns, []);
});

test('readCsvBars reads Stooq Date,Open,High,Low,Close,Volume with exponent volumes', async () => {
  const p = await readCsvBars(fixture('data/spx-stooq.csv'));
  assert.is(p.format, 'stooq');
  assert.is(p.bars.adjClose, undefined);
  assert.is(p.bars.volume[0], 2.4e9);
  assert.is(p.bars.close[2], 3246.28);
});

test("readCsvBars reads Stooq's <TICKER>,<PER>,<DATE>,<TIME>,... layout with YYYYMMDD dates", async () => {
  const p = await readCsvBars(fixture('data/aapl.us.txt'));
  assert.is(p.format, 'stooq');
  assert.is(p.dateFormat, 'compact');
  assert.equal(dates(p.bars.dates), ['2020-01-02', '2020-01-03', '2020-01-06']);
  assert.is(p.bars.volume[1], 146322800);
  assert.equal(p.ignoredColumns, ['<TICKER>', '<PER>', '<TIME>', '<OPENINT>']);
});

test('readCsvBars reads the vega-datasets lower-case format', async () => {
  const p = await readCsvBars(fixture('data/vega-small.csv'));
  assert.is(p.format, 'vega');
  assert.is(p.bars.open[0], 1469.25);
  assert.is(p.bars.adjClose![1], 1399.420044);
});

test('generic CSV uses the column mapping (case-insensitive) and reports unmapped columns', async () => {
  const p = await readCsvBars(fixture('data/ticks-generic.csv'), {
    mapping: { date: 'timestamp', open: 'First', high: 'Max', low: 'Min', close: 'Last', volume: 'Shares' },
  });
  assert.is(p.format, 'generic');
  assert.equal(barsToRows(p.bars)[1], { date: '2021-03-02', open: 10.75, high: 10.9, low: 10.1, close: 10.2, volume: 1500 });
  assert.equal(p.ignoredColumns, ['Exchange']);
});

test('auto-detection matches header names case-insensitively and ignores (but lists) unknown columns', () => {
  const p = parseCsvBytes('DATE,open,HIGH,Low,cLoSe,VOLUME,Dividends\n2020-01-02,1,2,0.5,1.5,10,0\n');
  assert.is(p.format, 'stooq');
  assert.equal(p.ignoredColumns, ['Dividends']);
  assert.is(p.bars.close[0], 1.5);
});

test('a CSV without a volume column gets volume 0 and hasVolume false', () => {
  const p = parseCsvBytes('Date,Open,High,Low,Close\n2020-01-02,1,2,0.5,1.5\n');
  assert.not.ok(p.hasVolume);
  assert.equal(Array.from(p.bars.volume), [0]);
});

test('CRLF endings, a UTF-8 BOM, blank lines, quoted fields and a missing final newline are accepted', () => {
  const text = '\ufeffDate,Open,High,Low,Close,Volume,Name\r\n2020-01-02,1,2,0.5,1.5,10,"Acme, Inc."\r\n\r\n"2020-01-03","1.5",2,1,1.8,20,x';
  const p = parseCsvBytes(text);
  assert.equal(dates(p.bars.dates), ['2020-01-02', '2020-01-03']);
  assert.equal(Array.from(p.bars.close), [1.5, 1.8]);
  assert.equal(Array.from(p.lines), [2, 4]);
});

test('midnight timestamps are read as dates', () => {
  const p = parseCsvBytes('Date,Open,High,Low,Close\n2020-01-02 00:00:00-05:00,1,2,0.5,1.5\n2020-01-03 00:00:00-05:00,1,2,0.5,1.5\n');
  assert.is(p.dateFormat, 'iso-midnight');
  assert.equal(dates(p.bars.dates), ['2020-01-02', '2020-01-03']);
});

test('any chunk size (chunks splitting lines, numbers and CRLF pairs) gives the same bars', () => {
  let text = 'Date,Open,High,Low,Close,Adj Close,Volume\r\n';
  for (let i = 0; i < 40; i++) {
    const d = dayToIso(18000 + i);
    text += `${d},${100 + i}.125,${101 + i}.5,${99 + i}.25,${100 + i}.75,${100 + i}.5,${1000 + i * 7}\r\n`;
  }
  const whole = parseCsvBytes(text);
  assert.is(whole.bars.dates.length, 40);
  for (const chunkSize of [1, 2, 3, 5, 7, 13, 64, 1000]) {
    const p = parseCsvBytes(text, { chunkSize });
    assert.equal(barsToRows(p.bars), barsToRows(whole.bars), `chunkSize ${chunkSize}`);
    assert.equal(Array.from(p.lines), Array.from(whole.lines));
  }
});

test('readCsvBars streams a file with a tiny chunk size and equals the one-shot parse', async () => {
  const file = fixture('data/AAPL.csv');
  const a = await readCsvBars(file, { chunkSize: 3 });
  const b = await readCsvBars(file);
  assert.equal(barsToRows(a.bars), barsToRows(b.bars));
  assert.equal(Array.from(a.lines), Array.from(b.lines));
});

test('a line longer than the chunk buffer grows the buffer', () => {
  const long = 'x'.repeat(5000);
  const p = parseCsvBytes(`Date,Open,High,Low,Close,Note\n2020-01-02,1,2,0.5,1.5,${long}\n2020-01-03,1,2,0.5,1.5,y\n`, { chunkSize: 16 });
  assert.is(p.bars.dates.length, 2);
});

test('many rows grow the typed arrays past their initial capacity', () => {
  const rows = ['Date,Open,High,Low,Close,Volume'];
  for (let i = 0; i < 5000; i++) rows.push(`${dayToIso(10000 + i)},1,2,0.5,1.5,${i + 1}`);
  const p = parseCsvBytes(rows.join('\n'));
  assert.is(p.bars.dates.length, 5000);
  assert.is(p.bars.volume[4999], 5000);
  assert.is(p.bars.dates.buffer.byteLength, 5000 * 4);
});

test.run();
