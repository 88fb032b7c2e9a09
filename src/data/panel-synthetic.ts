/**
 * Seeded synthetic universe (a panel: symbols × dates, each symbol on its own calendar) with a known, planted
 * cross-sectional signal and a planted per-sector regime, so tests and benchmarks know what is learnable.
 *
 * Equities (NYSE calendar), daily log return of symbol s in sector k on trading day t:
 *
 *   r[s,t] = beta_s·M_t + gamma_s·S_{k,t} + alpha[s,t] + eps[s,t]
 *
 * - M: market factor, GARCH(1,1) volatility (about 1 %/day), small positive drift;
 * - S_k: sector factor (0.6 %/day), times 2.5 while sector k is in its **stress** regime;
 * - eps: idiosyncratic noise (1.5 %/day), times 2 in stress. The regime is a two-state Markov chain per sector
 *   (calm → stress with probability 1 %/day, stress → calm 3 %/day: about a quarter of days in stress);
 *   it moves volatility only, never the expected return;
 * - alpha: the **planted signal**, short-term reversal relative to the cross-section:
 *   alpha[s,t] = −signal · σ_eps[s,t] · z[s,t−1], where z[·,t−1] is the cross-sectional z-score (over the equities)
 *   of the 5-day log return log(close[t−1] / close[t−6]) — the project's `log_ret_5` feature. The signal is a
 *   function of the bars alone, observable at the close of t−1, so a pooled model on `log_ret_5` (better: its
 *   cross-sectional rank or z-score) can learn it. `signal: 0` gives a panel with no predictable direction.
 *
 * Indices (when `indices` is true, 6 of them): `^SYN500` (equal-weight index of the equities), `^SYNTECH`
 * (half market, half sector 1), `^SYN30` (every other equity), `^SYNVIX` (VIX-like level, 100·√(252·h_{t+1})·1.1
 * with noise, from the market's conditional variance h: it forecasts market volatility), and two NSE-calendar
 * indices, `^SYNNIFTY` (0.5·M plus an India factor) and `^SYNBANK` (1.2 × NIFTY plus bank noise). Latent
 * factors run on every weekday; a symbol's bar return sums the latent days since its previous trading day, so
 * no price is invented for a closed market.
 */
import { Rng } from '../util/rng';
import { isoToDay } from '../util/dates';
import { inputError } from '../util/errors';
import { fillDefaults } from '../util/options';
import { barsFromLogReturns } from './synthetic';
import { tradingDays } from './calendar';
import { aggregateOnDays, indexInGrid, nseLikeTradingDays } from './panel-calendar';
import type { Bars } from './bars';

/** One member of a universe. */
export interface UniverseMember {
  symbol: string;
  /** Sector name for equities; `index` for indices, `volatility` for the VIX-like series. */
  sector: string;
  assetClass: 'index' | 'equity' | 'volatility';
  market: 'NYSE' | 'NSE';
}

/** Options of {@link syntheticPanel}. */
export interface SyntheticPanelOptions {
  /** Number of equities (default 20: 5 sectors × 4). */
  symbols?: number;
  /** Number of sectors (default 5); equity i is in sector ⌊i·sectors/symbols⌋. */
  sectors?: number;
  /** NYSE trading days (default 1260, about 5 years). NSE members cover the same date span on their own calendar. */
  days?: number;
  /** First date, ISO (default `2019-01-02`). */
  start?: string;
  /** RNG seed (default 1). */
  seed?: number;
  /** Strength of the planted reversal signal, in units of idiosyncratic volatility per z-score (default 0.2; 0 = none). */
  signal?: number;
  /** Planted per-sector stress regime (default true); false keeps every sector calm. */
  regime?: boolean;
  /** Add the 6 indices (default true: 26 symbols with the default 20 equities). */
  indices?: boolean;
}

/** Default {@link SyntheticPanelOptions}. */
export const syntheticPanelDefaults = { symbols: 20, sectors: 5, days: 1260, start: '2019-01-02', seed: 1, signal: 0.2, regime: true, indices: true };

/** What is learnable in a synthetic panel (for tests, benchmarks and notebooks). */
export interface SyntheticPanelTruth {
  /** The per-symbol feature the planted signal is a (cross-sectional) function of: `log_ret_5`. */
  signalFeature: string;
  description: string;
  /** Mean per-date rank IC of the oracle score with the next-day return over the equities (in-sample; 0 when signal = 0). */
  bayesRankIc?: number;
  /** The signal strength used. */
  signal: number;
  /**
   * Oracle score per equity, aligned with its bars: the planted expected log return of the NEXT bar (bar i → i+1),
   * known at the close of bar i. NaN during the 5-bar warm-up and on the last bar.
   */
  expected: Record<string, Float64Array>;
  /** Per sector: 1 on the NYSE days the sector is in its stress regime, else 0 (aligned with the equities' dates). */
  stress: Record<string, Uint8Array>;
  /** Factor loadings per equity. */
  loadings: Record<string, { beta: number; gamma: number }>;
}

/** A synthetic universe. */
export interface SyntheticPanel {
  members: UniverseMember[];
  /** Bars per symbol, each on its own calendar. */
  bars: Record<string, Bars>;
  truth: SyntheticPanelTruth;
}

const SECTORS = ['technology', 'financials', 'healthcare', 'consumer', 'energy'];
const PREFIXES = ['TEC', 'FIN', 'HLT', 'CON', 'ENE'];

function checkInt(name: string, v: number, min: number, max: number): void {
  if (!Number.isInteger(v) || v < min || v > max) throw inputError({ key: `syntheticPanel.${name}` }, `an integer in [${min}, ${max}]`, String(v));
}

function ranks(x: number[]): number[] {
  const idx = x.map((_, i) => i).sort((a, b) => x[a] - x[b]);
  const r = new Array<number>(x.length);
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && x[idx[j + 1]] === x[idx[i]]) j++;
    for (let m = i; m <= j; m++) r[idx[m]] = (i + j) / 2;
    i = j + 1;
  }
  return r;
}

function pearson(a: number[], b: number[]): number {
  const n = a.length;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : NaN;
}

/**
 * Generates a seeded synthetic universe (see the module comment for the model).
 * @param options {@link SyntheticPanelOptions}; defaults in {@link syntheticPanelDefaults}
 * @returns members (indices first, then equities by sector), bars per symbol, and the truth
 */
export function syntheticPanel(options: SyntheticPanelOptions = {}): SyntheticPanel {
  const o = fillDefaults(syntheticPanelDefaults, options);
  checkInt('symbols', o.symbols, 2, 2000);
  checkInt('sectors', o.sectors, 1, o.symbols);
  checkInt('days', o.days, 30, 20000);
  checkInt('seed', o.seed, -2147483648, 4294967295);
  if (!Number.isFinite(o.signal) || Math.abs(o.signal) > 2) throw inputError({ key: 'syntheticPanel.signal' }, 'a number in [-2, 2]', String(o.signal));
  const start = isoToDay(o.start);
  const rng = new Rng(o.seed);
  const nyse = tradingDays(start, start + Math.ceil(o.days * 1.6) + 30, 'nyse').slice(0, o.days);
  const end = nyse[nyse.length - 1];
  const grid = tradingDays(start, end, 'weekdays');
  const G = grid.length;
  const nyseAt = indexInGrid(grid, nyse);
  const T = nyse.length;

  // latent market factor (GARCH(1,1)) and its next-day conditional variance, on every weekday
  const market = new Float64Array(G);
  const hNext = new Float64Array(G);
  const omega = 2e-6;
  const ga = 0.08;
  const gb = 0.9;
  let h = omega / (1 - ga - gb);
  for (let g = 0; g < G; g++) {
    const e = Math.sqrt(h) * rng.normal();
    market[g] = 0.0003 + e;
    h = omega + ga * e * e + gb * h;
    hNext[g] = h;
  }
  // per-sector regime and factor, on every weekday
  const nSec = o.sectors;
  const stressGrid: Uint8Array[] = [];
  const sectorF: Float64Array[] = [];
  for (let k = 0; k < nSec; k++) {
    const st = new Uint8Array(G);
    const f = new Float64Array(G);
    let s = 0;
    for (let g = 0; g < G; g++) {
      if (o.regime) s = s === 0 ? (rng.next() < 0.01 ? 1 : 0) : rng.next() < 0.03 ? 0 : 1;
      st[g] = s;
      f[g] = 0.006 * (s ? 2.5 : 1) * rng.normal();
    }
    stressGrid.push(st);
    sectorF.push(f);
  }
  const sectorName = (k: number) => (k < SECTORS.length ? SECTORS[k] : `sector${k + 1}`);
  const prefix = (k: number) => (k < PREFIXES.length ? PREFIXES[k] : `S${k + 1}_`);

  // equities on NYSE days
  const nEq = o.symbols;
  const secOf = Array.from({ length: nEq }, (_, i) => Math.floor((i * nSec) / nEq));
  const names: string[] = [];
  const counters = new Array<number>(nSec).fill(0);
  for (let i = 0; i < nEq; i++) names.push(`${prefix(secOf[i])}${++counters[secOf[i]]}`);
  const beta = names.map(() => 0.7 + 0.6 * rng.next());
  const gamma = names.map(() => 0.6 + 0.6 * rng.next());
  const mAgg = aggregateOnDays(market, nyseAt);
  const sAgg = sectorF.map((f) => aggregateOnDays(f, nyseAt));
  const stress = stressGrid.map((st) => Uint8Array.from(nyseAt, (g) => st[g]));
  const ret = names.map(() => new Float64Array(T));
  const logp = names.map(() => new Float64Array(T));
  const expected = names.map(() => new Float64Array(T).fill(NaN));
  const z = new Float64Array(nEq);
  for (let t = 0; t < T; t++) {
    const haveZ = t >= 6;
    if (haveZ) {
      let m = 0;
      for (let i = 0; i < nEq; i++) m += (z[i] = logp[i][t - 1] - logp[i][t - 6]);
      m /= nEq;
      let v = 0;
      for (let i = 0; i < nEq; i++) v += (z[i] - m) ** 2;
      const sd = Math.sqrt(v / (nEq - 1));
      for (let i = 0; i < nEq; i++) z[i] = sd > 0 ? (z[i] - m) / sd : 0;
    }
    for (let i = 0; i < nEq; i++) {
      const k = secOf[i];
      const sigEps = 0.015 * (stress[k][t] ? 2 : 1);
      const alpha = haveZ ? -o.signal * sigEps * z[i] : 0;
      if (haveZ) expected[i][t - 1] = alpha;
      const r = beta[i] * mAgg[t] + gamma[i] * sAgg[k][t] + alpha + sigEps * rng.normal();
      ret[i][t] = r;
      logp[i][t] = (t > 0 ? logp[i][t - 1] : 0) + r;
    }
  }

  const members: UniverseMember[] = [];
  const bars: Record<string, Bars> = {};
  const put = (m: UniverseMember, dates: Int32Array, r: Float64Array, startPrice: number) => {
    const b = barsFromLogReturns(r, { symbol: m.symbol, startPrice, rng });
    b.dates.set(dates);
    members.push(m);
    bars[m.symbol] = b;
  };
  if (o.indices) {
    const mean = (pick: (i: number) => boolean) =>
      Float64Array.from({ length: T }, (_, t) => {
        let s = 0;
        let n = 0;
        for (let i = 0; i < nEq; i++) if (pick(i)) (s += ret[i][t]), n++;
        return n ? s / n : 0;
      });
    const all = mean(() => true);
    const tech = mean((i) => secOf[i] === 0);
    put({ symbol: '^SYN500', sector: 'index', assetClass: 'index', market: 'NYSE' }, nyse, all, 3000);
    put({ symbol: '^SYNTECH', sector: 'index', assetClass: 'index', market: 'NYSE' }, nyse, all.map((v, t) => 0.5 * v + 0.5 * tech[t]), 8000);
    put({ symbol: '^SYN30', sector: 'index', assetClass: 'index', market: 'NYSE' }, nyse, mean((i) => i % 2 === 0), 25000);
    const vix = Float64Array.from(nyseAt, (g) => Math.log(110 * Math.sqrt(252 * hNext[g])) + 0.03 * rng.normal());
    const vixRet = vix.map((v, t) => (t === 0 ? 0 : v - vix[t - 1]));
    put({ symbol: '^SYNVIX', sector: 'volatility', assetClass: 'volatility', market: 'NYSE' }, nyse, vixRet, Math.exp(vix[0]));
    const nse = nseLikeTradingDays(start, end);
    const nseAt = indexInGrid(grid, nse);
    const india = market.map((v) => 0.5 * v + 0.0002 + 0.008 * rng.normal());
    const bank = india.map((v) => 1.2 * v + 0.007 * rng.normal());
    put({ symbol: '^SYNNIFTY', sector: 'index', assetClass: 'index', market: 'NSE' }, nse, aggregateOnDays(india, nseAt), 11000);
    put({ symbol: '^SYNBANK', sector: 'financials', assetClass: 'index', market: 'NSE' }, nse, aggregateOnDays(bank, nseAt), 27000);
  }
  const exp: Record<string, Float64Array> = {};
  const loadings: Record<string, { beta: number; gamma: number }> = {};
  for (let i = 0; i < nEq; i++) {
    put({ symbol: names[i], sector: sectorName(secOf[i]), assetClass: 'equity', market: 'NYSE' }, nyse, ret[i], 20 + 180 * rng.next());
    exp[names[i]] = expected[i];
    loadings[names[i]] = { beta: beta[i], gamma: gamma[i] };
  }
  const stressBySector: Record<string, Uint8Array> = {};
  for (let k = 0; k < nSec; k++) stressBySector[sectorName(k)] = stress[k];

  let icSum = 0;
  let icN = 0;
  if (o.signal !== 0) {
    for (let t = 6; t < T - 1; t++) {
      const ic = pearson(ranks(expected.map((e) => e[t])), ranks(ret.map((r) => r[t + 1])));
      if (Number.isFinite(ic)) (icSum += ic), icN++;
    }
  }
  return {
    members,
    bars,
    truth: {
      signalFeature: 'log_ret_5',
      description:
        `planted short-term reversal: next-day expected log return = -${o.signal} x idiosyncratic vol x cross-sectional z-score of log_ret_5 (over the ${nEq} equities); ` +
        `per-sector stress regime ${o.regime ? 'on (vol x2.5 sector, x2 idiosyncratic)' : 'off'}`,
      bayesRankIc: icN ? icSum / icN : 0,
      signal: o.signal,
      expected: exp,
      stress: stressBySector,
      loadings,
    },
  };
}

export { panelBarsCsv, writeSyntheticUniverse } from './panel-write';
