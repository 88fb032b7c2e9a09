import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'path';
import { ar1Returns, randomWalk } from '../../../src/data/synthetic';
import { initBackend } from '../../../src/models/deep/backend';
import { applyFallback, chooseFallback, classPriors, meanLogLoss } from '../../../src/models/deep/fallback';
import { DeepSequenceModel } from '../../../src/models/deep/model';
import { readManifest } from '../../../src/models/registry';
import type { Dataset } from '../../../src/models/types';
import { assertClose, tempDir } from '../../helpers';
import { returnWindows, sliceRows } from './data';

const base = { units: 8, epochs: 3, batchSize: 32, patience: 0, progressEvery: 4 };

test.before(async () => {
  await initBackend({ backend: 'wasm', log: () => undefined });
});

test('classPriors are Laplace-smoothed shares of the known labels; meanLogLoss skips unknown labels', () => {
  assert.equal(classPriors([1, 1, 1, 0, NaN], 2), [2 / 6, 4 / 6]);
  assert.equal(classPriors([], 3), [1 / 3, 1 / 3, 1 / 3]);
  const { loss, n } = meanLogLoss([1, 0, NaN], [0.2, 0.8, 0.6, 0.4, 0.5, 0.5], 2);
  assert.is(n, 2);
  assertClose(loss, -(Math.log(0.8) + Math.log(0.6)) / 2, 1e-12);
  assert.ok(Number.isNaN(meanLogLoss([NaN], [0.5, 0.5], 2).loss));
});

test('chooseFallback: the base rate replaces a head that does not beat it on validation, never one that does', () => {
  const train = [1, 1, 1, 0];
  const rep = <T>(a: T[]): T[] => Array.from({ length: 10 }, () => a).flat();
  const val = rep([1, 1, 0, 1]); // 40 rows: enough evidence at span 1
  // confident and wrong → falls back to the training base rate (2/6, 4/6)
  const bad = chooseFallback(train, val, rep([0.9, 0.1, 0.9, 0.1, 0.1, 0.9, 0.9, 0.1]), 2);
  assert.equal(bad.priors, [2 / 6, 4 / 6]);
  assert.ok(bad.netLoss > bad.baseLoss);
  // right with confidence → the net is kept
  const good = chooseFallback(train, val, rep([0.1, 0.9, 0.1, 0.9, 0.9, 0.1, 0.1, 0.9]), 2);
  assert.is(good.priors, undefined);
  assert.ok(good.netLoss < good.baseLoss);
  // labels spanning 30 rows, 40 of them on the tail (~1 independent label): no evidence the base rate carries over → tempered to no
  // opinion, the majority decision kept
  const thin = chooseFallback(train, val, rep([0.9, 0.1, 0.9, 0.1, 0.1, 0.9, 0.9, 0.1]), 2, 30);
  assert.ok(thin.priors![1] > 0.5 && thin.priors![1] < 0.501, JSON.stringify(thin));
  assertClose(thin.baseLoss, Math.LN2, 1e-3);
  // no labelled validation rows: no evidence either way, the net is kept
  assert.is(chooseFallback(train, [NaN], [0.5, 0.5], 2).priors, undefined);
  const v = applyFallback({ y: [0.25, 0.75] }, 'y', new Float32Array([0.9, 0.1, 0.3, 0.7]));
  assert.equal(Array.from(v), [0.25, 0.75, 0.25, 0.75]);
});

/** Labels replaced: 1 on a fixed share of rows chosen by a seeded hash (no relation to the inputs). */
function withLabels(d: Dataset, upShare: number, seed: number): Dataset {
  const y = Float32Array.from(d.y as Float32Array, (_, i) => (((i * 2654435761 + seed * 97) >>> 0) % 1000 < upShare * 1000 ? 1 : 0));
  return { ...d, y, targets: undefined };
}

test('lstm: a net that learnt nothing (one tiny step) on 80 %-up labels unrelated to the inputs predicts the training base rate, saved with the model', async () => {
  const d = withLabels(returnWindows(randomWalk({ n: 700, seed: 3 }), { steps: 8, features: 2 }), 0.8, 1);
  const train = sliceRows(d, 0, 500);
  const val = sliceRows(d, 500, d.shape[0]);
  const untrained = { ...base, epochs: 1, learningRate: 1e-6, calibration: 'none' };
  const m = await new DeepSequenceModel('lstm', untrained).fit(train, { validation: val });
  const sel = m.selection();
  assert.is(sel.fallback, 'base_rate', JSON.stringify(sel));
  assert.ok((sel.valLoss as number) >= (sel.baseLoss as number), JSON.stringify(sel));
  const p = await m.predictProba(val);
  const up = classPriors(train.y as Float32Array, 2)[1];
  for (let i = 0; i < p.length; i += 2) assertClose(p[i + 1], up, 1e-6);
  for (const c of await m.predict(val)) assert.is(c, 1);
  const dir = path.join(tempDir(), 'fb');
  await m.save(dir);
  const back = await DeepSequenceModel.load(dir, readManifest(dir));
  assert.equal(Array.from(await back.predictProba(val)), Array.from(p));
  assert.equal(back.selection(), sel);
  // fallback: "none" keeps the net's own probabilities
  const own = await new DeepSequenceModel('lstm', { ...untrained, fallback: 'none' }).fit(train, { validation: val });
  assert.is(own.selection().fallback, undefined);
  assert.ok(new Set(Array.from(await own.predictProba(val)).map((v) => v.toFixed(6))).size > 2, 'the net varies its probabilities');
  for (const x of [m, back, own]) x.dispose();
});

test('lstm: where the inputs carry signal (AR(1) φ = 0.3) the net is kept; a finetune validation does not endorse keeps the weights', async () => {
  const d = returnWindows(ar1Returns({ n: 1400, seed: 21, phi: 0.3 }), { steps: 8, features: 1 });
  const train = sliceRows(d, 0, 1000);
  const val = sliceRows(d, 1000, d.shape[0]);
  const m = await new DeepSequenceModel('lstm', { ...base, epochs: 6, patience: 3, learningRate: 0.05 }).fit(train, { validation: val });
  assert.is(m.selection().fallback, 'none', JSON.stringify(m.selection()));
  const before = Array.from(await m.predictProba(val));
  // finetune on inverted labels with large steps: every epoch raises the validation loss, so the starting weights are kept
  const flipped = { ...train, y: Float32Array.from(train.y as Float32Array, (v) => 1 - v), targets: undefined };
  await m.finetune(flipped, { validation: val, epochs: 3 });
  assert.is(m.selection().bestEpoch, 0, JSON.stringify(m.selection()));
  assert.equal(Array.from(await m.predictProba(val)), before);
  m.dispose();
});

test.run();
