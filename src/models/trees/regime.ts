/**
 * `regime_rf`: the regime classifier, a {@link RandomForestModel} preset for 4 market regimes
 * (0 bull, 1 bear, 2 sideways, 3 high_vol), task `multiclass`, balanced class weights.
 */
import { registerModel } from '../registry';
import { forestDefaults, RandomForestModel, type ForestParams } from './forest';

/** Regime class names, in class-index order. */
export const REGIME_RF_CLASSES = ['bull', 'bear', 'sideways', 'high_vol'];

/** Defaults of `regime_rf` (every `random_forest` hyperparameter may be overridden). */
export const regimeRfDefaults: ForestParams = {
  ...forestDefaults,
  task: 'multiclass',
  classes: 4,
  classNames: REGIME_RF_CLASSES,
  nTrees: 200,
  maxDepth: 8,
  minSamplesLeaf: 5,
  classWeight: 'balanced',
};

/**
 * Creates an unfitted regime classifier.
 * @param params overrides of {@link regimeRfDefaults}
 */
export function createRegimeClassifier(params: Record<string, unknown> = {}): RandomForestModel {
  return new RandomForestModel(params, 'regime_rf', regimeRfDefaults);
}

registerModel({
  key: 'regime_rf',
  description: 'Regime classifier (bull / bear / sideways / high_vol): a balanced random forest',
  tasks: ['multiclass'],
  inputRank: 2,
  create: (params) => createRegimeClassifier(params),
  load: async (dir, manifest) => RandomForestModel.fromManifest(dir, manifest, regimeRfDefaults),
});
