import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng } from '../../src/util/rng';
import { rollingMax, rollingMin, rollingStd, rollingSum, rowsSinceExtreme, sma } from '../../src/features/rolling';
import { rollingAutocorr, rollingMoments } from '../../src/features/statistical';
import { trailingPercentile } from '../../src/features/regime';
import { refAutocorr, refExtreme, refMean, refMoments, refPercentile, refStd, refSum } from './reference-rolling';

/**
 * A hostile series for running sums: stretches of large moves, of tiny moves, of identical values (flat), of
 * zeros, ×3 jumps and NaN gaps, so a drifting running sum or a constant window would show.
 */
function hostile(len: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  const x = new Float64Array(len);
  let p = 100;
  for (let i = 0; i < len; i++) {
    const mode = Math.floor(i / 83) % 6;
    if (mode === 0) p *= 1 + 0.03 * rng.normal();
    else if (mode === 1) p *= 1 + 1e-5 * rng.normal();
    else if (mode === 3) p = 0;
    else if (mode === 4) p = p === 0 ? 50 : p * (1 + 0.01 * rng.normal());
    if (i % 701 === 350) p *= 3;
    x[i] = p;
    if (i % 977 === 500) x[i] = NaN;
  }
  return x;
}

/** Log returns of a hostile price series (zeros on flat stretches, NaN around gaps and zero prices). */
function hostileReturns(len: number, seed: number): Float64Array {
  const p = hostile(len, seed);
  const r = new Float64Array(len).fill(NaN);
  for (let i = 1; i < len; i++) if (p[i] > 0 && p[i - 1] > 0) r[i] = Math.log(p[i] / p[i - 1]);
  return r;
}

/**
 * Same NaN positions, and |a − b| ≤ tol · max(|b|, floor) elsewhere (`floor`: the scale below which the result
 * is a cancellation of larger numbers, e.g. 1 for a correlation; per row when given as an array).
 */
function same(name: string, a: Float64Array, b: Float64Array, tol: number, floor: ArrayLike<number> | number): void {
  assert.is(a.length, b.length, `${name}: length`);
  let checked = 0;
  for (let i = 0; i < a.length; i++) {
    assert.is(Number.isNaN(a[i]), Number.isNaN(b[i]), `${name}[${i}]: fast ${a[i]}, reference ${b[i]}`);
    if (Number.isNaN(b[i])) continue;
    const f = typeof floor === 'number' ? floor : floor[i];
    const bound = tol * Math.max(Math.abs(b[i]), f);
    assert.ok(Math.abs(a[i] - b[i]) <= bound, `${name}[${i}]: fast ${a[i]}, reference ${b[i]}, bound ${bound}`);
    checked++;
  }
  assert.ok(checked > a.length / 3, `${name}: only ${checked} rows compared`);
}

const LEN = 6000;

test('rollingSum / sma / rollingStd (windows ≤ 64, running) equal the per-window formulas to 1e-9 relative', () => {
  for (const seed of [1, 2]) {
    const x = hostile(LEN, seed);
    const r = hostileReturns(LEN, seed);
    for (const n of [2, 5, 20, 60]) {
      same(`sma(${n})`, sma(x, n), refMean(x, n), 1e-9, 0);
      // a sum of mixed signs can cancel: bound by the window's Σ|x| (the reference's own rounding scale)
      same(`rollingSum(r, ${n})`, rollingSum(r, n), refSum(r, n), 1e-9, refSum(Float64Array.from(r, Math.abs), n));
      same(`rollingSum(x, ${n})`, rollingSum(x, n), refSum(x, n), 1e-9, 0);
      same(`rollingStd(${n})`, rollingStd(x, n), refStd(x, n, 0), 1e-9, 0);
      same(`rollingStd(r, ${n}, ddof 1)`, rollingStd(r, n, { ddof: 1 }), refStd(r, n, 1), 1e-9, 0);
    }
  }
});

test('a window of identical values gives exactly that mean and a 0 deviation, also after large values left', () => {
  const x = new Float64Array(200);
  for (let i = 0; i < 200; i++) x[i] = i < 50 ? 1e6 * Math.sin(i) : 100.37;
  const m = sma(x, 20);
  const s = rollingStd(x, 20);
  for (let i = 69; i < 200; i++) {
    assert.is(m[i], 100.37, `sma[${i}]`);
    assert.is(s[i], 0, `std[${i}]`);
  }
});

test('rollingMoments and rollingAutocorr equal the per-window formulas to 1e-9 (scale-free: absolute below 1)', () => {
  for (const seed of [3, 4]) {
    const r = hostileReturns(LEN, seed);
    for (const n of [20, 60]) {
      const fast = rollingMoments(r, n);
      const ref = refMoments(r, n);
      same(`skew(${n})`, fast.skew, ref.skew, 1e-9, 1);
      same(`kurt(${n})`, fast.kurt, ref.kurt, 1e-9, 1);
    }
    for (const lag of [1, 5]) same(`autocorr(${lag})`, rollingAutocorr(r, lag, 60), refAutocorr(r, lag, 60), 1e-9, 1);
  }
});

test('trailingPercentile, rollingMax / rollingMin and rowsSinceExtreme equal the per-window scans exactly', () => {
  const x = hostile(LEN, 5);
  // ties are common: round to a coarse grid
  const t = Float64Array.from(x, (v) => Math.round(v / 5) * 5);
  for (const s of [x, t]) {
    assert.equal(Array.from(trailingPercentile(s, 50)), Array.from(refPercentile(s, 50)));
    for (const n of [3, 20, 26]) {
      const hi = refExtreme(s, n, true);
      const lo = refExtreme(s, n, false);
      assert.equal(Array.from(rollingMax(s, n)), Array.from(hi.value), `max ${n}`);
      assert.equal(Array.from(rollingMin(s, n)), Array.from(lo.value), `min ${n}`);
      assert.equal(Array.from(rowsSinceExtreme(s, n)), Array.from(hi.since), `since max ${n}`);
      assert.equal(Array.from(rowsSinceExtreme(s, n, { which: 'min' })), Array.from(lo.since), `since min ${n}`);
    }
  }
});

test.run();
