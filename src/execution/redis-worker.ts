/**
 * The Redis worker (`workbench worker --redis <url>`): takes track jobs from the queue and runs them in
 * sandboxed worker threads ({@link processTrackJob}: the same job code as the local pool). Progress and
 * checkpoints go back as job progress; a job on data that hashes differently is failed without retries (the
 * coordinator reports it) and `onRefuse` is called (the CLI exits 2). Cancel flags set by the coordinator
 * abort the run's active jobs.
 */
import { Worker, type Job } from 'bullmq';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { InputError, UnavailableError } from '../util/errors';
import { bullConnection, probeRedis, redisClient, redisDefaults, type RedisSettings } from './redis-conn';
import { cancelKey } from './redis';
import { INPUT_FAILURE, WORKER_HOME_ENV } from './sandbox';
import type { TrackJob, TrialJob } from './types';

/** Options of {@link startRedisWorker}. */
export interface RedisWorkerOptions {
  /** Jobs run at once by this process (default 1: the wasm backend is single-threaded). */
  concurrency?: number;
  /** Workbench home to use instead of the one each job names (the shared folder mounted elsewhere). */
  home?: string;
  /** Called when a job is refused for bad input (e.g. different data); the CLI exits 2. */
  onRefuse?: (err: InputError) => void;
  /** Compiled processor module to run jobs with instead of the track sandbox (the CLI's dispatches trial jobs too). */
  processor?: string;
  /** Log line per job event. */
  log?: (line: string) => void;
}

/**
 * Starts a BullMQ worker for track jobs.
 * @param settings redis settings
 * @param options concurrency (1), home override, refusal hook, log
 * @returns the worker (call `close()` to stop after the current jobs)
 * @throws InputError when Redis is unreachable or refuses the password
 */
export async function startRedisWorker(settings: RedisSettings, options: RedisWorkerOptions = {}): Promise<Worker> {
  const s = { ...redisDefaults, ...settings };
  const queue = s.queue ?? redisDefaults.queue;
  await probeRedis(s, '--redis');
  const sandbox = options.processor ?? path.join(__dirname, 'sandbox.js');
  if (!fs.existsSync(sandbox)) throw new UnavailableError(`the job script ${sandbox} is missing; workers need the compiled package (npm run build)`);
  if (options.home) process.env[WORKER_HOME_ENV] = path.resolve(options.home);
  const lock = s.lock_ms ?? redisDefaults.lock_ms;
  const worker = new Worker(queue, sandbox, {
    connection: bullConnection(s),
    concurrency: options.concurrency ?? 1,
    useWorkerThreads: true,
    lockDuration: lock,
    stalledInterval: Math.max(500, Math.floor(lock / 2)),
    maxStalledCount: 2,
    name: `${os.hostname()}:${process.pid}`,
  });
  const active = new Map<string, Job>();
  const flags = redisClient(s);
  const poll = setInterval(() => {
    for (const [id, job] of active) {
      const data = job.data as TrackJob | TrialJob;
      // a run's (or study's) cancel key, or the job's own (a pruned trial)
      void flags.exists(cancelKey(queue, data.kind === 'trial' ? data.studyId : data.runId), cancelKey(queue, id)).then((n: number) => {
        if (n) worker.cancelJob(id, 'cancelled by the coordinator');
      }, () => undefined);
    }
  }, 1000);
  poll.unref();
  worker.on('active', (job) => {
    active.set(String(job.id), job);
    options.log?.(`job ${job.id}: start (attempt ${job.attemptsMade + 1})`);
  });
  worker.on('completed', (job) => {
    active.delete(String(job.id));
    options.log?.(`job ${job.id}: done`);
  });
  worker.on('failed', (job, err) => {
    if (job) active.delete(String(job.id));
    options.log?.(`job ${job?.id}: failed: ${err.message}`);
    if (err.message.startsWith(INPUT_FAILURE)) options.onRefuse?.(new InputError(err.message.slice(INPUT_FAILURE.length)));
  });
  worker.on('error', (err) => options.log?.(`worker error: ${err.message}`));
  worker.on('closed', () => {
    clearInterval(poll);
    flags.disconnect();
  });
  await worker.waitUntilReady();
  return worker;
}
