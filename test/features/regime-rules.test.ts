import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sliceBars, type Bars } from '../../src/data/bars';
import { randomWalk, regimeSwitching } from '../../src/data/synthetic';
import { classifyRegimes, regimeLabels, REGIME_LABEL_NAMES } from '../../src/features/regime-rules';

function one(fast: number, slow: number, ret: number, vol: number, adx: number, options = {}): number {
  return classifyRegimes({ fast: [fast], slow: [slow], ret: [ret], vol: [vol], adx: [adx] }, options)[0];
}

test('class codes follow REGIME_LABEL_NAMES: bull, bear, sideways, high_vol', () => {
  assert.equal([...REGIME_LABEL_NAMES], ['bull', 'bear', 'sideways', 'high_vol']);
});

test('seed rules, first match wins', () => {
  assert.is(one(105, 100, 0.02, 15, 30), 0, 'bull: 50>200, calm, positive returns');
  assert.is(one(95, 100, -0.02, 35, 30), 1, 'bear: 50<200, stressed, negative returns');
  assert.is(one(105, 100, 0.02, 35, 30), 3, 'high_vol: stressed but not a falling trend');
  assert.is(one(95, 100, 0.01, 25, 12), 2, 'sideways: no calm trend and ADX < 20');
  assert.is(one(105, 100, 0.02, 15, 10), 0, 'calm bull wins over low ADX');
  assert.is(one(105, 100, 0.02, 25, 30), 0, 'fallback: rising trend with positive return');
  assert.is(one(95, 100, -0.02, 25, 30), 1, 'fallback: falling trend with negative return');
  assert.is(one(105, 100, -0.02, 25, 30), 2, 'fallback: mixed signals are sideways');
  assert.ok(Number.isNaN(one(NaN, 100, 0.02, 15, 30)));
  assert.is(one(105, 100, 0.02, 25, 30, { stressVol: 24 }), 3, 'thresholds are options');
});

test('regimeLabels: NaN during the 200-day warm-up, codes 0..3 after; uses data up to t only', () => {
  const { bars } = regimeSwitching({ n: 600, seed: 4 });
  const r = regimeLabels(bars).regime;
  assert.ok(Number.isNaN(r[198]));
  const seen = new Set<number>();
  for (let i = 230; i < 600; i++) {
    assert.ok([0, 1, 2, 3].includes(r[i]), `row ${i}: ${r[i]}`);
    seen.add(r[i]);
  }
  assert.ok(seen.size >= 3, `only ${[...seen]} seen`);
  const part = regimeLabels(sliceBars(bars, 0, 400)).regime;
  for (let i = 0; i < 400; i++) assert.ok(Object.is(part[i], r[i]) || (Number.isNaN(part[i]) && Number.isNaN(r[i])));
});

test('a VIX series in bars.extra replaces the realized-vol stand-in', () => {
  const b = randomWalk({ n: 300, seed: 8, mu: 0.002, sigma: 0.005 });
  const calm = regimeLabels(b);
  assert.is(calm.volSource, 'realized');
  assert.is(calm.regime[299], 0, 'steady uptrend with low realized vol is bull');
  const withVix: Bars = { ...b, extra: { vix: new Float64Array(300).fill(40) } };
  const stressed = regimeLabels(withVix);
  assert.is(stressed.volSource, 'vix');
  assert.is(stressed.regime[299], 3, 'VIX 40 in an uptrend is high_vol');
  assert.is(regimeLabels(withVix, { volatility: { source: 'realized' } }).regime[299], 0);
  assert.throws(() => regimeLabels(b, { volatility: { source: 'vix' } }), /extra\.vix.*VIX series.*no such column/);
});

test.run();
