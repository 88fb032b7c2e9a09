import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assertClose } from '../helpers';
import { Scaler } from '../../src/windows/scalers';

/** 6 samples x 2 features; feature 1 is constant. Dates 2000-01-03 + i. */
function data() {
  return { x: new Float32Array([1, 5, 2, 5, 3, 5, 4, 5, 100, 5, 200, 5]), shape: [6, 2], featureNames: ['a', 'b'], dates: Int32Array.from({ length: 6 }, (_, i) => 10959 + i) };
}

test('zscore: mean and population std of the training rows; constant feature gets scale 1', () => {
  const s = new Scaler().fit(data(), { start: 0, end: 4 });
  assert.equal(s.state.center, [2.5, 5]);
  assertClose(s.state.scale[0], Math.sqrt(1.25));
  assert.is(s.state.scale[1], 1);
  const t = s.transform(data());
  assertClose(t[0], -1.5 / Math.sqrt(1.25), 1e-6);
  assert.is(t[1], 0);
});

test('robust: median and IQR (linear interpolation) of the training rows', () => {
  const s = new Scaler({ kind: 'robust' }).fit(data(), { start: 0, end: 4 });
  assert.equal(s.state.center, [2.5, 5]);
  assertClose(s.state.scale[0], 3.25 - 1.75);
});

test('records the date range and sample count it was fitted on', () => {
  const st = new Scaler().fit(data(), { start: 1, end: 4 }).state;
  assert.is(st.fittedFrom, '2000-01-04');
  assert.is(st.fittedTo, '2000-01-06');
  assert.is(st.samples, 3);
  assert.is(new Scaler().fit({ x: [1, 2], shape: [2, 1] }).state.fittedFrom, null);
});

test('fitted on the training segment, test-row changes leave the parameters untouched', () => {
  const d = data();
  const before = new Scaler({ kind: 'robust' }).fit(d, { start: 0, end: 4 }).state;
  const z0 = new Scaler().fit(d, { start: 0, end: 4 }).state;
  for (let i = 8; i < 12; i++) d.x[i] = i % 2 ? -1e6 : 1e6;
  assert.equal(new Scaler({ kind: 'robust' }).fit(d, { start: 0, end: 4 }).state, before);
  assert.equal(new Scaler().fit(d, { start: 0, end: 4 }).state, z0);
  // while fitting on everything would have moved them
  assert.not.equal(new Scaler().fit(d).state.center, z0.center);
});

test('transform never mutates its input, keeps NaN, and clips on request', () => {
  const d = data();
  d.x[2] = NaN;
  const copy = Array.from(d.x);
  const s = new Scaler({ clip: 3 }).fit(d, { end: 4 });
  const t = s.transform(d);
  assert.equal(Array.from(d.x), copy);
  assert.ok(Number.isNaN(t[2]));
  assert.is(t[10], 3);
  assert.is.not(t, d.x);
});

test('works on [n, steps, features] windows (stats over every time step)', () => {
  const w = { x: new Float32Array([1, 10, 3, 30, 5, 50, 7, 70]), shape: [2, 2, 2] };
  const s = new Scaler().fit(w);
  assert.equal(s.state.center, [4, 40]);
  assert.is(s.transform(w).length, 8);
});

test('JSON round trip restores an identical transform', () => {
  const s = new Scaler({ kind: 'robust' }).fit(data(), { end: 5 });
  const back = Scaler.fromJSON(JSON.parse(JSON.stringify(s)));
  assert.equal(Array.from(back.transform(data())), Array.from(s.transform(data())));
  assert.equal(back.state, s.state);
});

test('errors: not fitted, bad kind, bad range, feature count mismatch, bad JSON state', () => {
  assert.throws(() => new Scaler().transform(data()), /fitted scaler.*not fitted yet/);
  assert.throws(() => new Scaler({ kind: 'minmax' as 'zscore' }), /scaler\.kind.*"minmax"/);
  assert.throws(() => new Scaler().fit(data(), { start: 4, end: 2 }), /0 <= start < end <= 6.*start=4 end=2/);
  const s = new Scaler().fit(data());
  assert.throws(() => s.transform({ x: [1, 2, 3], shape: [1, 3] }), /2 features \(as fitted\).*received 3/);
  assert.throws(() => Scaler.fromJSON({ kind: 'zscore', center: [1], scale: [] } as never), /scaler state/);
});

test.run();
