import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { binMatrix, binOf, fitBinMatrix, fitBins } from '../../../src/models/trees/binning';
import { Rng } from '../../../src/util/rng';

test('few distinct values get one bin each, cut at midpoints', () => {
  const x = Float32Array.from([3, 1, 2, 2, 1]);
  const m = fitBins(x, 5, 1);
  assert.equal(Array.from(m.upper[0]), [1.5, 2.5, Infinity]);
  assert.is(m.nBins[0], 3);
  assert.is(m.totalSlots, 4);
});

test('NaN gets the code nBins, values the first bin whose upper bound holds them', () => {
  const up = Float64Array.from([1.5, 2.5, Infinity]);
  assert.is(binOf(up, NaN), 3);
  assert.is(binOf(up, 1.5), 0);
  assert.is(binOf(up, 1.6), 1);
  assert.is(binOf(up, 99), 2);
  assert.is(binOf(up, -99), 0);
});

test('many distinct values are cut into at most maxBins roughly equal-count bins', () => {
  const n = 1000;
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = i;
  const m = fitBins(x, n, 1, { maxBins: 10 });
  assert.ok(m.nBins[0] <= 10 && m.nBins[0] >= 9, `bins ${m.nBins[0]}`);
  const codes = binMatrix(m, x, n);
  const counts = new Array(m.nBins[0]).fill(0);
  for (const c of codes) counts[c]++;
  for (const c of counts) assert.ok(c >= 80 && c <= 125, `bin count ${c}`);
});

test('binMatrix is column-major and leaves the input untouched', () => {
  const x = Float32Array.from([0, 10, 1, NaN, 2, 30]); // 3 rows x 2 features
  const copy = x.slice();
  const m = fitBins(x, 3, 2);
  const b = binMatrix(m, x, 3);
  assert.equal(Array.from(b.subarray(0, 3)), [0, 1, 2]);
  assert.equal(Array.from(b.subarray(3, 6)), [0, m.nBins[1], 1]);
  assert.equal(Array.from(x).map(String), Array.from(copy).map(String));
});

test('maxBins outside 2..255 is an input error naming the key', () => {
  assert.throws(() => fitBins(new Float32Array(4), 4, 1, { maxBins: 300 }), /maxBins.*2\.\.255.*300/);
});

test('infinite values get cuts of their own instead of NaN midpoints', () => {
  const x = Float32Array.from([-Infinity, 0, 1, Infinity]);
  const m = fitBins(x, 4, 1);
  assert.equal(Array.from(m.upper[0]), [-Infinity, 0.5, 1, Infinity]);
  assert.equal(Array.from(binMatrix(m, x, 4)), [0, 1, 2, 3]);
});

test('fitBinMatrix (radix sort + sweep) equals fitBins then binMatrix, with ties, signs, NaN and infinities', () => {
  const rng = new Rng(5);
  const n = 3000;
  const F = 4;
  const x = new Float32Array(n * F);
  for (let i = 0; i < n; i++) {
    x[i * F] = rng.normal() * 1e3;
    x[i * F + 1] = Math.round(rng.normal() * 3); // heavy ties incl. -0 / 0
    x[i * F + 2] = rng.next() < 0.2 ? NaN : rng.next() < 0.01 ? -Infinity : -rng.next();
    x[i * F + 3] = rng.next() < 0.5 ? -0 : 0;
  }
  for (const maxBins of [255, 16]) {
    const fast = fitBinMatrix(x, n, F, { maxBins });
    const slow = fitBins(x, n, F, { maxBins });
    for (let f = 0; f < F; f++) assert.equal(Array.from(fast.mapper.upper[f]), Array.from(slow.upper[f]), `feature ${f}`);
    assert.equal(Array.from(fast.bins), Array.from(binMatrix(slow, x, n)));
  }
});

test.run();
