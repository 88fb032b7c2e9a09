import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assertClose } from '../../helpers';
import { Rng } from '../../../src/util/rng';
import {
  blockBootstrap,
  blockBootstrapIndices,
  bootstrapAccuracy,
  bootstrapSharpe,
  defaultBlockLength,
} from '../../../src/evaluation/significance/bootstrap';
import { sharpeRatio } from '../../../src/evaluation/metrics/trading';

test('circular blocks are runs of consecutive rows that wrap around the end', () => {
  const idx = blockBootstrapIndices(10, 3, new Rng(1));
  assert.is(idx.length, 10);
  for (let b = 0; b < 10; b += 3) {
    for (let j = b + 1; j < Math.min(b + 3, 10); j++) assert.is(idx[j], (idx[j - 1] + 1) % 10);
  }
});

test('moving blocks start in 0..n−L and never wrap', () => {
  const rng = new Rng(2);
  for (let r = 0; r < 50; r++) {
    const idx = blockBootstrapIndices(10, 4, rng, 'moving');
    for (let b = 0; b < 10; b += 4) {
      assert.ok(idx[b] <= 6, `block start ${idx[b]}`);
      for (let j = b + 1; j < Math.min(b + 4, 10); j++) assert.is(idx[j], idx[j - 1] + 1);
    }
  }
  assert.throws(() => blockBootstrapIndices(5, 6, rng), /block length <= n = 5.*6/);
});

test('defaultBlockLength is max(h, round(n^(1/3))), within 1..n', () => {
  assert.is(defaultBlockLength(1000), 10);
  assert.is(defaultBlockLength(1000, 30), 30);
  assert.is(defaultBlockLength(5, 30), 5);
});

test('same seed, same interval; another seed, another interval', () => {
  const y = new Float32Array(300).map((_, i) => (i * 7) % 3 === 0 ? 1 : 0);
  const p = new Float32Array(300).map((_, i) => (i * 5) % 4 === 0 ? 1 : 0);
  const a = bootstrapAccuracy(y, p, { seed: 5, resamples: 200 });
  const b = bootstrapAccuracy(y, p, { seed: 5, resamples: 200 });
  const c = bootstrapAccuracy(y, p, { seed: 6, resamples: 200 });
  assert.equal(a.ci, b.ci);
  assert.not.equal(a.ci, c.ci);
});

test('accuracy CI of i.i.d. correctness matches the binomial width and covers the estimate', () => {
  const rng = new Rng(3);
  const n = 2000;
  const y = new Float32Array(n);
  const p = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = rng.next() < 0.5 ? 1 : 0;
    p[i] = rng.next() < 0.6 ? y[i] : 1 - y[i];
  }
  const r = bootstrapAccuracy(y, p, { blockLength: 1, resamples: 1000 });
  assert.ok(r.ci[0] < r.estimate && r.estimate < r.ci[1]);
  const expectedWidth = 2 * 1.96 * Math.sqrt((r.estimate * (1 - r.estimate)) / n);
  assertClose(r.ci[1] - r.ci[0], expectedWidth, 0.15);
  assertClose(r.se, Math.sqrt((r.estimate * (1 - r.estimate)) / n), 0.15);
});

test('blocks of length h widen the CI of overlapping (run-correlated) correctness', () => {
  // correctness constant within runs of 20 rows, like 20-day overlapping labels
  const rng = new Rng(4);
  const n = 2000;
  const y = new Float32Array(n);
  const p = new Float32Array(n);
  for (let i = 0; i < n; i += 20) {
    const ok = rng.next() < 0.5;
    for (let j = i; j < i + 20; j++) p[j] = ok ? 0 : 1;
  }
  const iid = bootstrapAccuracy(y, p, { blockLength: 1, resamples: 500 });
  const block = bootstrapAccuracy(y, p, { horizon: 20, resamples: 500 });
  assert.is(block.blockLength, 20);
  const ratio = (block.ci[1] - block.ci[0]) / (iid.ci[1] - iid.ci[0]);
  assert.ok(ratio > 2.5, `width ratio ${ratio} (≈ √20 ≈ 4.5 expected)`);
});

test('bootstrapSharpe: estimate is the Sharpe ratio; CI brackets it', () => {
  const rng = new Rng(9);
  const r = new Float64Array(1000).map(() => 0.0005 + 0.01 * rng.normal());
  const b = bootstrapSharpe(r, { resamples: 400 });
  assertClose(b.estimate, sharpeRatio(r), 1e-12);
  assert.ok(b.ci[0] < b.estimate && b.estimate < b.ci[1]);
  assert.is(b.distribution.length + b.invalid, 400);
  assert.throws(() => bootstrapSharpe([0.01]), /at least 2 returns/);
});

test('blockBootstrap: a constant statistic gives a zero-width interval; non-finite values are counted', () => {
  const r = blockBootstrap(50, () => 1, { resamples: 20 });
  assert.equal(r.ci, [1, 1]);
  assert.is(r.se, 0);
  const bad = blockBootstrap(50, (rows) => (rows[0] % 2 ? NaN : 0), { resamples: 100 });
  assert.ok(bad.invalid > 0 && bad.invalid < 100);
  assert.throws(() => blockBootstrap(50, () => 1, { confidence: 95 }), /confidence.*\(0, 1\).*95/);
});

test.run();
