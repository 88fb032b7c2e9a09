import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { randomWalk } from '../../src/data/synthetic';
import { dayToIso } from '../../src/util/dates';
import { InputError } from '../../src/util/errors';
import { createFeaturesCommand, featuresCommandDeps, type FeaturesCommandDeps } from '../../src/cli/features';
import type { CommandContext } from '../../src/cli/types';
import { tempDir } from '../helpers';

const bars = randomWalk({ n: 300, seed: 21, symbol: 'FAKE' });
const calls: string[] = [];
const fake: FeaturesCommandDeps = {
  readBars: async (symbol) => {
    calls.push(`store:${symbol}`);
    return bars;
  },
  loadBars: async (source) => {
    calls.push(`load:${source}`);
    return bars;
  },
  readIntraday: featuresCommandDeps.readIntraday,
  writeParquet: featuresCommandDeps.writeParquet,
};
const cmd = createFeaturesCommand(fake);

function ctx(values: CommandContext['values']): CommandContext & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { positionals: [], values, out: (s) => stdout.push(s), err: (s) => stderr.push(s), stdout, stderr };
}

async function rejectsWith(values: CommandContext['values'], re: RegExp): Promise<void> {
  try {
    await cmd.run(ctx(values));
  } catch (e) {
    assert.instance(e, InputError);
    assert.match((e as Error).message, re);
    return;
  }
  assert.unreachable(`expected an InputError matching ${re}`);
}

test('--symbol reads the store and writes date + feature columns as CSV', async () => {
  const dir = tempDir();
  const out = path.join(dir, 'f.csv');
  const c = ctx({ symbol: 'FAKE', set: 'minimal', out });
  assert.is(await cmd.run(c), 0);
  assert.ok(calls.includes('store:FAKE'));
  const lines = fs.readFileSync(out, 'utf8').trim().split('\n');
  assert.is(lines.length, 301);
  assert.ok(lines[0].startsWith('date,log_ret_1,log_ret_5,'));
  assert.ok(lines[1].startsWith(`${dayToIso(bars.dates[0])},,`), 'warm-up NaN is an empty cell');
  assert.match(c.stderr.join('\n'), /FAKE: 300 rows x 12 columns/);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('--from/--to pick rows; features keep the warm-up before --from; labels never use rows after --to', async () => {
  const from = dayToIso(bars.dates[250]);
  const to = dayToIso(bars.dates[259]);
  const c = ctx({ source: 'x.csv', set: 'minimal', from, to, labels: true, horizons: '1,5' });
  assert.is(await cmd.run(c), 0);
  const lines = c.stdout.join('\n').split('\n');
  assert.is(lines.length, 11);
  const head = lines[0].split(',');
  assert.ok(head.includes('dir_h5') && head.includes('end_index_h1') && !head.includes('dir_h7'));
  const first = lines[1].split(',');
  assert.is(first[0], from);
  assert.ok(first[head.indexOf('rsi_14')] !== '', 'warm-up came from rows before --from');
  const last = lines[10].split(',');
  assert.is(last[head.indexOf('dir_h1')], '', 'label after --to is unknown');
  assert.is(last[head.indexOf('end_index_h1')], '-1');
  assert.ok(lines[5].split(',')[head.indexOf('dir_h5')] !== '', 'row 254 + 5 = 259 is --to: known');
  assert.is(lines[6].split(',')[head.indexOf('dir_h5')], '', 'row 255 + 5 is after --to: unknown');
});

test('writes Parquet through DuckDB', async () => {
  const dir = tempDir();
  const out = path.join(dir, 'f.parquet');
  assert.is(await cmd.run(ctx({ source: 'x.csv', set: 'minimal', out })), 0);
  const head = fs.readFileSync(out).subarray(0, 4).toString('latin1');
  assert.is(head, 'PAR1');
  fs.rmSync(dir, { recursive: true, force: true });
});

test('bad input is an InputError naming the option', async () => {
  await rejectsWith({ set: 'full' }, /--symbol\/--source.*exactly one.*received neither/);
  await rejectsWith({ symbol: 'A', source: 'b.csv' }, /received both/);
  await rejectsWith({ source: 'x.csv', set: 'big' }, /--set.*one of minimal, technical, full.*"big"/);
  await rejectsWith({ source: 'x.csv', from: '2020-13-01' }, /--from.*ISO date.*"2020-13-01"/);
  await rejectsWith({ source: 'x.csv', from: '2020-02-01', to: '2020-01-01' }, /--from on or before --to/);
  await rejectsWith({ source: 'x.csv', out: 'f.xlsx' }, /--out.*\.csv or \.parquet.*"f\.xlsx"/);
  await rejectsWith({ source: 'x.csv', horizons: '1,x' }, /--horizons.*comma-separated.*"1,x"/);
  await rejectsWith({ symbol: '../etc' }, /--symbol.*symbol of 1-32/);
  await rejectsWith({ source: 'x.csv', from: '2099-01-01' }, /at least one bar/);
});

test.run();
