/**
 * Tree-structured Parzen Estimator sampler (Bergstra et al. 2011), univariate: finished trials are split
 * at the gamma quantile of their values into "good" and "bad"; each parameter gets a Parzen estimator
 * (truncated-Gaussian mixture with a wide prior component) per group, and the candidate drawn from the
 * good density that maximises l(x)/g(x) is chosen. The first `nStartupTrials` trials are random.
 */
import { normalCdf } from '../evaluation/distributions';
import { inputError, show } from '../util/errors';
import type { Rng } from '../util/rng';
import { RandomSampler, trialRng } from './samplers';
import { fromInternal, internalBounds, toInternal, type CategoricalSpec, type FloatSpec, type IntSpec, type ParamValue, type SearchSpace } from './space';
import type { Direction, FrozenTrial, Sampler } from './types';
import { fillDefaults } from '../util/options';

/** Options of {@link TpeSampler}. */
export interface TpeSamplerOptions {
  /** Seed. Default 42. */
  seed?: number;
  /** Random trials before TPE starts. Default 10. */
  nStartupTrials?: number;
  /** Candidates drawn from l(x) per parameter. Default 24. */
  nEiCandidates?: number;
  /** Fraction of finished trials counted as good. Default 0.25. */
  gamma?: number;
  /** Upper bound on the number of good trials. Default 25. */
  maxGood?: number;
  /** Weight of the prior component relative to one observation. Default 1. */
  priorWeight?: number;
}

/** Defaults of {@link TpeSamplerOptions}. */
export const tpeDefaults: Required<TpeSamplerOptions> = { seed: 42, nStartupTrials: 10, nEiCandidates: 24, gamma: 0.25, maxGood: 25, priorWeight: 1 };

/** A 1-D mixture of Gaussians truncated to [low, high]. */
export interface Parzen {
  mus: number[];
  sigmas: number[];
  weights: number[];
  /** weight / (sigma · √(2π) · truncated mass) per component (precomputed for the density). */
  coef: number[];
  low: number;
  high: number;
}

/**
 * Builds the Parzen estimator of observations on [low, high]: one component per observation with the
 * bandwidth of the larger gap to its sorted neighbours (clipped to [range/min(100, n+1), range]), plus a
 * prior component centred on the range with sigma = range.
 * @param obs observations in the sampling scale (not modified)
 * @param priorWeight weight of the prior relative to one observation
 */
export function buildParzen(obs: readonly number[], low: number, high: number, priorWeight: number): Parzen {
  const range = high - low || 1;
  const prior = (low + high) / 2;
  const pts = [...obs, prior].map((mu, i) => ({ mu, prior: i === obs.length }));
  pts.sort((a, b) => a.mu - b.mu);
  const minSigma = range / Math.min(100, obs.length + 1);
  const mus: number[] = [];
  const sigmas: number[] = [];
  const weights: number[] = [];
  for (let i = 0; i < pts.length; i++) {
    mus.push(pts[i].mu);
    weights.push(pts[i].prior ? priorWeight : 1);
    if (pts[i].prior) {
      sigmas.push(range);
      continue;
    }
    const left = pts[i].mu - (i > 0 ? pts[i - 1].mu : low);
    const right = (i < pts.length - 1 ? pts[i + 1].mu : high) - pts[i].mu;
    sigmas.push(Math.min(range, Math.max(minSigma, left, right)));
  }
  const total = weights.reduce((a, b) => a + b, 0);
  const w = weights.map((x) => x / total);
  const coef = mus.map((mu, i) => {
    const mass = normalCdf((high - mu) / sigmas[i]) - normalCdf((low - mu) / sigmas[i]);
    return w[i] / (sigmas[i] * Math.sqrt(2 * Math.PI) * Math.max(mass, 1e-12));
  });
  return { mus, sigmas, weights: w, coef, low, high };
}

/** log density of the truncated mixture at x. */
export function parzenLogPdf(p: Parzen, x: number): number {
  let s = 0;
  for (let i = 0; i < p.mus.length; i++) {
    const z = (x - p.mus[i]) / p.sigmas[i];
    s += p.coef[i] * Math.exp(-0.5 * z * z);
  }
  return Math.log(Math.max(s, 1e-300));
}

/** Draws one value from the truncated mixture (rejection, then clipping after 100 tries). */
export function parzenSample(p: Parzen, rng: Rng): number {
  let u = rng.next();
  let i = 0;
  while (i < p.weights.length - 1 && u >= p.weights[i]) u -= p.weights[i++];
  for (let t = 0; t < 100; t++) {
    const x = p.mus[i] + p.sigmas[i] * rng.normal();
    if (x >= p.low && x <= p.high) return x;
  }
  return Math.min(p.high, Math.max(p.low, p.mus[i]));
}

/** The TPE sampler. */
export class TpeSampler implements Sampler {
  readonly name = 'tpe';
  private readonly o: Required<TpeSamplerOptions>;
  private readonly random: RandomSampler;

  /** @param options see {@link tpeDefaults} */
  constructor(options: TpeSamplerOptions = {}) {
    this.o = fillDefaults(tpeDefaults, options);
    if (!(this.o.gamma > 0 && this.o.gamma < 1)) throw inputError({ key: 'tpe.gamma' }, 'a fraction in (0, 1)', show(this.o.gamma));
    if (!(Number.isInteger(this.o.nStartupTrials) && this.o.nStartupTrials >= 0)) throw inputError({ key: 'tpe.nStartupTrials' }, 'an integer >= 0', show(this.o.nStartupTrials));
    if (!(Number.isInteger(this.o.nEiCandidates) && this.o.nEiCandidates >= 1)) throw inputError({ key: 'tpe.nEiCandidates' }, 'an integer >= 1', show(this.o.nEiCandidates));
    this.random = new RandomSampler({ seed: this.o.seed });
  }

  /** Random during startup, then per-parameter argmax of l(x)/g(x) over candidates drawn from l. */
  sample(space: SearchSpace, trials: readonly FrozenTrial[], number: number, direction: Direction): Record<string, ParamValue> {
    const complete = trials.filter((t) => t.state === 'COMPLETE' && t.value !== undefined && Number.isFinite(t.value));
    if (complete.length < Math.max(1, this.o.nStartupTrials)) return this.random.sample(space, trials, number, direction);
    const sorted = [...complete].sort((a, b) => (direction === 'maximize' ? b.value! - a.value! : a.value! - b.value!));
    const nGood = Math.min(this.o.maxGood, Math.max(1, Math.ceil(this.o.gamma * sorted.length)));
    const good = sorted.slice(0, nGood);
    const bad = [...sorted.slice(nGood), ...trials.filter((t) => t.state === 'PRUNED')];
    const rng = trialRng(this.o.seed, number);
    const out: Record<string, ParamValue> = {};
    for (const name of Object.keys(space).sort()) {
      const spec = space[name];
      const g = good.filter((t) => name in t.params).map((t) => t.params[name]);
      const b = bad.filter((t) => name in t.params).map((t) => t.params[name]);
      out[name] = spec.type === 'categorical' ? this.categorical(spec, g, b, rng) : this.numeric(spec, g as number[], b as number[], rng);
    }
    return out;
  }

  private numeric(spec: IntSpec | FloatSpec, good: number[], bad: number[], rng: Rng): number {
    const [low, high] = internalBounds(spec);
    const l = buildParzen(good.map((v) => toInternal(spec, v)), low, high, this.o.priorWeight);
    const g = buildParzen(bad.map((v) => toInternal(spec, v)), low, high, this.o.priorWeight);
    let best = NaN;
    let bestScore = -Infinity;
    for (let k = 0; k < this.o.nEiCandidates; k++) {
      const x = parzenSample(l, rng);
      const score = parzenLogPdf(l, x) - parzenLogPdf(g, x);
      if (score > bestScore) {
        bestScore = score;
        best = x;
      }
    }
    return fromInternal(spec, best);
  }

  private categorical(spec: CategoricalSpec, good: ParamValue[], bad: ParamValue[], rng: Rng): ParamValue {
    const k = spec.choices.length;
    const weights = (obs: ParamValue[]) => {
      const w = spec.choices.map((c) => obs.filter((o) => o === c).length + this.o.priorWeight);
      const s = w.reduce((a, x) => a + x, 0);
      return w.map((x) => x / s);
    };
    const l = weights(good);
    const g = weights(bad);
    let best = 0;
    let bestScore = -Infinity;
    for (let n = 0; n < this.o.nEiCandidates; n++) {
      let u = rng.next();
      let i = 0;
      while (i < k - 1 && u >= l[i]) u -= l[i++];
      const score = Math.log(l[i]) - Math.log(g[i]);
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    }
    return spec.choices[best];
  }
}
