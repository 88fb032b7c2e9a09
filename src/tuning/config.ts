/** Turns the config's `tuning` section into a study definition for one model family. */
import { MODEL_ALIASES, type WorkbenchConfig } from '../config/schema';
import { inputError } from '../util/errors';
import type { PrunerConfig, SamplerConfig } from './factory';
import { checkSearchSpace, type SearchSpace } from './space';
import type { Direction } from './types';

/** Everything needed to open and run a study for one model. */
export interface TuningPlan {
  /** Registry key of the model (aliases such as `xgboost` resolved). */
  model: string;
  space: SearchSpace;
  sampler: SamplerConfig;
  pruner: PrunerConfig;
  direction: Direction;
  metric: string;
  trials: number;
  parallel: number;
}

/**
 * Reads `tuning` for `model` from a resolved config.
 * @param cfg a parsed config (`parseConfig` / `loadConfig`)
 * @param model registry key or alias (`gbdt`, `xgboost`, …)
 * @param source file name for error messages. Default `config`
 * @throws InputError when the config has no `tuning.spaces.<model>` or the space is invalid
 */
export function tuningPlan(cfg: WorkbenchConfig, model: string, source = 'config'): TuningPlan {
  const key = MODEL_ALIASES[model] ?? model;
  const t = cfg.tuning;
  const spaces = t?.spaces ?? {};
  const raw = spaces[key] ?? spaces[model];
  if (!t || !raw) {
    const have = Object.keys(spaces);
    throw inputError({ file: source, key: `tuning.spaces.${key}` }, 'a search space for this model', have.length ? `spaces only for ${have.join(', ')}` : 'no tuning.spaces section');
  }
  const space = checkSearchSpace(raw, `tuning.spaces.${key}`);
  const seed = t.seed ?? cfg.training.seed;
  const sampler: SamplerConfig = t.sampler === 'tpe' ? { type: 'tpe', seed, nStartupTrials: t.n_startup_trials } : { type: t.sampler, seed };
  const pruner: PrunerConfig =
    t.pruner === 'median'
      ? { type: 'median', nStartupTrials: t.pruner_startup_trials, nWarmupSteps: t.pruner_warmup_steps }
      : t.pruner === 'successive_halving'
        ? { type: 'successive_halving', minResource: t.min_resource, reductionFactor: t.reduction_factor }
        : { type: 'none' };
  return { model: key, space, sampler, pruner, direction: t.direction, metric: t.metric, trials: t.trials, parallel: t.parallel };
}
