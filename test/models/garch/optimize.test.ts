import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { invertMatrix, logGamma, nelderMead, numericalGradient, numericalHessian } from '../../../src/models/garch/optimize';
import { assertClose } from '../../helpers';

test('nelderMead minimises the Rosenbrock function from (-1.2, 1)', () => {
  const x0 = [-1.2, 1];
  const r = nelderMead((x) => (1 - x[0]) ** 2 + 100 * (x[1] - x[0] * x[0]) ** 2, x0, { maxIterations: 5000, ftol: 1e-14, xtol: 1e-9 });
  assert.ok(r.converged);
  assertClose(r.x[0], 1, 1e-5);
  assertClose(r.x[1], 1, 1e-5);
  assert.equal(x0, [-1.2, 1]);
});

test('nelderMead treats non-finite values as infeasible (stays in x > 0 for log)', () => {
  const r = nelderMead((x) => (x[0] > 0 ? x[0] - Math.log(x[0]) : NaN), [3], { maxIterations: 500 });
  assertClose(r.x[0], 1, 1e-4);
});

test('numericalGradient and numericalHessian of x² + 3xy are (2x+3y, 3x) and [[2,3],[3,0]]', () => {
  const f = (v: Float64Array): number => v[0] * v[0] + 3 * v[0] * v[1];
  const g = numericalGradient(f, [1, 2]);
  assertClose(g[0], 8, 1e-6);
  assertClose(g[1], 3, 1e-6);
  const H = numericalHessian(f, [1, 2]);
  [2, 3, 3, 0].forEach((v, i) => assertClose(H[i], v, 1e-4));
});

test('invertMatrix inverts [[2,1],[1,1]] to [[1,-1],[-1,2]] and returns undefined when singular', () => {
  const inv = invertMatrix([2, 1, 1, 1], 2)!;
  [1, -1, -1, 2].forEach((v, i) => assertClose(inv[i], v, 1e-12));
  assert.is(invertMatrix([1, 2, 2, 4], 2), undefined);
  assert.is(invertMatrix([0, 0, 0, 0], 2), undefined);
});

test('logGamma: ln Γ(5) = ln 24, ln Γ(1/2) = ln √π, ln Γ(1) = 0', () => {
  assertClose(logGamma(5), Math.log(24), 1e-12);
  assertClose(logGamma(0.5), 0.5 * Math.log(Math.PI), 1e-12);
  assertClose(logGamma(1), 0, 1e-12);
});

test.run();
