/**
 * The one-pass / shared-intermediate kernels of the feature families against the plain compositions they replaced
 * (kept here as references): every value bit-identical, on hostile bars (NaN gaps, ±Infinity, flat runs, ties,
 * zero and negative prices, zero volume).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng } from '../../src/util/rng';
import * as rolling from '../../src/features/rolling';
import { ema, rollingMax, rollingMin, rowsSinceExtreme, safeDiv, sma, wilder, rollingStd, rollingSum } from '../../src/features/rolling';
import { ratio } from '../../src/features/columns';
import { priceMoves, rsi, stochastic, trix, williamsR } from '../../src/features/momentum';
import { buildFeatures } from '../../src/features/registry';
import { relativeTo } from '../../src/features/columns';
import { adx, cci, wilderSum } from '../../src/features/trend';
import { bollinger, garmanKlassVol, logRange, parkinsonVol, trueRange } from '../../src/features/volatility';
import { accumulationDistribution, chaikinMoneyFlow, closeLocation, moneyFlow } from '../../src/features/volume';
import { rollingZScore, signEntropy, zScoreOf } from '../../src/features/statistical';
import { trailingPercentile } from '../../src/features/regime';
import { highLowCounts } from '../../src/features/pattern';
import { rollingAutocorr } from '../../src/features/statistical';
import { refExtreme, refPercentile } from './reference-rolling';

interface Ohlcv {
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

/** Bars with regimes of big moves, tiny moves, flat runs (ties), a price of 0, NaN gaps and a few ±Infinity. */
function hostileBars(len: number, seed: number, grid = 0): Ohlcv {
  const rng = new Rng(seed);
  const b: Ohlcv = { open: new Float64Array(len), high: new Float64Array(len), low: new Float64Array(len), close: new Float64Array(len), volume: new Float64Array(len) };
  let p = 100;
  for (let i = 0; i < len; i++) {
    const mode = Math.floor(i / 61) % 5;
    if (mode === 0) p *= 1 + 0.03 * rng.normal();
    else if (mode === 1) p *= 1 + 1e-6 * rng.normal();
    else if (mode === 3) p = p > 1 ? p : 40;
    const c = grid ? Math.round(p / grid) * grid : p;
    const flat = mode === 2;
    b.close[i] = c;
    b.open[i] = flat ? c : c * (1 + 0.002 * rng.normal());
    b.high[i] = Math.max(b.open[i], c) * (flat ? 1 : 1 + 0.003 * Math.abs(rng.normal()));
    b.low[i] = Math.min(b.open[i], c) * (flat ? 1 : 1 - 0.003 * Math.abs(rng.normal()));
    b.volume[i] = mode === 4 ? 0 : Math.round(1000 * Math.abs(rng.normal()));
    if (i % 397 === 100) b.close[i] = NaN;
    if (i % 541 === 200) b.high[i] = NaN;
    if (i % 613 === 300) b.low[i] = 0;
    if (i % 701 === 400) b.open[i] = -1;
    if (i % 887 === 500) b.high[i] = Infinity;
    if (i % 953 === 600) b.close[i] = -Infinity;
    if (i % 1009 === 700) b.volume[i] = NaN;
  }
  return b;
}

const CASES: Ohlcv[] = [hostileBars(4000, 1), hostileBars(4000, 2, 0.25), hostileBars(30, 3)];

/** Bit-identical (Object.is per element: NaN positions and the sign of zero included). */
function identical(name: string, a: ArrayLike<number>, b: ArrayLike<number>): void {
  assert.is(a.length, b.length, `${name}: length`);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) assert.unreachable(`${name}[${i}]: ${a[i]} vs reference ${b[i]}`);
}

test('rsi in one pass equals the Wilder averages of priceMoves', () => {
  for (const b of CASES) {
    for (const n of [1, 2, 7, 14, 21]) {
      const moves = priceMoves(b.close);
      const u = wilder(moves.up, n);
      const d = wilder(moves.dn, n);
      identical(`rsi(${n})`, rsi(b.close, n), ratio(u, Float64Array.from(u, (v, i) => v + d[i]), 100));
      identical(`rsi(${n}, moves)`, rsi(b.close, n), rsi(b.close, n, moves));
    }
  }
});

test('adx in one pass equals wilderSum of TR and ±DM, the DI ratios and Wilder of DX', () => {
  for (const b of CASES) {
    for (const n of [1, 2, 14]) {
      const len = b.high.length;
      const pdm = new Float64Array(len).fill(NaN);
      const mdm = new Float64Array(len).fill(NaN);
      for (let i = 1; i < len; i++) {
        const up = b.high[i] - b.high[i - 1];
        const dn = b.low[i - 1] - b.low[i];
        const none = up === dn || (up < 0 && dn < 0);
        pdm[i] = none ? 0 : up > dn ? up : 0;
        mdm[i] = none ? 0 : dn > up ? dn : 0;
      }
      const tr = wilderSum(trueRange(b), n);
      const plusDI = ratio(wilderSum(pdm, n), tr, 100);
      const minusDI = ratio(wilderSum(mdm, n), tr, 100);
      const dx = Float64Array.from(plusDI, (p, i) => 100 * safeDiv(Math.abs(p - minusDI[i]), p + minusDI[i]));
      const got = adx(b, n);
      identical(`plusDI(${n})`, got.plusDI, plusDI);
      identical(`minusDI(${n})`, got.minusDI, minusDI);
      identical(`dx(${n})`, got.dx, dx);
      identical(`adx(${n})`, got.adx, wilder(dx, n));
      identical(`adx(${n}, tr)`, adx(b, n, trueRange(b)).adx, got.adx);
    }
  }
});

test('cci, two rows at a time, equals the per-window formula row by row', () => {
  for (const b of CASES) {
    const tp = Float64Array.from(b.close, (c, i) => (b.high[i] + b.low[i] + c) / 3);
    for (const n of [1, 2, 5, 20]) {
      const ref = new Float64Array(tp.length).fill(NaN);
      let lastBad = -1;
      for (let i = 0; i < tp.length; i++) {
        if (!Number.isFinite(tp[i])) lastBad = i;
        if (i < n - 1 || lastBad > i - n) continue;
        const k = tp[i - n + 1];
        let s = 0;
        for (let j = i - n + 1; j <= i; j++) s += tp[j] - k;
        const m = k + s / n;
        let dev = 0;
        for (let j = i - n + 1; j <= i; j++) dev += Math.abs(tp[j] - m);
        ref[i] = safeDiv(tp[i] - m, (0.015 * dev) / n);
      }
      identical(`cci(${n})`, cci(tp, n), ref);
    }
  }
});

test('trix with its EMAs and change in place equals the chained EMAs', () => {
  for (const b of CASES) {
    for (const n of [1, 3, 15]) {
      const e3 = ema(ema(ema(b.close, n), n), n);
      const ref = new Float64Array(e3.length).fill(NaN);
      for (let i = 1; i < e3.length; i++) ref[i] = 100 * (safeDiv(e3[i], e3[i - 1]) - 1);
      identical(`trix(${n})`, trix(b.close, n), ref);
    }
  }
});

test('signEntropy from its table equals the per-window entropy of the signs', () => {
  for (const b of CASES) {
    const r = rolling.logReturn(b.close, 1);
    for (const n of [1, 5, 20]) {
      const ref = new Float64Array(r.length).fill(NaN);
      let lastBad = -1;
      for (let i = 0; i < r.length; i++) {
        if (!Number.isFinite(r[i])) lastBad = i;
        if (i - lastBad < n) continue;
        const counts = [0, 0, 0];
        for (let j = i - n + 1; j <= i; j++) counts[r[j] > 0 ? 2 : r[j] < 0 ? 0 : 1]++;
        let h = 0;
        for (const c of counts) if (c > 0) h -= (c / n) * Math.log2(c / n);
        ref[i] = h;
      }
      identical(`signEntropy(${n})`, signEntropy(r, n), ref);
    }
  }
});

test('shared intermediates: Bollinger, z-scores, Parkinson / Garman–Klass, A/D line and CMF give the same values', () => {
  for (const b of CASES) {
    const bb = bollinger(b.close, 20, 2);
    const shared = bollinger(b.close, 20, 2, { mean: sma(b.close, 20), sd: rollingStd(b.close, 20) });
    for (const k of ['middle', 'upper', 'lower', 'pctB', 'width'] as const) identical(`bollinger.${k}`, shared[k], bb[k]);
    identical('zScoreOf', zScoreOf(b.volume, sma(b.volume, 20), rollingStd(b.volume, 20)), rollingZScore(b.volume, 20));
    // the formulas before ln(H/L) was shared
    const park = new Float64Array(b.high.length);
    const gk = new Float64Array(b.high.length);
    for (let i = 0; i < park.length; i++) {
      const [h, l, o, c] = [b.high[i], b.low[i], b.open[i], b.close[i]];
      const r = h > 0 && l > 0 ? Math.log(h / l) : NaN;
      park[i] = r * r;
      const hl = Math.log(h / l);
      const co = Math.log(c / o);
      gk[i] = h > 0 && l > 0 && o > 0 && c > 0 ? 0.5 * hl * hl - (2 * Math.LN2 - 1) * co * co : NaN;
    }
    identical('parkinsonVol', parkinsonVol(b, 20, logRange(b)), Float64Array.from(sma(park, 20), (v) => Math.sqrt(v / (4 * Math.LN2))));
    identical('garmanKlassVol', garmanKlassVol(b, 20), Float64Array.from(sma(gk, 20), (v) => Math.sqrt(Math.max(0, v))));
    const clv = closeLocation(b);
    let s = 0;
    identical('accumulationDistribution', accumulationDistribution(b), Float64Array.from(clv, (v, i) => (s += v * b.volume[i])));
    const flow = moneyFlow(b);
    const cmf = ratio(rollingSum(flow, 20), rollingSum(b.volume, 20));
    identical('chaikinMoneyFlow', chaikinMoneyFlow(b, 20), cmf);
    identical('chaikinMoneyFlow(shared)', chaikinMoneyFlow(b, 20, { flow, volumeSum: rollingSum(b.volume, 20) }), cmf);
  }
});

test('highLowCounts counted directly equals the rolling sum of the 0/1 flags', () => {
  for (const b of CASES) {
    for (const n of [1, 2, 10, 70]) {
      const flags = (x: Float64Array, up: boolean): Float64Array =>
        Float64Array.from(x, (v, i) => (i === 0 || Number.isNaN(v - x[i - 1]) ? NaN : (up ? v > x[i - 1] : v < x[i - 1]) ? 1 : 0));
      const got = highLowCounts(b, n);
      identical(`higherHighs(${n})`, got.higherHighs, rollingSum(flags(b.high, true), n));
      identical(`lowerLows(${n})`, got.lowerLows, rollingSum(flags(b.low, false), n));
    }
  }
});

test('rollingAutocorr skips exactly the windows where one side is a run of identical values', () => {
  // flat stretches longer than the window on one side of the lag only: NaN there, a value elsewhere
  const x = new Float64Array(400);
  const rng = new Rng(4);
  for (let i = 0; i < x.length; i++) x[i] = i >= 100 && i < 180 ? 0.5 : rng.normal();
  x[300] = NaN;
  const got = rollingAutocorr(x, 5, 30);
  for (let i = 0; i < x.length; i++) {
    const flatA = i >= 129 && i < 180; // rows i − 29 … i all in the flat stretch
    const flatB = i - 5 >= 129 && i - 5 < 180;
    const gap = i >= 300 && i < 335;
    const warm = i < 34;
    assert.is(Number.isNaN(got[i]), flatA || flatB || gap || warm, `row ${i}: ${got[i]}`);
  }
});

test('rolling extremes (block scan) equal the per-window scans, windows from 1 row to longer than the series', () => {
  for (const b of CASES) {
    for (const x of [b.high, b.low]) {
      for (const n of [1, 2, 3, 6, 7, 8, 14, 15, 16, 31, 32, 33, 60, 64]) {
        const hi = refExtreme(x, n, true);
        const lo = refExtreme(x, n, false);
        identical(`max ${n}`, rollingMax(x, n), hi.value);
        identical(`min ${n}`, rollingMin(x, n), lo.value);
        identical(`since max ${n}`, rowsSinceExtreme(x, n), hi.since);
        identical(`since min ${n}`, rowsSinceExtreme(x, n, { which: 'min' }), lo.since);
      }
    }
  }
});

test('trailingPercentile (binary searches + memmove) equals counting the window, with ties and long shifts', () => {
  for (const b of CASES) {
    const lvl = rollingStd(rolling.logReturn(b.close, 1), 5);
    const coarse = Float64Array.from(b.close, (v) => Math.round(v / 7) * 7);
    for (const x of [b.close, lvl, coarse]) for (const n of [1, 2, 33, 100, 252]) identical(`pctile ${n}`, trailingPercentile(x, n), refPercentile(x, n));
  }
});

test('the families\' fused columns equal the exported indicator functions', () => {
  for (const b of CASES) {
    const bars = { symbol: 'H', dates: Int32Array.from(b.close, (_, i) => 10000 + i), ...b };
    const f = buildFeatures(bars, { set: 'full' });
    const col = (name: string): Float64Array => f.columns[f.names.indexOf(name)];
    const st = stochastic(b);
    const bb = bollinger(b.close, 20, 2);
    const hl = highLowCounts(b, 10);
    const moves = priceMoves(b.close);
    const expected: Array<[string, ArrayLike<number>]> = [
      ['stoch_k_14', st.k],
      ['stoch_d_14', st.d],
      ['williams_r_14', williamsR(b, 14)],
      ['rsi_7', rsi(b.close, 7, moves)],
      ['rsi_14', rsi(b.close, 14, moves)],
      ['rsi_21', rsi(b.close, 21, moves)],
      ['bb_upper_20', bb.upper],
      ['bb_lower_20', bb.lower],
      ['bb_pctb_20', bb.pctB],
      ['bb_width_20', bb.width],
      ['parkinson_vol_20', parkinsonVol(b, 20)],
      ['garman_klass_vol_20', garmanKlassVol(b, 20)],
      ['zscore_close_20', rollingZScore(b.close, 20)],
      ['zscore_volume_20', rollingZScore(b.volume, 20)],
      ['ad_line', accumulationDistribution(b)],
      ['cmf_20', chaikinMoneyFlow(b, 20)],
      ['higher_highs_10', hl.higherHighs],
      ['lower_lows_10', hl.lowerLows],
      ['dist_high_60', relativeTo(b.close, rollingMax(b.high, 60))],
      ['dist_low_60', relativeTo(b.close, rollingMin(b.low, 60))],
      ['trix_15', trix(b.close, 15)],
    ];
    for (const [name, e] of expected) identical(name, col(name), e);
  }
});

test('no exported feature primitive is an accessor property (accessor exports made calls to them slow)', () => {
  for (const [name, d] of Object.entries(Object.getOwnPropertyDescriptors(rolling))) {
    assert.ok(!d.get, `rolling.${name} is exported through a getter: re-export it as a plain value`);
  }
});

test.run();
