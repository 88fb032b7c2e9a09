/**
 * Naive baselines: registers `baseline_majority`, `baseline_up`, `baseline_last_move` (direction) and
 * `baseline_vol_naive` (volatility), and exports the feature names they look for.
 */
import { registerModel, type ModelManifest } from '../registry';
import { BaselineClassifier, type BaselineClassifierState, type BaselineRule } from './classifiers';
import { VolNaiveModel, type VolNaiveState } from './regression';

export { BaselineClassifier, majorityDefaults, upDefaults, lastMoveDefaults, type BaselineRule, type BaselineClassifierState } from './classifiers';
export { VolNaiveModel, volNaiveDefaults, type VolNaiveState } from './regression';
export { RETURN_FEATURE_ALIASES, VOL_FEATURE_ALIASES } from './columns';

const descriptions: Record<BaselineRule, string> = {
  majority: 'Baseline: the majority class of the training window (probabilities = training frequencies)',
  up: 'Baseline: always predicts up',
  last_move: 'Baseline: the last daily move persists (up when the return at t, e.g. `log_ret_1`, is > 0)',
};

for (const rule of ['majority', 'up', 'last_move'] as BaselineRule[]) {
  registerModel({
    key: `baseline_${rule}`,
    description: descriptions[rule],
    tasks: rule === 'majority' ? ['binary', 'ternary', 'multiclass'] : ['binary', 'ternary'],
    inputRank: 2,
    create: (params) => new BaselineClassifier(rule, params),
    load: async (_dir: string, m: ModelManifest) => new BaselineClassifier(rule, m.params).restore(m.featureNames, m.state as BaselineClassifierState),
  });
}

registerModel({
  key: 'baseline_vol_naive',
  description: "Baseline: tomorrow's volatility = today's realized volatility (e.g. `ret_std_20`)",
  tasks: ['regression'],
  inputRank: 2,
  create: (params) => new VolNaiveModel(params),
  load: async (_dir: string, m: ModelManifest) => new VolNaiveModel(m.params).restore(m.featureNames, m.state as VolNaiveState),
});
