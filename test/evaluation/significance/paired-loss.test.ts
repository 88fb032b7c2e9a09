import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { pairedLossTest } from '../../../src/evaluation/significance/paired-loss';
import { dieboldMarianoTest } from '../../../src/evaluation/significance/compare';
import { Rng } from '../../../src/util/rng';

function losses(n: number, shift: number, seed: number): { a: Float64Array; b: Float64Array } {
  const rng = new Rng(seed);
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const common = rng.normal() ** 2;
    a[i] = common + 0.5 * rng.normal() ** 2;
    b[i] = common + 0.5 * rng.normal() ** 2 + shift;
  }
  return { a, b };
}

test('pairedLossTest h = 1: the HLN-corrected Diebold–Mariano test, one-sided when asked', () => {
  const { a, b } = losses(300, 0.3, 1);
  const t = pairedLossTest(a, b, { alternative: 'less' });
  assert.is(t.test, 'dm-hln');
  assert.is(t.df, 299);
  const ref = dieboldMarianoTest(a, b, { harvey: true, alternative: 'less' });
  assert.is(t.pValue, ref.pValue);
  assert.ok(t.pValue < 0.01, `p ${t.pValue}`);
  assert.ok(t.meanDifference < 0);
  // the other direction is not significant
  assert.ok(pairedLossTest(b, a, { alternative: 'less' }).pValue > 0.5);
});

test('pairedLossTest h > 1: the EWC variance with t(ν) degrees of freedom', () => {
  const { a, b } = losses(300, 0.3, 2);
  const t = pairedLossTest(a, b, { horizon: 5 });
  assert.is(t.test, 'dm-ewc');
  assert.is(t.windows, 60);
  assert.ok((t.df as number) >= 1 && (t.df as number) <= 30);
  assert.ok(t.pValue < 0.05);
});

test('pairedLossTest refuses below 8 non-overlapping windows (no p-value)', () => {
  const { a, b } = losses(35, 1, 3);
  const t = pairedLossTest(a, b, { horizon: 5 });
  assert.is(t.test, 'none');
  assert.ok(Number.isNaN(t.pValue));
  assert.match(t.reason, /too few independent windows/);
  assert.is(pairedLossTest(a.subarray(0, 7), b.subarray(0, 7)).test, 'none');
});

test('pairedLossTest on equal-quality forecasts: p-values spread over (0, 1), about 5 % below 0.05', () => {
  let below = 0;
  const runs = 200;
  for (let s = 0; s < runs; s++) if (pairedLossTest(...Object.values(losses(120, 0, 100 + s)) as [Float64Array, Float64Array]).pValue < 0.05) below++;
  assert.ok(below / runs < 0.1, `rejections ${below}/${runs}`);
});

test('pairedLossTest names bad input', () => {
  assert.throws(() => pairedLossTest([1, 2], [1]), /lossB/);
  assert.throws(() => pairedLossTest([1, NaN], [1, 2]), /lossA/);
  assert.throws(() => pairedLossTest([1, 2], [1, 2], { alternative: 'greater' as 'less' }), /two-sided/);
});

test.run();
