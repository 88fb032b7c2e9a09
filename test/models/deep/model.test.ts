import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../src/models/deep/backend';
import { DeepSequenceModel } from '../../../src/models/deep/model';
import { readManifest } from '../../../src/models/registry';
import { randomWalk, ar1Returns } from '../../../src/data/synthetic';
import type { TrainProgress } from '../../../src/models/types';
import { assertClose, rejects, tempDir } from '../../helpers';
import { ar1Fixture, returnWindows, sliceRows } from './data';

const { train, val, base } = ar1Fixture();

test.before(async () => {
  await initBackend({ backend: 'wasm', log: () => undefined });
});

test('same seed gives identical predictions; another seed differs', async () => {
  const run = async (seed: number) => {
    const m = await new DeepSequenceModel('lstm', { ...base, seed }).fit(train);
    const p = await m.predictProba(val);
    m.dispose();
    return Array.from(p);
  };
  const a = await run(1);
  assert.equal(await run(1), a);
  assert.not.equal(await run(2), a);
});

test('progress events: batch events every N batches and one per epoch, with loss and ETA', async () => {
  const events: TrainProgress[] = [];
  const m = await new DeepSequenceModel('lstm', base).fit(train, { validation: val, onProgress: (e) => events.push(e) });
  const epochs = events.filter((e) => e.stage === 'epoch');
  const batches = events.filter((e) => e.stage === 'train');
  assert.is(epochs.length, 2);
  assert.equal(batches.map((e) => e.batch).slice(0, 5), [4, 8, 12, 16, 4]); // 16 batches of 32 per epoch
  for (const e of events) {
    assert.ok(Number.isFinite(e.loss) && Number.isFinite(e.etaMs), JSON.stringify(e));
    assert.is(e.model, 'lstm');
  }
  assert.ok(epochs[1].valLoss !== undefined && epochs[1].metrics?.valAccuracy !== undefined);
  assert.is(epochs[1].fraction, 1);
  assert.is(m.history().loss.length, 2);
  m.dispose();
});

test('cancellation: an aborted signal rejects fit with AbortError at the next batch', async () => {
  const ctl = new AbortController();
  let seen = 0;
  const m = new DeepSequenceModel('lstm', { ...base, progressEvery: 1 });
  await rejects(
    () =>
      m.fit(train, {
        signal: ctl.signal,
        onProgress: () => {
          seen++;
          if (seen === 2) ctl.abort();
        },
      }),
    /cancelled/,
  );
  assert.is(seen, 2, 'no batch ran after the abort');
  assert.is(m.fitted, false);
});

test('early stopping stops on rising validation loss and restores the best weights', async () => {
  // Random-walk labels cannot be learned: a large learning rate over-fits, validation loss rises.
  const rw = returnWindows(randomWalk({ n: 500, seed: 5 }), { steps: 8 });
  const m = new DeepSequenceModel('lstm', { ...base, units: 16, epochs: 30, patience: 2, learningRate: 0.02, dropout: 0 });
  await m.fit(sliceRows(rw, 0, 300), { validation: sliceRows(rw, 300, rw.shape[0]) });
  const h = m.history();
  assert.ok(h.loss.length < 30, `stopped after ${h.loss.length} epochs`);
  // the starting weights are a candidate (bestEpoch 0); here no epoch beats them
  const bestEpoch = h.bestEpoch![0];
  assert.is(bestEpoch, h.loss.length - 2, 'stopped `patience` epochs after the best');
  const ev = await m.evaluate(sliceRows(rw, 300, rw.shape[0]));
  const best = bestEpoch > 0 ? h.valLoss![bestEpoch - 1] : Math.min(...h.valLoss!);
  if (bestEpoch > 0) assertClose(ev.loss, best, 1e-5, `restored weights give the best validation loss ${best}, received ${ev.loss}`);
  else assert.ok(ev.loss < best, `the starting weights kept: validation loss ${ev.loss} below every epoch's (${best})`);
  m.dispose();
});

test('balanced class weights shift predictions toward the rare class', async () => {
  const imb = { ...train, y: train.y!.map((v, i) => (i % 5 === 0 ? 0 : 1)) } as typeof train;
  const frac0 = async (classWeight: null | string) => {
    const m = await new DeepSequenceModel('lstm', { ...base, epochs: 3, classWeight }).fit(imb);
    const p = await m.predict(val);
    m.dispose();
    return p.filter((v) => v === 0).length / p.length;
  };
  const plain = await frac0(null);
  const weighted = await frac0('balanced');
  assert.ok(plain < 0.1, `without weights the majority class dominates (${plain})`);
  assert.ok(weighted > plain + 0.2, `balanced weights predict the rare class more (${weighted} vs ${plain})`);
});

test('unified: each head ignores rows whose label is not known yet (NaN)', async () => {
  const m = await new DeepSequenceModel('unified', base).fit(train);
  const h30 = val.targets!.h30;
  const known: number[] = [];
  for (let i = 0; i < h30.length; i++) if (!Number.isNaN(h30[i])) known.push(i);
  assert.ok(known.length < h30.length, 'the tail of h30 is masked');
  const full = await m.evaluate(val);
  const onlyKnown = await m.evaluate(sliceRows(val, known[0], known[known.length - 1] + 1));
  assertClose(full.perHead.h30, onlyKnown.perHead.h30, 1e-5);
  // Planting labels on masked rows by turning them into known ones changes the h30 loss: the check can fail.
  const planted = { ...val, targets: { ...val.targets!, h30: h30.map((v) => (Number.isNaN(v) ? 1 : v)) } };
  assert.not.equal((await m.evaluate(planted)).perHead.h30, full.perHead.h30);
  assert.is(full.perHead.h1, (await m.evaluate(planted)).perHead.h1, 'other heads unaffected');
  const p7 = await m.predictProba(val, { target: 'h7' });
  const p1 = await m.predictProba(val);
  assert.is(p7.length, val.shape[0] * 2);
  assert.not.equal(Array.from(p7), Array.from(p1), 'heads differ');
  await rejects(() => m.predict(val, { target: 'h5' }), /one of h1, h7, h30, received "h5"/);
  m.dispose();
});

test('ternary task: three probabilities per row summing to 1, predictions in 0..2', async () => {
  const tern = { ...train, y: train.y!.map((v, i) => i % 3) } as typeof train;
  const m = await new DeepSequenceModel('lstm_cnn', { ...base, task: 'ternary', convFilters: 4 }).fit(tern);
  const p = await m.predictProba(val);
  assert.is(p.length, val.shape[0] * 3);
  for (let i = 0; i < val.shape[0]; i++) assertClose(p[3 * i] + p[3 * i + 1] + p[3 * i + 2], 1, 1e-5);
  assert.ok((await m.predict(val)).every((v) => v === 0 || v === 1 || v === 2));
  m.dispose();
});

test('regression: predictProba is refused; lstm with task regression predicts values', async () => {
  const reg = { ...train, y: train.y!.map((v, i) => i * 0.001) } as typeof train;
  const m = await new DeepSequenceModel('lstm', { ...base, task: 'regression' }).fit(reg);
  await rejects(() => m.predictProba(val), /classification model.*task regression/);
  const p = await m.predict(val);
  assert.ok(p.every(Number.isFinite));
  m.dispose();
});

test('finetune continues from the fitted weights (warm start), fit restarts', async () => {
  const m = await new DeepSequenceModel('lstm', base).fit(train);
  const before = Array.from(await m.predictProba(val));
  await m.finetune(val, { epochs: 1 });
  const after = Array.from(await m.predictProba(val));
  assert.not.equal(after, before);
  assert.is(m.history().loss.length, 1);
  await m.fit(train);
  assert.equal(Array.from(await m.predictProba(val)), before, 'fit again from scratch reproduces the first fit');
  m.dispose();
});

test('save writes weights.bin beside model.json with scaler, specs and the backend', async () => {
  const m = await new DeepSequenceModel('lstm_cnn', { ...base, convFilters: 4 }).fit(train);
  const dir = path.join(tempDir(), 'm');
  await m.save(dir);
  const man = readManifest(dir);
  const state = man.state as { backend: string; weights: Array<{ name: string; shape: number[] }> };
  assert.is(state.backend, 'wasm');
  assert.ok(state.weights.some((w) => w.name === 'conv.w'));
  assert.equal((man.scaler as { kind: string }).kind, 'standard');
  assert.equal(man.featureNames, ['ret_x1', 'ret_x2']);
  const bytes = fs.statSync(path.join(dir, 'weights.bin')).size;
  assert.is(bytes, state.weights.reduce((a, w) => a + 4 * w.shape.reduce((p, q) => p * q, 1), 0));
  assert.ok(Math.abs(m.sizeBytes() - (bytes + fs.statSync(path.join(dir, 'model.json')).size)) < 2000);
  fs.writeFileSync(path.join(dir, 'weights.bin'), Buffer.alloc(8));
  await rejects(() => DeepSequenceModel.load(dir, readManifest(dir)), /weights\.bin: \d+ bytes .*received 8 bytes/);
  fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  m.dispose();
});

test('input errors: NaN features, tabular data, wrong width at predict, before fit', async () => {
  const m = new DeepSequenceModel('lstm', base);
  await rejects(() => m.predict(val), /must be fitted/);
  const bad = { ...train, x: train.x.slice() };
  bad.x[3] = NaN;
  await rejects(() => m.fit(bad), /finite feature values.*row 0, step 1/);
  await rejects(() => m.fit({ ...train, shape: [500, 16] }), /\[n, steps, features\]/);
  await m.fit(train);
  const narrow = returnWindows(ar1Returns({ n: 100, seed: 1 }), { steps: 8, features: 1 });
  await rejects(() => m.predict(narrow), /\[n, 8, 2\] as at fit time/);
  m.dispose();
});

test('fit, predict, finetune, evaluate and dispose leave no tensors behind (every family)', async () => {
  const before = tf.memory().numTensors;
  for (const key of ['lstm', 'lstm_cnn', 'lstm_transformer_cnn', 'unified']) {
    const extra = key === 'lstm_cnn' ? { convFilters: 4 } : key === 'lstm_transformer_cnn' ? { convFilters: 4, attentionHeads: 2, ffDim: 8 } : {};
    const m = await new DeepSequenceModel(key, { ...base, ...extra, epochs: 1, patience: 1 }).fit(train, { validation: val });
    await m.predict(val);
    await m.finetune(val, { epochs: 1 });
    await m.evaluate(val);
    m.dispose();
    assert.is(tf.memory().numTensors, before, `${key} leaked tensors`);
  }
});

test.run();
