// public API of src/live (re-exported by src/index.ts)
export * from './types';
export * from './drift';
export * from './weights';
export * from './ensemble';
export * from './signals';
export * from './accuracy';
export * from './adaptive';
export { CUMULATIVE_COLUMNS, incrementalDefaults, extendFeatures, appendFrames, type IncrementalOptions } from './incremental';
export * from './profiles';
export * from './sources';
export * from './state';
export * from './model-source';
export { forecastOne } from './forecast';
export * from './registry-source';
export * from './train';
export * from './triggers';
export {
  ensureLiveTables,
  listPredictions,
  appendOnConnection as appendPredictionsOnConnection,
  verifyOnConnection,
  verifyPredictions,
  storedAccuracy,
  storedWeightHistory,
  exportPredictionsJsonl,
  type ListPredictionsOptions,
  type VerifyOptions,
  type VerifyResult,
} from './predlog';
export * from './update';
export * from './predictor';
export * from './versions';
export * from './retrain';
export * from './ensemble-source';
