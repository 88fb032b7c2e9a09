import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkFeatureSelect, selectFeatures } from '../../src/features/select';
import { Rng } from '../../src/util/rng';
import { Scaler } from '../../src/windows/scalers';

/** n rows × f columns of noise; column `informative` (if ≥ 0) carries the label with probability `p`. */
function planted(n: number, f: number, informative: number, p = 0.7, seed = 1): { x: Float32Array; y: Float64Array } {
  const rng = new Rng(seed);
  const x = new Float32Array(n * f);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = rng.next() < 0.5 ? 1 : 0;
    for (let j = 0; j < f; j++) x[i * f + j] = rng.normal();
    if (informative >= 0) x[i * f + informative] = (rng.next() < p ? y[i] : 1 - y[i]) + 0.3 * rng.normal();
  }
  return { x, y };
}

test('selectFeatures auto keeps a planted informative column and drops the noise', () => {
  const { x, y } = planted(600, 30, 7);
  const s = selectFeatures(x, y, 30);
  assert.equal(s.keep, [7]);
  assert.ok(s.scores[7] > s.threshold, `score ${s.scores[7]} vs threshold ${s.threshold}`);
});

test('selectFeatures auto keeps every column when none beats the label-shuffle null (pure noise, several seeds)', () => {
  let kept = 0;
  for (const seed of [1, 2, 3, 4, 5]) {
    const { x, y } = planted(500, 40, -1, 0.5, seed);
    const s = selectFeatures(x, y, 40, { seed });
    if (s.keep.length === 40) kept++;
  }
  // the null is the 95th percentile of the best noise column: about one seed in twenty selects by chance
  assert.ok(kept >= 4, `all kept on ${kept} of 5 noise seeds`);
});

test('selectFeatures: a number keeps the k best-ranked, none keeps all, rows with a NaN label are ignored', () => {
  const { x, y } = planted(400, 10, 3);
  assert.ok(selectFeatures(x, y, 10, { select: 2 }).keep.includes(3));
  assert.is(selectFeatures(x, y, 10, { select: 2 }).keep.length, 2);
  assert.is(selectFeatures(x, y, 10, { select: 50 }).keep.length, 10);
  assert.equal(selectFeatures(x, y, 10, { select: 'none' }).keep, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const y2 = y.slice();
  for (let i = 0; i < 200; i++) y2[i] = NaN;
  const a = selectFeatures(x, y2, 10, { select: 3 });
  const b = selectFeatures(x.subarray(200 * 10), y.subarray(200), 10, { select: 3 });
  assert.equal(a.keep, b.keep);
});

test('selectFeatures on 300,000 training rows (minute bars): no stack overflow, the planted column ranks first', () => {
  const { x, y } = planted(300_000, 2, 1);
  assert.equal(selectFeatures(x, y, 2, { select: 1 }).keep, [1]);
});

test('checkFeatureSelect names features.select and what arrived', () => {
  assert.is(checkFeatureSelect('auto'), 'auto');
  assert.is(checkFeatureSelect(5), 5);
  assert.throws(() => checkFeatureSelect(0), /features\.select.*"auto", "none" or a positive integer/);
  assert.throws(() => checkFeatureSelect('some'), /features\.select/);
});

test('Scaler.withDropped maps dropped columns to 0 and survives toJSON/fromJSON', () => {
  const x = Float32Array.from([1, 10, 2, 20, 3, 30]);
  const s = new Scaler().fit({ x, shape: [3, 2], featureNames: ['a', 'b'] }).withDropped([1]);
  const back = Scaler.fromJSON(JSON.parse(JSON.stringify(s.toJSON())));
  const out = back.transform({ x, shape: [3, 2] });
  assert.equal(Array.from(out).filter((_, i) => i % 2 === 1), [0, 0, 0]);
  assert.ok(Math.abs(out[0] + 1.2247) < 1e-3, `first column still scaled: ${out[0]}`);
  assert.throws(() => s.withDropped([2]), /scaler\.dropped.*feature indices in \[0, 2\)/);
  assert.throws(() => Scaler.fromJSON({ ...s.toJSON(), dropped: [5] }), /scaler\.dropped/);
});

test.run();
