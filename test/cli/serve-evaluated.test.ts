/**
 * Served = evaluated, for every model family: a real run (CLI `train`) writes one bundle per track; each
 * bundle is registered (`registry register --model --horizon --mode`), promoted, and served by
 * `predict --registry` from a store whose last bar is the date the run predicted last; the served P(up)
 * must equal the run's predictions.csv to 1e-6.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { sliceBars } from '../../src/data/bars';
import { Store } from '../../src/data/store';
import { ar1Returns, garchReturns } from '../../src/data/synthetic';
import type { Bars } from '../../src/data/bars';
import { isoToDay, upperBound } from '../../src/util/dates';
import { trainCommand } from '../../src/cli/train';
import { registryRegisterCommand } from '../../src/cli/registry-register';
import { registryPromoteCommand } from '../../src/cli/registry-promote';
import { predictCommand } from '../../src/cli/predict';
import { writeBarsCsv } from '../training/fixtures';
import { createServer } from '../../src/server/app';
import { runCommand, withTempHome } from './run-command';

const bars = ar1Returns({ n: 520, seed: 21, phi: 0.2, symbol: 'SE' });

function config(dir: string): string {
  const csv = path.join(dir, 'SE.csv');
  writeBarsCsv(bars, csv);
  const file = path.join(dir, 'families.yaml');
  fs.writeFileSync(
    file,
    [
      'data:',
      `  source: "csv:${csv}"`,
      'training:',
      `  start_date: "${new Date(bars.dates[0] * 86400000).toISOString().slice(0, 10)}"`,
      `  initial_end_date: "${new Date(bars.dates[440] * 86400000).toISOString().slice(0, 10)}"`,
      '  window_increment: 14',
      '  max_iterations: 2',
      'models:',
      '  enabled: [gbdt, random_forest, logistic, lstm, lstm_cnn, lstm_transformer_cnn, ensemble]',
      '  unified_model: unified',
      '  epochs: 2',
      '  epochs_per_iteration: 1',
      '  params:',
      '    gbdt: { nRounds: 8, maxDepth: 3 }',
      '    random_forest: { nTrees: 8, maxDepth: 4 }',
      '    lstm: { units: 8 }',
      '    lstm_cnn: { units: 8, convFilters: 8 }',
      '    lstm_transformer_cnn: { units: 8, convFilters: 8, attentionHeads: 2 }',
      '    unified: { units: 8 }',
      '    ensemble: { method: stacking, members: [{ key: gbdt, params: { nRounds: 5, maxDepth: 2 } }, { key: logistic }] }',
      'horizons:',
      '  enabled: [1, 7]',
      'features:',
      '  set: minimal',
      '  sequence_length: 10',
      'evaluation:',
      '  bootstrap_samples: 50',
    ].join('\n'),
  );
  return file;
}

interface CsvRow {
  mode: string;
  horizon: number;
  model: string;
  date: string;
  pUp: number;
}

function readPredictions(file: string): CsvRow[] {
  const [, ...lines] = fs.readFileSync(file, 'utf8').trim().split('\n');
  return lines.map((l) => {
    const c = l.split(',');
    return { mode: c[0], horizon: Number(c[1]), model: c[2], date: c[4], pUp: Number(c[7]) };
  });
}

test('a registered bundle of every family serves the probability its run evaluated (to 1e-6)', async () => {
  await withTempHome(async (home) => {
    const r = await runCommand(trainCommand, ['--config', config(home), '--run-id', 'fam', '--quiet']);
    assert.is(r.code, 0, r.err);
    const preds = readPredictions(path.join(home, 'runs', 'fam', 'predictions.csv'));
    const store = new Store({ path: path.join(home, 'store.duckdb') });
    const cases: Array<CsvRow & { symbol: string }> = [];
    const tracks = [...new Set(preds.map((p) => `${p.mode}|${p.model}|${p.horizon}`))];
    assert.is(tracks.length, 7 * 2 + 2, 'seven families x two horizons (progressive) + the unified net on two horizons');
    for (const [i, t] of tracks.entries()) {
      const [mode, model, h] = t.split('|');
      const last = preds.filter((p) => `${p.mode}|${p.model}|${p.horizon}` === t).pop() as CsvRow;
      const symbol = `S${i}`;
      // the store ends on the date the run predicted last: the predictor serves its last bar
      await store.upsertBars({ ...sliceBars(bars, 0, upperBound(bars.dates, isoToDay(last.date))), symbol });
      const name = `${symbol}-h${h}`;
      const reg = await runCommand(registryRegisterCommand, ['fam', '--name', name, '--model', model, '--horizon', h, '--mode', mode]);
      assert.is(reg.code, 0, reg.err);
      assert.is((await runCommand(registryPromoteCommand, [name, '--version', '1', '--stage', 'Production'])).code, 0);
      cases.push({ ...last, symbol });
    }
    type Served = { predictions: Array<{ symbol: string; madeOn: string; signals: Record<string, number> }>; missing: unknown[] };
    const check = (served: Served, h: number, via: string): void => {
      for (const c of cases.filter((x) => x.horizon === h)) {
        const p = served.predictions.find((s) => s.symbol === c.symbol);
        assert.ok(p, `${via} ${c.mode}/${c.model}/h${h}: served nothing (${JSON.stringify(served.missing)})`);
        assert.is(p!.madeOn, c.date);
        assert.ok(Math.abs(p!.signals.p_model - c.pUp) <= 1e-6, `${via} ${c.mode}/${c.model}/h${h} on ${c.date}: served ${p!.signals.p_model}, evaluated ${c.pUp}`);
      }
    };
    for (const h of [1, 7]) {
      const out = await runCommand(predictCommand, ['--horizon', String(h), '--registry', '--json']);
      assert.is(out.code, 0, out.err);
      check(JSON.parse(out.out) as Served, h, 'CLI');
    }
    // the API serves the same bundles through the same predictor
    const server = createServer({ port: 0, home });
    const url = await server.listen();
    try {
      for (const h of [1, 7]) {
        const res = await fetch(`${url}/api/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ horizon: h }) });
        assert.is(res.status, 200);
        check((await res.json()) as Served, h, 'API');
      }
      const models = (await (await fetch(`${url}/api/models`)).json()) as { versions: Array<{ name: string }> };
      assert.is(models.versions.length, cases.length);
      const bad = await fetch(`${url}/api/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ horizon: 0 }) });
      assert.is(bad.status, 400);
    } finally {
      await server.close();
    }
  });
});

function valueConfig(dir: string, data: Bars, task: 'regression' | 'volatility'): string {
  const csv = path.join(dir, `${task}.csv`);
  writeBarsCsv(data, csv);
  const file = path.join(dir, `${task}.yaml`);
  const day = (i: number): string => new Date(data.dates[i] * 86400000).toISOString().slice(0, 10);
  fs.writeFileSync(
    file,
    [
      'data:',
      `  source: "csv:${csv}"`,
      'training:',
      `  start_date: "${day(0)}"`,
      `  initial_end_date: "${day(440)}"`,
      '  window_increment: 14',
      '  max_iterations: 2',
      'models:',
      task === 'regression' ? '  enabled: [ridge, random_forest, lstm]' : '  enabled: [garch, lstm_vol]',
      '  epochs: 2',
      '  epochs_per_iteration: 1',
      '  params:',
      ...(task === 'regression' ? ['    random_forest: { nTrees: 8, maxDepth: 4 }', '    lstm: { units: 8 }'] : ['    lstm_vol: { units: 8 }']),
      'horizons:',
      '  enabled: [1]',
      `  task: ${task}`,
      'modes:',
      '  unified: false',
      'features:',
      '  set: minimal',
      '  sequence_length: 10',
      'evaluation:',
      '  bootstrap_samples: 50',
    ].join('\n'),
  );
  return file;
}

test('a registered regression or volatility bundle serves the forecast its run evaluated (to 1e-6)', async () => {
  await withTempHome(async (home) => {
    const store = new Store({ path: path.join(home, 'store.duckdb') });
    const cases: Array<{ symbol: string; model: string; date: string; pred: number; task: string }> = [];
    const sources: Array<[string, Bars]> = [['regression', bars], ['volatility', garchReturns({ n: 520, seed: 22, symbol: 'SV', alpha: 0.1, beta: 0.85, omega: 1e-5 }).bars]];
    for (const [task, data] of sources) {
      const runId = task.slice(0, 3);
      const r = await runCommand(trainCommand, ['--config', valueConfig(home, data, task as 'regression'), '--run-id', runId, '--quiet']);
      assert.is(r.code, 0, r.err);
      const [, ...lines] = fs.readFileSync(path.join(home, 'runs', runId, 'predictions.csv'), 'utf8').trim().split('\n');
      const rows = lines.map((l) => l.split(',')).map((c) => ({ mode: c[0], model: c[2], date: c[4], pred: Number(c[6]) }));
      for (const model of [...new Set(rows.map((x) => x.model))]) {
        const last = rows.filter((x) => x.model === model).pop()!;
        const symbol = `V${cases.length}`;
        await store.upsertBars({ ...sliceBars(data, 0, upperBound(data.dates, isoToDay(last.date))), symbol });
        const name = `${symbol}-h1`;
        assert.is((await runCommand(registryRegisterCommand, [runId, '--name', name, '--model', model, '--horizon', '1', '--mode', 'progressive'])).code, 0);
        assert.is((await runCommand(registryPromoteCommand, [name, '--version', '1', '--stage', 'Production'])).code, 0);
        cases.push({ symbol, model, date: last.date, pred: last.pred, task });
      }
    }
    assert.equal(cases.map((c) => c.model).sort(), ['garch', 'lstm', 'lstm_vol', 'random_forest', 'ridge']);
    const out = await runCommand(predictCommand, ['--horizon', '1', '--registry', '--json']);
    assert.is(out.code, 0, out.err);
    const served = JSON.parse(out.out) as { predictions: Array<{ symbol: string; madeOn: string; task?: string; forecast?: number }>; inserted: string[] };
    for (const c of cases) {
      const p = served.predictions.find((s) => s.symbol === c.symbol);
      assert.ok(p, `${c.model}: served nothing`);
      assert.is(p!.madeOn, c.date);
      assert.is(p!.task, c.task);
      assert.ok(Math.abs((p!.forecast as number) - c.pred) <= 1e-6, `${c.task} ${c.model} on ${c.date}: served ${p!.forecast}, evaluated ${c.pred}`);
    }
    // return forecasts are logged; volatility forecasts are not direction calls and are not
    assert.is(served.inserted.length, 3);
    const text = await runCommand(predictCommand, ['--horizon', '1', '--registry']);
    assert.match(text.out, /p\(up\)\|forecast/);
    assert.match(text.out, /vol \d\.\d{5}/);
  });
});

test.run();
