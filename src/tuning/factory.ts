/** Builds samplers and pruners from their JSON configs (as stored with a study and written in YAML). */
import { inputError, show } from '../util/errors';
import { MedianPruner, NopPruner, SuccessiveHalvingPruner } from './pruners';
import { GridSampler, RandomSampler } from './samplers';
import { TpeSampler } from './tpe';
import type { Pruner, Sampler } from './types';

/** A sampler config: `{type: 'tpe' | 'random' | 'grid', seed?, …options}`. */
export type SamplerConfig = { type: 'tpe' | 'random' | 'grid'; seed?: number } & Record<string, unknown>;

/** A pruner config: `{type: 'none' | 'median' | 'successive_halving', …options}`. */
export type PrunerConfig = { type: 'none' | 'median' | 'successive_halving' } & Record<string, unknown>;

/**
 * Creates a sampler from its config.
 * @throws InputError for an unknown type or bad options
 */
export function samplerFromConfig(cfg: SamplerConfig): Sampler {
  const { type, ...opts } = cfg;
  if (type === 'tpe') return new TpeSampler(opts);
  if (type === 'random') return new RandomSampler(opts);
  if (type === 'grid') return new GridSampler(opts);
  throw inputError({ key: 'sampler.type' }, 'one of tpe, random, grid', show(type));
}

/**
 * Creates a pruner from its config.
 * @throws InputError for an unknown type or bad options
 */
export function prunerFromConfig(cfg: PrunerConfig): Pruner {
  const { type, ...opts } = cfg;
  if (type === 'none') return new NopPruner();
  if (type === 'median') return new MedianPruner(opts);
  if (type === 'successive_halving') return new SuccessiveHalvingPruner(opts);
  throw inputError({ key: 'pruner.type' }, 'one of none, median, successive_halving', show(type));
}
