import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sliceBars, type Bars } from '../../src/data/bars';
import { regimeSwitching } from '../../src/data/synthetic';
import { Rng } from '../../src/util/rng';
import { buildFeatures } from '../../src/features/registry';

const N = 700;
const { bars } = regimeSwitching({ n: N, seed: 7 });

function same(a: number, b: number): boolean {
  return Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
}

/** Computing on bars[0..t] and bars[0..t+k] gives identical values at every index <= t, for every column. */
function checkPrefix(b: Bars, t: number, k: number): void {
  const part = buildFeatures(sliceBars(b, 0, t + 1), { set: 'full' });
  const full = buildFeatures(sliceBars(b, 0, t + k + 1), { set: 'full' });
  assert.equal(part.names, full.names);
  for (let j = 0; j < full.names.length; j++) {
    const p = part.columns[j];
    const f = full.columns[j];
    assert.is(p.length, t + 1);
    assert.is(f.length, t + k + 1);
    for (let i = 0; i <= t; i++) {
      if (!same(p[i], f[i])) assert.unreachable(`${full.names[j]}[${i}] with t=${t}, k=${k}: ${p[i]} on bars[0..t] vs ${f[i]} on bars[0..t+k]`);
    }
  }
}

test('every column at index <= t is identical on bars[0..t] and bars[0..t+k] (random t, k)', () => {
  const rng = new Rng(3);
  for (let trial = 0; trial < 12; trial++) {
    const t = rng.int(N - 1);
    const k = 1 + rng.int(N - 1 - t);
    checkPrefix(bars, t, k);
  }
  // late t: every column is past its warm-up, so the comparison covers real values
  checkPrefix(bars, N - 40, 39);
});

test('the late-t check is not vacuous: every column has finite values by row 600', () => {
  const f = buildFeatures(sliceBars(bars, 0, 620), { set: 'full' });
  for (let j = 0; j < f.names.length; j++) {
    let finite = 0;
    for (let i = 300; i < 620; i++) if (Number.isFinite(f.columns[j][i])) finite++;
    assert.ok(finite > 200, `${f.names[j]}: only ${finite} finite values in rows 300..619`);
  }
});

test('changing future bars never changes past features', () => {
  const t = 450;
  const base = buildFeatures(bars, { set: 'full' });
  const changed: Bars = { ...bars, open: bars.open.slice(), high: bars.high.slice(), low: bars.low.slice(), close: bars.close.slice(), volume: bars.volume.slice() };
  for (let i = t + 1; i < N; i++) {
    changed.close[i] *= 1.5;
    changed.high[i] *= 1.6;
    changed.open[i] *= 1.4;
    changed.low[i] *= 1.3;
    changed.volume[i] *= 3;
  }
  const after = buildFeatures(changed, { set: 'full' });
  for (let j = 0; j < base.names.length; j++) {
    for (let i = 0; i <= t; i++) assert.ok(same(base.columns[j][i], after.columns[j][i]), `${base.names[j]}[${i}] changed`);
  }
  // and the change is visible somewhere after t (the mutation took effect)
  const c = base.names.indexOf('log_ret_1');
  assert.not.ok(same(base.columns[c][t + 1], after.columns[c][t + 1]));
});

test('a VIX series in bars.extra is used causally too', () => {
  const vix = new Float64Array(N);
  for (let i = 0; i < N; i++) vix[i] = 15 + 20 * Math.abs(Math.sin(i / 40));
  const withVix: Bars = { ...bars, extra: { vix } };
  const f = buildFeatures(withVix, { set: 'full' });
  assert.is(f.columns[f.names.indexOf('vol_level')][100], vix[100]);
  checkPrefix(withVix, 500, 100);
});

test.run();
