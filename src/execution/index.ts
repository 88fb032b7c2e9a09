/** Job layer: one {@link JobBackend} interface, a local process pool and BullMQ workers on Redis. */
export * from './types';
export { chooseBackend, dispatchTracks, mergeTrackCheckpoints, type DispatchOptions } from './dispatch';
export { coreCount, LocalBackend, localBackendDefaults, type LocalBackendOptions } from './local';
export { RedisBackend, cancelKey } from './redis';
export { probeRedis, redisOptions, redisSettings, redisDefaults, type RedisSettings } from './redis-conn';
export { startRedisWorker, type RedisWorkerOptions } from './redis-worker';
export { jobBars, latestTrackState, runTrackJob, trackFile, type TrackJobOptions } from './track-job';
export { RedisQueueView, redisQueueStatus, type RedisQueueStatus, type RemoteWorker } from './redis-status';
export { RedisTrials, trialCancelKey, type TrialProgress } from './redis-trials';
