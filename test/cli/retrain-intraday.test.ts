/**
 * The live loop end to end on minute bars: `retrain --auto --timeframe 5m` trains a first 5-minute model from the
 * stored minute bars (its bundle says 5m), `predict` serves it on the last 5-minute bar, `update` appends a
 * session and counts the new bars in 5-minute bars, and a forced retrain compares a candidate with Production on
 * 5-minute rows after Production's training end.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { sliceBars } from '../../src/data/bars';
import { Store } from '../../src/data/store';
import { appendIntradayBars } from '../../src/data/intraday/import';
import { intradayCsv, syntheticMinuteBars } from '../../src/data/intraday/synthetic';
import { retrainCommand } from '../../src/cli/retrain';
import { predictCommand } from '../../src/cli/predict';
import { updateCommand } from '../../src/cli/update';
import { runCommand, withTempHome } from './run-command';

const DAY = 390;
const minutes = syntheticMinuteBars({ days: 20, start: '2020-03-02', seed: 9, symbol: 'MIN' });

test('retrain --auto --timeframe 5m trains, predict serves, update counts 5m bars, a forced retrain compares 5m rows', async () => {
  await withTempHome(async (home) => {
    const store = new Store({ path: path.join(home, 'store.duckdb') });
    await appendIntradayBars(store, sliceBars(minutes, 0, 17 * DAY), { onlyNew: false });
    const first = await runCommand(retrainCommand, ['--auto', '--symbols', 'MIN', '--timeframe', '5m', '--json']);
    assert.is(first.code, 0, first.err);
    assert.is(JSON.parse(first.out)[0].action, 'train');
    const bundle = JSON.parse(fs.readFileSync(path.join(home, 'live', 'models', 'MIN', 'h1', 'bundle.json'), 'utf8'));
    assert.is(bundle.timeframe, '5m');
    const served = await runCommand(predictCommand, ['--horizon', '1', '--json']);
    assert.is(served.code, 0, served.err);
    const p = JSON.parse(served.out).predictions[0];
    assert.is(p.timeframe, '5m');
    assert.is(p.madeOn, `${new Date(minutes.times![17 * DAY - 5]).toISOString().slice(0, 16)}Z`);
    assert.ok(p.probUp > 0 && p.probUp < 1);

    const csv = path.join(home, 'more.csv');
    fs.writeFileSync(csv, intradayCsv(minutes, { from: 17 * DAY, to: 20 * DAY }));
    const upd = await runCommand(updateCommand, ['--from', csv, '--symbols', 'MIN', '--json']);
    assert.is(upd.code, 0, upd.err);
    const ml = JSON.parse(upd.out).ml;
    assert.equal([ml.models[0].timeframe, ml.models[0].newBars], ['5m', 3 * 78]);
    assert.match(ml.retrain.reasons[0], /^h1 \(5m bars\): keep: model is 0\.0 days old <= 7$/);

    const forced = await runCommand(retrainCommand, ['--auto', '--symbols', 'MIN', '--force', '--json']);
    assert.is(forced.code, 0, forced.err);
    const d = JSON.parse(forced.out)[0];
    assert.ok(d.action === 'promote' || d.action === 'reject', JSON.stringify(d));
    assert.is(d.window.rows, 60);
    // the comparison rows come after Production's training end (the first 17 sessions)
    assert.ok(d.window.from > bundle.trainEnd, `${d.window.from} after ${bundle.trainEnd}`);
    assert.ok(d.triggers.length > 0 || d.reasons.some((s: string) => /forced/.test(s)), JSON.stringify(d));
  });
});

test.run();
