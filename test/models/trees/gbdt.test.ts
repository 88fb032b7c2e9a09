import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ar1Returns, randomWalk } from '../../../src/data/synthetic';
import '../../../src/models/index';
import { createModel, loadModel } from '../../../src/models/registry';
import { GbdtModel } from '../../../src/models/trees/gbdt';
import { makeClassification, sliceRows } from '../../../src/models/trees/synthetic';
import type { Dataset } from '../../../src/models/types';
import { assertClose, rejects, tempDir } from '../../helpers';
import { checkModelContract } from '../contract';
import { accuracy, lagDataset } from './fixtures';

const tiny = (x: number[], y: number[]): Dataset => ({ x: Float32Array.from(x), shape: [x.length, 1], featureNames: ['x'], y: Float32Array.from(y) });

test('contract: binary gbdt fits, predicts, saves, loads identically, finetunes', async () => {
  const d = makeClassification({ n: 600, features: 6, informative: 3, missing: 0.05, seed: 2 });
  await checkModelContract({ key: 'gbdt', params: { nRounds: 20, maxDepth: 3 }, train: sliceRows(d, 0, 400), test: sliceRows(d, 400, 600), finetuneEpochs: 3 });
});

test('contract: ternary (softmax), regression and leafwise gbdt', async () => {
  const d = makeClassification({ n: 450, features: 5, informative: 3, seed: 3 });
  const y3 = new Float32Array(450);
  for (let i = 0; i < 450; i++) y3[i] = d.x[i * 5] < -0.4 ? 0 : d.x[i * 5] > 0.4 ? 2 : 1;
  const d3 = { ...d, y: y3 };
  await checkModelContract({ key: 'gbdt', params: { task: 'ternary', nRounds: 10, maxDepth: 3 }, train: sliceRows(d3, 0, 300), test: sliceRows(d3, 300, 450) });
  const yr = new Float32Array(450);
  for (let i = 0; i < 450; i++) yr[i] = 2 * d.x[i * 5] - d.x[i * 5 + 1];
  const dr = { ...d, y: yr };
  await checkModelContract({ key: 'gbdt', params: { task: 'regression', nRounds: 10 }, train: sliceRows(dr, 0, 300), test: sliceRows(dr, 300, 450) });
  await checkModelContract({ key: 'gbdt', params: { growPolicy: 'leafwise', maxLeaves: 7, maxDepth: 0, nRounds: 10 }, train: sliceRows(d, 0, 300), test: sliceRows(d, 300, 450) });
});

test('one regression stump: hand-computed leaf values and the midpoint threshold', async () => {
  // base 0.5, g = 0.5 - y, h = 1, lambda 0: leaves -G/H = -0.5 and +0.5 -> predictions 0 and 1, cut at 2.5
  const m = new GbdtModel({ task: 'regression', nRounds: 1, maxDepth: 1, learningRate: 1, lambda: 0, minChildWeight: 0 });
  await m.fit(tiny([1, 2, 3, 4], [0, 0, 1, 1]));
  assert.equal(Array.from(await m.predict(tiny([1, 2.4, 2.6, 4], [0, 0, 0, 0]))), [0, 0, 1, 1]);
});

test('one binary stump: leaf weight -G/(H+lambda) through the sigmoid', async () => {
  // base logit 0 (p = 0.5): left leaf G = 2·0.5 = 1, H = 2·0.25 = 0.5, w = -1/(0.5+1) = -2/3
  const m = new GbdtModel({ nRounds: 1, maxDepth: 1, learningRate: 1, lambda: 1, minChildWeight: 0 });
  await m.fit(tiny([1, 2, 3, 4], [0, 0, 1, 1]));
  const p = await m.predictProba(tiny([1, 4], [0, 0]));
  assertClose(p[1], 1 / (1 + Math.exp(2 / 3)), 1e-6);
  assertClose(p[3], 1 / (1 + Math.exp(-2 / 3)), 1e-6);
});

test('learns AR(1) phi=0.3 direction: >= 0.56 out of sample on 2,400 test days', async () => {
  const d = lagDataset(ar1Returns({ n: 6000, phi: 0.3, seed: 11 }));
  const n = d.shape[0];
  const cut = n - 2400;
  const m = new GbdtModel({ nRounds: 80, maxDepth: 2, learningRate: 0.05, seed: 1 });
  await m.fit(sliceRows(d, 0, cut));
  const test_ = sliceRows(d, cut, n);
  const acc = accuracy(await m.predict(test_), test_.y as Float32Array);
  assert.ok(acc >= 0.56, `AR(1) accuracy ${acc.toFixed(4)} (best possible ≈ 0.597)`);
  const imp = m.featureImportance();
  assert.ok(imp.ret_lag0 > 0.5, `lag 0 carries the signal, importance ${JSON.stringify(imp)}`);
});

test('random walk: accuracy stays within 0.50 ± 0.03 on 2,400 test days', async () => {
  const d = lagDataset(randomWalk({ n: 6000, seed: 12 }));
  const n = d.shape[0];
  const cut = n - 2400;
  const m = new GbdtModel({ nRounds: 80, maxDepth: 2, learningRate: 0.05, seed: 1 });
  await m.fit(sliceRows(d, 0, cut));
  const test_ = sliceRows(d, cut, n);
  const acc = accuracy(await m.predict(test_), test_.y as Float32Array);
  assert.ok(Math.abs(acc - 0.5) <= 0.03, `random-walk accuracy ${acc.toFixed(4)}`);
});

test('gain importance ranks the planted informative features first', async () => {
  const d = makeClassification({ n: 2000, features: 12, informative: 3, seed: 5 });
  const m = await new GbdtModel({ nRounds: 30, maxDepth: 3 }).fit(d);
  const imp = m.featureImportance();
  const ranked = Object.keys(imp).sort((a, b) => imp[b] - imp[a]);
  assert.equal(ranked.slice(0, 3).sort(), ['inf0', 'inf1', 'inf2']);
  assertClose(Object.values(imp).reduce((a, b) => a + b, 0), 1, 1e-9);
});

test('NaN learns its own direction: right when missing means up, left when missing means down', async () => {
  for (const nanLabel of [1, 0]) {
    const n = 400;
    const x: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < n; i++) {
      if (i % 4 === 0) {
        x.push(NaN);
        y.push(nanLabel);
      } else {
        const v = (i % 97) / 97;
        x.push(v);
        y.push(v > 0.5 ? 1 : 0);
      }
    }
    const m = await new GbdtModel({ nRounds: 20, maxDepth: 2, learningRate: 0.3 }).fit(tiny(x, y));
    const pred = await m.predict(tiny([NaN, 0.1, 0.9], [0, 0, 0]));
    assert.equal(Array.from(pred), [nanLabel, 0, 1], `missing means ${nanLabel}`);
  }
});

test('NaN at prediction time without NaN in training still predicts (the heavier side)', async () => {
  const m = await new GbdtModel({ nRounds: 5, maxDepth: 1 }).fit(tiny([1, 2, 3, 4, 5, 6], [0, 0, 0, 0, 1, 1]));
  const p = await m.predict(tiny([NaN], [0]));
  assert.is(p[0], 0);
});

test('early stopping stops before the max rounds when validation loss rises, keeping the best round', async () => {
  const d = makeClassification({ n: 1200, features: 8, informative: 2, noise: 4, seed: 9 });
  const m = new GbdtModel({ nRounds: 300, maxDepth: 6, learningRate: 0.5, minChildWeight: 0, earlyStoppingRounds: 5 });
  await m.fit(sliceRows(d, 0, 800), { validation: sliceRows(d, 800, 1200) });
  const h = m.history();
  assert.ok(m.nRounds < 300, `stopped at ${m.nRounds}`);
  assert.is(h.valLoss!.length, m.nRounds + 5);
  const vl = h.valLoss!;
  const bestAt = vl.indexOf(Math.min(...vl));
  assert.is(bestAt, m.nRounds - 1);
  assert.ok(vl[vl.length - 1] > vl[bestAt]);
});

test('early stopping without a validation set is an input error', async () => {
  const m = new GbdtModel({ earlyStoppingRounds: 3 });
  await rejects(() => m.fit(tiny([1, 2, 3], [0, 1, 1])), /validation/);
});

test('finetune adds boosting rounds on the new data, starting from the current ensemble', async () => {
  const d = makeClassification({ n: 800, features: 6, informative: 3, seed: 4 });
  const m = await new GbdtModel({ nRounds: 10, maxDepth: 3 }).fit(sliceRows(d, 0, 400));
  const before = Array.from(await m.predictProba(sliceRows(d, 400, 800)));
  await m.finetune(sliceRows(d, 400, 800), { epochs: 5 });
  assert.is(m.nRounds, 15);
  const h = m.history();
  assert.is(h.loss.length, 15);
  assert.ok(h.loss[14] < h.loss[10], 'loss keeps falling on the finetune data');
  assert.not.equal(Array.from(await m.predictProba(sliceRows(d, 400, 800))), before);
});

test('finetune with validation rows keeps only the new trees validation endorses (possibly none)', async () => {
  const d = makeClassification({ n: 1200, features: 6, informative: 3, seed: 8 });
  const m = await new GbdtModel({ nRounds: 300, maxDepth: 3, learningRate: 0.3 }).fit(sliceRows(d, 0, 400), { validation: sliceRows(d, 400, 600) });
  const rounds = m.nRounds;
  const before = (m.history().valLoss as number[]).length;
  await m.finetune(sliceRows(d, 400, 600), { epochs: 40, validation: sliceRows(d, 600, 800) });
  const session = (m.history().valLoss as number[]).slice(before);
  const added = m.nRounds - rounds;
  assert.ok(session.length >= 1 && added < session.length, `rounds ${rounds} -> ${m.nRounds} after ${session.length} tried`);
  // the kept prefix ends at the session's lowest validation loss; none kept when no new tree beat the start
  if (added > 0) assert.ok(Math.abs(session[added - 1] - Math.min(...session)) < 1e-12, 'cut at the best round');
});

test('a loaded model finetunes exactly like the original (bins, seed state and rounds restored)', async () => {
  const d = makeClassification({ n: 600, features: 5, informative: 2, missing: 0.1, seed: 15 });
  const p = { nRounds: 8, subsample: 0.8, colsampleByTree: 0.8 };
  const a = await new GbdtModel(p).fit(sliceRows(d, 0, 300));
  const dir = tempDir();
  await a.save(dir);
  assert.ok(a.sizeBytes() > 1000);
  const b = (await loadModel(dir)) as GbdtModel;
  await a.finetune(sliceRows(d, 300, 600), { epochs: 4 });
  await b.finetune(sliceRows(d, 300, 600), { epochs: 4 });
  assert.is(b.nRounds, 12);
  assert.equal(Array.from(await b.predictProba(d)), Array.from(await a.predictProba(d)));
});

test('rank-3 input uses the last time step', async () => {
  const d = makeClassification({ n: 500, features: 4, informative: 2, seed: 6 });
  const x3 = new Float32Array(500 * 2 * 4);
  for (let i = 0; i < 500; i++) {
    for (let f = 0; f < 4; f++) x3[i * 8 + f] = 100 + i; // first step: junk
    x3.set(d.x.subarray(i * 4, i * 4 + 4), i * 8 + 4);
  }
  const d3: Dataset = { ...d, x: x3, shape: [500, 2, 4] };
  const a = await new GbdtModel({ nRounds: 10 }).fit(d);
  const b = await new GbdtModel({ nRounds: 10 }).fit(d3);
  assert.equal(Array.from(await b.predictProba(d3)), Array.from(await a.predictProba(d)));
});

test('multiclass with 4 classes and sample weights', async () => {
  const d = makeClassification({ n: 800, features: 4, informative: 2, seed: 8 });
  const y = new Float32Array(800);
  for (let i = 0; i < 800; i++) y[i] = (d.x[i * 4] > 0 ? 2 : 0) + (d.x[i * 4 + 1] > 0 ? 1 : 0);
  const m = createModel('gbdt', { task: 'multiclass', classes: 4, nRounds: 30, maxDepth: 2 }) as GbdtModel;
  await m.fit({ ...d, y, weight: new Float32Array(800).fill(2) });
  assert.is(m.classes, 4);
  assert.ok(accuracy(await m.predict(d), y) > 0.95);
});

test('bad hyperparameters and labels are input errors naming the key', async () => {
  assert.throws(() => new GbdtModel({ growPolicy: 'sideways' }), /gbdt\.growPolicy.*depthwise/);
  assert.throws(() => new GbdtModel({ subsample: 0 }), /gbdt\.subsample/);
  assert.throws(() => new GbdtModel({ task: 'multiclass' }), /gbdt\.classes/);
  assert.throws(() => new GbdtModel({ learningrate: 0.1 }), /unknown key `learningrate`/);
  await rejects(() => new GbdtModel().fit(tiny([1, 2], [0, 2])), /y\[1\].*class index 0\.\.1.*received 2/);
  const m = await new GbdtModel({ nRounds: 2 }).fit(tiny([1, 2, 3], [0, 1, 1]));
  await rejects(() => m.predict({ ...tiny([1], [0]), featureNames: ['z'] }), /featureNames\[0\].*"x".*"z"/);
});

test('NaN labels are masked out of training; subsampling is seeded', async () => {
  const d = makeClassification({ n: 600, features: 5, informative: 2, seed: 10 });
  const y = (d.y as Float32Array).slice();
  for (let i = 0; i < 600; i += 7) y[i] = NaN;
  const p = { nRounds: 15, subsample: 0.7, colsampleByTree: 0.6, seed: 3 };
  const a = await new GbdtModel(p).fit({ ...d, y });
  const b = await new GbdtModel(p).fit({ ...d, y });
  assert.equal(Array.from(await a.predictProba(d)), Array.from(await b.predictProba(d)));
  const c = await new GbdtModel({ ...p, seed: 4 }).fit({ ...d, y });
  assert.not.equal(Array.from(await c.predictProba(d)), Array.from(await a.predictProba(d)));
});

test('balanced class weights raise minority recall on imbalanced data', async () => {
  const d = makeClassification({ n: 2000, features: 5, informative: 2, noise: 2, seed: 13 });
  const y = (d.y as Float32Array).slice();
  // keep one positive in four: about 1:6 imbalance
  for (let i = 0; i < 2000; i++) if (y[i] === 1 && i % 4 !== 0) y[i] = 0;
  const recall = async (classWeight: string): Promise<number> => {
    const m = await new GbdtModel({ nRounds: 30, maxDepth: 3, classWeight }).fit({ ...d, y });
    const p = await m.predict(d);
    let tp = 0;
    let pos = 0;
    for (let i = 0; i < 2000; i++) if (y[i] === 1) {
      pos++;
      if (p[i] === 1) tp++;
    }
    return tp / pos;
  };
  const plain = await recall('none');
  const balanced = await recall('balanced');
  assert.ok(balanced > plain + 0.1, `recall ${plain.toFixed(3)} -> ${balanced.toFixed(3)}`);
});

test('progress once per round; an aborted signal rejects with an AbortError', async () => {
  const d = makeClassification({ n: 300, features: 4, seed: 14 });
  const seen: number[] = [];
  await new GbdtModel({ nRounds: 4 }).fit(d, { onProgress: (e) => seen.push(e.iteration ?? -1) });
  assert.equal(seen, [1, 2, 3, 4]);
  const ctl = new AbortController();
  const m = new GbdtModel({ nRounds: 50 });
  const run = m.fit(d, { onProgress: (e) => (e.iteration === 2 ? ctl.abort() : undefined), signal: ctl.signal });
  let name = '';
  try {
    await run;
  } catch (e) {
    name = (e as Error).name;
  }
  assert.is(name, 'AbortError');
});

test.run();
