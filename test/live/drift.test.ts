import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { featureDrift, ksTest, predictionDrift, psi } from '../../src/live/drift';
import { barsFromLogReturns, randomWalk } from '../../src/data/synthetic';
import { buildFeatures } from '../../src/features/registry';
import { sliceBars } from '../../src/data/bars';
import { Rng } from '../../src/util/rng';
import { assertClose } from '../helpers';

function normals(n: number, seed: number, mu = 0, sd = 1): Float64Array {
  const r = new Rng(seed);
  return Float64Array.from({ length: n }, () => mu + sd * r.normal());
}

test('psi: hand-computed two-bin example', () => {
  // reference cut at its median 2.5 (bins [.., 2.5) and [2.5, ..)): shares 0.5 / 0.5; current 0.25 / 0.75
  const ref = [1, 2, 3, 4];
  const cur = [1, 3, 4, 5];
  const expected = (0.25 - 0.5) * Math.log(0.25 / 0.5) + (0.75 - 0.5) * Math.log(0.75 / 0.5);
  assertClose(psi(ref, cur, { bins: 2 }), expected, 1e-12);
});

test('psi: identical samples give 0, NaN values are ignored', () => {
  const x = normals(500, 1);
  assertClose(psi(x, x), 0, 1e-12);
  assertClose(psi([...x, NaN], [NaN, ...x]), 0, 1e-12);
  assert.ok(Number.isNaN(psi([NaN], x)));
});

test('psi: rejects fewer than 2 bins', () => {
  assert.throws(() => psi([1, 2], [1, 2], { bins: 1 }), /psi\.bins.*integer >= 2/);
});

test('ksTest: hand-computed statistic and large-sample p-values', () => {
  const r = ksTest([1, 2, 3], [2.5, 3.5, 4.5]);
  assertClose(r.statistic, 2 / 3, 1e-12);
  const same = ksTest(normals(1000, 2), normals(1000, 3));
  assert.ok(same.pValue > 0.01, `same distribution: p ${same.pValue}`);
  const shifted = ksTest(normals(1000, 2), normals(1000, 3, 0.5));
  assert.ok(shifted.pValue < 1e-6, `shifted: p ${shifted.pValue}`);
  assert.ok(shifted.statistic > 0.15);
});

test('featureDrift: flags a planted volatility shift, quiet on a stationary series', () => {
  const quiet = buildFeatures(randomWalk({ n: 1400, seed: 11, sigma: 0.01 }), { set: 'minimal' });
  const ref = { ...quiet, dates: quiet.dates.subarray(300, 1100), columns: quiet.columns.map((c) => c.subarray(300, 1100)) };
  const cur = { ...quiet, dates: quiet.dates.subarray(1100), columns: quiet.columns.map((c) => c.subarray(1100)) };
  const calm = featureDrift(ref, cur);
  assert.is(calm.drifted, false, `stationary series flagged: ${calm.reasons.join('; ')}`);

  // same seed for the first 1100 days, then volatility x3 and a drift
  const r = new Rng(5);
  const rets = Float64Array.from({ length: 1400 }, (_, i) => (i < 1100 ? 0.01 * r.normal() : 0.002 + 0.03 * r.normal()));
  const shifted = buildFeatures(barsFromLogReturns(rets, { seed: 5 }), { set: 'minimal' });
  const ref2 = { ...shifted, dates: shifted.dates.subarray(300, 1100), columns: shifted.columns.map((c) => c.subarray(300, 1100)) };
  const cur2 = { ...shifted, dates: shifted.dates.subarray(1160), columns: shifted.columns.map((c) => c.subarray(1160)) };
  const loud = featureDrift(ref2, cur2);
  assert.is(loud.drifted, true, `shift not flagged: share ${loud.share}`);
  assert.ok(loud.features.find((f) => f.feature === 'ret_std_20')?.drifted, 'ret_std_20 flagged');
  assert.ok(loud.reasons.length > 0 && /PSI/.test(loud.reasons[0]));
});

test('featureDrift: unknown column is an InputError', () => {
  const f = buildFeatures(sliceBars(randomWalk({ n: 100 }), 0), { set: 'minimal' });
  assert.throws(() => featureDrift(f, f, { columns: ['nope'] }), /present in both frames.*"nope"/);
});

test('predictionDrift: quiet on same distribution, flags a shifted one', () => {
  const a = normals(400, 7, 0.5, 0.05);
  assert.is(predictionDrift(a, normals(400, 8, 0.5, 0.05)).drifted, false);
  assert.is(predictionDrift(a, normals(400, 8, 0.6, 0.05)).drifted, true);
});

test.run();
