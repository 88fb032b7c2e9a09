// public API of src/evaluation (re-exported by src/index.ts)
// Metrics, significance tests and leak-free splits; all pure functions on typed arrays.
export { logGamma, logBeta, regularizedGammaP, regularizedGammaQ, regularizedBeta, regularizedBetaComplement } from './special';
export * from './distributions';
export * from './metrics/classification';
export * from './metrics/probabilistic';
export * from './metrics/regression';
export * from './metrics/forecast';
export * from './metrics/trading';
export * from './metrics/baselines';
export * from './significance/binomial';
export * from './significance/bootstrap';
export * from './significance/compare';
export * from './significance/long-run';
export * from './significance/paired';
export * from './significance/paired-loss';
export * from './significance/promotion';
export * from './significance/summary';
export * from './splits/purge';
export * from './splits/forward';
export * from './splits/kfold';
export * from './cross-section/index';
