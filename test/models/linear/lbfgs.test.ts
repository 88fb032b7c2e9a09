import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { minimizeLbfgs } from '../../../src/models/linear/lbfgs';
import { fitStandardizer, standardize } from '../../../src/models/linear/standardize';
import { assertClose } from '../../helpers';

test('minimizeLbfgs finds the minimum of a quadratic exactly', () => {
  // f = (x-3)^2 + 10 (y+1)^2
  const res = minimizeLbfgs((x, g) => {
    g[0] = 2 * (x[0] - 3);
    g[1] = 20 * (x[1] + 1);
    return (x[0] - 3) ** 2 + 10 * (x[1] + 1) ** 2;
  }, [0, 0]);
  assert.ok(res.converged);
  assertClose(res.x[0], 3, 1e-6);
  assertClose(res.x[1], -1, 1e-6);
});

test('minimizeLbfgs solves the Rosenbrock function from (-1.2, 1)', () => {
  const x0 = [-1.2, 1];
  const res = minimizeLbfgs(
    (x, g) => {
      const a = 1 - x[0];
      const b = x[1] - x[0] * x[0];
      g[0] = -2 * a - 400 * x[0] * b;
      g[1] = 200 * b;
      return a * a + 100 * b * b;
    },
    x0,
    { maxIterations: 500, gradientTolerance: 1e-8, functionTolerance: 0 },
  );
  assertClose(res.x[0], 1, 1e-5);
  assertClose(res.x[1], 1, 1e-5);
  assert.equal(x0, [-1.2, 1], 'starting point not modified');
});

test('minimizeLbfgs stops at the iteration limit and says it did not converge', () => {
  const res = minimizeLbfgs(
    (x, g) => {
      const a = 1 - x[0];
      const b = x[1] - x[0] * x[0];
      g[0] = -2 * a - 400 * x[0] * b;
      g[1] = 200 * b;
      return a * a + 100 * b * b;
    },
    [-1.2, 1],
    { maxIterations: 3 },
  );
  assert.is(res.iterations, 3);
  assert.is(res.converged, false);
});

test('fitStandardizer: population mean/std per column, constant column gets std 1', () => {
  // columns: [1, 3] -> mean 2 std 1; [5, 5] -> mean 5 std 1 (constant)
  const x = new Float32Array([1, 5, 3, 5]);
  const s = fitStandardizer(x, 2, 2);
  assert.equal(s.mean, [2, 5]);
  assert.equal(s.std, [1, 1]);
  assert.equal(Array.from(standardize(s, x, 2)), [-1, 0, 1, 0]);
  assert.equal(Array.from(x), [1, 5, 3, 5], 'input not modified');
});

test.run();
