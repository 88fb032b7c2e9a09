import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'path';
import * as fs from 'fs';
import { randomWalk } from '../../src/data/synthetic';
import { readBundleMeta } from '../../src/training/bundle';
import { trainCommand } from '../../src/cli/train';
import { writeTinyConfig } from '../training/fixtures';
import { registryRegisterCommand, findRunModel } from '../../src/cli/registry-register';
import { registryPromoteCommand } from '../../src/cli/registry-promote';
import { registryListCommand } from '../../src/cli/registry-list';
import { registryRollbackCommand } from '../../src/cli/registry-rollback';
import { loadRegisteredModel } from '../../src/tracking/model-registry';
import { runCommand, withTempHome } from './run-command';

const bars = randomWalk({ n: 600, seed: 4, symbol: 'RW' });

/** A real run: logistic and gbdt, horizons 1 and 7, progressive and unified (unified: logistic). */
async function trainRun(home: string, runId: string): Promise<void> {
  const r = await runCommand(trainCommand, ['--config', writeTinyConfig(home, bars), '--run-id', runId, '--quiet']);
  assert.is(r.code, 0, r.err);
}

test('register picks the run track by model, horizon and mode, copies its bundle and records lineage', async () => {
  await withTempHome(async (home) => {
    await trainRun(home, 'run-a');
    const amb = await runCommand(registryRegisterCommand, ['run-a', '--name', 'spx', '--model', 'logistic', '--horizon', '1']);
    assert.is(amb.code, 2);
    assert.match(amb.err, /exactly one matching track \(add --model, --horizon and\/or --mode\), received tracks progressive-h1-logistic \(--mode progressive --model logistic --horizon 1\), unified-h1-logistic \(--mode unified/);
    const r = await runCommand(registryRegisterCommand, ['run-a', '--name', 'spx', '--horizon', '1', '--model', 'logistic', '--mode', 'progressive', '--json']);
    assert.is(r.code, 0, r.err);
    const v = JSON.parse(r.out);
    const state = JSON.parse(fs.readFileSync(path.join(home, 'runs', 'run-a', 'checkpoint', 'state.json'), 'utf8'));
    assert.equal([v.version, v.runId, v.dataSha256, v.stage], [1, 'run-a', state.dataSha256, 'None']);
    const meta = readBundleMeta(v.path);
    assert.equal([meta.model, meta.horizons, meta.featureSet, meta.origin.track], ['logistic', [1], 'minimal', 'progressive-h1-logistic']);
    assert.is(meta.scaler.featureNames.length, meta.featureNames.length, 'the fitted scaler travels with the model');
    assert.ok(meta.metrics?.h1 && Number.isFinite(meta.metrics.h1.accuracy as number), 'the metrics it was scored with');
    const r2 = await runCommand(registryRegisterCommand, ['run-a', '--name', 'spx', '--horizon', '7', '--model', 'gbdt', '--parent', 'spx/1']);
    assert.match(r2.out, /^Registered spx version 2 \(gbdt, track progressive-h7-gbdt\)/);
    assert.match((await runCommand(registryRegisterCommand, ['run-a', '--name', 'spx', '--mode', 'sideways'])).err, /`--mode`: `progressive` or `unified`/);
    assert.match((await runCommand(registryRegisterCommand, ['nope', '--name', 'spx'])).err, /a run folder under/);
    assert.match((await runCommand(registryRegisterCommand, ['run-a'])).err, /`--name`: a registered model name/);
    assert.throws(() => findRunModel(home, 'run-a', { horizon: 30 }), /a finished track matching --model\/--horizon\/--mode, received tracks progressive-h1-logistic/);
    const p = await runCommand(registryRegisterCommand, ['--path', path.join(home, 'runs', 'run-a', 'bundles', 'unified-h7-logistic'), '--name', 'other', '--run', 'run-a']);
    assert.is(p.code, 0, p.err);
    // a bare model folder (no bundle.json) cannot be registered: it could not be served as evaluated
    const bare = path.join(home, 'bare');
    fs.cpSync(path.join(home, 'runs', 'run-a', 'bundles', 'unified-h7-logistic'), bare, { recursive: true });
    fs.rmSync(path.join(bare, 'bundle.json'));
    const b = await runCommand(registryRegisterCommand, ['--path', bare, '--name', 'other']);
    assert.is(b.code, 2);
    assert.match(b.err, /bundle\.json: a model bundle .*, received no such file/);
  });
});

test('promote, list and rollback through the CLI; rollback moves the champion alias back too', async () => {
  await withTempHome(async (home) => {
    await trainRun(home, 'run-b');
    await runCommand(registryRegisterCommand, ['run-b', '--name', 'm', '--horizon', '1', '--model', 'logistic', '--mode', 'progressive']);
    await runCommand(registryRegisterCommand, ['run-b', '--name', 'm', '--horizon', '1', '--model', 'gbdt']);
    assert.match((await runCommand(registryPromoteCommand, ['m', '--version', '1', '--stage', 'production'])).out, /m version 1 is now in Production/);
    assert.match((await runCommand(registryPromoteCommand, ['m', '--version', '1', '--alias', 'champion'])).out, /m@champion → version 1/);
    assert.is((await runCommand(registryPromoteCommand, ['m', '--version', '2', '--stage', 'Production'])).code, 0);
    assert.match((await runCommand(registryPromoteCommand, ['m', '--version', '2', '--alias', 'champion'])).out, /m@champion → version 2/);
    const list = await runCommand(registryListCommand, []);
    assert.equal(list.out.split('\n').map((l) => l.trim().split(/\s+/).slice(0, 4).join(' ')), ['name version stage aliases', 'm 1 Archived logistic', 'm 2 Production @champion']);
    assert.is((await loadRegisteredModel('m@champion')).key, 'gbdt');
    const rb = await runCommand(registryRollbackCommand, ['m']);
    assert.match(rb.out, /m: Production is version 1 again \(version 2 archived\)/);
    assert.is((await loadRegisteredModel('m@Production')).key, 'logistic');
    assert.is((await loadRegisteredModel('m@champion')).key, 'logistic', 'champion follows Production back');
    const json = JSON.parse((await runCommand(registryListCommand, ['m', '--json'])).out);
    assert.equal(json.map((v: { stage: string; aliases: string[] }) => [v.stage, v.aliases]), [['Production', ['champion']], ['Archived', []]]);
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
