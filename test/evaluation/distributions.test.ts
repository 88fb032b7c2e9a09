import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assertClose } from '../helpers';
import {
  betaQuantile,
  binomialCdf,
  binomialPmf,
  binomialSfAtLeast,
  chiSquareCdf,
  chiSquareSf,
  normalCdf,
  normalQuantile,
  normalSf,
  studentTCdf,
} from '../../src/evaluation/distributions';
import { regularizedBeta } from '../../src/evaluation/special';

// Reference values: scipy 1.17.1 (scipy.special.gammaln, scipy.stats.norm/t/chi2/binom/beta),
// printed with repr(); hand-computed values are marked as such.

test('normalCdf / normalSf match scipy.stats.norm, tails keep relative accuracy', () => {
  assert.is(normalCdf(0), 0.5);
  assertClose(normalCdf(-1.96), 0.024997895148220435, 1e-13);
  assertClose(normalCdf(1), 0.8413447460685429, 1e-14);
  assertClose(normalCdf(-10) / 7.61985302416047e-24, 1, 1e-12);
  assertClose(normalSf(10) / 7.61985302416047e-24, 1, 1e-12);
});

test('normalQuantile inverts the CDF (scipy.stats.norm.ppf)', () => {
  assertClose(normalQuantile(0.975), 1.959963984540054, 1e-14);
  assertClose(normalQuantile(0.995), 2.5758293035489004, 1e-14);
  assertClose(normalQuantile(0.3), -0.5244005127080409, 1e-14);
  assertClose(normalQuantile(1e-10), -6.361340902404056, 1e-14);
  assert.is(normalQuantile(0.5), 0);
  assert.is(normalQuantile(1), Infinity);
  assert.throws(() => normalQuantile(1.5), /probability in \[0, 1\].*1\.5/);
});

test('studentTCdf matches scipy.stats.t; t(1) is the Cauchy CDF (hand)', () => {
  assertClose(studentTCdf(2, 5), 0.9490302605850708, 1e-13);
  assertClose(studentTCdf(-1.5, 10), 0.08225366322272007, 1e-13);
  assertClose(studentTCdf(2.5, 29), 0.9908373278307869, 1e-13);
  assertClose(studentTCdf(0.3, 1), 0.5 + Math.atan(0.3) / Math.PI, 1e-14);
  assert.is(studentTCdf(0, 7), 0.5);
});

test('chiSquare CDF and upper tail match scipy.stats.chi2', () => {
  assertClose(chiSquareSf(3.841458820694124, 1), 0.05, 1e-13);
  assertClose(chiSquareSf(10, 3), 0.01856613546304325, 1e-13);
  assertClose(chiSquareSf(100, 2), Math.exp(-50), 1e-13); // hand: chi2(2) is exponential with mean 2
  assertClose(chiSquareSf(0.5, 1), 0.47950012218695337, 1e-13);
  assertClose(chiSquareCdf(2, 4), 0.2642411176571153, 1e-13);
  assertClose(chiSquareCdf(0.001, 10) / 2.6030818297031814e-19, 1, 1e-12);
});

test('binomial tails: exact small case by hand, large n to ~1e-10 relative (scipy.stats.binom)', () => {
  // hand: P(X >= 7 | 10, ½) = (120 + 45 + 10 + 1) / 1024 = 176/1024
  assertClose(binomialSfAtLeast(7, 10, 0.5), 0.171875, 1e-14);
  assertClose(binomialCdf(3, 10, 0.5), 0.171875, 1e-14);
  assertClose(binomialPmf(5, 10, 0.5), 252 / 1024, 1e-13);
  assertClose(binomialSfAtLeast(5300, 10000, 0.5) / 1.038016847960306e-9, 1, 1e-10);
  assertClose(binomialSfAtLeast(51000, 100000, 0.5) / 1.2943580191734472e-10, 1, 1e-10);
  assertClose(binomialSfAtLeast(50500, 100000, 0.5), 0.0007911799394257577, 1e-10);
  assertClose(binomialSfAtLeast(26200, 50000, 0.52), 0.03705378474257423, 1e-10);
  assertClose(binomialCdf(49000, 100000, 0.5) / 1.2943580191734472e-10, 1, 1e-10);
  assert.is(binomialSfAtLeast(0, 10, 0.3), 1);
  assert.is(binomialSfAtLeast(11, 10, 0.3), 0);
});

test('betaQuantile inverts the incomplete beta (scipy.stats.beta.ppf)', () => {
  assertClose(betaQuantile(0.025, 5, 96), 0.016431879182052155, 1e-11);
  assertClose(betaQuantile(0.975, 6, 95), 0.11283491110546275, 1e-11);
  assertClose(betaQuantile(0.025, 1, 100000) / 2.531780477933314e-7, 1, 1e-10);
  assertClose(regularizedBeta(betaQuantile(0.3, 2, 3), 2, 3), 0.3, 1e-13);
});

test.run();
