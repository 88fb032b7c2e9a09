import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { dataValidateCommand } from '../../src/cli/data-validate';
import type { CommandContext } from '../../src/cli/types';
import { InputError } from '../../src/util/errors';
import { samplePath } from '../../src/data/samples';
import { fixture, tempDir } from '../helpers';

function ctx(positionals: string[], values: CommandContext['values'] = {}) {
  const out: string[] = [];
  const err: string[] = [];
  return { c: { positionals, values, out: (s: string) => void out.push(s), err: (s: string) => void err.push(s) }, out, err };
}

async function thrown(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

test('a valid file prints the table and exits 0', async () => {
  const t = ctx([fixture('data/AAPL.csv')], { calendar: 'nyse' });
  assert.is(await dataValidateCommand.run(t.c), 0);
  assert.match(t.out.join('\n'), /Quality report: AAPL/);
  assert.match(t.out.join('\n'), /5 rows, 2020-01-02 … 2020-01-08: OK/);
});

test('--json prints the report as JSON', async () => {
  const t = ctx(['sample:sp500'], { json: true });
  assert.is(await dataValidateCommand.run(t.c), 0);
  const report = JSON.parse(t.out.join(''));
  assert.is(report.ok, true);
  assert.is(report.rows, 5105);
  assert.is(report.symbol, 'SP500');
});

test('a corrupted copy of the sample is an InputError with file:line (exit code 2 via main)', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'SP500.csv');
  const rows = fs.readFileSync(samplePath('sp500'), 'utf8').split('\n');
  rows[99] = rows[99].replace(/,[^,]+$/, ',lots');
  fs.writeFileSync(file, rows.join('\n'));
  const e = await thrown(dataValidateCommand.run(ctx([file]).c));
  assert.instance(e, InputError);
  assert.match(e.message, /SP500\.csv:100: column `volume`: a finite number, received "lots"/);
});

test('--lenient prints every problem and exits 2 when a check fails', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'BAD.csv');
  fs.writeFileSync(file, 'Date,Open,High,Low,Close,Volume\n2020-01-02,1,2,0.5,1.5,10\n2020-01-03,1,0.1,0.5,1.5,10\n2020-01-06,1,2,0.5,x,10\n');
  const t = ctx([file], { lenient: true, symbol: 'BAD' });
  assert.is(await dataValidateCommand.run(t.c), 2);
  assert.match(t.out.join('\n'), /line 3 2020-01-03: expected high >= low/);
  assert.match(t.out.join('\n'), /line 4: .*a finite number, received "x"/);
  assert.match(t.err.join('\n'), /failures in parse \(1\), ohlc \(1\)/);
});

test('bad arguments are InputErrors', async () => {
  assert.match((await thrown(dataValidateCommand.run(ctx([]).c))).message, /`file`: a file path or sample:NAME, received nothing/);
  assert.match((await thrown(dataValidateCommand.run(ctx(['a.csv'], { calendar: 'lunar' }).c))).message, /`--calendar`: one of nyse, weekdays, monthly, none, received "lunar"/);
});

test.run();
