/**
 * Ensemble family: registers `ensemble` (average / weighted / stacking of tabular members).
 */
import { registerModel, type ModelManifest } from '../registry';
import { EnsembleModel, type EnsembleState } from './model';

export { EnsembleModel, type EnsembleState, type StackingFoldRecord } from './model';
export { ensembleDefaults, type EnsembleParams, type MemberSpec } from './params';
export { forwardFoldIds, forwardTrainRows, timePositions, subsetRows } from './folds';

registerModel({
  key: 'ensemble',
  description: 'Ensemble of tabular models: average, weighted (learned on validation) or stacking on forward out-of-fold predictions',
  tasks: ['binary', 'ternary', 'multiclass'],
  inputRank: 2,
  create: (params) => new EnsembleModel(params),
  load: async (dir: string, m: ModelManifest) => new EnsembleModel(m.params).restore(dir, m.featureNames, m.state as EnsembleState),
});
