/**
 * Seeded synthetic price series with known properties, so tests know what is (and is not) predictable:
 * a random walk (GBM), AR(1) returns with a chosen coefficient, GARCH(1,1) returns, and a
 * regime-switching series. Every generator returns {@link Bars} on consecutive weekdays with
 * internally consistent OHLC (high ≥ max(open, close), low ≤ min(open, close)).
 */
import { Rng } from '../util/rng';
import { isoToDay, isWeekday } from '../util/dates';
import { allocBars, type Bars } from './bars';

/** Options shared by every generator. */
export interface SyntheticOptions {
  /** Number of bars (trading days). Default 2000. */
  n?: number;
  /** RNG seed. Default 42. */
  seed?: number;
  /** First date (ISO); following dates are consecutive weekdays. Default `2000-01-03`. */
  start?: string;
  /** First close. Default 100. */
  startPrice?: number;
  /** Symbol name. Default depends on the generator (e.g. `GBM`). */
  symbol?: string;
}

const base = { n: 2000, seed: 42, start: '2000-01-03', startPrice: 100 };

/**
 * Builds bars from a series of daily log returns: close_t = close_{t-1}·exp(r_t), open = previous close,
 * high/low spread by a random intraday range, volume log-normal. `returns[0]` moves the first bar's
 * close away from `startPrice`.
 */
export function barsFromLogReturns(returns: ArrayLike<number>, options: SyntheticOptions & { rng?: Rng } = {}): Bars {
  const o = { ...base, ...options };
  const rng = options.rng ?? new Rng(o.seed + 1);
  const n = returns.length;
  const bars = allocBars(o.symbol ?? 'SYNTH', n);
  let day = isoToDay(o.start);
  while (!isWeekday(day)) day++;
  let prev = o.startPrice;
  for (let i = 0; i < n; i++) {
    const close = prev * Math.exp(returns[i]);
    const open = prev;
    const range = Math.abs(returns[i]) * 0.5 + 0.004 * Math.abs(rng.normal());
    bars.dates[i] = day;
    bars.open[i] = open;
    bars.close[i] = close;
    bars.high[i] = Math.max(open, close) * (1 + range * rng.next());
    bars.low[i] = Math.min(open, close) * (1 - range * rng.next());
    bars.volume[i] = Math.round(1e6 * Math.exp(0.3 * rng.normal()));
    prev = close;
    do day++;
    while (!isWeekday(day));
  }
  return bars;
}

/**
 * Geometric Brownian motion: i.i.d. normal log returns. No feature can predict direction better than 50 %.
 * @param options.mu daily drift of log returns (default 0); `sigma` daily volatility (default 0.01)
 */
export function randomWalk(options: SyntheticOptions & { mu?: number; sigma?: number } = {}): Bars {
  const o = { ...base, mu: 0, sigma: 0.01, ...options };
  const rng = new Rng(o.seed);
  const r = new Float64Array(o.n);
  for (let i = 0; i < o.n; i++) r[i] = o.mu + o.sigma * rng.normal();
  return barsFromLogReturns(r, { ...o, symbol: o.symbol ?? 'GBM', rng });
}

/**
 * AR(1) log returns r_t = phi·r_{t-1} + sigma·e_t. With phi = 0.3 the best next-day direction rule
 * (sign of phi·r_t) is right with probability 1/2 + asin(phi)/π ≈ 0.597.
 * @param options.phi autoregressive coefficient in (-1, 1) (default 0.3); `sigma` innovation std (default 0.01)
 */
export function ar1Returns(options: SyntheticOptions & { phi?: number; sigma?: number } = {}): Bars {
  const o = { ...base, phi: 0.3, sigma: 0.01, ...options };
  const rng = new Rng(o.seed);
  const r = new Float64Array(o.n);
  let prev = (o.sigma / Math.sqrt(1 - o.phi * o.phi)) * rng.normal();
  for (let i = 0; i < o.n; i++) {
    prev = o.phi * prev + o.sigma * rng.normal();
    r[i] = prev;
  }
  return barsFromLogReturns(r, { ...o, symbol: o.symbol ?? 'AR1', rng });
}

/** The theoretical best next-day direction accuracy for AR(1) returns with Gaussian noise. */
export function ar1BestAccuracy(phi: number): number {
  return 0.5 + Math.asin(Math.abs(phi)) / Math.PI;
}

/**
 * GARCH(1,1) log returns r_t = mu + e_t, e_t = sqrt(h_t)·z_t, h_t = omega + alpha·e_{t-1}² + beta·h_{t-1}.
 * Also returns the true conditional variances `h` so volatility models can be checked.
 * Defaults: omega 2e-6, alpha 0.08, beta 0.9, mu 0, normal z (or Student-t with `nu`).
 */
export function garchReturns(
  options: SyntheticOptions & { omega?: number; alpha?: number; beta?: number; mu?: number; nu?: number } = {},
): { bars: Bars; returns: Float64Array; variance: Float64Array } {
  const o = { ...base, omega: 2e-6, alpha: 0.08, beta: 0.9, mu: 0, ...options };
  const rng = new Rng(o.seed);
  const r = new Float64Array(o.n);
  const h = new Float64Array(o.n);
  let hPrev = o.omega / Math.max(1e-12, 1 - o.alpha - o.beta);
  let ePrev = Math.sqrt(hPrev) * rng.normal();
  for (let i = 0; i < o.n; i++) {
    const hi = o.omega + o.alpha * ePrev * ePrev + o.beta * hPrev;
    const z = o.nu ? rng.studentT(o.nu) : rng.normal();
    const e = Math.sqrt(hi) * z;
    h[i] = hi;
    r[i] = o.mu + e;
    hPrev = hi;
    ePrev = e;
  }
  return { bars: barsFromLogReturns(r, { ...o, symbol: o.symbol ?? 'GARCH', rng }), returns: r, variance: h };
}

/** One regime of {@link regimeSwitching}: daily drift and volatility of log returns. */
export interface RegimeSpec {
  name: string;
  mu: number;
  sigma: number;
}

/** Default regimes: bull, bear, sideways, high-volatility. */
export const DEFAULT_REGIMES: RegimeSpec[] = [
  { name: 'bull', mu: 0.0008, sigma: 0.008 },
  { name: 'bear', mu: -0.001, sigma: 0.014 },
  { name: 'sideways', mu: 0, sigma: 0.006 },
  { name: 'high_vol', mu: 0, sigma: 0.03 },
];

/**
 * Markov regime-switching returns: each day stays in its regime with probability `stay` (default 0.98),
 * else jumps to another uniformly. Returns the bars and the true regime index per day.
 */
export function regimeSwitching(
  options: SyntheticOptions & { regimes?: RegimeSpec[]; stay?: number } = {},
): { bars: Bars; regime: Int32Array; regimes: RegimeSpec[] } {
  const o = { ...base, stay: 0.98, ...options };
  const regimes = options.regimes ?? DEFAULT_REGIMES;
  const rng = new Rng(o.seed);
  const r = new Float64Array(o.n);
  const reg = new Int32Array(o.n);
  let k = 0;
  for (let i = 0; i < o.n; i++) {
    if (i > 0 && rng.next() > o.stay) k = (k + 1 + rng.int(regimes.length - 1)) % regimes.length;
    reg[i] = k;
    r[i] = regimes[k].mu + regimes[k].sigma * rng.normal();
  }
  return { bars: barsFromLogReturns(r, { ...o, symbol: o.symbol ?? 'REGIME', rng }), regime: reg, regimes };
}
