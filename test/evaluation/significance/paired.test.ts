import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assertClose } from '../../helpers';
import { Rng } from '../../../src/util/rng';
import { ewcDegreesOfFreedom, ewcTest, pairedAccuracyTest } from '../../../src/evaluation/significance/paired';

test('ewcDegreesOfFreedom: min(⌊0.4 n^⅔⌋, ⌊n / 2h⌋), at least 1', () => {
  assert.is(ewcDegreesOfFreedom(60, 7), 4);
  assert.is(ewcDegreesOfFreedom(1000, 30), 16);
  assert.is(ewcDegreesOfFreedom(1000, 1), 39);
  assert.is(ewcDegreesOfFreedom(60, 30), 1);
  assert.throws(() => ewcDegreesOfFreedom(0, 1), /n.*integer >= 1/);
});

test('ewcTest by hand: d = [1, 0, 0, 0], ν = 1', () => {
  // Λ₁ = √(2/4) Σ (d_t − ¼) cos(π(t + ½)/4) = √½ · cos(π/8); LRV = Λ₁² = cos²(π/8)/2; t = ¼ / √(LRV/4)
  const r = ewcTest([1, 0, 0, 0], [0, 0, 0, 0], { df: 1 });
  const lrv = Math.cos(Math.PI / 8) ** 2 / 2;
  assertClose(r.longRunVariance, lrv, 1e-12);
  const t = 0.25 / Math.sqrt(lrv / 4);
  assertClose(r.statistic, t, 1e-12);
  assertClose(r.pValue, 1 - (2 / Math.PI) * Math.atan(t), 1e-10); // two-sided t(1) = Cauchy
  assertClose(ewcTest([1, 0, 0, 0], [0, 0, 0, 0], { df: 1, alternative: 'greater' }).pValue, 0.5 - Math.atan(t) / Math.PI, 1e-10);
  assert.is(ewcTest([1, 1], [1, 1], { df: 1 }).pValue, 1);
});

test('ewcTest rejects bad input with what it expected', () => {
  assert.throws(() => ewcTest([1], [0]), /at least 2 paired losses/);
  assert.throws(() => ewcTest([1, 0, 1], [0, 0, 0], { df: 3 }), /fewer degrees of freedom than rows/);
  assert.throws(() => ewcTest([1, 0], [0, 0], { alternative: 'up' as never }), /two-sided/);
});

test('pairedAccuracyTest: McNemar for h = 1, one-sided exact when A is claimed better', () => {
  const y = [1, 1, 1, 1, 1, 1, 0, 0];
  const a = [1, 1, 1, 1, 1, 1, 0, 0];
  const b = [0, 0, 0, 0, 0, 1, 0, 0]; // A-only right on 5 rows, B-only on none
  const two = pairedAccuracyTest(y, a, b);
  assert.is(two.test, 'mcnemar');
  assertClose(two.pValue, 2 / 32, 1e-12);
  const one = pairedAccuracyTest(y, a, b, { alternative: 'greater' });
  assertClose(one.pValue, 1 / 32, 1e-12);
  assertClose(pairedAccuracyTest(y, b, a, { alternative: 'greater' }).pValue, 1, 1e-12);
  assert.is(one.windows, 8);
});

test('pairedAccuracyTest refuses below minWindows non-overlapping windows and says so', () => {
  const y = Array.from({ length: 59 }, (_, i) => (i % 3 ? 1 : 0));
  const r = pairedAccuracyTest(y, y, y.map((v) => 1 - v), { horizon: 30 });
  assert.is(r.test, 'none');
  assert.ok(Number.isNaN(r.pValue));
  assert.is(r.windows, 1);
  assert.match(r.reason, /too few independent windows/);
  assert.is(pairedAccuracyTest(y, y, y.map((v) => 1 - v), { horizon: 7 }).test, 'diebold-mariano');
  assert.throws(() => pairedAccuracyTest(y, y, y, { horizon: 0 }), /horizon.*integer >= 1/);
  assert.throws(() => pairedAccuracyTest(y, y, y.slice(1)), /same length|length/);
});

type Kind = 'random' | 'noisy' | 'slow' | 'opposite';

/** Random-walk labels y_t = 1[x_{t+h} > x_t] and two predictors with the same expected accuracy. */
function trial(rng: Rng, n: number, h: number, kind: Kind): { y: Float64Array; a: Float64Array; b: Float64Array } {
  const len = n + h + 1;
  const x = new Float64Array(len);
  for (let i = 1; i < len; i++) x[i] = x[i - 1] + rng.normal();
  const y = new Float64Array(n);
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  let sa = rng.int(2);
  let sb = rng.int(2);
  for (let i = 0; i < n; i++) {
    y[i] = x[i + h] > x[i] ? 1 : 0;
    if (kind === 'random') {
      a[i] = rng.int(2);
      b[i] = rng.int(2);
    } else if (kind === 'noisy') {
      a[i] = rng.next() < 0.7 ? y[i] : 1 - y[i];
      b[i] = rng.next() < 0.7 ? y[i] : 1 - y[i];
    } else if (kind === 'slow') {
      if (rng.next() < 1 / h) sa = 1 - sa;
      if (rng.next() < 1 / h) sb = 1 - sb;
      a[i] = sa;
      b[i] = sb;
    } else {
      a[i] = 1;
      b[i] = 0;
    }
  }
  return { y, a, b };
}

test('Monte-Carlo: equally good models on random-walk labels are declared different in <= 8 % of 400 trials', () => {
  const rates: string[] = [];
  const results: Array<{ n: number; h: number; kind: Kind; rejected: number }> = [];
  const rng = new Rng(1);
  for (const [n, h] of [[60, 7], [60, 30], [1000, 7], [1000, 30]]) {
    for (const kind of ['random', 'noisy', 'slow', 'opposite'] as Kind[]) {
      let rejected = 0;
      for (let r = 0; r < 400; r++) {
        const { y, a, b } = trial(rng, n, h, kind);
        if (pairedAccuracyTest(y, a, b, { horizon: h }).pValue < 0.05) rejected++;
      }
      rates.push(`n=${n} h=${h} ${kind}: ${((100 * rejected) / 400).toFixed(1)} %`);
      // 'opposite' (always up vs always down) is the worst case: its loss differential is the overlapping label itself.
      // 3,000-trial rates of the same designs are 5–6 % (docs/evaluation.md); 400 trials carry ±1.1 % of noise
      results.push({ n, h, kind, rejected });
    }
  }
  if (process.env.WORKBENCH_MC_VERBOSE) console.log(rates.join('\n'));
  for (const r of results) assert.ok(r.rejected <= 32, `n = ${r.n}, h = ${r.h}, ${r.kind}: rejected in ${r.rejected} of 400 trials`);
});

test.run();
