import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assertClose } from '../../helpers';
import { longRunVariance, lossDifferential, tPValue } from '../../../src/evaluation/significance/long-run';

test('longRunVariance HAC by hand: x = [1, 0, 0, 1], L = 1', () => {
  // x − x̄ = [½, −½, −½, ½]; γ₀ = ¼; γ₁ = (−¼ + ¼ − ¼) / 4 = −1/16
  assertClose(longRunVariance([1, 0, 0, 1], { kernel: 'rectangular', lags: 0 }), 0.25, 1e-15);
  assertClose(longRunVariance([1, 0, 0, 1], { kernel: 'rectangular', lags: 1 }), 0.25 - 2 / 16, 1e-15);
  assertClose(longRunVariance([1, 0, 0, 1], { kernel: 'bartlett', lags: 1 }), 0.25 - 1 / 16, 1e-15);
  // lags beyond n − 1 stop at n − 1
  assertClose(longRunVariance([1, 0], { kernel: 'rectangular', lags: 5 }), 0.25 - 2 * 0.125, 1e-15);
});

test('longRunVariance EWC by hand: x = [1, 0, 0, 0], ν = 1 and ν = 2', () => {
  // Λ_j = √(2/4) Σ (x_t − ¼) cos(πj(t + ½)/4); only x₀ − ¼ = ¾ and the −¼s matter; Σ cos over t is 0
  const lambda = (j: number) => Math.sqrt(0.5) * Math.cos((Math.PI * j) / 8);
  assertClose(longRunVariance([1, 0, 0, 0], { kernel: 'ewc', df: 1 }), lambda(1) ** 2, 1e-12);
  assertClose(longRunVariance([1, 0, 0, 0], { kernel: 'ewc', df: 2 }), (lambda(1) ** 2 + lambda(2) ** 2) / 2, 1e-12);
});

test('lossDifferential: d = A − B and its mean; rejects what a paired test cannot use', () => {
  const r = lossDifferential('t', [1, 2, 3], [0, 2, 1]);
  assert.equal(Array.from(r.d), [1, 0, 2]);
  assert.is(r.mean, 1);
  assert.throws(() => lossDifferential('t', [1], [0]), /t\(lossA\).*at least 2 paired losses/);
  assert.throws(() => lossDifferential('t', [1, 2], [0]), /length/);
  assert.throws(() => lossDifferential('t', [1, NaN], [0, 0]), /finite/);
});

test('tPValue: t(1) is Cauchy, Infinity is the normal, unknown alternative names the caller', () => {
  assertClose(tPValue('t', 1, 'two-sided', 1), 0.5, 1e-10);
  assertClose(tPValue('t', 1, 'less', 1), 0.75, 1e-10);
  assertClose(tPValue('t', 1, 'greater', 1), 0.25, 1e-10);
  assertClose(tPValue('t', 1.959963984540054, 'two-sided', Infinity), 0.05, 1e-9);
  assert.is(tPValue('t', 0, 'two-sided', 3), 1);
  assert.throws(() => tPValue('myTest', 1, 'up' as never, 3), /myTest\(options.alternative\)/);
});

test.run();
