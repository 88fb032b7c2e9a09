/**
 * Training on intraday bars through the normal `workbench train` path: a planted time-of-day pattern (up drift in
 * the first hour, down drift in the last hour of each session) is found; a random walk stays at chance.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { trainCommand } from '../../src/cli/train';
import { intradayCsv, syntheticMinuteBars } from '../../src/data/intraday/synthetic';
import { tempDir } from '../helpers';
import { runCommand, withTempHome } from '../cli/run-command';
import { configHash, parseConfig } from '../../src/config/load';

const SESSION = 390;
const planted = (k: number) => (k < 60 ? 0.0004 : k >= SESSION - 60 ? -0.0004 : 0);

async function train(name: string, drift: ((k: number) => number) | undefined): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const dir = tempDir();
  const csv = path.join(dir, `${name}.csv`);
  fs.writeFileSync(csv, intradayCsv(syntheticMinuteBars({ days: 80, start: '2020-01-02', seed: 7, drift, symbol: name })));
  const cfg = path.join(dir, 'c.json');
  fs.writeFileSync(cfg, JSON.stringify({
    data: { source: `csv:${csv}`, symbol: name, timeframe: '5m' },
    models: { enabled: ['gbdt'] },
    horizons: { enabled: [1] },
    modes: { progressive: true, unified: false, compare_results: false },
    features: { set: 'minimal' },
    training: { start_date: '2020-01-02', initial_end_date: '2020-03-02', max_iterations: 6 },
  }));
  const r = await runCommand(trainCommand, ['--config', cfg, '--run-id', name, '--quiet']);
  assert.is(r.code, 0, r.err);
  const home = process.env.WORKBENCH_HOME!;
  const file = fs.readdirSync(path.join(home, 'runs')).includes(name) ? path.join(home, 'runs', name, 'results.json') : '';
  assert.ok(file, `results.json of ${name}`);
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

test('5m bars from a minute CSV: planted time-of-day drift is found (p < 0.01), a random walk is not', async () => {
  await withTempHome(async () => {
    const p = await train('PLANT', planted);
    assert.is(p.data.timeframe, '5m');
    assert.is(p.data.exchange, 'NYSE');
    assert.is(p.data.rows, 80 * 78);
    const g = p.modes.progressive.horizons['1'].gbdt;
    assert.ok(g.nTest > 2000, `nTest ${g.nTest}`);
    assert.ok(g.accuracy > g.baselineAccuracy + 0.03, `planted: accuracy ${g.accuracy} vs baseline ${g.baselineAccuracy}`);
    assert.ok(g.pValue < 0.01, `planted: p = ${g.pValue}`);
    const rw = await train('RW', undefined);
    const h = rw.modes.progressive.horizons['1'].gbdt;
    assert.ok(Math.abs(h.accuracy - 0.5) < 0.04, `random walk: accuracy ${h.accuracy}`);
    assert.ok(h.pValue > 0.01, `random walk: p = ${h.pValue}`);
  });
});

test('a daily config resolves without intraday keys, so its hash and results are unchanged', () => {
  const daily = parseConfig({ data: { source: 'sample:sp500' } }, 'c.yaml');
  assert.equal(Object.keys(daily.data).sort(), ['source']);
  const intraday = parseConfig({ data: { source: 'csv:x.csv', timeframe: '5m' } }, 'c.yaml');
  assert.is.not(configHash(intraday), configHash(parseConfig({ data: { source: 'csv:x.csv' } }, 'c.yaml')));
});

test('bad intraday run inputs exit 2 with the key path and write no run folder', async () => {
  await withTempHome(async (home) => {
    const dir = tempDir();
    const csv = path.join(dir, 'M.csv');
    fs.writeFileSync(csv, intradayCsv(syntheticMinuteBars({ days: 10, start: '2020-01-02' })));
    const cases: Array<[Record<string, unknown>, number, RegExp]> = [
      [{ source: 'sample:sp500', timeframe: '5m' }, 1, /`data\.source`: csv:<path> or store:<symbol> for a 5m run \(intraday bars\), received "sample:sp500"/],
      [{ source: 'store:NOPE', timeframe: '1h' }, 1, /`data\.source`: a symbol with 1h \(or finer\) bars in the store, received "NOPE"/],
      [{ source: `csv:${csv}`, timeframe: '1h' }, 40, /`horizons\.enabled\[0\]`: a horizon shorter than the \d+ bars after training\.initial_end_date/],
      [{ source: `csv:${csv}`, timeframe: '2m' }, 1, /`data\.timeframe`.*received "2m"/],
    ];
    for (const [k, [data, h, re]] of cases.entries()) {
      const cfg = path.join(dir, `bad${k}.json`);
      fs.writeFileSync(cfg, JSON.stringify({ data, models: { enabled: ['logistic'] }, horizons: { enabled: [h] }, modes: { progressive: true, unified: false, compare_results: false }, training: { start_date: '2020-01-02', initial_end_date: '2020-01-10' } }));
      const r = await runCommand(trainCommand, ['--config', cfg, '--run-id', `bad${k}`, '--quiet']);
      assert.is(r.code, 2, `case ${k}: ${r.err}`);
      assert.match(r.err, re);
      assert.not.ok(fs.existsSync(path.join(home, 'runs', `bad${k}`)), `case ${k} wrote a run folder`);
    }
  });
});

test.run();
