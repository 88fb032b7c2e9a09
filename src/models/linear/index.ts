/**
 * Linear family: registers `logistic` (binary / ternary / multiclass) and `ridge` (regression) and
 * exports the model class and the L-BFGS optimiser.
 */
import { registerModel, type ModelManifest } from '../registry';
import { LinearModel } from './model';
import type { LinearState } from './params';
import type { Standardizer } from './standardize';

export { LinearModel } from './model';
export { logisticDefaults, ridgeDefaults, type LinearState } from './params';
export { minimizeLbfgs, lbfgsDefaults, type LbfgsOptions, type LbfgsResult, type ObjectiveWithGradient } from './lbfgs';
// standardize.ts / objective.ts / data.ts stay internal (generic names would clash in src/index.ts).

function loader(key: 'logistic' | 'ridge') {
  return async (_dir: string, m: ModelManifest) =>
    new LinearModel(key, m.params).restore(m.featureNames, m.state as LinearState, m.scaler as Standardizer);
}

registerModel({
  key: 'logistic',
  description: 'L2 logistic regression (sigmoid for binary, softmax for ternary and multiclass) on standardised features, L-BFGS',
  tasks: ['binary', 'ternary', 'multiclass'],
  inputRank: 2,
  create: (params) => new LinearModel('logistic', params),
  load: loader('logistic'),
});

registerModel({
  key: 'ridge',
  description: 'L2-penalised least squares (ridge) on standardised features and target, L-BFGS',
  tasks: ['regression'],
  inputRank: 2,
  create: (params) => new LinearModel('ridge', params),
  load: loader('ridge'),
});
