import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assertClose } from '../../helpers';
import { brierScore, logLoss, reliabilityBins, rocAuc } from '../../../src/evaluation/metrics/probabilistic';
import { wilsonInterval } from '../../../src/evaluation/significance/binomial';
import { Rng } from '../../../src/util/rng';

test('rocAuc counts ties as half (hand: 6 of 9 pairs)', () => {
  // positives .35, .8, .4 vs negatives .1, .4, .4: 1 + 3 + (1 + ½ + ½) = 6 of 9 pairs
  assertClose(rocAuc([0, 0, 1, 1, 0, 1], [0.1, 0.4, 0.35, 0.8, 0.4, 0.4]), 6 / 9);
});

test('rocAuc: perfect ranking 1, reversed 0, constant score 0.5', () => {
  assert.is(rocAuc([0, 0, 1, 1], [0.1, 0.2, 0.3, 0.4]), 1);
  assert.is(rocAuc([0, 0, 1, 1], [0.4, 0.3, 0.2, 0.1]), 0);
  assert.is(rocAuc([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5]), 0.5);
});

test('rocAuc reads column 1 of an [n, 2] predictProba matrix', () => {
  const proba = new Float32Array([0.9, 0.1, 0.6, 0.4, 0.65, 0.35, 0.2, 0.8, 0.6, 0.4, 0.6, 0.4]);
  assertClose(rocAuc([0, 0, 1, 1, 0, 1], proba), rocAuc([0, 0, 1, 1, 0, 1], [0.1, 0.4, 0.35, 0.8, 0.4, 0.4]));
});

test('rocAuc is NaN when only one class is present', () => {
  assert.ok(Number.isNaN(rocAuc([1, 1, 1], [0.2, 0.4, 0.9])));
});

test('logLoss: hand value and scikit-learn 1.2.1 (binary vector, multiclass matrix)', () => {
  assertClose(logLoss([1, 0, 1], [0.9, 0.2, 0.6]), -(Math.log(0.9) + Math.log(0.8) + Math.log(0.6)) / 3);
  assertClose(logLoss([1, 0, 1], [0.9, 0.2, 0.6]), 0.2797765635793423, 1e-12);
  assertClose(logLoss([0, 1, 2], [0.7, 0.2, 0.1, 0.1, 0.8, 0.1, 0.3, 0.3, 0.4]), 0.4987030757090323, 1e-12);
  assertClose(logLoss([0, 1], [0.5, 0.5]), Math.log(2));
});

test('logLoss clips certainties that are wrong to eps', () => {
  assertClose(logLoss([1], [0]), -Math.log(1e-15), 1e-12);
  assertClose(logLoss([1], [0], { eps: 1e-3 }), -Math.log(1e-3), 1e-12);
});

test('brierScore: binary mean (p - y)^2, multiclass sums over classes', () => {
  assertClose(brierScore([1, 0, 1], [0.9, 0.2, 0.6]), (0.01 + 0.04 + 0.16) / 3);
  assertClose(brierScore([1, 0], [0.5, 0.5, 0.5, 0.5]), 0.25);
  // (0.3² + 0.2² + 0.1²) + (0.1² + 0.2² + 0.1²) = 0.14 + 0.06, over 2 rows
  assertClose(brierScore([0, 1], [0.7, 0.2, 0.1, 0.1, 0.8, 0.1]), 0.1);
});

test('bad probability input is rejected with where and what', () => {
  assert.throws(() => logLoss([1, 0], [0.5, 0.5, 0.5]), /n = 2 values.*length 3/);
  assert.throws(() => logLoss([1, 0], [0.5, 1.5]), /proba\)\[1\].*probability in \[0, 1\].*1\.5/);
  assert.throws(() => brierScore([1, 0], [0.5, 0.6, 0.5, 0.5]), /row 0.*summing to 1.*1\.1/);
  assert.throws(() => rocAuc([1, 2], [0.5, 0.6]), /yTrue\)\[1\].*0\.\.1/);
  assert.throws(() => logLoss([0, 3], [0.7, 0.2, 0.1, 0.1, 0.8, 0.1]), /class index in 0\.\.2/);
});

test('reliabilityBins (uniform): hand-computed bins, Wilson intervals, ECE and MCE', () => {
  // bin [0, .1): .05 (y 0); bin [.1, .2): .15, .18 (y 1, 1); bin [.9, 1]: .92, .95 (y 1, 0); the others are empty
  const r = reliabilityBins([0, 1, 1, 0, 1], [0.05, 0.15, 0.92, 0.95, 0.18]);
  assert.is(r.strategy, 'uniform');
  assert.is(r.n, 5);
  assert.equal(r.bins.map((b) => b.count), [1, 2, 2]);
  assertClose(r.bins[0].lo, 0);
  assertClose(r.bins[0].hi, 0.1);
  assertClose(r.bins[1].lo, 0.1);
  assertClose(r.bins[2].lo, 0.9);
  assert.is(r.bins[2].hi, 1);
  assertClose(r.bins[1].meanPredicted, 0.165);
  assert.is(r.bins[1].observed, 1);
  assertClose(r.bins[2].meanPredicted, 0.935);
  assert.is(r.bins[2].observed, 0.5);
  assert.equal(r.bins[2].observedCI, wilsonInterval(1, 2));
  // ECE = (1·.05 + 2·.835 + 2·.435) / 5 = .518; MCE = .835
  assertClose(r.ece, 0.518, 1e-12);
  assertClose(r.mce, 0.835, 1e-12);
});

test('reliabilityBins: a probability on an edge goes to the upper bin, 1 to the last; an [n, 2] matrix reads column 1', () => {
  const r = reliabilityBins([0, 1, 1], [0.3, 0.5, 1], { bins: 2 });
  assert.equal(r.bins.map((b) => b.count), [1, 2]);
  const m = reliabilityBins([0, 1, 1], new Float64Array([0.7, 0.3, 0.5, 0.5, 0, 1]), { bins: 2 });
  assert.equal(m, r);
});

test('reliabilityBins (quantile): equal-count bins; ties stay in one bin', () => {
  const p = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8];
  const r = reliabilityBins([0, 0, 1, 0, 1, 1, 0, 1], p, { bins: 4, strategy: 'quantile' });
  assert.equal(r.bins.map((b) => b.count), [2, 2, 2, 2]);
  assert.equal(r.bins.map((b) => b.lo), [0, 0.3, 0.5, 0.7]);
  assertClose(r.bins[1].meanPredicted, 0.35);
  assert.is(r.bins[1].observed, 0.5);
  const tied = reliabilityBins([0, 1, 0, 1, 1, 1], [0.4, 0.4, 0.4, 0.4, 0.9, 0.9], { bins: 3, strategy: 'quantile' });
  assert.equal(tied.bins.map((b) => b.count), [4, 2]);
});

test('reliabilityBins: calibrated probabilities give ECE near 0, overconfident ones a large ECE', () => {
  const rng = new Rng(7);
  const n = 20000;
  const y = new Float64Array(n);
  const calibrated = new Float64Array(n);
  const overconfident = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const q = 0.2 + 0.6 * rng.next(); // true P(y = 1)
    y[i] = rng.next() < q ? 1 : 0;
    calibrated[i] = q;
    const z = 3 * Math.log(q / (1 - q)); // three times too confident in logit terms
    overconfident[i] = 1 / (1 + Math.exp(-z));
  }
  const good = reliabilityBins(y, calibrated);
  const bad = reliabilityBins(y, overconfident);
  assert.ok(good.ece < 0.02, `calibrated ECE ${good.ece}`);
  assert.ok(bad.ece > 0.1, `overconfident ECE ${bad.ece}`);
  // overconfident: the top bin says ~.95 while about .75 of its rows are up, far outside its interval
  const top = bad.bins[bad.bins.length - 1];
  assert.ok(top.observedCI[1] < top.meanPredicted - 0.1, JSON.stringify(top));
  // sampling noise alone: the calibrated ECE sits inside the band a calibrated model shows, the overconfident far above it
  assert.ok(good.ece <= good.eceNoise95, `calibrated ECE ${good.ece} vs noise 95 % ${good.eceNoise95}`);
  assert.ok(good.eceNoise > 0 && good.eceNoise < 0.02, `noise ${good.eceNoise}`);
  assert.ok(bad.ece > 5 * bad.eceNoise95, `overconfident ECE ${bad.ece} vs noise 95 % ${bad.eceNoise95}`);
  const q = reliabilityBins(y, calibrated, { strategy: 'quantile' });
  assert.ok(q.bins.every((b) => b.count === n / 10), 'quantile bins of distinct values hold n / bins rows');
  assert.ok(q.ece < 0.02, `calibrated quantile ECE ${q.ece}`);
});

test('reliabilityBins eceNoise: one row at 0.5 always misses by 0.5; resamples 0 skips it; the seed fixes it', () => {
  const one = reliabilityBins([1], [0.5]);
  assert.is(one.ece, 0.5);
  assert.is(one.eceNoise, 0.5);
  assert.is(one.eceNoise95, 0.5);
  const none = reliabilityBins([1, 0], [0.3, 0.6], { resamples: 0 });
  assert.ok(Number.isNaN(none.eceNoise) && Number.isNaN(none.eceNoise95));
  const p = [0.1, 0.35, 0.5, 0.62, 0.9, 0.77];
  const yy = [0, 1, 0, 1, 1, 1];
  assert.equal(reliabilityBins(yy, p, { seed: 3 }), reliabilityBins(yy, p, { seed: 3 }));
  assert.throws(() => reliabilityBins(yy, p, { resamples: -1 }), /options\.resamples.*integer >= 0/);
});

test('reliabilityBins rejects bad input with the argument and the value', () => {
  assert.throws(() => reliabilityBins([0, 1], [0.5, 1.2]), /reliabilityBins\(proba\)\[1\].*probability in \[0, 1\].*1\.2/);
  assert.throws(() => reliabilityBins([0, 1], [0.5, 0.5], { bins: 0 }), /options\.bins.*integer >= 1.*0/);
  assert.throws(() => reliabilityBins([0, 1], [0.5, 0.5], { strategy: 'kmeans' as 'uniform' }), /options\.strategy.*uniform.*kmeans/);
  assert.throws(() => reliabilityBins([0, 1], [0.2, 0.3, 0.5, 0.3, 0.5, 0.2]), /binary probabilities.*3 classes/);
  assert.throws(() => reliabilityBins([0, 2], [0.5, 0.5]), /yTrue\)\[1\].*0\.\.1/);
});

test.run();
