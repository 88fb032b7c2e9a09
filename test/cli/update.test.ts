/**
 * The live CLI commands end to end on a temporary home: update (CSV drop folder) → retrain --auto (first
 * model) → predict → verify → predictions, plus their input errors.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import '../../src/models/index';
import { Store } from '../../src/data/store';
import { barCount, sliceBars, type Bars } from '../../src/data/bars';
import { ar1Returns } from '../../src/data/synthetic';
import { dayToIso } from '../../src/util/dates';
import { updateCommand } from '../../src/cli/update';
import { predictCommand } from '../../src/cli/predict';
import { predictionsCommand } from '../../src/cli/predictions';
import { verifyCommand } from '../../src/cli/verify';
import { retrainCommand } from '../../src/cli/retrain';
import { runCommand, withTempHome } from './run-command';

function csv(bars: Bars): string {
  const lines = ['date,open,high,low,close,volume'];
  for (let i = 0; i < barCount(bars); i++) lines.push([dayToIso(bars.dates[i]), bars.open[i], bars.high[i], bars.low[i], bars.close[i], bars.volume[i]].join(','));
  return `${lines.join('\n')}\n`;
}

const bars = ar1Returns({ n: 700, seed: 3, symbol: 'CLI' });

test('update → retrain --auto → predict → verify → predictions through the commands', async () => {
  await withTempHome(async (home) => {
    const store = new Store();
    await store.upsertBars(sliceBars(bars, 0, 690));
    const drop = path.join(home, 'drop');
    fs.mkdirSync(drop);
    fs.writeFileSync(path.join(drop, 'CLI.csv'), csv(sliceBars(bars, 0, 691)));

    const u = await runCommand(updateCommand, ['--from', drop, '--json', '--compare-full']);
    assert.is(u.code, 0, u.err);
    const report = JSON.parse(u.out);
    assert.is(report.symbols[0].newBars, 1);
    assert.is(report.symbols[0].lastDate, dayToIso(bars.dates[690]));
    assert.ok(report.symbols[0].maxDiff < 1e-9);
    assert.match(report.symbols[0].ml.retrain.reasons.join(' '), /no model yet/);

    const r = await runCommand(retrainCommand, ['--auto']);
    assert.is(r.code, 0, r.err);
    assert.match(r.out, /CLI h1: train/);

    const p = await runCommand(predictCommand, ['--horizon', '1', '--json']);
    assert.is(p.code, 0, p.err);
    const pr = JSON.parse(p.out);
    assert.is(pr.inserted.length, 1);
    assert.is(pr.predictions[0].madeOn, dayToIso(bars.dates[690]));
    assert.ok(pr.predictions[0].confidence >= 0.5);
    assert.ok(fs.existsSync(path.join(home, 'live', 'predictions.jsonl')));

    const again = await runCommand(predictCommand, ['--horizon', '1']);
    assert.match(again.out, /logged 0 new, 1 already logged/);

    fs.writeFileSync(path.join(drop, 'CLI.csv'), csv(sliceBars(bars, 0, 692)));
    assert.is((await runCommand(updateCommand, ['--from', drop])).code, 0);
    const v = await runCommand(verifyCommand, ['--json']);
    assert.is(v.code, 0, v.err);
    assert.is(JSON.parse(v.out).verified.length, 1);

    const list = await runCommand(predictionsCommand, ['--status', 'verified', '--symbol', 'CLI', '--json']);
    const rows = JSON.parse(list.out);
    assert.is(rows.length, 1);
    assert.is(rows[0].actualDate, dayToIso(bars.dates[691]));
    const text = await runCommand(predictionsCommand, []);
    assert.match(text.out, /verified/);
  });
});

test('live commands: bad input exits 2 with the expected/received message', async () => {
  await withTempHome(async () => {
    const u = await runCommand(updateCommand, []);
    assert.is(u.code, 2);
    assert.match(u.err, /--from <folder\|file\|sample:NAME> or --yahoo, received neither/);
    const p = await runCommand(predictCommand, ['--horizon', '0']);
    assert.is(p.code, 2);
    assert.match(p.err, /--horizon.*integer >= 1/);
    const l = await runCommand(predictionsCommand, ['--status', 'done']);
    assert.is(l.code, 2);
    assert.match(l.err, /`pending` or `verified`/);
    const r = await runCommand(retrainCommand, []);
    assert.is(r.code, 2);
    assert.match(r.err, /exactly one of --auto or --rollback/);
    const rb = await runCommand(retrainCommand, ['--rollback', '--symbols', 'NOPE']);
    assert.is(rb.code, 2);
    assert.match(rb.err, /Production model to roll back/);
    const s = await runCommand(predictCommand, ['--symbols', '../x']);
    assert.is(s.code, 2);
    assert.match(s.err, /symbol of 1-32/);
  });
});

test.run();
