/**
 * Seeded synthetic **intraday** universe (issue 18 × issue 16): equities and an equal-weight index on one
 * exchange's real sessions (holidays, early closes, daylight saving time), one bar per session bucket of the
 * timeframe (an NYSE `1h` day: 09:30, 10:30, …, 15:30 — the last one 30 minutes, as `resampleBars` cuts them).
 * Every member has a bar at every session instant, so the panel aligns by instant without gaps.
 *
 * Log return of equity s in sector k over bar t:
 *
 *   r[s,t] = beta_s·M_t + S_{k,t} + alpha[s,t] + eps[s,t]
 *
 * with M the market factor (σ 0.3 % per bar), S_k a sector factor (0.15 %), eps idiosyncratic noise
 * (0.4 %), and an overnight gap (σ 0.6 %) added to each session's first bar. The **planted signal** is the
 * daily panel's reversal counted in bars: alpha[s,t] = −signal · σ_eps · z[s,t−1], z the cross-sectional
 * z-score over the equities of the 5-bar log return log(close[t−1] / close[t−6]) — the `log_ret_5` feature on
 * 1h bars. It is a function of bars up to t−1 only. `signal: 0` gives a panel with no predictable direction.
 */
import { Rng } from '../util/rng';
import { isoToDay } from '../util/dates';
import { inputError } from '../util/errors';
import type { Bars } from './bars';
import type { UniverseMember } from './panel-synthetic';
import { SessionCalendar, type Exchange } from './intraday/sessions';
import { MINUTE_MS, TIMEFRAME_MINUTES, type Timeframe } from './intraday/timeframe';

/** Options of {@link syntheticIntradayPanel}. */
export interface SyntheticIntradayPanelOptions {
  /** Number of equities (default 20). */
  symbols?: number;
  /** Number of sectors (default 5); equity i is in sector ⌊i·sectors/symbols⌋. */
  sectors?: number;
  /** Trading days (sessions) to generate (default 126, about 6 months). */
  days?: number;
  /** First calendar day, ISO (default `2024-01-02`); non-trading days are skipped. */
  start?: string;
  /** Bar timeframe (default `1h`); must be intraday. */
  timeframe?: Timeframe;
  /** Exchange whose sessions the bars follow (default NYSE). */
  exchange?: Exchange;
  /** RNG seed (default 1). */
  seed?: number;
  /** Strength of the planted reversal (idiosyncratic vol per z-score; default 0.2; 0 = none). */
  signal?: number;
  /** Add the equal-weight index `^SYNH` (default true). */
  index?: boolean;
}

/** Defaults of {@link SyntheticIntradayPanelOptions}. */
export const syntheticIntradayDefaults = { symbols: 20, sectors: 5, days: 126, start: '2024-01-02', timeframe: '1h' as Timeframe, exchange: 'NYSE' as Exchange, seed: 1, signal: 0.2, index: true };

/** A synthetic intraday universe. */
export interface SyntheticIntradayPanel {
  members: UniverseMember[];
  bars: Record<string, Bars>;
  truth: { signalFeature: string; description: string; signal: number };
}

/** The session bucket open instants (UTC ms) and their local days, `days` sessions from `start`. */
export function sessionInstants(exchange: Exchange, start: string, days: number, timeframe: Timeframe): { times: Float64Array; dates: Int32Array; first: Uint8Array } {
  const cal = new SessionCalendar(exchange);
  const step = TIMEFRAME_MINUTES[timeframe] * MINUTE_MS;
  const t: number[] = [];
  const d: number[] = [];
  const f: number[] = [];
  let found = 0;
  for (let day = isoToDay(start); found < days; day++) {
    const s = cal.session(day);
    if (!s) continue;
    found++;
    for (let x = s.open; x < s.close; x += step) {
      t.push(x);
      d.push(day);
      f.push(x === s.open ? 1 : 0);
    }
  }
  return { times: Float64Array.from(t), dates: Int32Array.from(d), first: Uint8Array.from(f) };
}

function tick(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

/**
 * Generates the universe.
 * @param options size, timeframe, exchange, seed, signal
 * @returns members (equities then the index), bars with `times`, `timeframe`, `exchange`, and the truth
 * @throws InputError for a daily timeframe, fewer than 3 equities or a signal outside [-2, 2]
 */
export function syntheticIntradayPanel(options: SyntheticIntradayPanelOptions = {}): SyntheticIntradayPanel {
  const o = { ...syntheticIntradayDefaults, ...options };
  if (o.timeframe === '1d') throw inputError({ key: 'data.timeframe' }, 'an intraday timeframe (1h, 30m, 5m, 1m) for an intraday synthetic universe', '"1d"');
  if (!(o.symbols >= 3)) throw inputError({ key: 'data.universe.synthetic.symbols' }, 'at least 3 equities', String(o.symbols));
  if (!Number.isFinite(o.signal) || Math.abs(o.signal) > 2) throw inputError({ key: 'data.universe.synthetic.signal' }, 'a number in [-2, 2]', String(o.signal));
  const grid = sessionInstants(o.exchange, o.start, o.days, o.timeframe);
  const n = grid.times.length;
  const rng = new Rng(o.seed * 7919 + 17);
  const nEq = o.symbols;
  const nSec = Math.max(1, Math.min(o.sectors, nEq));
  const scale = Math.sqrt(TIMEFRAME_MINUTES[o.timeframe] / 60);
  const sigM = 0.003 * scale;
  const sigS = 0.0015 * scale;
  const sigE = 0.004 * scale;
  const beta = Array.from({ length: nEq }, () => 0.7 + 0.6 * rng.next());
  const members: UniverseMember[] = [];
  for (let i = 0; i < nEq; i++) members.push({ symbol: `SYH${String(i + 1).padStart(2, '0')}`, sector: `sector${Math.floor((i * nSec) / nEq) + 1}`, assetClass: 'equity', market: o.exchange });
  const logClose = Array.from({ length: nEq }, () => new Float64Array(n));
  const ret = Array.from({ length: nEq }, () => new Float64Array(n));
  const z = new Float64Array(nEq);
  const lvl = Array.from({ length: nEq }, () => Math.log(20 + 80 * rng.next()));
  for (let t = 0; t < n; t++) {
    // z-scores of the 5-bar return up to the previous bar (known at the close of t−1)
    let haveZ = false;
    if (t >= 6) {
      let s = 0;
      for (let i = 0; i < nEq; i++) s += (z[i] = logClose[i][t - 1] - logClose[i][t - 6]);
      const mean = s / nEq;
      let q = 0;
      for (let i = 0; i < nEq; i++) q += (z[i] - mean) ** 2;
      const sd = Math.sqrt(q / (nEq - 1));
      if (sd > 0) {
        for (let i = 0; i < nEq; i++) z[i] = (z[i] - mean) / sd;
        haveZ = true;
      }
    }
    const m = sigM * rng.normal() + (grid.first[t] ? 2 * sigM * rng.normal() : 0);
    const sec = Array.from({ length: nSec }, () => sigS * rng.normal());
    for (let i = 0; i < nEq; i++) {
      const k = Math.floor((i * nSec) / nEq);
      const alpha = haveZ ? -o.signal * sigE * z[i] : 0;
      const r = beta[i] * m + sec[k] + alpha + sigE * rng.normal();
      lvl[i] += r;
      logClose[i][t] = lvl[i];
      ret[i][t] = r;
    }
  }
  const bars: Record<string, Bars> = {};
  const build = (symbol: string, lc: Float64Array, r: Float64Array): Bars => {
    const b: Bars = { symbol, dates: grid.dates.slice(), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n), times: grid.times.slice(), timeframe: o.timeframe, exchange: o.exchange };
    for (let t = 0; t < n; t++) {
      const close = tick(Math.exp(lc[t]));
      const open = tick(Math.exp(lc[t] - r[t]));
      const wick = sigE * Math.abs(rng.normal()) * 0.5;
      b.open[t] = open;
      b.close[t] = close;
      b.high[t] = tick(Math.max(open, close) * (1 + wick));
      b.low[t] = tick(Math.min(open, close) * (1 - wick));
      b.volume[t] = Math.round(10000 * Math.exp(0.5 * rng.normal()));
    }
    return b;
  };
  members.forEach((mb, i) => (bars[mb.symbol] = build(mb.symbol, logClose[i], ret[i])));
  if (o.index) {
    const lc = new Float64Array(n);
    const r = new Float64Array(n);
    let l = Math.log(1000);
    for (let t = 0; t < n; t++) {
      let s = 0;
      for (let i = 0; i < nEq; i++) s += ret[i][t];
      r[t] = s / nEq;
      l += r[t];
      lc[t] = l;
    }
    members.push({ symbol: '^SYNH', sector: 'index', assetClass: 'index', market: o.exchange });
    bars['^SYNH'] = build('^SYNH', lc, r);
  }
  const description =
    o.signal !== 0
      ? `planted short-term reversal on ${o.timeframe} bars: next bar's expected log return = -${o.signal} x idiosyncratic vol x cross-sectional z-score of log_ret_5 (5 bars, over the ${nEq} equities)`
      : 'no planted signal: next-bar direction is not predictable from the bars';
  return { members, bars, truth: { signalFeature: 'log_ret_5', description, signal: o.signal } };
}
