/**
 * `workbench features --symbol S --timeframe 5m` with real files: minute bars imported into the store through the
 * CLI, features (+ labels) of the 5-minute bars resampled from them written as CSV and Parquet with a `time`
 * column; the values equal buildFeatures on the same resampled bars; bad combinations exit 2.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { dataImportCommand } from '../../src/cli/data-import';
import { featuresCommand } from '../../src/cli/features';
import { resampleBars } from '../../src/data/intraday/resample';
import { intradayCsv, syntheticMinuteBars } from '../../src/data/intraday/synthetic';
import { buildFeatures } from '../../src/features/registry';
import { tempDir } from '../helpers';
import { runCommand, withTempHome } from './run-command';

test('features --timeframe 5m: stored minute bars → 5m features and labels with ISO UTC times, equal to buildFeatures; Parquet too; bad use exits 2', async () => {
  await withTempHome(async () => {
    const dir = tempDir();
    const minutes = syntheticMinuteBars({ days: 12, start: '2020-01-02', seed: 5, symbol: 'FQ' });
    const csv = path.join(dir, 'FQ.csv');
    fs.writeFileSync(csv, intradayCsv(minutes));
    const imp = await runCommand(dataImportCommand, [csv]);
    assert.is(imp.code, 0, imp.err);

    const out = path.join(dir, 'fq5.csv');
    const r = await runCommand(featuresCommand, ['--symbol', 'FQ', '--timeframe', '5m', '--set', 'minimal', '--labels', '--horizons', '3', '--out', out]);
    assert.is(r.code, 0, r.err);
    assert.match(r.err, /FQ \(5m\): 936 rows/);
    const lines = fs.readFileSync(out, 'utf8').trimEnd().split('\n');
    const header = lines[0].split(',');
    assert.is(header[0], 'time');
    assert.ok(header.includes('dir_h3'), 'labels counted in bars');
    assert.is(lines.length - 1, 12 * 78, '78 five-minute bars per session');
    assert.is(lines[1].split(',')[0], '2020-01-02T14:30:00.000Z', 'first bar: the session open in UTC');
    assert.is(lines[79].split(',')[0], '2020-01-03T14:30:00.000Z', 'bar 79: the next session, not 21:00Z');

    const five = resampleBars(minutes, '5m');
    const frame = buildFeatures(five, { set: 'minimal' });
    const col = header.indexOf('rsi_14');
    const j = frame.names.indexOf('rsi_14');
    for (const row of [20, 100, 935]) {
      const cell = lines[row + 1].split(',')[col];
      assert.is(Number(cell), frame.columns[j][row], `rsi_14 at row ${row}`);
    }

    const pq = path.join(dir, 'fq5.parquet');
    const p = await runCommand(featuresCommand, ['--symbol', 'FQ', '--timeframe', '1h', '--out', pq]);
    assert.is(p.code, 0, p.err);
    assert.ok(fs.statSync(pq).size > 1000);
    assert.equal(fs.readdirSync(dir).filter((f) => f.startsWith('.')), [], 'no temp files left');

    const bad = await runCommand(featuresCommand, ['--source', csv, '--timeframe', '5m']);
    assert.is(bad.code, 2);
    assert.match(bad.err, /--timeframe/);
    const badTf = await runCommand(featuresCommand, ['--symbol', 'FQ', '--timeframe', '2m']);
    assert.is(badTf.code, 2);
    assert.match(badTf.err, /--timeframe.*1h/);
    const none = await runCommand(featuresCommand, ['--symbol', 'NOPE', '--timeframe', '5m']);
    assert.is(none.code, 2);
    assert.match(none.err, /NOPE/);
  });
});

test.run();
