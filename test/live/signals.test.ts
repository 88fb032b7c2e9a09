import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ruleSignals, signalProbs } from '../../src/live/signals';
import type { FeatureFrame } from '../../src/features/frame';

function frame(rsi: number, hist: number, above: number, regime: number): FeatureFrame {
  return {
    symbol: 'X',
    dates: Int32Array.of(1, 2),
    names: ['rsi_14', 'macd_hist', 'sma_50_above_200', 'regime'],
    columns: [Float64Array.of(50, rsi), Float64Array.of(0, hist), Float64Array.of(0, above), Float64Array.of(2, regime)],
  };
}

test('ruleSignals: overbought RSI, positive MACD, golden cross, bull regime', () => {
  const s = ruleSignals(frame(75, 0.3, 1, 0));
  assert.equal(s.signals, { rsi: -1, macd: 1, ma_cross: 1, regime: 1 });
  assert.is(s.regime, 'bull');
  assert.equal(signalProbs(s.signals).map((p) => +p.toFixed(12)), [0.4, 0.6, 0.6, 0.6]);
});

test('ruleSignals: oversold, negative MACD, death cross, bear; NaN warm-up is neutral', () => {
  assert.equal(ruleSignals(frame(20, -1, 0, 1)).signals, { rsi: 1, macd: -1, ma_cross: -1, regime: -1 });
  const w = ruleSignals(frame(NaN, NaN, NaN, NaN));
  assert.equal(w.signals, { rsi: 0, macd: 0, ma_cross: 0, regime: 0 });
  assert.is(w.regime, 'unknown');
  assert.equal(ruleSignals(frame(50, 0, 1, 3), 0).signals.rsi, 0);
});

test.run();
