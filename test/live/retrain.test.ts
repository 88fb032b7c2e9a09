import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'path';
import '../../src/models/index';
import { Store } from '../../src/data/store';
import { sliceBars } from '../../src/data/bars';
import { ar1Returns } from '../../src/data/synthetic';
import { autoRetrain, readDecisions } from '../../src/live/retrain';
import { trainLiveModel } from '../../src/live/train';
import { promoteLiveModel, promotionHistory, rollbackLiveModel } from '../../src/live/versions';
import { liveModelDir } from '../../src/live/model-source';
import { readBundleMeta as readLiveMeta } from '../../src/training/bundle';
import { rejects, tempDir } from '../helpers';

// mean-reverting returns: logistic learns the reversal (~63 %), `baseline_last_move` bets on persistence (~37 %)
const bars = ar1Returns({ n: 1200, seed: 12, phi: -0.4, symbol: 'MR' });
const cut = 1100;

async function setup(productionModel: string): Promise<{ store: Store; root: string; log: string }> {
  const dir = tempDir('wb-retrain-');
  const store = new Store({ path: path.join(dir, 'store.duckdb') });
  await store.upsertBars(bars);
  const root = path.join(dir, 'models');
  const { model, meta } = await trainLiveModel(sliceBars(bars, 0, cut), { model: productionModel, version: 'v1' });
  await promoteLiveModel(root, 'MR', 1, model, meta, 'setup');
  return { store, root, log: path.join(dir, 'decisions.jsonl') };
}

test('autoRetrain: never promotes a candidate that is worse on the comparison window', async () => {
  const { store, root, log } = await setup('logistic');
  const [d] = await autoRetrain(store, { modelsRoot: root, decisionsLog: log, force: true, train: { model: 'baseline_last_move' } });
  assert.is(d.action, 'reject');
  assert.ok(d.candidate!.accuracy! < d.production!.accuracy!, JSON.stringify(d));
  assert.is(d.window!.rows, 60);
  assert.ok(d.window!.from > readLiveMeta(liveModelDir(root, 'MR', 1)).trainEnd, 'window after Production training');
  assert.is(readLiveMeta(liveModelDir(root, 'MR', 1)).version, 'v1', 'Production unchanged');
  assert.equal(readDecisions(log), [d]);
});

test('autoRetrain: promotes a better candidate; rollback restores the previous version', async () => {
  const { store, root, log } = await setup('baseline_last_move');
  const now = new Date('2030-01-01T00:00:00Z');
  const [d] = await autoRetrain(store, { modelsRoot: root, decisionsLog: log, force: true, train: { model: 'logistic' }, now });
  assert.is(d.action, 'promote');
  assert.ok(d.candidate!.accuracy! >= d.production!.accuracy!);
  assert.equal(d.triggers, ['age'], 'old model with 101 new bars');
  assert.match(d.reasons.join(' '), /days old > 7 with 101 new bars/);
  const meta = readLiveMeta(liveModelDir(root, 'MR', 1));
  assert.is(meta.version, d.candidate!.version);
  assert.ok(meta.metrics && meta.metrics.h1.compareAccuracy === d.candidate!.accuracy);
  const back = await rollbackLiveModel(root, 'MR', 1);
  assert.is(back.version, 'v1');
  assert.is(readLiveMeta(liveModelDir(root, 'MR', 1)).version, 'v1');
  assert.is(readLiveMeta(liveModelDir(root, 'MR', 1)).name, 'baseline_last_move-MR-h1');
  assert.equal(promotionHistory(root, 'MR', 1).map((e) => e.version), ['v1', d.candidate!.version, 'v1']);
  await rejects(() => rollbackLiveModel(root, 'MR', 1), /previous version to roll back to/);
});

test('autoRetrain: first model is trained; a fresh model with no trigger is kept, with reasons', async () => {
  const dir = tempDir('wb-retrain-');
  const store = new Store({ path: path.join(dir, 'store.duckdb') });
  await store.upsertBars(sliceBars(bars, 0, cut));
  const root = path.join(dir, 'models');
  const log = path.join(dir, 'decisions.jsonl');
  const [first] = await autoRetrain(store, { modelsRoot: root, decisionsLog: log });
  assert.is(first.action, 'train');
  assert.equal(first.triggers, ['no_model']);
  const [second] = await autoRetrain(store, { modelsRoot: root, decisionsLog: log });
  assert.is(second.action, 'keep');
  assert.match(second.reasons.join(' '), /new bars < 100/);
  assert.is(readDecisions(log).length, 2);
});



test('autoRetrain with registry: the promoted model is Production/@champion and the predictor resolves it', async () => {
  const { registryModelSource } = await import('../../src/live/registry-source');
  const { runPredict } = await import('../../src/live/predictor');
  const { listModelVersions, rollbackProduction } = await import('../../src/tracking/model-registry');
  const dir = tempDir('wb-retrain-');
  const store = new Store({ path: path.join(dir, 'store.duckdb') });
  await store.upsertBars(sliceBars(bars, 0, cut));
  const root = path.join(dir, 'models');
  const where = { storePath: store.path, home: dir };
  const [first] = await autoRetrain(store, { modelsRoot: root, decisionsLog: path.join(dir, 'd.jsonl'), registry: where, train: { model: 'baseline_last_move' } });
  assert.match(first.reasons.join(' '), /registered MR-h1\/1 as Production \(champion\)/);
  const [v1] = await listModelVersions('MR-h1', where);
  assert.is(v1.stage, 'Production');
  assert.equal(v1.aliases, ['champion']);
  const source = registryModelSource(where);
  const meta = await source.describe('MR', 1);
  assert.is(meta!.version, '1');
  assert.is(meta!.featureSet, 'minimal');
  const p = await runPredict(store, { models: source, jsonl: false });
  assert.is(p.inserted.length, 1, JSON.stringify(p.missing));
  assert.match(p.predictions[0].model, /^MR-h1@1$/);
  // a second promotion, then the registry's rollback restores version 1
  await store.upsertBars(bars);
  const [second] = await autoRetrain(store, { modelsRoot: root, decisionsLog: path.join(dir, 'd.jsonl'), registry: where, force: true, now: new Date('2031-01-01T00:00:00Z') });
  assert.is(second.action, 'promote', JSON.stringify(second));
  assert.is((await source.describe('MR', 1))!.version, '2');
  await rollbackProduction('MR-h1', where);
  const after = await listModelVersions('MR-h1', where);
  assert.is(after.find((v) => v.stage === 'Production')!.version, 1);
  assert.is((await source.describe('MR', 1))!.version, '1', 'the predictor follows the rollback');
});
test.run();
