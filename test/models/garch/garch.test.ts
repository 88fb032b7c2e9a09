import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { garchReturns } from '../../../src/data/synthetic';
import { fitGarch, garchFilter, garchForecast, garchLogLik, type GarchFit } from '../../../src/models/garch/garch';
import { assertClose } from '../../helpers';

const truth = { omega: 2e-6, alpha: 0.08, beta: 0.9 };
const sim = garchReturns({ n: 20000, seed: 1, ...truth });
let fit20k: GarchFit | undefined;
function fitted(): GarchFit {
  fit20k ??= fitGarch(sim.returns);
  return fit20k;
}

test('garchFilter: h_1 given, then h_t = ω + α e²_{t-1} + β h_{t-1} (hand-computed)', () => {
  const p = { mu: 0, omega: 0.1, alpha: 0.1, beta: 0.8 };
  assert.equal(Array.from(garchFilter(p, [2, 0, 1], 1)), [1, 0.1 + 0.4 + 0.8, 0.1 + 0 + 0.8 * 1.3]);
  // default h_1 = mean squared residual: (4 + 0 + 1) / 3
  assertClose(garchFilter(p, [2, 0, 1])[0], 5 / 3, 1e-12);
});

test('garchForecast: one step then geometric decay to ω/(1-α-β) (hand-computed)', () => {
  const f = garchForecast({ mu: 0, omega: 0.1, alpha: 0.1, beta: 0.8 }, 2, 1, 3);
  assertClose(f[0], 1.3, 1e-12);
  assertClose(f[1], 1 + 0.9 * 0.3, 1e-12);
  assertClose(f[2], 1 + 0.81 * 0.3, 1e-12);
  assert.throws(() => garchForecast({ mu: 0, omega: 0.1, alpha: 0.1, beta: 0.8 }, 0, 1, 0), /horizon >= 1/);
});

test('garchLogLik: one return 0 with h = 1 gives -½ ln 2π; Student-t with huge ν matches normal', () => {
  assertClose(garchLogLik({ mu: 0, omega: 1, alpha: 0, beta: 0 }, [0], 1), -0.5 * Math.log(2 * Math.PI), 1e-12);
  const r = [0.01, -0.02, 0.005, 0.03];
  const p = { mu: 0, omega: 1e-5, alpha: 0.1, beta: 0.85 };
  assertClose(garchLogLik({ ...p, nu: 1e7 }, r), garchLogLik(p, r), 1e-5);
  assert.is(garchLogLik({ ...p, nu: 2 }, r), -Infinity);
});

test('fitGarch recovers omega, alpha, beta within 10 % (and 2 SE) on 20,000 simulated returns', () => {
  const f = fitted();
  assert.ok(f.converged);
  for (const k of ['omega', 'alpha', 'beta'] as const) {
    const rel = Math.abs(f[k] - truth[k]) / truth[k];
    assert.ok(rel < 0.1, `${k} = ${f[k]} vs ${truth[k]} (${(rel * 100).toFixed(1)} %)`);
    assert.ok(Math.abs(f[k] - truth[k]) < 2 * f.se[k], `${k} within 2 SE (${f.se[k]})`);
    assert.ok(f.se[k] > 0 && f.se[k] < 0.2 * f[k], `plausible SE of ${k}: ${f.se[k]}`);
  }
  assert.ok(Math.abs(f.mu) < 3 * f.se.mu);
  assert.is(f.n, 20000);
  // the fitted last variance is the filter's last value
  const h = garchFilter(f, sim.returns);
  assertClose(f.lastVariance, h[19999], 1e-12);
});

// Reference: R fGarch 4022.89 (Debian r-cran-fgarch), garchFit(~garch(1,1), include.mean=TRUE,
// cond.dist="norm") on the same seeded series written to CSV (scratch cross-check, 2026-11-22).
const FGARCH = {
  n20000seed1: { mu: 4.4596735e-5, omega: 1.9938352e-6, alpha: 7.8250642e-2, beta: 9.0244902e-1, logLik: 64680.079422, seAlpha: 3.87744e-3, seBeta: 4.78945e-3 },
  n5000seed4: { mu: 4.8932673e-5, omega: 2.2434966e-6, alpha: 7.1783705e-2, beta: 9.0440619e-1, logLik: 16322.001456, seAlpha: 8.37957e-3, seBeta: 1.15727e-2 },
};

test('fitGarch matches R fGarch on the same series (coefficients 1e-3 relative, SE 10 %)', () => {
  const cases: [GarchFit, typeof FGARCH.n5000seed4][] = [
    [fitted(), FGARCH.n20000seed1],
    [fitGarch(garchReturns({ n: 5000, seed: 4 }).returns), FGARCH.n5000seed4],
  ];
  for (const [f, ref] of cases) {
    for (const k of ['mu', 'omega', 'alpha', 'beta'] as const) assert.ok(Math.abs(f[k] - ref[k]) <= 1e-3 * Math.abs(ref[k]), `${k}: ${f[k]} vs fGarch ${ref[k]}`);
    assert.ok(Math.abs(f.logLik - ref.logLik) < 0.01, `logLik ${f.logLik} vs ${ref.logLik}`);
    assert.ok(Math.abs(f.se.alpha - ref.seAlpha) <= 0.1 * ref.seAlpha && Math.abs(f.se.beta - ref.seBeta) <= 0.1 * ref.seBeta, `SE ${f.se.alpha}, ${f.se.beta}`);
  }
});

test('fitGarch converges from a poor starting value without the grid (alpha 0.4, beta 0.1)', () => {
  const f = fitGarch(sim.returns, { start: { omega: 1e-4, alpha: 0.4, beta: 0.1 }, grid: false });
  const ref = fitted();
  assert.ok(f.converged);
  assertClose(f.alpha, ref.alpha, 1e-3);
  assertClose(f.beta, ref.beta, 1e-3);
  assertClose(f.logLik, ref.logLik, 1e-9);
});

test('fitGarch with Student-t errors estimates nu on 5,000 returns', () => {
  const s = garchReturns({ n: 5000, seed: 7, nu: 6 });
  const f = fitGarch(s.returns, { dist: 'studentT' });
  assert.ok(f.nu! > 4 && f.nu! < 9, `nu ${f.nu}`);
  assert.ok(Math.abs(f.nu! - 6) < 2 * f.se.nu!, `nu ${f.nu} ± ${f.se.nu}`);
  assert.ok(f.logLik > fitGarch(s.returns).logLik, 'Student-t fits fat tails better than normal');
});

test('fitGarch refuses too-short, constant and non-finite series', () => {
  assert.throws(() => fitGarch(sim.returns.slice(0, 99)), /at least 100 returns.*received 99/);
  assert.throws(() => fitGarch(new Float64Array(500).fill(0.001)), /constant series/);
  const bad = sim.returns.slice(0, 500);
  bad[10] = NaN;
  assert.throws(() => fitGarch(bad), /finite returns, received NaN at index 10/);
  assert.throws(() => fitGarch(sim.returns.slice(0, 500), { dist: 't' as 'normal' }), /normal.*studentT/);
});

test.run();
