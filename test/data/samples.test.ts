import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { listSamples, parseMonthNameDate, readSample, samplePath } from '../../src/data/samples';
import { loadBarsWithReport } from '../../src/data/load';
import { dayToIso, isoToDay } from '../../src/util/dates';

test('listSamples names sp500 and stocks-monthly', () => {
  assert.equal(listSamples().map((s) => s.name), ['sp500', 'stocks-monthly']);
  assert.match(samplePath('sp500'), /vega-datasets[\\/]data[\\/]sp500-2000\.csv$/);
  assert.throws(() => samplePath('nope'), /a sample among sample:sp500, sample:stocks-monthly, received "sample:nope"/);
});

test('sample:sp500 loads 5,105 daily bars 2000-01-03 … 2020-04-17 and validates ok against the NYSE calendar', async () => {
  // The file has 5,105 data rows (the issue text says 5,104; `wc -l` shows 5,105 newlines, the last row has none).
  const { bars, report, lines } = await loadBarsWithReport('sample:sp500');
  assert.is(bars.symbol, 'SP500');
  assert.is(bars.dates.length, 5105);
  assert.is(dayToIso(bars.dates[0]), '2000-01-03');
  assert.is(dayToIso(bars.dates[bars.dates.length - 1]), '2020-04-17');
  assert.is(bars.close[0], 1455.219971);
  assert.is(lines![5104], 5106);
  assert.ok(report.ok, JSON.stringify(report.checks.filter((c) => !c.passed)));
  assert.is(report.format, 'vega');
  // every NYSE trading day present, no bar on a holiday: a check of the holiday rules as much as of the data
  assert.is(report.completeness.expected, 5105);
  assert.is(report.completeness.missing, 0);
  assert.is(report.checks.find((c) => c.name === 'calendar')!.count, 0);
});

test('sample:stocks-monthly gives one closes-only Bars per symbol that validates ok', async () => {
  const s = await readSample('stocks-monthly');
  assert.equal(s.series.map((x) => x.bars.symbol), ['MSFT', 'AMZN', 'IBM', 'GOOG', 'AAPL']);
  const aapl = s.series[4].bars;
  assert.is(aapl.dates.length, 123);
  assert.is(dayToIso(aapl.dates[0]), '2000-01-01');
  assert.is(aapl.open[5], aapl.close[5]);
  assert.is(aapl.high[5], aapl.low[5]);
  assert.is(aapl.volume[5], 0);
  const { report } = await loadBarsWithReport('sample:stocks-monthly', { symbol: 'GOOG' });
  assert.ok(report.ok, JSON.stringify(report.checks.filter((c) => !c.passed)));
  assert.is(report.completeness.calendar, 'monthly');
  assert.is(report.rows, 68);
  assert.match(report.checks.find((c) => c.name === 'volume')!.skipped!, /no volume/);
});

test('parseMonthNameDate reads "Jan 1 2000" and rejects other forms', () => {
  assert.is(parseMonthNameDate('Jan 1 2000'), isoToDay('2000-01-01'));
  assert.is(parseMonthNameDate('Feb 29 2004'), isoToDay('2004-02-29'));
  for (const s of ['Feb 30 2004', '1/1/2000', 'Janu 1 2000', 'Jan 1 00']) assert.ok(Number.isNaN(parseMonthNameDate(s)), s);
});

test.run();
