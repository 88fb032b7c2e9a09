import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { makeDataFetchCommand, dataFetchCommand } from '../../src/cli/data-fetch';
import { Store } from '../../src/data/store';
import type { YahooChartQuery, YahooChartResult, YahooClient } from '../../src/data/yahoo';
import { dayToIso } from '../../src/util/dates';
import { fixture } from '../helpers';
import { runCommand, withTempHome } from './run-command';

function recorded(): YahooChartResult {
  return JSON.parse(fs.readFileSync(fixture('yahoo/aapl-chart-2024-01.json'), 'utf8'));
}

/** Answers every symbol from the recording; symbols in `offline` fail like a missing network. */
function client(offline: string[] = []): YahooClient & { calls: Array<[string, YahooChartQuery]> } {
  const calls: Array<[string, YahooChartQuery]> = [];
  return {
    calls,
    async chart(symbol, query) {
      calls.push([symbol, query]);
      if (offline.includes(symbol) || offline.includes('*')) {
        throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND query2.finance.yahoo.com' } });
      }
      return recorded();
    },
  };
}

test('fetches, validates and upserts the recorded bars', async () => {
  await withTempHome(async () => {
    const c = client();
    const r = await runCommand(makeDataFetchCommand(c), ['AAPL', '--from', '2024-01-01', '--to', '2024-01-31']);
    assert.is(r.code, 0, r.err);
    assert.match(r.out, /^AAPL: 5 rows \(2024-01-02 … 2024-01-08\): inserted 5, updated 0, unchanged 0; 5 rows stored$/);
    assert.equal(c.calls, [['AAPL', { period1: '2024-01-01', period2: '2024-02-01', interval: '1d' }]]);
    const store = new Store();
    const bars = await store.readBars('AAPL');
    assert.equal(Array.from(bars.dates, dayToIso), ['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05', '2024-01-08']);
    assert.equal(Array.from(bars.adjClose ?? []), [184.94, 183.56, 181.23, 180.5, 184.86]);
    assert.equal((await store.listSymbols())[0].source, 'yahoo');
    const rep = await store.latestQualityReport<{ ok: boolean; source: string }>('AAPL');
    assert.equal([rep?.report.ok, rep?.report.source], [true, 'yahoo']);
  });
});

test('without --from a stored symbol is refreshed from its last stored date', async () => {
  await withTempHome(async () => {
    const c = client();
    await runCommand(makeDataFetchCommand(c), ['AAPL', '--from', '2024-01-02', '--to', '2024-01-05']);
    const r = await runCommand(makeDataFetchCommand(c), ['AAPL', '--to', '2024-01-08', '--json']);
    assert.is(r.code, 0, r.err);
    assert.is(c.calls[1][1].period1, '2024-01-05');
    const j = JSON.parse(r.out);
    assert.equal([j.inserted, j.unchanged, j.total], [1, 1, 5]);
  });
});

test('offline: clear message, exit 1, nothing written (even for symbols fetched before)', async () => {
  await withTempHome(async (home) => {
    const r = await runCommand(makeDataFetchCommand(client(['MSFT'])), ['AAPL', 'MSFT']);
    assert.is(r.code, 1);
    assert.match(r.err, /could not reach Yahoo Finance: network unavailable .*ENOTFOUND.*to work offline import a CSV with `workbench data import/s);
    assert.is(fs.existsSync(path.join(home, 'store.duckdb')), false);
  });
});

test('bad symbols and dates exit 2 before any request', async () => {
  await withTempHome(async () => {
    const c = client();
    const cmd = makeDataFetchCommand(c);
    for (const bad of ['../AAPL', 'A/B', 'A B', 'A..B']) {
      const r = await runCommand(cmd, ['AAPL', bad]);
      assert.is(r.code, 2, bad);
      assert.match(r.err, /`<SYMBOL\.\.\.>`: a symbol of 1-32 letters/);
    }
    assert.match((await runCommand(cmd, [])).err, /at least one symbol/);
    assert.match((await runCommand(cmd, ['AAPL', '--from', '2024-1-1'])).err, /`--from`: a date as YYYY-MM-DD, received "2024-1-1"/);
    assert.match((await runCommand(cmd, ['AAPL', '--from', '2024-02-01', '--to', '2024-01-01'])).err, /`--from`: a date on or before --to/);
    assert.match((await runCommand(cmd, ['AAPL', '--calendar', 'lunar'])).err, /`--calendar`: one of weekdays, nyse, none/);
    assert.is(c.calls.length, 0);
  });
});

test('data that fails validation exits 2 and stores nothing', async () => {
  await withTempHome(async (home) => {
    const broken = recorded();
    broken.quotes[1].low = 999; // low above high
    const c: YahooClient = { chart: async () => broken };
    const r = await runCommand(makeDataFetchCommand(c), ['AAPL', '--from', '2024-01-02', '--to', '2024-01-08']);
    assert.is(r.code, 2);
    assert.match(r.err, /yahoo:AAPL: data that passes the quality checks \(nothing was stored\).*ohlc: 1 rows/s);
    assert.equal(await new Store({ path: path.join(home, 'store.duckdb') }).listSymbols(), []);
  });
});

test('the exported command is named `data fetch`', () => {
  assert.is(dataFetchCommand.name, 'data fetch');
});

test.run();
