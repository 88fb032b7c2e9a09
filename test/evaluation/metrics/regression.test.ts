import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assertClose } from '../../helpers';
import { mae, mse, r2, regressionReport, rmse } from '../../../src/evaluation/metrics/regression';

const y = [1, 2, 3, 4];
const p = [1.5, 2, 2.5, 4.5];

test('mse, rmse, mae by hand', () => {
  assertClose(mse(y, p), 0.75 / 4);
  assertClose(rmse(y, p), Math.sqrt(0.75 / 4));
  assertClose(mae(y, p), 1.5 / 4);
});

test('r2: 1 − SSres/SStot (hand: 1 − 0.75/5; scikit-learn gives 0.85)', () => {
  assertClose(r2(y, p), 0.85);
  assertClose(r2(y, [2.5, 2.5, 2.5, 2.5]), 0); // predicting the mean
  assert.ok(r2(y, [4, 3, 2, 1]) < 0);
});

test('r2 on a constant target: 1 if perfect, else 0', () => {
  assert.is(r2([2, 2], [2, 2]), 1);
  assert.is(r2([2, 2], [1, 3]), 0);
});

test('regressionReport bundles all four', () => {
  const r = regressionReport(y, p);
  assert.is(r.n, 4);
  assertClose(r.rmse * r.rmse, r.mse);
});

test('bad input: NaN and length mismatch', () => {
  assert.throws(() => mse([1, NaN], [1, 2]), /mse\(yTrue\)\[1\].*finite number.*NaN/);
  assert.throws(() => mae([1, 2], [1]), /same length/);
});

test.run();
