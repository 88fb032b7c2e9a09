import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'path';
import '../../src/models/classical/index';
import { createModel } from '../../src/models/registry';
import { writeJsonAtomic } from '../../src/util/fs';
import { registryRegisterCommand, findRunModel } from '../../src/cli/registry-register';
import { registryPromoteCommand } from '../../src/cli/registry-promote';
import { registryListCommand } from '../../src/cli/registry-list';
import { registryRollbackCommand } from '../../src/cli/registry-rollback';
import { loadRegisteredModel } from '../../src/tracking/model-registry';
import { runCommand, withTempHome } from './run-command';

async function saveModel(dir: string, sign: number): Promise<void> {
  const x = new Float32Array([-2, 0, -1, 0, 1, 0, 2, 0]);
  const y = new Float32Array([-2, -1, 1, 2].map((v) => (sign * v > 0 ? 1 : 0)));
  await (await createModel('logistic', { task: 'binary' }).fit({ x, shape: [4, 2], featureNames: ['a', 'b'], y })).save(dir);
}

/** A run folder as the trainer writes it: checkpoint/state.json naming each track's model folder. */
async function fakeRun(home: string, runId: string): Promise<void> {
  const dir = path.join(home, 'runs', runId, 'checkpoint');
  await saveModel(path.join(dir, 'models', 'progressive-h1-logistic-it3'), 1);
  await saveModel(path.join(dir, 'models', 'progressive-h7-logistic-it3'), -1);
  const track = (id: string, h: string, modelDir?: string) => ({ id, mode: 'progressive', model: 'logistic', horizons: [h], modelDir });
  writeJsonAtomic(path.join(dir, 'state.json'), {
    format: 'stock-ml-workbench/run-checkpoint@1',
    runId,
    dataSha256: 'f'.repeat(64),
    tracks: [track('progressive-h1-logistic', 'h1', 'models/progressive-h1-logistic-it3'), track('progressive-h7-logistic', 'h7', 'models/progressive-h7-logistic-it3'), track('progressive-h30-lstm', 'h30')],
  });
}

const probe = { x: new Float32Array([3, 0]), shape: [1, 2], featureNames: ['a', 'b'] };

test('register picks the run track by horizon/model, records lineage; ambiguity is bad input', async () => {
  await withTempHome(async (home) => {
    await fakeRun(home, 'run-a');
    const amb = await runCommand(registryRegisterCommand, ['run-a', '--name', 'spx']);
    assert.is(amb.code, 2);
    assert.match(amb.err, /exactly one matching track \(add --model and\/or --horizon\), received tracks progressive-h1-logistic, progressive-h7-logistic/);
    const r = await runCommand(registryRegisterCommand, ['run-a', '--name', 'spx', '--horizon', '1', '--model', 'logistic', '--json']);
    assert.is(r.code, 0, r.err);
    const v = JSON.parse(r.out);
    assert.equal([v.version, v.runId, v.dataSha256, v.stage], [1, 'run-a', 'f'.repeat(64), 'None']);
    const r2 = await runCommand(registryRegisterCommand, ['run-a', '--name', 'spx', '--horizon', '7', '--parent', 'spx/1']);
    assert.match(r2.out, /^Registered spx version 2 \(logistic, track progressive-h7-logistic\)/);
    assert.match((await runCommand(registryRegisterCommand, ['nope', '--name', 'spx'])).err, /a run folder under/);
    assert.match((await runCommand(registryRegisterCommand, ['run-a'])).err, /`--name`: a registered model name/);
    assert.throws(() => findRunModel(home, 'run-a', { horizon: 30 }), /a track with a saved model matching --model\/--horizon/);
    const p = await runCommand(registryRegisterCommand, ['--path', path.join(home, 'runs', 'run-a', 'checkpoint', 'models', 'progressive-h1-logistic-it3'), '--name', 'other', '--run', 'run-a']);
    assert.is(p.code, 0, p.err);
  });
});

test('promote, list, alias load and rollback through the CLI', async () => {
  await withTempHome(async (home) => {
    await fakeRun(home, 'run-b');
    await runCommand(registryRegisterCommand, ['run-b', '--name', 'm', '--horizon', '1']);
    await runCommand(registryRegisterCommand, ['run-b', '--name', 'm', '--horizon', '7']);
    assert.match((await runCommand(registryPromoteCommand, ['m', '--version', '1', '--stage', 'production'])).out, /m version 1 is now in Production/);
    assert.is((await runCommand(registryPromoteCommand, ['m', '--version', '2', '--stage', 'Production'])).code, 0);
    assert.match((await runCommand(registryPromoteCommand, ['m', '--version', '2', '--alias', 'champion'])).out, /m@champion → version 2/);
    const list = await runCommand(registryListCommand, []);
    assert.equal(list.out.split('\n').map((l) => l.trim().split(/\s+/).slice(0, 4).join(' ')), ['name version stage aliases', 'm 1 Archived logistic', 'm 2 Production @champion']);
    const champion = await loadRegisteredModel('m@champion');
    assert.equal([...(await champion.predict(probe))], [0], 'version 2 is the h7 model trained on the flipped label');
    const rb = await runCommand(registryRollbackCommand, ['m']);
    assert.match(rb.out, /m: Production is version 1 again \(version 2 archived\)/);
    assert.equal([...(await (await loadRegisteredModel('m@Production')).predict(probe))], [1]);
    const json = JSON.parse((await runCommand(registryListCommand, ['m', '--json'])).out);
    assert.equal(json.map((v: { stage: string }) => v.stage), ['Production', 'Archived']);
    assert.match((await runCommand(registryPromoteCommand, ['m', '--version', '1'])).err, /exactly one of --stage or --alias, received neither/);
    assert.match((await runCommand(registryPromoteCommand, ['m', '--version', 'x', '--stage', 'None'])).err, /`--version`: a version number/);
    assert.match((await runCommand(registryPromoteCommand, ['m', '--version', '1', '--stage', 'Live'])).err, /one of None, Staging, Production, Archived/);
    assert.match((await runCommand(registryRollbackCommand, ['none'])).err, /none in Production/);
    assert.match((await runCommand(registryListCommand, ['--json'])).out, /"name": "m"/);
    assert.ok(home);
  });
});

test('list says how to register when the registry is empty', async () => {
  await withTempHome(async () => {
    assert.match((await runCommand(registryListCommand, [])).out, /No registered models/);
  });
});

test.run();
