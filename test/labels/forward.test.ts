import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assertClose } from '../helpers';
import { allocBars, cloneBars } from '../../src/data/bars';
import { randomWalk } from '../../src/data/synthetic';
import { forwardLabels, rollingVolTarget, shiftLabels } from '../../src/labels/forward';
import { buildLabels, labelColumns, labelTarget } from '../../src/labels/build';

function barsFromCloses(closes: number[]) {
  const b = allocBars('T', closes.length);
  closes.forEach((c, i) => {
    b.dates[i] = 10959 + 7 * i; // gaps between trading days: end dates follow rows, not calendar days
    b.close[i] = b.open[i] = b.high[i] = b.low[i] = c;
    b.volume[i] = 1;
  });
  return b;
}

test('h=1: direction is 1 only for a strictly higher close; last row unknown', () => {
  const l = forwardLabels(barsFromCloses([100, 101, 101, 100]), 1);
  assert.equal(Array.from(l.direction).slice(0, 3), [1, 0, 0]);
  assert.ok(Number.isNaN(l.direction[3]));
  assertClose(l.logReturn[0], Math.log(1.01));
  assert.is(l.logReturn[1], 0);
});

test('ternary uses a neutral band of 0.1 % scaled by sqrt(h), on the simple return', () => {
  const b = barsFromCloses([100, 100.05, 100.2, 100.1, 99.79]);
  const l1 = forwardLabels(b, 1);
  assert.is(l1.band, 0.001);
  // +0.05 % neutral, +0.15 % up, -0.1 % (inside: |r| = 0.000998 < 0.001) neutral, -0.3 % down
  assert.equal(Array.from(l1.ternary).slice(0, 4), [1, 2, 1, 0]);
  const l4 = forwardLabels(b, 4);
  assertClose(l4.band, 0.002);
  assert.is(l4.ternary[0], 0); // -0.21 % is below -0.2 %
  const b2 = barsFromCloses([100, 101, 99, 100.5, 100.15]);
  assert.is(forwardLabels(b2, 4).ternary[0], 1); // +0.15 % inside ±0.2 %
  assert.is(forwardLabels(b2, 4, { bandScaling: 'none' }).ternary[0], 2); // but outside ±0.1 %
  const wide = forwardLabels(b, 1, { neutralBand: 0.002, bandScaling: 'none' });
  assert.equal(Array.from(wide.ternary).slice(0, 4), [1, 1, 1, 0]);
});

test('end index is exactly t+h and end date the date h rows later; unknown tail is NaN / -1', () => {
  const b = randomWalk({ n: 50, seed: 1 });
  for (const h of [1, 7, 30]) {
    const l = forwardLabels(b, h);
    for (let t = 0; t < 50; t++) {
      if (t + h < 50) {
        assert.is(l.endIndex[t], t + h);
        assert.is(l.endDate[t], b.dates[t + h]);
        assert.ok(!Number.isNaN(l.direction[t]));
      } else {
        assert.is(l.endIndex[t], -1);
        assert.is(l.endDate[t], -1);
        assert.ok(Number.isNaN(l.direction[t]) && Number.isNaN(l.ternary[t]) && Number.isNaN(l.logReturn[t]) && Number.isNaN(l.realizedVol[t]));
      }
    }
  }
});

test('labels use only closes t..t+h: changing any other close leaves the label at t unchanged', () => {
  const b = randomWalk({ n: 80, seed: 5 });
  const h = 7;
  const t = 40;
  const base = forwardLabels(b, h);
  for (const j of [0, t - 1, t + h + 1, 79]) {
    const c = cloneBars(b);
    c.close[j] *= 1.3;
    const l = forwardLabels(c, h);
    assert.is(l.logReturn[t], base.logReturn[t], `close[${j}] changed logReturn[${t}]`);
    assert.is(l.realizedVol[t], base.realizedVol[t], `close[${j}] changed realizedVol[${t}]`);
  }
  for (const j of [t + 1, t + h]) {
    const c = cloneBars(b);
    c.close[j] *= 1.3;
    assert.is.not(forwardLabels(c, h).realizedVol[t], base.realizedVol[t], `close[${j}] is inside the window`);
  }
});

test('forward realized vol: zero-mean RMS by default, sample std on request (NaN for h=1)', () => {
  const b = barsFromCloses([100, 110, 99, 99]);
  const r1 = Math.log(1.1);
  const r2 = Math.log(0.9);
  const l = forwardLabels(b, 3);
  assertClose(l.realizedVol[0], Math.sqrt((r1 * r1 + r2 * r2) / 3));
  const s = forwardLabels(b, 3, { volMean: 'sample' });
  const m = (r1 + r2) / 3;
  assertClose(s.realizedVol[0], Math.sqrt(((r1 - m) ** 2 + (r2 - m) ** 2 + m * m) / 2));
  assertClose(forwardLabels(b, 1).realizedVol[0], Math.abs(r1));
  assert.ok(Number.isNaN(forwardLabels(b, 1, { volMean: 'sample' }).realizedVol[0]));
});

test('bad horizons are input errors', () => {
  const b = barsFromCloses([1, 2, 3]);
  assert.throws(() => forwardLabels(b, 0), /horizons\.enabled.*whole number.*received 0/);
  assert.throws(() => forwardLabels(b, 1.5), /received 1\.5/);
  assert.throws(() => buildLabels(randomWalk({ n: 10 }), { horizons: [1, 1] }), /distinct horizons/);
});

test('rollingVolTarget: sample std of the 20 returns ending at t+1, ends at t+1', () => {
  const b = randomWalk({ n: 60, seed: 9 });
  const v = rollingVolTarget(b, 20);
  assert.ok(Number.isNaN(v.values[18]));
  const t = 30;
  const r: number[] = [];
  for (let j = t - 18; j <= t + 1; j++) r.push(Math.log(b.close[j] / b.close[j - 1]));
  const m = r.reduce((a, x) => a + x, 0) / 20;
  assertClose(v.values[t], Math.sqrt(r.reduce((a, x) => a + (x - m) ** 2, 0) / 19), 1e-12);
  assert.is(v.endIndex[t], t + 1);
  assert.is(v.endIndex[59], -1);
  assert.ok(Number.isNaN(v.values[59]));
});

test('shiftLabels moves a series h rows back with its end index', () => {
  const s = shiftLabels([0, 1, 2, 3], new Int32Array([10, 11, 12, 13]), 2);
  assert.equal(Array.from(s.values).slice(0, 2), [2, 3]);
  assert.equal(Array.from(s.endIndex), [2, 3, -1, -1]);
  assert.equal(Array.from(s.endDate), [12, 13, -1, -1]);
});

test('buildLabels: default horizons 1, 7, 30 keyed h1/h7/h30, flat columns for output', () => {
  const b = randomWalk({ n: 300, seed: 2 });
  const ls = buildLabels(b);
  assert.equal(ls.horizons, [1, 7, 30]);
  assert.equal(Object.keys(ls.byHorizon), ['h1', 'h7', 'h30']);
  const names = labelColumns(ls).map(([n]) => n);
  assert.ok(names.includes('dir_h7') && names.includes('end_index_h30') && names.includes('regime_label'));
  for (const [, c] of labelColumns(ls)) assert.is(c.length, 300);
});

test('labelTarget picks the column a task learns, with its end rows', () => {
  const ls = buildLabels(randomWalk({ n: 60, seed: 3 }), { horizons: [1, 7] });
  assert.is(labelTarget(ls).values, ls.byHorizon.h1.direction);
  const t = labelTarget(ls, { horizon: 7, task: 'ternary' });
  assert.is(t.values, ls.byHorizon.h7.ternary);
  assert.is(t.endIndex[0], 7);
  assert.is(labelTarget(ls, { horizon: 7, task: 'regression' }).values, ls.byHorizon.h7.logReturn);
  assert.throws(() => labelTarget(ls, { horizon: 30 }), /computed horizons 1, 7.*received 30/);
});

test.run();
