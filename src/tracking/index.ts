// public API of src/tracking (re-exported by src/index.ts)
export { withTrackingDb, trackingStorePath, type TrackingStoreOptions } from './db';
export { gitCommit, hostName, pidAlive } from './env';
export {
  startRun,
  startRunDefaults,
  markStaleRuns,
  RunHandle,
  RUN_STATUSES,
  checkKey,
  paramText,
  type RunStatus,
  type StartRunOptions,
  type EndRunOptions,
} from './tracker';
export { Tracker, type TrackerOptions } from './client';
export { listRuns, runsTable, bestRun, runMetrics, getRun, type RunRow, type ListRunsOptions, type BestRunOptions, type MetricPoint } from './query';
export { exportMlflow, exportMlflowDefaults, MLFLOW_STATUS_CODE, type ExportMlflowOptions, type ExportMlflowResult } from './mlflow-export';
export { readMlflowDir, parseMetricFile, type MlflowExperiment, type MlflowRun, type MlflowMetricPoint } from './mlflow-read';
export { MlflowRestClient, pushRunToMlflow, mirrorRunToTrackingUri, LOG_BATCH_LIMITS, type FetchLike, type MlflowRestOptions } from './mlflow-rest';
export {
  registerModelVersion,
  listModelVersions,
  resolveModelUri,
  loadRegisteredModel,
  loadRegisteredBundle,
  transitionModelVersionStage,
  setModelAlias,
  deleteModelAlias,
  rollbackProduction,
  parseModelUri,
  MODEL_STAGES,
  type ModelStage,
  type ModelVersion,
  type ModelUri,
  type ModelRegistryOptions,
  type RegisterModelVersionInput,
  type TransitionOptions,
} from './model-registry';
export { reopenRun, type ReopenRunOptions } from './reopen';
export { startTrainingRun, flattenConfig, trackMetricPrefix, TrainingTracker, type TrainingRunInfo } from './train-run';
export { reproduceRun, reproduceDefaults, compareRunResults, REPRODUCED_METRICS, type ReproduceOptions, type Reproduction, type ResultComparison } from './reproduce';
