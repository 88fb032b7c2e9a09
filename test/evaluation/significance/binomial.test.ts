import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assertClose } from '../../helpers';
import {
  accuracyBinomialTest,
  binomialTest,
  clopperPearsonInterval,
  effectiveSampleSize,
  nullAccuracyInterval,
  wilsonInterval,
} from '../../../src/evaluation/significance/binomial';

// Reference values: scipy 1.17.1 scipy.stats.binomtest(...).pvalue and .proportion_ci(0.95, 'wilson' | 'exact').

test('one-sided exact binomial test by hand: P(X >= 7 | 10, ½) = 176/1024', () => {
  const r = binomialTest(7, 10, 0.5);
  assert.is(r.alternative, 'greater');
  assertClose(r.pValue, 176 / 1024, 1e-14);
  assertClose(r.rate, 0.7);
  assertClose(binomialTest(7, 10, 0.5, { alternative: 'less' }).pValue, 1 - 56 / 1024, 1e-14);
});

test('one-sided test stays accurate at n = 100,000 (scipy binom.sf)', () => {
  assertClose(binomialTest(51000, 100000, 0.5).pValue / 1.2943580191734472e-10, 1, 1e-10);
  assertClose(binomialTest(50500, 100000, 0.5).pValue, 0.0007911799394257577, 1e-10);
  assert.is(binomialTest(0, 100000, 0.5).pValue, 1);
});

test('two-sided test follows scipy.stats.binomtest', () => {
  assertClose(binomialTest(7, 10, 0.5, { alternative: 'two-sided' }).pValue, 0.34375, 1e-12);
  assertClose(binomialTest(3, 20, 0.3, { alternative: 'two-sided' }).pValue, 0.22041826738070913, 1e-11);
  assertClose(binomialTest(60, 100, 0.5, { alternative: 'two-sided' }).pValue, 0.05688793364098089, 1e-11);
  assertClose(binomialTest(40, 100, 0.55, { alternative: 'two-sided' }).pValue, 0.003355997948845983, 1e-10);
});

test('accuracyBinomialTest counts correct predictions', () => {
  const r = accuracyBinomialTest([1, 0, 1, 1, 0, 1, 1, 0, 1, 1], [1, 0, 1, 1, 0, 1, 1, 1, 0, 0], 0.5);
  assert.is(r.successes, 7);
  assertClose(r.pValue, 176 / 1024, 1e-14);
});

test('binomialTest rejects impossible counts and rates', () => {
  assert.throws(() => binomialTest(11, 10, 0.5), /successes.*at most n = 10.*11/);
  assert.throws(() => binomialTest(5, 10, 1.2), /p0.*\[0, 1\].*1\.2/);
  assert.throws(() => binomialTest(5, 0, 0.5), /n.*integer >= 1/);
  assert.throws(() => binomialTest(5, 10, 0.5, { alternative: 'both' as never }), /greater.*less.*two-sided.*both/);
});

test('Wilson and Clopper–Pearson intervals match scipy', () => {
  const w = wilsonInterval(530, 1000);
  assertClose(w[0], 0.49901030909301664, 1e-12);
  assertClose(w[1], 0.5607600853978499, 1e-12);
  const cp = clopperPearsonInterval(530, 1000);
  assertClose(cp[0], 0.49851631792434176, 1e-10);
  assertClose(cp[1], 0.5613065880589609, 1e-10);
  const cp5 = clopperPearsonInterval(5, 100);
  assertClose(cp5[0], 0.016431879181728278, 1e-10);
  assertClose(cp5[1], 0.11283491110546288, 1e-10);
  const w5 = wilsonInterval(5, 100);
  assertClose(w5[0], 0.021543679154367973, 1e-12);
  assertClose(w5[1], 0.11175046923191914, 1e-12);
});

test('Clopper–Pearson edge cases by hand: k = 0 and k = n', () => {
  const [lo0, hi0] = clopperPearsonInterval(0, 10);
  assert.is(lo0, 0);
  assertClose(hi0, 1 - Math.pow(0.025, 1 / 10), 1e-12);
  const [loN, hiN] = clopperPearsonInterval(10, 10);
  assertClose(loN, Math.pow(0.025, 1 / 10), 1e-12);
  assert.is(hiN, 1);
});

test('wider interval at higher confidence', () => {
  const a = wilsonInterval(55, 100, { confidence: 0.9 });
  const b = wilsonInterval(55, 100, { confidence: 0.99 });
  assert.ok(b[0] < a[0] && b[1] > a[1]);
  assert.throws(() => wilsonInterval(5, 10, { confidence: 1 }), /confidence.*\(0, 1\).*1/);
});

test('nullAccuracyInterval: p0 ± z·√(p0(1−p0)/n)', () => {
  const [lo, hi] = nullAccuracyInterval(0.5, 1500, { confidence: 0.99 });
  const half = 2.5758293035489004 * Math.sqrt(0.25 / 1500);
  assertClose(lo, 0.5 - half, 1e-12);
  assertClose(hi, 0.5 + half, 1e-12);
});

test('effectiveSampleSize counts non-overlapping h-day labels, at least 1', () => {
  assert.is(effectiveSampleSize(1500, 1), 1500);
  assert.is(effectiveSampleSize(1500, 7), 214);
  assert.is(effectiveSampleSize(1500, 30), 50);
  assert.is(effectiveSampleSize(5, 30), 1);
  assert.throws(() => effectiveSampleSize(10, 0), /horizon.*integer >= 1/);
});

test.run();
