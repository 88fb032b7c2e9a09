import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { dataImportCommand } from '../../src/cli/data-import';
import { dataValidateCommand } from '../../src/cli/data-validate';
import { dataListCommand } from '../../src/cli/data-list';
import { updateCommand } from '../../src/cli/update';
import { intradayCsv, syntheticMinuteBars } from '../../src/data/intraday/synthetic';
import { tempDir } from '../helpers';
import { runCommand, withTempHome } from './run-command';

test('data import / validate / list / update handle minute files; bad input exits 2 with file:line and writes nothing', async () => {
  await withTempHome(async (home) => {
    const dir = tempDir();
    const m = syntheticMinuteBars({ days: 2, symbol: 'QQ' });
    const part = path.join(dir, 'QQ.csv');
    fs.writeFileSync(part, intradayCsv(m, { to: 390 }));
    const full = path.join(dir, 'QQ-full.csv');
    fs.writeFileSync(full, intradayCsv(m));
    const noZone = path.join(dir, 'NZ.csv');
    fs.writeFileSync(noZone, intradayCsv(m, { to: 10 }).replace(/Z,/g, ','));
    const outside = path.join(dir, 'OUT.csv');
    fs.writeFileSync(outside, intradayCsv(m, { to: 3 }) + '2020-01-02T21:05Z,100,100,100,100,1\n');

    const v = await runCommand(dataValidateCommand, [part]);
    assert.is(v.code, 0, v.err);
    assert.match(v.out, /390 1m bars, NYSE, 1 sessions/);
    const imp = await runCommand(dataImportCommand, [part]);
    assert.is(imp.code, 0, imp.err);
    assert.match(imp.out, /QQ 1m: 390 bars.*390 1m bars stored/);

    const nz = await runCommand(dataImportCommand, [noZone, '--timeframe', '1m']);
    assert.is(nz.code, 2);
    assert.match(nz.err, /NZ\.csv:2: column `datetime`: .*no zone/);
    const out = await runCommand(dataImportCommand, [outside]);
    assert.is(out.code, 2);
    assert.match(out.err, /OUT\.csv:5: column `datetime`: outside_session/);
    const mixed = await runCommand(dataValidateCommand, [part, '--timeframe', '5m']);
    assert.is(mixed.code, 2);
    assert.match(mixed.out, /mixed_timeframe/);
    const badTf = await runCommand(dataImportCommand, [part, '--timeframe', '2m']);
    assert.is(badTf.code, 2);
    assert.match(badTf.err, /--timeframe.*received "2m"/);

    const upd = await runCommand(updateCommand, ['--from', full, '--symbols', 'QQ']);
    assert.is(upd.code, 0, upd.err);
    assert.match(upd.out, /written 390: inserted 390, replaced 0; 780 1m bars stored/);
    const list = await runCommand(dataListCommand, []);
    assert.match(list.out, /QQ\s+1m\s+780\s+2020-01-02 14:30\s+2020-01-03 20:59\s+NYSE/);
    const json = await runCommand(dataListCommand, ['--json']);
    assert.equal(JSON.parse(json.out), []); // the daily list is unchanged by intraday imports
    assert.ok(fs.existsSync(path.join(home, 'store.duckdb')));
  });
});

test.run();
