import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fitBlend, fitStacker, outOfFoldPredictions, stackPredict, weightedAverage } from '../../../src/models/ensemble/stacking';
import { Rng } from '../../../src/util/rng';
import { assertClose, rejects } from '../../helpers';

test('weightedAverage: hand-computed, weights normalised, bad weights rejected', () => {
  const out = weightedAverage([[0.2, 0.4], [0.6, 1.0]], [1, 3]);
  assertClose(out[0], 0.25 * 0.2 + 0.75 * 0.6, 1e-12);
  assertClose(out[1], 0.25 * 0.4 + 0.75 * 1.0, 1e-12);
  assert.equal(Array.from(weightedAverage([[0.2], [0.4]])).map((v) => +v.toFixed(12)), [0.3]);
  assert.throws(() => weightedAverage([[0.2], [0.4]], [1, -1]), /non-negative weights/);
  assert.throws(() => weightedAverage([[0.2], [0.4, 0.5]]), /probs\[1\].*1 values/);
});

test('outOfFoldPredictions: each row is predicted by a fit that never saw it', async () => {
  const folds = [0, 0, 1, 1, 2, -1];
  const seen: Array<[number[], number[]]> = [];
  const oof = await outOfFoldPredictions(folds, (train, testRows) => {
    seen.push([Array.from(train), Array.from(testRows)]);
    return Array.from(testRows, (r) => r / 10);
  });
  for (const [train, testRows] of seen) for (const r of testRows) assert.not.ok(train.includes(r));
  assert.equal(seen[0], [[2, 3, 4], [0, 1]]);
  assert.equal(Array.from(oof.subarray(0, 5)), [0, 0.1, 0.2, 0.3, 0.4]);
  assert.ok(Number.isNaN(oof[5]));
  await rejects(() => outOfFoldPredictions([0, 0], () => [0.5, 0.5]), /at least 2 folds/);
});

function synth(n: number, seed: number): { y: number[]; good: number[]; noise: number[] } {
  const r = new Rng(seed);
  const y: number[] = [];
  const good: number[] = [];
  const noise: number[] = [];
  for (let i = 0; i < n; i++) {
    const yi = r.next() < 0.5 ? 1 : 0;
    y.push(yi);
    good.push(Math.min(0.95, Math.max(0.05, (yi ? 0.65 : 0.35) + 0.1 * r.normal())));
    noise.push(r.next());
  }
  return { y, good, noise };
}

test('fitStacker: puts weight on the informative model, predictions in (0,1)', () => {
  const { y, good, noise } = synth(600, 1);
  const s = fitStacker([good, noise], y);
  assert.ok(s.weights[0] > 1, `good weight ${s.weights[0]}`);
  assert.ok(Math.abs(s.weights[1]) < 0.3, `noise weight ${s.weights[1]}`);
  const p = stackPredict(s, [good, noise]);
  let hits = 0;
  p.forEach((v, i) => {
    assert.ok(v > 0 && v < 1);
    if ((v >= 0.5 ? 1 : 0) === y[i]) hits++;
  });
  assert.ok(hits / y.length > 0.8);
  assert.throws(() => stackPredict(s, [good]), /2 model columns/);
});

test('fitBlend: simplex weights favouring the informative model', () => {
  const { y, good, noise } = synth(400, 2);
  const w = fitBlend([good, noise], y);
  assertClose(w[0] + w[1], 1, 1e-9);
  assert.ok(w[0] > 0.9, `weights ${w}`);
  assert.throws(() => fitBlend([[NaN]], [1]), /at least one row/);
});

test.run();
