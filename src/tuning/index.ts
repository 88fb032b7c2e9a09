// public API of src/tuning (re-exported by src/index.ts)
export {
  checkSearchSpace,
  sampleUniform,
  inSpace,
  isLog,
  type ParamValue,
  type ParamSpec,
  type IntSpec,
  type FloatSpec,
  type CategoricalSpec,
  type SearchSpace,
} from './space';
export { type Direction, type TrialState, type FrozenTrial, type Sampler, type Pruner } from './types';
export { RandomSampler, GridSampler, gridValues, gridSamplerDefaults, trialRng, type RandomSamplerOptions, type GridSamplerOptions } from './samplers';
export { TpeSampler, tpeDefaults, buildParzen, parzenLogPdf, parzenSample, type TpeSamplerOptions, type Parzen } from './tpe';
export {
  NopPruner,
  MedianPruner,
  SuccessiveHalvingPruner,
  medianPrunerDefaults,
  successiveHalvingDefaults,
  type MedianPrunerOptions,
  type SuccessiveHalvingOptions,
} from './pruners';
export { samplerFromConfig, prunerFromConfig, type SamplerConfig, type PrunerConfig } from './factory';
export { openStudy, Study, TrialPruned, optimizeDefaults, type StudyOptions, type OptimizeOptions, type TrialContext, type Objective } from './study';
export { listStudies, type StudyRecord } from './study-store';
export { WorkerPool, workerPoolDefaults, type WorkerPoolOptions } from './parallel';
export { optimizationHistory, paramImportance, parallelCoordinates, type OptimizationHistory, type ParallelAxis, type ParamImportanceOptions } from './plots';
export { hartmann6, noisyQuadratic, HARTMANN6_MIN } from './benchmarks';
export { tuningPlan, type TuningPlan } from './config';
export { jobObjective, runTrialJob, taskDataSha256, type JobObjectiveOptions, type TrialJobOptions } from './trial-job';
