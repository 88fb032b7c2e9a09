import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { allocBars, cloneBars, sliceBars, type Bars } from '../../src/data/bars';
import { randomWalk } from '../../src/data/synthetic';
import { buildFeatures } from '../../src/features/registry';

function constantBars(n: number): Bars {
  const b = allocBars('FLAT', n);
  for (let i = 0; i < n; i++) {
    b.dates[i] = 10959 + i;
    b.open[i] = b.high[i] = b.low[i] = b.close[i] = 100.37;
    b.volume[i] = 1000;
  }
  return b;
}

function noInfinity(b: Bars, label: string): void {
  const f = buildFeatures(b, { set: 'full' });
  f.names.forEach((name, j) => {
    for (let i = 0; i < f.columns[j].length; i++) {
      const v = f.columns[j][i];
      assert.ok(!(v === Infinity || v === -Infinity), `${label}: ${name}[${i}] is ${v}`);
    }
  });
}

test('series shorter than the longest window: all columns keep the input length, no throw', () => {
  const bars = randomWalk({ n: 30, seed: 1 });
  const f = buildFeatures(bars, { set: 'full' });
  for (const c of f.columns) assert.is(c.length, 30);
  const sma200 = f.columns[f.names.indexOf('sma_200')];
  assert.ok(sma200.every((v) => Number.isNaN(v)));
  const empty = buildFeatures(sliceBars(bars, 0, 0), { set: 'full' });
  assert.ok(empty.columns.every((c) => c.length === 0));
  const one = buildFeatures(sliceBars(bars, 0, 1), { set: 'full' });
  assert.ok(one.columns.every((c) => c.length === 1));
});

test('constant prices: no Infinity; undefined ratios are NaN, spreads and returns are 0', () => {
  const b = constantBars(300);
  noInfinity(b, 'constant');
  const f = buildFeatures(b, { set: 'full' });
  const at = (name: string) => f.columns[f.names.indexOf(name)][299];
  for (const name of ['rsi_14', 'bb_pctb_20', 'stoch_k_14', 'williams_r_14', 'cci_20', 'zscore_close_20', 'candle_body', 'mfi_14', 'keltner_pos_20']) {
    assert.ok(Number.isNaN(at(name)), `${name} should be NaN (0/0), received ${at(name)}`);
  }
  for (const name of ['log_ret_1', 'ret_std_20', 'atr_14', 'bb_width_20', 'close_to_sma_50', 'macd', 'roc_5', 'parkinson_vol_20', 'cmf_20']) {
    assert.is(at(name), 0, name);
  }
  assert.is(at('sma_200'), 100.37);
  assert.is(at('volume_ratio_20'), 1);
  assert.is(at('ret_sign_entropy_20'), 0);
});

test('a missing bar (NaN row) does not produce Infinity and windows recover after it', () => {
  const b = cloneBars(randomWalk({ n: 400, seed: 2 }));
  b.close[200] = b.open[200] = b.high[200] = b.low[200] = NaN;
  noInfinity(b, 'gap');
  const f = buildFeatures(b, { set: 'full' });
  const col = (name: string) => f.columns[f.names.indexOf(name)];
  assert.ok(Number.isNaN(col('sma_20')[210]));
  assert.ok(Number.isFinite(col('sma_20')[221]));
  assert.ok(Number.isFinite(col('rsi_14')[399]));
  assert.ok(Number.isFinite(col('ema_50')[399]));
});

test('calendar gaps in dates do not change index-based features', () => {
  const b = randomWalk({ n: 300, seed: 3 });
  const gapped = cloneBars(b);
  for (let i = 150; i < 300; i++) gapped.dates[i] += 30;
  const a = buildFeatures(b, { set: 'technical' });
  const g = buildFeatures(gapped, { set: 'technical' });
  a.columns.forEach((c, j) => assert.equal(Array.from(g.columns[j]), Array.from(c), a.names[j]));
});

test('zero-mean alternating returns: statistics are finite or NaN, never Infinity', () => {
  const b = allocBars('ZIGZAG', 300);
  for (let i = 0; i < 300; i++) {
    b.dates[i] = 10959 + i;
    b.close[i] = i % 2 === 0 ? 100 : 101;
    b.open[i] = i % 2 === 0 ? 101 : 100;
    b.high[i] = 101.5;
    b.low[i] = 99.5;
    b.volume[i] = 1e6;
  }
  noInfinity(b, 'zigzag');
  const f = buildFeatures(b, { set: 'full' });
  const at = (name: string) => f.columns[f.names.indexOf(name)][299];
  const ac = at('ret_autocorr_1_60');
  assert.ok(Math.abs(ac + 1) < 1e-9, `lag-1 autocorrelation of a zigzag is -1, received ${ac}`);
  assert.ok(Math.abs(at('ret_skew_20')) < 1e-9);
  assert.ok(Math.abs(at('log_ret_20')) < 1e-12);
  assert.is(at('ret_sign_entropy_20'), 1);
});

test('buildFeatures never mutates the bars', () => {
  const b = randomWalk({ n: 260, seed: 4 });
  const copy = cloneBars(b);
  buildFeatures(b, { set: 'full' });
  assert.equal(Array.from(b.close), Array.from(copy.close));
  assert.equal(Array.from(b.volume), Array.from(copy.volume));
});

test.run();
