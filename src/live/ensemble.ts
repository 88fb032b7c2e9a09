/**
 * Ensembles of binary-probability models (weighted average, stacking, blending). The implementation lives in
 * `models/ensemble/stacking` (the ensemble model family uses it, and models sit below live); re-exported here
 * for the live predictor and the public API.
 */
export {
  weightedAverage,
  outOfFoldPredictions,
  fitStacker,
  stackPredict,
  fitBlend,
  stackerDefaults,
  blendDefaults,
  type Stacker,
  type StackerOptions,
  type BlendOptions,
} from '../models/ensemble/stacking';
