/**
 * The intraday live loop end to end with real files: a `profile: seed002` run on 5-minute bars (from a minute CSV
 * ending on a Friday's close), its direction classifier and return regressor registered for two symbols, the
 * store holding the same minute bars; `predict --registry` logs both predictions on the Friday's last 5m bar with
 * timeframe 5m; `verify` keeps them pending until Monday's minute bars are imported, then resolves them on
 * Monday's FIRST 5m bar (the next session's first bar, not Saturday), with the realised change, hit and the
 * regression scores computed here by hand; a second verify changes nothing.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { sliceBars } from '../../src/data/bars';
import { Store } from '../../src/data/store';
import { appendIntradayBars } from '../../src/data/intraday/import';
import { intradayCsv, syntheticMinuteBars } from '../../src/data/intraday/synthetic';
import { trainCommand } from '../../src/cli/train';
import { registryRegisterCommand } from '../../src/cli/registry-register';
import { registryPromoteCommand } from '../../src/cli/registry-promote';
import { predictCommand } from '../../src/cli/predict';
import { verifyCommand } from '../../src/cli/verify';
import { predictionsCommand } from '../../src/cli/predictions';
import type { PredictionRecord } from '../../src/live/types';
import type { VerifyResult } from '../../src/live/predlog';
import { runCommand, withTempHome } from './run-command';

const SESSION = 390;
// 22 NYSE sessions from 2020-01-02: session 20 is Friday 2020-01-31, session 21 Monday 2020-02-03
const minutes = syntheticMinuteBars({ days: 22, start: '2020-01-02', seed: 7, symbol: 'IM', drift: (k) => (k < 60 ? 0.0003 : 0) });
const upToFriday = sliceBars(minutes, 0, 21 * SESSION);
const monday = sliceBars(minutes, 21 * SESSION, 22 * SESSION);

function config(dir: string): string {
  const csv = path.join(dir, 'IM.csv');
  fs.writeFileSync(csv, intradayCsv(upToFriday));
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
      '  initial_end_date: "2020-01-24"',
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

async function register(run: string, model: string, name: string): Promise<void> {
  assert.is((await runCommand(registryRegisterCommand, [run, '--name', name, '--model', model, '--horizon', '1', '--mode', 'progressive'])).code, 0);
  assert.is((await runCommand(registryPromoteCommand, [name, '--version', '1', '--stage', 'Production'])).code, 0);
}

async function logged(): Promise<PredictionRecord[]> {
  const r = await runCommand(predictionsCommand, ['--json']);
  assert.is(r.code, 0, r.err);
  return JSON.parse(r.out) as PredictionRecord[];
}

test('intraday predictions are logged by instant and timeframe and verified on the next session\'s first 5m bar', async () => {
  await withTempHome(async (home) => {
    const r = await runCommand(trainCommand, ['--config', config(home), '--run-id', 'lp', '--quiet']);
    assert.is(r.code, 0, r.err);
    // ID: the direction classifier; IR: the return regressor (the same minute bars under two symbols)
    await register('lp-direction', 'random_forest', 'ID-h1');
    await register('lp-regression', 'gbdt', 'IR-h1');
    const store = new Store({ path: path.join(home, 'store.duckdb') });
    for (const symbol of ['ID', 'IR']) await appendIntradayBars(store, { ...upToFriday, symbol }, { onlyNew: false });

    const p = await runCommand(predictCommand, ['--horizon', '1', '--registry', '--json']);
    assert.is(p.code, 0, p.err);
    const report = JSON.parse(p.out) as { inserted: string[]; missing: unknown[] };
    // Friday's last 5-minute bar starts at 15:55 New York = 20:55 UTC; one bar later is Monday's open, 14:30 UTC
    assert.equal(report.inserted.sort(), ['ID|2020-01-31T20:55Z|h1|ID-h1@1|5m', 'IR|2020-01-31T20:55Z|h1|IR-h1@1|5m'], JSON.stringify(report.missing));
    const again = await runCommand(predictCommand, ['--horizon', '1', '--registry', '--json']);
    assert.equal((JSON.parse(again.out) as { inserted: string[] }).inserted, [], 're-running predict logs nothing new');
    let rows = await logged();
    assert.equal(rows.map((x) => [x.symbol, x.timeframe, x.madeOn, x.targetDate, x.status]), [
      ['ID', '5m', '2020-01-31T20:55Z', '2020-02-03T14:30Z', 'pending'],
      ['IR', '5m', '2020-01-31T20:55Z', '2020-02-03T14:30Z', 'pending'],
    ]);
    const baseClose = upToFriday.close[21 * SESSION - 1];
    for (const x of rows) assert.is(x.baseClose, baseClose);
    assert.is(rows[0].task, undefined);
    assert.is(rows[1].task, 'regression');
    assert.ok(Number.isFinite(rows[1].forecast));

    // nothing after Friday's close is stored: still pending
    const early = await runCommand(verifyCommand, ['--json']);
    assert.is(early.code, 0, early.err);
    assert.equal((JSON.parse(early.out) as VerifyResult).verified, []);
    assert.is((JSON.parse(early.out) as VerifyResult).stillPending, 2);

    // Monday's minute bars arrive; its first 5m bar (14:30–14:35 UTC) closes at its 5th minute's close
    for (const symbol of ['ID', 'IR']) await appendIntradayBars(store, { ...monday, symbol }, { onlyNew: true });
    const actualClose = monday.close[4];
    const change = actualClose / baseClose - 1;
    const v = await runCommand(verifyCommand, ['--json']);
    assert.is(v.code, 0, v.err);
    const res = JSON.parse(v.out) as VerifyResult;
    assert.is(res.verified.length, 2);
    assert.is(res.stillPending, 0);
    rows = await logged();
    for (const x of rows) {
      assert.is(x.status, 'verified');
      assert.is(x.actualDate, '2020-02-03T14:30Z');
      assert.ok(Math.abs((x.actualClose as number) - actualClose) < 1e-12);
      assert.ok(Math.abs((x.actualChange as number) - change) < 1e-12);
      assert.is(x.hit, (x.direction === 'up') === change > 0);
    }
    assert.equal(res.accuracy.map((a) => [a.symbol, a.timeframe, a.count, a.hits]), [
      ['ID', '5m', 1, rows[0].hit ? 1 : 0],
      ['IR', '5m', 1, rows[1].hit ? 1 : 0],
    ]);
    assert.is(res.accuracy[0].baseline!.accuracy, change > 0 ? 1 : 0);
    assert.is(res.accuracy[0].forecast, undefined);
    const f = res.accuracy[1].forecast!;
    const realised = Math.log(actualClose / baseClose);
    const se = (rows[1].forecast! - realised) ** 2;
    assert.ok(Math.abs(f.mse - se) < 1e-15, `mse ${f.mse} vs ${se}`);
    assert.ok(Math.abs(f.baselineMse - realised * realised) < 1e-15);
    assert.ok(Math.abs(f.r2 - (1 - se / (realised * realised))) < 1e-9);

    const text = await runCommand(verifyCommand, []);
    assert.match(text.out, /verified 0, still pending 0/);
    assert.equal(await logged(), rows, 'a second verify changes nothing');
    const listing = await runCommand(predictionsCommand, []);
    assert.match(listing.out, /ID\s+5m\s+2020-01-31T20:55Z\s+1\s+2020-02-03T14:30Z/);
  });
});

test.run();
