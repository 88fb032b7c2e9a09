import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import { chartToBars, fetchYahoo, loadYahooClient, type YahooChartQuery, type YahooChartResult, type YahooClient } from '../../src/data/yahoo';
import { dayToIso } from '../../src/util/dates';
import { InputError, UnavailableError } from '../../src/util/errors';
import { fixture, rejects } from '../helpers';

function recorded(): YahooChartResult {
  return JSON.parse(fs.readFileSync(fixture('yahoo/aapl-chart-2024-01.json'), 'utf8'));
}

/** A client answering from the recording and remembering what it was asked. */
function recordingClient(result: YahooChartResult = recorded()): YahooClient & { calls: Array<[string, YahooChartQuery]> } {
  const calls: Array<[string, YahooChartQuery]> = [];
  return {
    calls,
    async chart(symbol, query) {
      calls.push([symbol, query]);
      return result;
    },
  };
}

function failingClient(err: unknown): YahooClient {
  return {
    chart: () => Promise.reject(err),
  };
}

test('chartToBars maps the recorded response: drops null rows, later duplicate wins, keeps adjClose', () => {
  const bars = chartToBars('AAPL', recorded());
  assert.equal(Array.from(bars.dates, dayToIso), ['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05', '2024-01-08']);
  assert.equal(Array.from(bars.open), [187.15, 184.22, 182.15, 181.99, 182.09]);
  assert.equal(Array.from(bars.high), [188.44, 185.88, 183.09, 182.76, 185.6]);
  assert.equal(Array.from(bars.low), [183.89, 183.43, 180.88, 180.17, 181.5]);
  assert.equal(Array.from(bars.close), [185.64, 184.25, 181.91, 181.18, 185.56]);
  assert.equal(Array.from(bars.volume), [82488700, 58414500, 71983600, 62303300, 59144500]);
  assert.equal(Array.from(bars.adjClose ?? []), [184.94, 183.56, 181.23, 180.5, 184.86]);
  assert.is(bars.symbol, 'AAPL');
});

test('chartToBars dates bars in the exchange calendar (gmtoffset), not UTC', () => {
  // Tokyo opens at 09:00 JST = 00:00 UTC; a bar stamped 2024-01-04T00:00:00+09:00 is 2024-01-03T15:00Z.
  const result: YahooChartResult = {
    meta: { symbol: '7203.T', gmtoffset: 32400 },
    quotes: [{ date: '2024-01-03T15:00:00.000Z', open: 1, high: 2, low: 0.5, close: 1.5, volume: 10 }],
  };
  assert.equal(Array.from(chartToBars('7203.T', result).dates, dayToIso), ['2024-01-04']);
});

test('chartToBars accepts Date objects and epoch seconds; missing adjclose drops the column, null volume is 0', () => {
  const result: YahooChartResult = {
    meta: { gmtoffset: 0 },
    quotes: [
      { date: new Date('2024-01-02T14:30:00Z'), open: 1, high: 2, low: 0.5, close: 1.5, volume: null, adjclose: 1.4 },
      { date: Date.parse('2024-01-03T14:30:00Z') / 1000, open: 1.5, high: 2, low: 1, close: 1.8, volume: 5 },
    ],
  };
  const bars = chartToBars('X', result);
  assert.equal(Array.from(bars.dates, dayToIso), ['2024-01-02', '2024-01-03']);
  assert.equal(Array.from(bars.volume), [0, 5]);
  assert.is(bars.adjClose, undefined);
});

test('chartToBars does not modify the response', () => {
  const r = recorded();
  const before = JSON.stringify(r);
  chartToBars('AAPL', r, { from: '2024-01-03', to: '2024-01-04' });
  assert.is(JSON.stringify(r), before);
});

test('chartToBars rejects a response without quotes', () => {
  assert.throws(() => chartToBars('AAPL', { meta: {} } as unknown as YahooChartResult), /`quotes`: an array of quotes/);
});

test('fetchYahoo asks chart() for daily bars with an exclusive end and trims to [from, to]', async () => {
  const client = recordingClient();
  const bars = await fetchYahoo('AAPL', { from: '2024-01-03', to: '2024-01-05', client });
  assert.equal(client.calls, [['AAPL', { period1: '2024-01-03', period2: '2024-01-06', interval: '1d' }]]);
  assert.equal(Array.from(bars.dates, dayToIso), ['2024-01-03', '2024-01-04', '2024-01-05']);
});

test('fetchYahoo with from/to undefined fetches the full history up to today', async () => {
  const client = recordingClient();
  const bars = await fetchYahoo('AAPL', { from: undefined, to: undefined, client });
  assert.is(client.calls[0][1].period1, '1970-01-01');
  assert.match(client.calls[0][1].period2, /^\d{4}-\d\d-\d\d$/);
  assert.is(bars.dates.length, 5);
});

test('fetchYahoo checks the symbol and dates before any request', async () => {
  const client = recordingClient();
  await rejects(() => fetchYahoo('../AAPL', { client }), /a symbol of 1-32 letters/);
  await rejects(() => fetchYahoo('A B', { client }), /a symbol of 1-32 letters/);
  await rejects(() => fetchYahoo('AAPL', { from: '2024-02-30', client }), /`from`: a date as YYYY-MM-DD, received "2024-02-30"/);
  await rejects(() => fetchYahoo('AAPL', { from: '2024-02-01', to: '2024-01-01', client }), /`from`: a date on or before `to`/);
  assert.is(client.calls.length, 0);
});

test('offline: a network failure becomes an UnavailableError that says how to work offline', async () => {
  const offline = Object.assign(new TypeError('fetch failed'), {
    cause: Object.assign(new Error('getaddrinfo ENOTFOUND query2.finance.yahoo.com'), { code: 'ENOTFOUND' }),
  });
  let err: unknown;
  try {
    await fetchYahoo('AAPL', { client: failingClient(offline) });
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof UnavailableError, String(err));
  assert.match((err as Error).message, /^could not reach Yahoo Finance: network unavailable \(fetch failed ENOTFOUND/);
  assert.match((err as Error).message, /to work offline import a CSV with `workbench data import/);
});

test('a hanging request times out as UnavailableError', async () => {
  const hanging: YahooClient = { chart: () => new Promise(() => undefined) };
  await rejects(() => fetchYahoo('AAPL', { client: hanging, timeoutMs: 30 }), /could not reach Yahoo Finance: network unavailable \(no answer within 30 ms/);
});

test('an unknown symbol is an InputError, other failures UnavailableError', async () => {
  let err: unknown;
  try {
    await fetchYahoo('NOSUCH', { client: failingClient(new Error('No data found, symbol may be delisted')) });
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof InputError, String(err));
  assert.match((err as Error).message, /`symbol`: a symbol Yahoo Finance knows, received "NOSUCH"/);
  await rejects(() => fetchYahoo('AAPL', { client: failingClient(new Error('Unexpected token < in JSON')) }), /could not reach Yahoo Finance: the request failed \(Unexpected token/);
});

test('without the optional package: UnavailableError with install and offline hints', async () => {
  let err: unknown;
  try {
    await loadYahooClient('yahoo-finance2-not-installed-anywhere');
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof UnavailableError, String(err));
  assert.match((err as Error).message, /optional package `yahoo-finance2-not-installed-anywhere` is not installed/);
  assert.match((err as Error).message, /to work offline import a CSV with `workbench data import/);
});

test('the installed yahoo-finance2 (when present) loads lazily and exposes chart()', async () => {
  let client: YahooClient | undefined;
  try {
    client = await loadYahooClient();
  } catch (e) {
    assert.ok(e instanceof UnavailableError, String(e)); // optional dependency missing: the clear error is the contract
    return;
  }
  assert.type(client.chart, 'function');
});

test.run();
