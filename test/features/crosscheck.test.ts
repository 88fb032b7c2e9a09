// A second, independent implementation (the npm package technicalindicators) agrees with ours where it is right,
// once its shorter outputs are right-aligned with NaN; and differs exactly where DESIGN.md says it is wrong (rounding).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as ti from 'technicalindicators';
import { randomWalk } from '../../src/data/synthetic';
import { rsi } from '../../src/features/momentum';
import { macd } from '../../src/features/trend';
import { atr, bollinger } from '../../src/features/volatility';

const bars = randomWalk({ n: 400, seed: 31, startPrice: 250 });
const close = Array.from(bars.close);
const high = Array.from(bars.high);
const low = Array.from(bars.low);

/** Right-aligns a shorter output with NaN so row i means the same bar in both. */
function rightAlign(values: Array<number | undefined>, n: number): Float64Array {
  const out = new Float64Array(n).fill(NaN);
  values.forEach((v, k) => (out[n - values.length + k] = v === undefined ? NaN : v));
  return out;
}

/** Agreement within tol relative (absolute below 1), or within `abs` absolute when given. */
function agree(name: string, ours: Float64Array, theirs: Float64Array, tol: number, abs?: number): void {
  let checked = 0;
  for (let i = 0; i < ours.length; i++) {
    if (Number.isNaN(ours[i]) || Number.isNaN(theirs[i])) continue;
    const bound = abs ?? tol * Math.max(1, Math.abs(ours[i]));
    assert.ok(Math.abs(ours[i] - theirs[i]) <= bound, `${name}[${i}]: ours ${ours[i]}, technicalindicators ${theirs[i]}`);
    checked++;
  }
  assert.ok(checked > 300, `${name}: only ${checked} rows compared`);
}

test('ATR 14 agrees with technicalindicators after right-alignment', () => {
  agree('atr', atr(bars, 14), rightAlign(ti.ATR.calculate({ high, low, close, period: 14 }), 400), 1e-9);
});

test('Bollinger 20/2 agrees (population sd)', () => {
  const theirs = ti.BollingerBands.calculate({ values: close, period: 20, stdDev: 2 });
  const b = bollinger(bars.close, 20, 2);
  agree('bb upper', b.upper, rightAlign(theirs.map((r) => r.upper), 400), 1e-9);
  agree('bb lower', b.lower, rightAlign(theirs.map((r) => r.lower), 400), 1e-9);
});

test('MACD 12/26/9 agrees with explicit EMA settings', () => {
  const theirs = ti.MACD.calculate({ values: close, fastPeriod: 12, slowPeriod: 26, signalPeriod: 9, SimpleMAOscillator: false, SimpleMASignal: false });
  const m = macd(bars.close, { fast: 12, slow: 26, signal: 9 });
  agree('macd', m.macd, rightAlign(theirs.map((r) => r.MACD), 400), 1e-9);
  agree('signal', m.signal, rightAlign(theirs.map((r) => r.signal), 400), 1e-9);
});

test('RSI 14: technicalindicators rounds to 2 decimals, ours does not (within 0.005 of it)', () => {
  const ours = rsi(bars.close, 14);
  const theirs = rightAlign(ti.RSI.calculate({ values: close, period: 14 }), 400);
  agree('rsi', ours, theirs, 0, 0.005 + 1e-9);
  let unrounded = 0;
  for (let i = 14; i < 400; i++) if (Math.abs(ours[i] * 100 - Math.round(ours[i] * 100)) > 1e-6) unrounded++;
  assert.ok(unrounded > 300, 'our RSI keeps full precision');
});

test.run();
