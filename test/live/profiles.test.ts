import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { statisticalProfile } from '../../src/live/profiles';
import { allocBars } from '../../src/data/bars';
import type { FeatureFrame } from '../../src/features/frame';
import { assertClose } from '../helpers';

function closes(values: number[]) {
  const b = allocBars('P', values.length);
  values.forEach((v, i) => {
    b.dates[i] = 19000 + i;
    b.open[i] = b.high[i] = b.low[i] = b.close[i] = v;
    b.volume[i] = 1;
  });
  return b;
}

const frame: FeatureFrame = { symbol: 'P', dates: Int32Array.of(19004), names: ['rsi_14', 'regime'], columns: [Float64Array.of(55), Float64Array.of(1)] };

test('statisticalProfile: hand-computed drawdown, VaR 95, volatility, regime and indicators', () => {
  const b = closes([100, 110, 99, 104.5, 88]);
  const p = statisticalProfile(b, frame);
  assertClose(p.maxDrawdown, 1 - 88 / 110, 1e-12);
  // simple returns 0.1, -0.1, 0.0556, -0.1579: the 5th percentile (lowest of 4) is -0.1579
  assertClose(p.var95, 1 - 88 / 104.5, 1e-12);
  const r = [110 / 100, 99 / 110, 104.5 / 99, 88 / 104.5].map(Math.log);
  const m = r.reduce((a, x) => a + x, 0) / 4;
  const sd = Math.sqrt(r.reduce((a, x) => a + (x - m) ** 2, 0) / 3);
  assertClose(p.volatility, sd * Math.sqrt(252), 1e-12);
  assert.is(p.regime, 'bear');
  assert.equal(p.indicators, { rsi_14: 55 });
  assert.is(p.lastClose, 88);
  assert.is(p.window, 5);
});

test('statisticalProfile: the window limits the rows used', () => {
  const p = statisticalProfile(closes([50, 200, 100, 101, 102]), frame, { window: 3 });
  assertClose(p.maxDrawdown, 0, 1e-12);
  assert.is(p.window, 3);
});

test.run();
