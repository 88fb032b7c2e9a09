/**
 * The Redis worker (`workbench worker --redis <url>`): takes track jobs from the queue and runs them with the
 * same job code as the local pool. Progress and checkpoints go back as job progress; a job on data that
 * hashes differently is failed without retries (the coordinator reports it) and the worker stops with exit 2.
 */
import { UnrecoverableError, Worker } from 'bullmq';
import * as os from 'os';
import type { TrainProgress } from '../models/types';
import { InputError } from '../util/errors';
import { bullConnection, probeRedis, redisClient, redisDefaults, type RedisSettings } from './redis-conn';
import { cancelKey, INPUT_FAILURE, type JobProgress } from './redis';
import { runTrackJob } from './track-job';
import type { TrackJob } from './types';

/** Options of {@link startRedisWorker}. */
export interface RedisWorkerOptions {
  /** Jobs run at once by this process (default 1: the wasm backend is single-threaded). */
  concurrency?: number;
  /** Workbench home to use instead of the one each job names (the shared folder mounted elsewhere). */
  home?: string;
  /** Called once when a job is refused for bad input (e.g. different data); the CLI exits 2. */
  onRefuse?: (err: InputError) => void;
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
  await probeRedis(s, '--redis');
  const lock = s.lock_ms ?? redisDefaults.lock_ms;
  const flags = redisClient(s);
  const worker: Worker = new Worker(
    s.queue ?? redisDefaults.queue,
    async (job) => {
      const data = job.data as TrackJob;
      if (data?.kind !== 'track') throw new UnrecoverableError(`${INPUT_FAILURE}job ${job.id}: unknown job kind ${JSON.stringify(data?.kind)} (this worker runs track jobs)`);
      options.log?.(`job ${job.id}: start (attempt ${job.attemptsMade + 1})`);
      const ac = new AbortController();
      let lastSent = 0;
      let lastPoll = 0;
      const poll = (): void => {
        const now = Date.now();
        if (now - lastPoll < 1000) return;
        lastPoll = now;
        void flags.exists(cancelKey(s.queue ?? redisDefaults.queue, data.runId)).then((n: number) => n && ac.abort(), () => undefined);
      };
      const send = (p: JobProgress): void => void job.updateProgress(p as unknown as object).catch(() => undefined);
      try {
        const track = await runTrackJob(data, {
          home: options.home,
          signal: ac.signal,
          onProgress: (e: TrainProgress) => {
            poll();
            const now = Date.now();
            if (e.fraction === 1 || now - lastSent >= 250) {
              lastSent = now;
              send({ t: 'p', e });
            }
          },
          onCheckpoint: (track) => {
            poll();
            send({ t: 'c', track });
          },
        });
        options.log?.(`job ${job.id}: done`);
        return track;
      } catch (e) {
        if (e instanceof InputError) {
          options.log?.(`job ${job.id}: refused: ${e.message}`);
          options.onRefuse?.(e);
          throw new UnrecoverableError(`${INPUT_FAILURE}${e.message}`);
        }
        if ((e as Error)?.name === 'AbortError') throw new UnrecoverableError(`cancelled: ${(e as Error).message}`);
        throw e;
      }
    },
    { connection: bullConnection(s), concurrency: options.concurrency ?? 1, lockDuration: lock, stalledInterval: Math.max(500, Math.floor(lock / 2)), maxStalledCount: 2, name: `${os.hostname()}:${process.pid}` },
  );
  worker.on('error', (err) => options.log?.(`worker error: ${err.message}`));
  worker.on('closed', () => flags.disconnect());
  await worker.waitUntilReady();
  return worker;
}
