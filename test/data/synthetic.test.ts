import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ar1BestAccuracy, ar1Returns, garchReturns, randomWalk, regimeSwitching } from '../../src/data/synthetic';
import { weekday } from '../../src/util/dates';
import type { Bars } from '../../src/data/bars';

function logReturns(b: Bars): number[] {
  const r: number[] = [];
  for (let i = 1; i < b.close.length; i++) r.push(Math.log(b.close[i] / b.close[i - 1]));
  return r;
}

function lag1(r: number[]): number {
  const m = r.reduce((a, b) => a + b, 0) / r.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < r.length; i++) {
    den += (r[i] - m) ** 2;
    if (i > 0) num += (r[i] - m) * (r[i - 1] - m);
  }
  return num / den;
}

test('bars are consistent: weekdays in order, high >= max(open, close), low <= min(open, close), volume > 0', () => {
  const b = randomWalk({ n: 500, seed: 9 });
  for (let i = 0; i < 500; i++) {
    if (i > 0) assert.ok(b.dates[i] > b.dates[i - 1]);
    const w = weekday(b.dates[i]);
    assert.ok(w >= 1 && w <= 5);
    assert.ok(b.high[i] >= Math.max(b.open[i], b.close[i]));
    assert.ok(b.low[i] <= Math.min(b.open[i], b.close[i]));
    assert.ok(b.low[i] > 0 && b.volume[i] > 0);
  }
});

test('same seed → identical series; different seed → different', () => {
  assert.equal(Array.from(randomWalk({ n: 50, seed: 4 }).close), Array.from(randomWalk({ n: 50, seed: 4 }).close));
  assert.not.equal(Array.from(randomWalk({ n: 50, seed: 4 }).close), Array.from(randomWalk({ n: 50, seed: 5 }).close));
});

test('random walk has no lag-1 autocorrelation; AR(1) has about phi', () => {
  const rw = lag1(logReturns(randomWalk({ n: 20000, seed: 2 })));
  assert.ok(Math.abs(rw) < 0.03, `random walk lag-1 ${rw}`);
  const ar = lag1(logReturns(ar1Returns({ n: 20000, phi: 0.3, seed: 2 })));
  assert.ok(Math.abs(ar - 0.3) < 0.03, `AR(1) lag-1 ${ar}`);
});

test('AR(1) best accuracy: 1/2 + asin(phi)/pi, and the sign rule achieves it', () => {
  assert.ok(Math.abs(ar1BestAccuracy(0.3) - 0.597) < 0.001);
  const r = logReturns(ar1Returns({ n: 40000, phi: 0.3, seed: 8 }));
  let hits = 0;
  for (let i = 1; i < r.length; i++) if (Math.sign(r[i]) === Math.sign(r[i - 1])) hits++;
  assert.ok(Math.abs(hits / (r.length - 1) - 0.597) < 0.01, `hit rate ${hits / (r.length - 1)}`);
});

test('GARCH returns: sample variance near the unconditional variance omega/(1-alpha-beta)', () => {
  const { returns, variance } = garchReturns({ n: 50000, seed: 3 });
  const m = returns.reduce((a, b) => a + b, 0) / returns.length;
  const v = returns.reduce((a, b) => a + (b - m) ** 2, 0) / returns.length;
  const uncond = 2e-6 / (1 - 0.08 - 0.9);
  assert.ok(Math.abs(v / uncond - 1) < 0.15, `variance ratio ${v / uncond}`);
  assert.is(variance.length, 50000);
  assert.ok(variance.every((h) => h > 0));
});

test('regime switching: every regime visited, realised vol ordered as specified', () => {
  const { bars, regime, regimes } = regimeSwitching({ n: 20000, seed: 5 });
  const r = logReturns(bars);
  const sd = regimes.map((_, k) => {
    const xs = r.filter((_, i) => regime[i + 1] === k);
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length);
  });
  for (let k = 0; k < regimes.length; k++) assert.ok(Math.abs(sd[k] / regimes[k].sigma - 1) < 0.1, `regime ${k} sd ${sd[k]}`);
});

test.run();
