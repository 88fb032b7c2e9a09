import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assertClose } from '../helpers';
import { ema, lag, logReturn, rollingMax, rollingMin, rollingStd, rollingSum, rowsSinceExtreme, safeDiv, sma, wilder } from '../../src/features/rolling';

const nan = NaN;
function eqArr(actual: ArrayLike<number>, expected: number[], tol = 1e-12): void {
  assert.is(actual.length, expected.length, 'length');
  expected.forEach((e, i) => assertClose(actual[i], e, tol, `[${i}] expected ${e}, received ${actual[i]}`));
}

test('safeDiv gives NaN instead of Infinity on a zero denominator', () => {
  assert.is(safeDiv(6, 3), 2);
  assert.ok(Number.isNaN(safeDiv(1, 0)));
  assert.ok(Number.isNaN(safeDiv(0, 0)));
  assert.ok(Number.isNaN(safeDiv(1, Infinity)));
});

test('sma: warm-up NaN then window means; same length as input', () => {
  eqArr(sma([1, 2, 3, 4, 5], 3), [nan, nan, 2, 3, 4]);
});

test('rollingSum: a NaN poisons exactly the windows that contain it', () => {
  eqArr(rollingSum([1, 2, nan, 4, 5, 6], 2), [nan, 3, nan, nan, 9, 11]);
  const long = Array.from({ length: 100 }, (_, i) => (i === 10 ? NaN : 1));
  const s = rollingSum(long, 70);
  assert.ok(Number.isNaN(s[79]));
  assert.is(s[80], 70);
  assert.is(s[99], 70);
});

test('ema is seeded with the SMA of the first n values, then alpha = 2/(n+1)', () => {
  // n=3: seed (1+2+3)/3 = 2; next 2 + 0.5*(4-2) = 3; next 3 + 0.5*(8-3) = 5.5
  eqArr(ema([1, 2, 3, 4, 8], 3), [nan, nan, 2, 3, 5.5]);
});

test('ema skips leading NaN and re-seeds after a gap', () => {
  eqArr(ema([nan, 2, 4, 6], 2), [nan, nan, 3, 5]);
  eqArr(ema([2, 4, nan, 6, 8, 10], 2), [nan, 3, nan, nan, 7, 9]);
});

test('ema whose seed average is exactly 0 still starts (technicalindicators mis-seeds here)', () => {
  eqArr(ema([-1, 1, 3], 2), [nan, 0, 2]);
});

test('wilder smoothing uses alpha = 1/n', () => {
  // n=2: seed (2+4)/2 = 3; next 3 + (7-3)/2 = 5
  eqArr(wilder([2, 4, 7], 2), [nan, 3, 5]);
});

test('rollingStd: population by default, sample with ddof 1, exactly 0 on a constant window', () => {
  eqArr(rollingStd([1, 3, 5], 2), [nan, 1, 1]);
  eqArr(rollingStd([1, 3, 5], 2, { ddof: 1 }), [nan, Math.SQRT2, Math.SQRT2]);
  const c = rollingStd([100.37, 100.37, 100.37, 100.37], 3);
  assert.is(c[2], 0);
  assert.is(c[3], 0);
});

test('rollingMax / rollingMin over a window, NaN-aware', () => {
  eqArr(rollingMax([1, 5, 2, 3, 1], 3), [nan, nan, 5, 5, 3]);
  eqArr(rollingMin([4, 5, 2, 3, 6], 2), [nan, 4, 2, 2, 3]);
  eqArr(rollingMax([1, nan, 2, 3, 1], 2), [nan, nan, nan, 3, 3]);
});

test('rowsSinceExtreme counts rows back to the latest max or min', () => {
  eqArr(rowsSinceExtreme([1, 5, 2, 5, 1], 3), [nan, nan, 1, 0, 1]);
  eqArr(rowsSinceExtreme([3, 1, 2, 4], 3, { which: 'min' }), [nan, nan, 1, 2]);
});

test('lag and logReturn', () => {
  eqArr(lag([1, 2, 3], 1), [nan, 1, 2]);
  eqArr(logReturn([100, 110, 0, 121], 1), [nan, Math.log(1.1), nan, nan]);
  eqArr(logReturn([100, 110, 121], 2), [nan, nan, Math.log(1.21)]);
});

test('primitives never mutate their input', () => {
  const x = new Float64Array([3, 1, 4, 1, 5, 9, 2, 6]);
  const copy = x.slice();
  sma(x, 3);
  ema(x, 3);
  rollingStd(x, 3);
  rollingMax(x, 3);
  assert.equal(Array.from(x), Array.from(copy));
});

test.run();
