// public API
// Notebooks, the CLI, the REST API and tests all import from here (compiled: dist/src/index.js).
export * from './util/index';
export * from './data/index';
export * from './features/index';
export * from './labels/index';
export * from './windows/index';
export * from './models/index';
export * from './evaluation/index';
export * from './training/index';
export * from './config/index';
export * from './tracking/index';
export * from './universe/index';
export * from './live/index';
export * from './viz/index';
export * from './tuning/index';
export { LocalBackend, RedisBackend, startRedisWorker, probeRedis, redisSettings, runTrackJob, type JobBackend, type TrackJob, type TrialJob, type TrialOutcome, type RedisSettings, trialJobId } from './execution/index';
export * from './report/index';
export * as server from './server/index';
