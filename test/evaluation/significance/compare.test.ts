import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assertClose } from '../../helpers';
import { Rng } from '../../../src/util/rng';
import { dieboldMarianoTest, mcnemarFromCounts, mcnemarTest, pointLosses } from '../../../src/evaluation/significance/compare';

test('McNemar exact by hand: b = 10, c = 2 → 2·(1 + 12 + 66)/4096', () => {
  const r = mcnemarFromCounts(10, 2);
  assert.is(r.method, 'exact');
  assertClose(r.pValue, (2 * 79) / 4096, 1e-13);
});

test('McNemar chi-square with continuity correction (scipy chi2.sf(196/45, 1))', () => {
  const r = mcnemarFromCounts(30, 15);
  assert.is(r.method, 'chi2');
  assertClose(r.statistic, 196 / 45);
  assertClose(r.pValue, 0.036888425707049914, 1e-12);
  assertClose(mcnemarFromCounts(30, 15, { continuity: false }).statistic, 225 / 45);
  assert.is(mcnemarFromCounts(30, 15, { method: 'exact' }).method, 'exact');
});

test('McNemar with no discordant pairs has p = 1', () => {
  assert.is(mcnemarFromCounts(0, 0).pValue, 1);
  assert.is(mcnemarTest([1, 0], [1, 0], [1, 0]).pValue, 1);
});

test('mcnemarTest counts discordant pairs and accuracies', () => {
  const y = [1, 1, 0, 0, 1, 0];
  const a = [1, 1, 0, 1, 0, 0]; // right on 0,1,2,5
  const b = [0, 1, 1, 1, 1, 0]; // right on 1,4,5
  const r = mcnemarTest(y, a, b);
  assert.is(r.b, 2); // rows 0, 2
  assert.is(r.c, 1); // row 4
  assertClose(r.accuracyA, 4 / 6);
  assertClose(r.accuracyB, 3 / 6);
  assert.throws(() => mcnemarTest(y, a, [1]), /predB.*same length/);
});

test('Diebold–Mariano h = 1 by hand: d̄ / √(γ₀/n), Harvey factor √((n−1)/n), t(7)', () => {
  const a = [1, 0, 1, 1, 0, 1, 1, 1];
  const b = [0, 0, 1, 0, 0, 1, 0, 1];
  const r = dieboldMarianoTest(a, b);
  assertClose(r.meanDifference, 0.375);
  assertClose(r.longRunVariance, 0.234375, 1e-14);
  assertClose(r.statistic, 2.0493901531919194, 1e-12);
  assertClose(r.pValue, 0.07960201245519759, 1e-10); // scipy 2·t.sf(stat, 7)
  const plain = dieboldMarianoTest(a, b, { harvey: false });
  assertClose(plain.statistic, 2.1908902300206643, 1e-12);
  assertClose(plain.pValue, 0.028459736916310565, 1e-10); // 2·norm.sf
  assert.is(plain.df, Infinity);
});

test('Diebold–Mariano h = 2: rectangular and Bartlett long-run variances (numpy/scipy by formula)', () => {
  const d = [0.5, 0.4, 0.3, -0.1, -0.2, 0.6, 0.7, 0.1, 0.2, 0.3];
  const zero = new Array(10).fill(0);
  const r = dieboldMarianoTest(d, zero, { horizon: 2 });
  assert.is(r.kernel, 'rectangular');
  assertClose(r.longRunVariance, 0.09992, 1e-12);
  assertClose(r.statistic, 2.376829706892029, 1e-12);
  assertClose(r.pValue, 0.041442479240181726, 1e-10);
  assertClose(dieboldMarianoTest(d, zero, { horizon: 2, alternative: 'greater' }).pValue, 0.020721239620090863, 1e-10);
  const nw = dieboldMarianoTest(d, zero, { horizon: 2, kernel: 'bartlett' });
  assertClose(nw.longRunVariance, 0.08776, 1e-12);
  assertClose(nw.statistic, 2.5361560502845073, 1e-12);
  assertClose(nw.pValue, 0.03191141236593849, 1e-10);
});

test('Diebold–Mariano falls back to Bartlett when the rectangular variance is not positive', () => {
  const d = [0.5, -0.2, 0.3, 0.1, -0.4, 0.6, 0.2, 0.0, 0.3, -0.1];
  const r = dieboldMarianoTest(d, new Array(10).fill(0), { horizon: 2 });
  assert.is(r.kernel, 'bartlett');
  assertClose(r.longRunVariance, 0.04271, 1e-12);
  assertClose(r.statistic, 1.6878926219285548, 1e-12);
  assertClose(r.pValue, 0.12570278716106073, 1e-10);
});

test('Diebold–Mariano: identical losses give p = 1; bad input is rejected', () => {
  assert.is(dieboldMarianoTest([1, 0, 1], [1, 0, 1]).pValue, 1);
  assert.throws(() => dieboldMarianoTest([1], [1]), /at least 2 paired losses/);
  assert.throws(() => dieboldMarianoTest([1, NaN], [1, 0]), /lossA\)\[1\].*NaN/);
  assert.throws(() => dieboldMarianoTest([1, 0], [1, 0], { horizon: 0 }), /horizon.*integer >= 1/);
});

test('Diebold–Mariano with HAC keeps its size on overlapping 5-day losses under H0', () => {
  // Two equally good forecasters whose loss differential is MA(4) (5-day overlapping errors).
  const rng = new Rng(11);
  const n = 400;
  const sims = 300;
  let rejectHac = 0;
  let rejectNaive = 0;
  for (let s = 0; s < sims; s++) {
    const e = new Float64Array(n + 4);
    for (let i = 0; i < e.length; i++) e[i] = rng.normal();
    const d = new Float64Array(n);
    for (let t = 0; t < n; t++) d[t] = e[t] + e[t + 1] + e[t + 2] + e[t + 3] + e[t + 4];
    const zero = new Float64Array(n);
    if (dieboldMarianoTest(d, zero, { horizon: 5 }).pValue < 0.05) rejectHac++;
    if (dieboldMarianoTest(d, zero, { horizon: 1 }).pValue < 0.05) rejectNaive++;
  }
  // HAC: close to the nominal 5 %; ignoring the overlap (h = 1) rejects far too often (~40 %).
  assert.ok(rejectHac / sims < 0.1, `HAC rejection rate ${rejectHac / sims}`);
  assert.ok(rejectNaive / sims > 0.25, `naive rejection rate ${rejectNaive / sims}`);
});

test('pointLosses: zero-one, squared, absolute', () => {
  assert.equal(Array.from(pointLosses([1, 0, 1], [1, 1, 0])), [0, 1, 1]);
  assert.equal(Array.from(pointLosses([1, 2], [1.5, 1], 'squared')), [0.25, 1]);
  assert.equal(Array.from(pointLosses([1, 2], [1.5, 1], 'absolute')), [0.5, 1]);
  assert.throws(() => pointLosses([1], [1], 'hinge' as never), /zero-one.*squared.*absolute.*hinge/);
});

test.run();
