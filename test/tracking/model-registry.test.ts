import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import '../../src/models/classical/index';
import { createModel } from '../../src/models/registry';
import type { Dataset } from '../../src/models/types';
import {
  registerModelVersion,
  transitionModelVersionStage,
  setModelAlias,
  deleteModelAlias,
  resolveModelUri,
  loadRegisteredModel,
  rollbackProduction,
  listModelVersions,
  parseModelUri,
} from '../../src/tracking/model-registry';
import { startRun } from '../../src/tracking/tracker';
import { Rng } from '../../src/util/rng';
import { Scaler } from '../../src/windows/scalers';
import { BUNDLE_FORMAT, writeBundleMeta } from '../../src/training/bundle';
import { rejects, tempDir } from '../helpers';

/** 200 rows, 2 features; the label follows the sign of `sign * x0`. */
function data(sign: number): Dataset {
  const rng = new Rng(3);
  const n = 200;
  const x = new Float32Array(n * 2);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    x[2 * i] = rng.normal();
    x[2 * i + 1] = rng.normal();
    y[i] = sign * x[2 * i] > 0 ? 1 : 0;
  }
  return { x, shape: [n, 2], featureNames: ['a', 'b'], y };
}

/** A logistic model saved as a bundle (the registry registers bundles only). */
async function savedLogistic(dir: string, sign: number): Promise<string> {
  const d = data(sign);
  const m = await createModel('logistic', { task: 'binary' }).fit(d);
  await m.save(dir);
  const scaler = new Scaler({ kind: 'zscore' }).fit({ x: d.x, shape: d.shape, featureNames: d.featureNames });
  writeBundleMeta(dir, {
    format: BUNDLE_FORMAT, name: 'logistic-T-h1', version: 'v', model: 'logistic', symbol: 'T', featureSet: 'minimal', featureNames: d.featureNames,
    steps: 1, rank: 2, scaler: scaler.toJSON(), task: 'binary', horizon: 1, horizons: [1], neutralBand: 0.001,
    trainStart: '2000-01-03', trainEnd: '2000-12-29', trainedAt: '2001-01-01T00:00:00Z', dataSha256: 'd'.repeat(64), origin: { mode: 'live' },
  });
  return dir;
}

const probe: Dataset = { x: new Float32Array([2, 0, -2, 0]), shape: [2, 2], featureNames: ['a', 'b'] };

function setup() {
  const home = tempDir('wb-reg-');
  return { storePath: path.join(home, 'store.duckdb'), home };
}

test('parseModelUri reads versions, aliases, stages and latest', () => {
  assert.equal(parseModelUri('m/3'), { name: 'm', version: 3 });
  assert.equal(parseModelUri('models:/m@champion'), { name: 'm', alias: 'champion' });
  assert.equal(parseModelUri('m@production'), { name: 'm', stage: 'Production' });
  assert.equal(parseModelUri('m@latest'), { name: 'm', latest: true });
  assert.throws(() => parseModelUri('m'), /`name\/<version>`, `name@<alias>` or `name@<stage>`, received "m"/);
});

test('versions count from 1, are copied, and record lineage (run, data hash from the run, parent)', async () => {
  const o = setup();
  const run = await startRun({ ...o, dataSha256: 'd'.repeat(64), gitCommit: null });
  await run.end();
  const src1 = await savedLogistic(path.join(o.home, 'm1'), 1);
  const v1 = await registerModelVersion({ name: 'dir-h1', source: src1, runId: run.runId }, o);
  assert.is(v1.version, 1);
  assert.is(v1.stage, 'None');
  assert.is(v1.dataSha256, 'd'.repeat(64));
  assert.is(v1.modelKey, 'logistic');
  fs.rmSync(src1, { recursive: true });
  assert.ok(fs.existsSync(path.join(v1.path, 'model.json')), 'the registered copy survives removing the source');
  const v2 = await registerModelVersion({ name: 'dir-h1', source: await savedLogistic(path.join(o.home, 'm2'), -1), parent: 'dir-h1/1', description: 'fine-tuned' }, o);
  assert.is(v2.version, 2);
  assert.is(v2.parent, 'dir-h1/1');
  assert.is(v2.description, 'fine-tuned');
  await rejects(() => registerModelVersion({ name: 'dir-h1', source: o.home }, o), /a saved model folder containing model\.json/);
  await rejects(() => registerModelVersion({ name: 'bad name', source: v2.path }, o), /a model name of 1–100 letters/);
  await rejects(() => registerModelVersion({ name: 'x', source: v2.path, parent: 'dir-h1/9' }, o), /a version matching "dir-h1\/9", received versions 1 \(None\), 2 \(None\)/);
});

test('transitions archive the previous holder of the stage; rollback restores the previous Production version', async () => {
  const o = setup();
  for (let i = 0; i < 3; i++) await registerModelVersion({ name: 'm', source: await savedLogistic(path.join(o.home, `s${i}`), 1) }, o);
  await transitionModelVersionStage('m', 1, 'Production', o);
  await transitionModelVersionStage('m', 2, 'Staging', o);
  await transitionModelVersionStage('m', 2, 'Production', o);
  let stages = (await listModelVersions('m', o)).map((v) => v.stage);
  assert.equal(stages, ['Archived', 'Production', 'None']);
  await transitionModelVersionStage('m', 3, 'Production', { ...o, archiveExisting: false });
  stages = (await listModelVersions('m', o)).map((v) => v.stage);
  assert.equal(stages, ['Archived', 'Production', 'Production']);
  assert.is((await resolveModelUri('m@Production', o)).version, 3, 'the highest version wins among several in one stage');
  await transitionModelVersionStage('m', 3, 'None', o);

  const r = await rollbackProduction('m', o);
  assert.equal([r.from.version, r.from.stage, r.to.version, r.to.stage], [2, 'Archived', 1, 'Production']);
  assert.is((await resolveModelUri('m@Production', o)).version, 1);
  const again = await rollbackProduction('m', o);
  assert.equal([again.from.version, again.to.version], [1, 2], 'a second rollback swaps back');
  await rejects(() => transitionModelVersionStage('m', 1, 'Live' as never, o), /one of None, Staging, Production, Archived, received "Live"/);
  await rejects(() => transitionModelVersionStage('m', 7, 'Staging', o), /a version matching "m\/7"/);
});

test('rollback without an earlier Production version is an InputError', async () => {
  const o = setup();
  await registerModelVersion({ name: 'm', source: await savedLogistic(path.join(o.home, 's'), 1) }, o);
  await rejects(() => rollbackProduction('m', o), /none in Production/);
  await transitionModelVersionStage('m', 1, 'Production', o);
  await rejects(() => rollbackProduction('m', o), /no version other than 1 was archived out of Production/);
});

test('loading name@champion returns the weights of the aliased version', async () => {
  const o = setup();
  await registerModelVersion({ name: 'clf', source: await savedLogistic(path.join(o.home, 'up'), 1) }, o);
  await registerModelVersion({ name: 'clf', source: await savedLogistic(path.join(o.home, 'down'), -1) }, o);
  await setModelAlias('clf', 'champion', 1, o);
  let m = await loadRegisteredModel('clf@champion', o);
  assert.equal([...(await m.predict(probe))], [1, 0]);
  await setModelAlias('clf', 'champion', 2, o);
  m = await loadRegisteredModel('clf@champion', o);
  assert.equal([...(await m.predict(probe))], [0, 1]);
  assert.equal([...(await (await loadRegisteredModel('clf/1', o)).predict(probe))], [1, 0]);
  assert.equal([...(await (await loadRegisteredModel('clf@latest', o)).predict(probe))], [0, 1]);
  assert.equal((await listModelVersions('clf', o)).map((v) => v.aliases), [[], ['champion']]);
  assert.is(await deleteModelAlias('clf', 'champion', o), true);
  await rejects(() => resolveModelUri('clf@champion', o), /a version matching "clf@champion"/);
  await rejects(() => setModelAlias('clf', 'Production', 1, o), /not a stage name/);
  await rejects(() => resolveModelUri('nope/1', o), /a registered model name, received "nope"/);
});

test.run();
