/**
 * Served = evaluated on intraday bars: a `profile: seed002` config on 5-minute bars (resampled from a minute CSV)
 * trains the random-forest and gradient-boosting regressors and the random-forest classifier; each bundle is
 * registered, promoted and served by `predict --registry` from a store holding the MINUTE bars up to the last bar
 * the run predicted (resampled to 5m when served): the served forecast / P(up) equals the run's predictions.csv to
 * 1e-6. A model asked to serve bars of another timeframe exits 2 naming both.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { sliceBars } from '../../src/data/bars';
import { Store } from '../../src/data/store';
import { randomWalk } from '../../src/data/synthetic';
import { appendIntradayBars } from '../../src/data/intraday/import';
import { resampleBars } from '../../src/data/intraday/resample';
import { intradayCsv, syntheticMinuteBars } from '../../src/data/intraday/synthetic';
import { isoToDay } from '../../src/util/dates';
import { checkServedTimeframe } from '../../src/live/model-source';
import { trainCommand } from '../../src/cli/train';
import { registryRegisterCommand } from '../../src/cli/registry-register';
import { registryPromoteCommand } from '../../src/cli/registry-promote';
import { predictCommand } from '../../src/cli/predict';
import { runCommand, withTempHome } from './run-command';

const minutes = syntheticMinuteBars({ days: 26, start: '2020-01-02', seed: 11, symbol: 'IM', drift: (k) => (k < 60 ? 0.0003 : 0) });
const fives = resampleBars(minutes, '5m');

function config(dir: string): string {
  const csv = path.join(dir, 'IM.csv');
  fs.writeFileSync(csv, intradayCsv(minutes));
  const file = path.join(dir, 'intraday.yaml');
  fs.writeFileSync(
    file,
    [
      'profile: seed002',
      'data:',
      `  source: "csv:${csv}"`,
      '  symbol: IM',
      '  timeframe: 5m',
      'training:',
      '  start_date: "2020-01-02"',
      '  initial_end_date: "2020-01-31"',
      '  window_increment: 3',
      '  max_iterations: 2',
      'models:',
      '  params:',
      '    random_forest: { nTrees: 8, maxDepth: 4 }',
      '    gbdt: { nRounds: 8 }',
      'features:',
      '  set: minimal',
      '  sequence_length: 10',
      'evaluation:',
      '  bootstrap_samples: 50',
    ].join('\n'),
  );
  return file;
}

test('intraday bundles of the seed002 profile serve what their runs evaluated (to 1e-6); other timeframes exit 2', async () => {
  await withTempHome(async (home) => {
    const r = await runCommand(trainCommand, ['--config', config(home), '--run-id', 'in', '--quiet']);
    assert.is(r.code, 0, r.err);
    assert.match(r.out, /profile seed002: regression = run in-regression, direction = run in-direction/);
    assert.match(r.out, /regression_random_forest\s+h=1 mse \S+ rmse \S+ r2/);
    assert.match(r.out, /direction_random_forest\s+h=1 accuracy \S+% \[/);
    const store = new Store({ path: path.join(home, 'store.duckdb') });
    const cases: Array<{ symbol: string; model: string; value: number; task: string; index: number }> = [];
    for (const run of ['in-regression', 'in-direction']) {
      const bundle = JSON.parse(fs.readFileSync(path.join(home, 'runs', run, 'bundles', 'progressive-h1-random_forest', 'bundle.json'), 'utf8'));
      assert.is(bundle.timeframe, '5m');
      assert.is(bundle.exchange, 'NYSE');
      const [, ...lines] = fs.readFileSync(path.join(home, 'runs', run, 'predictions.csv'), 'utf8').trim().split('\n');
      const rows = lines.map((l) => l.split(',')).map((c) => ({ model: c[2], date: c[4], pred: Number(c[6]), pUp: Number(c[7]) }));
      for (const model of [...new Set(rows.map((x) => x.model))]) {
        const mine = rows.filter((x) => x.model === model);
        const last = mine[mine.length - 1];
        // the last block covers whole sessions: its k rows on the last date are that session's first k bars
        const k = mine.filter((x) => x.date === last.date).length;
        const index = fives.dates.indexOf(isoToDay(last.date)) + k - 1;
        const symbol = `I${cases.length}`;
        // the store holds minute bars up to the end of that 5-minute bar; predict resamples them to 5m
        await appendIntradayBars(store, { ...sliceBars(minutes, 0, 5 * (index + 1)), symbol }, { onlyNew: false });
        const name = `${symbol}-h1`;
        assert.is((await runCommand(registryRegisterCommand, [run, '--name', name, '--model', model, '--horizon', '1', '--mode', 'progressive'])).code, 0);
        assert.is((await runCommand(registryPromoteCommand, [name, '--version', '1', '--stage', 'Production'])).code, 0);
        cases.push({ symbol, model, value: run === 'in-direction' ? last.pUp : last.pred, task: run, index });
      }
    }
    assert.equal(cases.map((c) => `${c.task}/${c.model}`), ['in-regression/random_forest', 'in-regression/gbdt', 'in-direction/random_forest']);
    const out = await runCommand(predictCommand, ['--horizon', '1', '--registry', '--json']);
    assert.is(out.code, 0, out.err);
    type Served = { predictions: Array<{ symbol: string; madeOn: string; targetDate: string; timeframe?: string; forecast?: number; signals: Record<string, number> }>; inserted: string[]; missing: unknown[] };
    const served = JSON.parse(out.out) as Served;
    for (const c of cases) {
      const p = served.predictions.find((s) => s.symbol === c.symbol);
      assert.ok(p, `${c.model}: served nothing (${JSON.stringify(served.missing)})`);
      assert.is(p!.timeframe, '5m');
      assert.is(p!.madeOn, `${new Date(fives.times![c.index]).toISOString().slice(0, 16)}Z`);
      assert.is(Date.parse(p!.targetDate) - Date.parse(p!.madeOn) >= 5 * 60_000, true);
      const got = c.task === 'in-direction' ? p!.signals.p_model : (p!.forecast as number);
      assert.ok(Math.abs(got - c.value) <= 1e-6, `${c.task} ${c.model} at ${p!.madeOn}: served ${got}, evaluated ${c.value}`);
    }
    assert.is(served.inserted.length, 3, 'intraday predictions are logged (test/cli/verify-intraday.test.ts verifies them)');

    // the 5m model asked for 1h bars, or for daily bars (stored beside the minute bars): exit 2 naming both
    const hourly = await runCommand(predictCommand, ['--horizon', '1', '--registry', '--symbols', 'I0', '--timeframe', '1h']);
    assert.is(hourly.code, 2);
    assert.match(hourly.err, /I0: no prediction: `I0-h1\.timeframe`: 5m bars of I0 \(the model was trained on 5m bars.*received 1h bars/);
    await store.upsertBars(randomWalk({ n: 300, seed: 5, symbol: 'I0' }));
    const daily = await runCommand(predictCommand, ['--horizon', '1', '--registry', '--symbols', 'I0', '--timeframe', '1d']);
    assert.is(daily.code, 2);
    assert.match(daily.err, /5m bars of I0 \(the model was trained on 5m bars.*received 1d bars/);
    const bad = await runCommand(predictCommand, ['--horizon', '1', '--registry', '--timeframe', '2m']);
    assert.is(bad.code, 2);
    assert.match(bad.err, /`--timeframe`: a timeframe among 1d, 1h, 30m, 5m, 1m, received "2m"/);
  });
});

test('checkServedTimeframe: a daily model refuses intraday bars and the reverse, naming both timeframes', () => {
  assert.throws(() => checkServedTimeframe({ name: 'd' }, { symbol: 'X', timeframe: '5m' }), /`d\.timeframe`: 1d bars of X \(the model was trained on 1d bars; .*\), received 5m bars/);
  assert.throws(() => checkServedTimeframe({ name: 'i', timeframe: '1h' }, { symbol: 'X' }), /1h bars of X .*received 1d bars/);
  checkServedTimeframe({ name: 'ok', timeframe: '5m' }, { symbol: 'X', timeframe: '5m' });
  checkServedTimeframe({ name: 'ok' }, { symbol: 'X' });
});

test.run();
