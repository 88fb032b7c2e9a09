import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import { fixture } from '../helpers';
import type { Bars } from '../../src/data/bars';
import { isoToDay } from '../../src/util/dates';
import { rsi, stochastic, mfi, williamsR, trix } from '../../src/features/momentum';
import { macd, adx, cci } from '../../src/features/trend';
import { atr, bollinger } from '../../src/features/volatility';
import { obv, chaikinMoneyFlow, accumulationDistribution } from '../../src/features/volume';
import { ema, sma } from '../../src/features/rolling';

/** Reads the TTR fixture: bars plus expected columns (NaN where TTR gave NA). */
function load(): { bars: Bars; expected: Record<string, Float64Array> } {
  const lines = fs.readFileSync(fixture('indicators/sp500_ttr.csv'), 'utf8').trim().split('\n');
  const head = lines[0].split(',');
  const cols: Record<string, Float64Array> = {};
  for (const h of head) cols[h] = new Float64Array(lines.length - 1);
  const dates = new Int32Array(lines.length - 1);
  lines.slice(1).forEach((line, i) => {
    const cells = line.split(',');
    head.forEach((h, j) => {
      if (h === 'date') dates[i] = isoToDay(cells[j]);
      else cols[h][i] = cells[j] === '' ? NaN : Number(cells[j]);
    });
  });
  const bars: Bars = { symbol: 'SPX', dates, open: cols.open, high: cols.high, low: cols.low, close: cols.close, volume: cols.volume };
  return { bars, expected: cols };
}

const { bars, expected } = load();

/** Same warm-up (NaN at the same rows) and ≤ 1e-6 relative error (absolute below magnitude 1) elsewhere. */
function compare(name: string, actual: Float64Array): void {
  const e = expected[name];
  assert.is(actual.length, e.length, `${name}: length`);
  let checked = 0;
  for (let i = 0; i < e.length; i++) {
    if (Number.isNaN(e[i])) {
      assert.ok(Number.isNaN(actual[i]), `${name}[${i}]: TTR is NA (warm-up), received ${actual[i]}`);
      continue;
    }
    const err = Math.abs(actual[i] - e[i]) / Math.max(1, Math.abs(e[i]));
    assert.ok(err <= 1e-6, `${name}[${i}]: expected ${e[i]}, received ${actual[i]} (error ${err})`);
    checked++;
  }
  assert.ok(checked > 200, `${name}: only ${checked} values compared`);
}

test('fixture holds 300 S&P 500 rows', () => {
  assert.is(bars.close.length, 300);
  assert.is(bars.close[0], 1455.219971);
});

test('RSI 14 matches TTR (Wilder, unrounded)', () => compare('rsi_14', rsi(bars.close, 14)));

test('MACD 12/26/9 line and signal match TTR (EMA, price units)', () => {
  const m = macd(bars.close, { fast: 12, slow: 26, signal: 9 });
  compare('macd', m.macd);
  compare('macd_signal', m.signal);
});

test('Bollinger 20/2 bands and %B match TTR (population sd)', () => {
  const b = bollinger(bars.close, 20, 2);
  compare('bb_lower', b.lower);
  compare('bb_middle', b.middle);
  compare('bb_upper', b.upper);
  compare('bb_pctb', b.pctB);
});

test('ATR 14 matches TTR', () => compare('atr_14', atr(bars, 14)));

test('ADX 14 and +DI/-DI match TTR', () => {
  const d = adx(bars, 14);
  compare('adx_14', d.adx);
  compare('plus_di_14', d.plusDI);
  compare('minus_di_14', d.minusDI);
});

test('stochastic 14/3/3 fast %K, slow %K and %D match TTR x100', () => {
  const s = stochastic(bars, { n: 14, smoothK: 3, d: 3 });
  compare('stoch_fastk', s.fastK);
  compare('stoch_k', s.k);
  compare('stoch_d', s.d);
});

test('MFI 14 matches TTR (unrounded)', () => compare('mfi_14', mfi(bars, 14)));

test('OBV matches TTR (starts at the first volume)', () => compare('obv', obv(bars)));

test('EMA 20 and SMA 20 match TTR (EMA seeded with the SMA)', () => {
  compare('ema_20', ema(bars.close, 20));
  compare('sma_20', sma(bars.close, 20));
});

test('CCI 20, Williams %R 14, CMF 20, A/D line and TRIX 15 match TTR', () => {
  compare('cci_20', cci(bars.close.map((c, i) => (bars.high[i] + bars.low[i] + c) / 3), 20));
  compare('williams_r_14', williamsR(bars, 14));
  compare('cmf_20', chaikinMoneyFlow(bars, 20));
  compare('ad_line', accumulationDistribution(bars));
  compare('trix_15', trix(bars.close, 15));
});

test.run();
