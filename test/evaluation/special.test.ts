import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assertClose } from '../helpers';
import { logGamma, regularizedBeta, regularizedBetaComplement, regularizedGammaP } from '../../src/evaluation/special';

// Reference values: scipy 1.17.1 (scipy.special.gammaln, scipy.special.betainc), printed with repr();
// hand-computed values are marked as such.

test('logGamma matches factorials and scipy.special.gammaln', () => {
  assertClose(logGamma(1), 0, 1e-14);
  assertClose(logGamma(5), Math.log(24), 1e-14); // hand: Γ(5) = 4! = 24
  assertClose(logGamma(0.5), 0.5723649429247, 1e-13); // ln √π
  assertClose(logGamma(10), 12.801827480081469, 1e-14);
  assertClose(logGamma(100000.5), 1051293.4654351394, 1e-14);
  assert.ok(Number.isNaN(logGamma(0)));
});

test('regularizedBeta: hand-computed I_0.4(2, 3) and scipy.special.betainc', () => {
  // hand: I_x(2,3) = 6x² - 8x³ + 3x⁴ at 0.4 = 0.96 - 0.512 + 0.0768 = 0.5248
  assertClose(regularizedBeta(0.4, 2, 3), 0.5248, 1e-13);
  assertClose(regularizedBetaComplement(0.4, 2, 3), 0.4752, 1e-13);
  assertClose(regularizedBeta(0.1, 0.5, 0.5), 0.20483276469913345, 1e-13);
  assertClose(regularizedBeta(0.45, 50, 60), 0.4642352914306031, 1e-12);
  assert.is(regularizedBeta(0, 2, 3), 0);
  assert.is(regularizedBeta(1, 2, 3), 1);
});

test('regularizedGammaP: P(1, x) = 1 - e^-x (hand)', () => {
  assertClose(regularizedGammaP(1, 2), 1 - Math.exp(-2), 1e-14);
  assertClose(regularizedGammaP(1, 30), 1 - Math.exp(-30), 1e-14);
});

test.run();
