/**
 * Planted series for the signal-recovery benchmark: each knows its best achievable next-day direction
 * accuracy (the Bayes rule given the generating process), so a model's share of the available edge can be
 * measured. All are seeded and built from daily log returns (σ = 1 %).
 */
import type { Bars } from '../data/bars';
import { ar1BestAccuracy, ar1Returns, barsFromLogReturns, garchReturns, randomWalk } from '../data/synthetic';
import { normalCdf } from '../evaluation/distributions';
import { Rng } from '../util/rng';

/** A synthetic series with a known answer. */
export interface SignalSeries {
  /**
   * `ar1`: AR(1) log returns with coefficient `phi`; `random_walk`; `nonlinear`: the next move is shifted by
   * `strength`·σ in the direction of sign(r_t)·sign(volume_ratio_20_t − 0.956) — moves on above-median volume
   * continue, the others reverse: an interaction of two columns of the feature table (`log_ret_1`,
   * `volume_ratio_20`), neither of which says anything alone — plus noise;
   * `regime`: a hidden two-state Markov chain (stays with probability 0.99), AR(1) with `phi` in the calm
   * state (σ 0.7 %), i.i.d. in the volatile one (σ 1.5 %); `garch`: GARCH(1,1) returns, direction
   * unpredictable, volatility predictable.
   */
  kind: 'ar1' | 'random_walk' | 'nonlinear' | 'regime' | 'garch';
  /** AR coefficient (`ar1` default 0.3, `regime` default 0.5). */
  phi?: number;
  /** Mean shift in units of σ (`nonlinear`, default 0.25: Bayes Φ(0.25) ≈ 0.599). */
  strength?: number;
  seed?: number;
}

/** Bars of a planted series and the Bayes accuracy over a range of its rows. */
export interface PlantedSeries {
  bars: Bars;
  /** Log returns (r[i] moves close[i−1] → close[i]). */
  returns: Float64Array;
  /** True conditional variance of each return (`garch` only). */
  variance?: Float64Array;
  /**
   * Best achievable h = 1 direction accuracy averaged over the days whose next move is predicted, rows
   * [from, to) (half-open).
   */
  bayes(from: number, to: number): number;
}

/**
 * Split of the `nonlinear` rule's volume ratio: about its median for i.i.d. lognormal volume with σ 0.3
 * (v / mean of the last 20 ≈ e^{σz − σ²/2}), so neither input alone says anything about the next move.
 */
const VOLUME_SPLIT = Math.exp(-0.045);

/** volume[i] / mean(volume[i−w+1..i]) — the feature `volume_ratio_20` for w = 20; NaN before w rows. */
function volumeRatio(volume: Float64Array, w: number): Float64Array {
  const out = new Float64Array(volume.length).fill(NaN);
  let sum = 0;
  for (let i = 0; i < volume.length; i++) {
    sum += volume[i];
    if (i >= w) sum -= volume[i - w];
    if (i >= w - 1) out[i] = volume[i] / (sum / w);
  }
  return out;
}

function returnsOf(bars: Bars): Float64Array {
  const r = new Float64Array(bars.close.length);
  for (let i = 1; i < r.length; i++) r[i] = Math.log(bars.close[i] / bars.close[i - 1]);
  return r;
}

/**
 * Generates a planted series.
 * @param s the series and its seed (default 42)
 * @param options `n` days (default 3000) from `start` (ISO)
 * @returns bars, returns and the Bayes accuracy function
 */
export function plantedSeries(s: SignalSeries, options: { n: number; start: string }): PlantedSeries {
  const seed = s.seed ?? 42;
  const { n, start } = options;
  const flat = (v: number) => () => v;
  if (s.kind === 'ar1') {
    const phi = s.phi ?? 0.3;
    const bars = ar1Returns({ n, start, phi, seed });
    return { bars, returns: returnsOf(bars), bayes: flat(ar1BestAccuracy(phi)) };
  }
  if (s.kind === 'random_walk') {
    const bars = randomWalk({ n, start, seed });
    return { bars, returns: returnsOf(bars), bayes: flat(0.5) };
  }
  if (s.kind === 'garch') {
    const g = garchReturns({ n, start, seed });
    return { bars: g.bars, returns: g.returns, variance: g.variance, bayes: flat(0.5) };
  }
  const rng = new Rng(seed);
  const sigma = 0.01;
  const r = new Float64Array(n);
  if (s.kind === 'nonlinear') {
    const k = s.strength ?? 0.25;
    // volumes first (i.i.d. lognormal, σ 0.3), then each move from the rule on the day before
    const volume = Float64Array.from({ length: n }, () => Math.round(1e6 * Math.exp(0.3 * rng.normal())));
    const ratio = volumeRatio(volume, 20);
    for (let i = 0; i < n; i++) {
      const rule = i >= 20 ? Math.sign(r[i - 1]) * (ratio[i - 1] > VOLUME_SPLIT ? 1 : -1) : 0;
      r[i] = sigma * (k * rule + rng.normal());
    }
    const bars = barsFromLogReturns(r, { n, start, seed, symbol: 'NONLINEAR', rng });
    bars.volume.set(volume);
    return { bars, returns: r, bayes: flat(normalCdf(k)) };
  }
  const phi = s.phi ?? 0.5;
  const calm = new Uint8Array(n);
  let state = 1;
  let prev = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0 && rng.next() > 0.99) state = 1 - state;
    calm[i] = state;
    const sd = state ? 0.007 : 0.015;
    // calm: stationary AR(1) with marginal sd `sd`; volatile: i.i.d.
    r[i] = state ? phi * prev + sd * Math.sqrt(1 - phi * phi) * rng.normal() : sd * rng.normal();
    prev = r[i];
  }
  const bars = barsFromLogReturns(r, { n, start, seed, symbol: 'REGIME', rng });
  const inCalm = 0.5 + Math.asin(phi) / Math.PI;
  return {
    bars,
    returns: r,
    bayes(from, to) {
      // day i predicts r[i+1]; the edge exists when both day i and day i+1 are calm
      let sum = 0;
      let m = 0;
      for (let i = Math.max(0, from); i < Math.min(n - 1, to); i++, m++) sum += calm[i] && calm[i + 1] ? inCalm : 0.5;
      return m ? sum / m : 0.5;
    },
  };
}
