/** Random and grid samplers (the TPE sampler is in `tpe.ts`). Each trial draws from its own seeded stream. */
import { inputError, show } from '../util/errors';
import { Rng } from '../util/rng';
import { fromInternal, internalBounds, sampleUniform, type ParamSpec, type ParamValue, type SearchSpace } from './space';
import type { Direction, FrozenTrial, Sampler } from './types';
import { fillDefaults } from '../util/options';

/** The random stream of trial `number` of a sampler seeded with `seed` (independent of the order trials run in). */
export function trialRng(seed: number, number: number): Rng {
  return new Rng(((seed | 0) * 1_000_003 + number * 7919 + 17) | 0);
}

/** Options of {@link RandomSampler}. */
export interface RandomSamplerOptions {
  /** Seed. Default 42. */
  seed?: number;
}

/** Independent uniform draws per parameter (log-uniform for log specs). */
export class RandomSampler implements Sampler {
  readonly name = 'random';
  private readonly seed: number;
  /** @param options `seed` (default 42) */
  constructor(options: RandomSamplerOptions = {}) {
    this.seed = options.seed ?? 42;
  }
  /** Draws every parameter uniformly from trial `number`'s stream. */
  sample(space: SearchSpace, _trials: readonly FrozenTrial[], number: number, _direction: Direction): Record<string, ParamValue> {
    void _trials;
    void _direction;
    const rng = trialRng(this.seed, number);
    const out: Record<string, ParamValue> = {};
    for (const name of Object.keys(space).sort()) out[name] = sampleUniform(space[name], rng);
    return out;
  }
}

/** Options of {@link GridSampler}. */
export interface GridSamplerOptions {
  /** Seed of the visiting order. Default 42. */
  seed?: number;
  /** Points per continuous parameter without a step (evenly spaced in its scale, bounds included). Default 5. */
  pointsPerAxis?: number;
  /** Shuffle the visiting order (seeded). Default true. */
  shuffle?: boolean;
}

/** Defaults of {@link GridSamplerOptions}. */
export const gridSamplerDefaults = { seed: 42, pointsPerAxis: 5, shuffle: true };

/**
 * The grid values of one parameter: every choice, every int/step value (at most 1000), or `points`
 * evenly spaced values of a continuous range.
 */
export function gridValues(spec: ParamSpec, points: number): ParamValue[] {
  if (spec.type === 'categorical') return [...spec.choices];
  const step = spec.step ?? (spec.type === 'int' && !(spec.log === true) ? 1 : undefined);
  if (step !== undefined) {
    const n = Math.floor((spec.high - spec.low) / step + 1e-9) + 1;
    if (n <= 1000) return Array.from({ length: n }, (_, i) => fromInternal(spec, spec.low + i * step));
  }
  let [a, b] = internalBounds(spec);
  if (spec.type === 'int') [a, b] = spec.log ? [Math.log(spec.low), Math.log(spec.high)] : [spec.low, spec.high];
  const vals = Array.from({ length: points }, (_, i) => fromInternal(spec, points === 1 ? a : a + ((b - a) * i) / (points - 1)));
  return [...new Set(vals)];
}

/** Visits the cartesian product of every parameter's grid values once (seeded order); then it is exhausted. */
export class GridSampler implements Sampler {
  readonly name = 'grid';
  private readonly o: typeof gridSamplerDefaults;
  private cache: { key: string; order: number[]; axes: [string, ParamValue[]][] } | undefined;

  /** @param options `seed`, `pointsPerAxis` (default 5), `shuffle` (default true) */
  constructor(options: GridSamplerOptions = {}) {
    this.o = fillDefaults(gridSamplerDefaults, options);
    if (!(Number.isInteger(this.o.pointsPerAxis) && this.o.pointsPerAxis >= 1)) throw inputError({ key: 'pointsPerAxis' }, 'a positive integer', show(this.o.pointsPerAxis));
  }

  /** Number of grid points of `space`. */
  size(space: SearchSpace): number {
    return this.grid(space).order.length;
  }

  private grid(space: SearchSpace): { order: number[]; axes: [string, ParamValue[]][] } {
    const key = JSON.stringify(space);
    if (this.cache?.key === key) return this.cache;
    const axes = Object.keys(space)
      .sort()
      .map((n) => [n, gridValues(space[n], this.o.pointsPerAxis)] as [string, ParamValue[]]);
    const total = axes.reduce((p, [, v]) => p * v.length, 1);
    if (total > 1_000_000) throw inputError({ key: 'grid' }, 'a grid of at most 1,000,000 points', `${total} points`);
    const order = Array.from({ length: total }, (_, i) => i);
    if (this.o.shuffle) new Rng(this.o.seed).shuffle(order);
    this.cache = { key, order, axes };
    return this.cache;
  }

  /** The first grid point not yet taken by an earlier trial, or undefined when the grid is exhausted. */
  sample(space: SearchSpace, trials: readonly FrozenTrial[], _number: number, _direction: Direction): Record<string, ParamValue> | undefined {
    void _number;
    void _direction;
    const g = this.grid(space);
    const seen = new Set(trials.map((t) => JSON.stringify(Object.keys(t.params).sort().map((k) => t.params[k]))));
    for (const idx of g.order) {
      const params: Record<string, ParamValue> = {};
      let rest = idx;
      for (let j = g.axes.length - 1; j >= 0; j--) {
        const [name, vals] = g.axes[j];
        params[name] = vals[rest % vals.length];
        rest = Math.floor(rest / vals.length);
      }
      if (!seen.has(JSON.stringify(Object.keys(params).sort().map((k) => params[k])))) return params;
    }
    return undefined;
  }
}
