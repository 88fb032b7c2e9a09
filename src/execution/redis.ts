/**
 * The Redis back end (coordinator side): every track becomes a BullMQ job with the idempotent id
 * `<runId>.<trackId>` on the queue `execution.redis.queue`; `workbench worker --redis <url>` processes them
 * anywhere the run folder is reachable. Progress and checkpoints come back through queue events; a job whose
 * worker dies is handed to another one by BullMQ's stalled-job check; failed attempts are retried with
 * exponential backoff; a job out of attempts stays in the failed list (the dead letters, see `GET /api/queue`).
 * A coordinator started again (`workbench resume`) re-attaches: existing jobs are not added twice, finished
 * ones are collected from Redis, dead ones retried.
 */
import { Queue, QueueEvents, type Job } from 'bullmq';
import type { TrainProgress } from '../models/types';
import type { TrackState } from '../training/types';
import { InputError } from '../util/errors';
import { bullConnection, probeRedis, redisClient, redisDefaults, type RedisSettings } from './redis-conn';
import { RedisTrials } from './redis-trials';
import type { BatchOptions, JobBackend, TrackJob, TrialHooks, TrialJob, TrialOutcome } from './types';

/** Progress payload of a job (`job.updateProgress`). */
export type JobProgress = { t: 'p'; e: TrainProgress } | { t: 'c'; track: TrackState };

import { INPUT_FAILURE } from './sandbox';

/** Redis key whose existence asks every worker to stop the run's jobs. */
export function cancelKey(queue: string, runId: string): string {
  return `wb:${queue}:cancel:${runId}`;
}

function parse<T>(v: unknown): T {
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
}

/** BullMQ jobs on Redis. */
export class RedisBackend implements JobBackend {
  readonly kind = 'redis' as const;
  slots = 0;
  readonly settings: RedisSettings;
  private queue?: Queue;
  private trials?: RedisTrials;
  private trialsCancelled = false;

  /** @param settings `execution.redis` (url, password, tls, queue, lock_ms, attempts) */
  constructor(settings: RedisSettings) {
    this.settings = { ...redisDefaults, ...settings };
  }

  /** The BullMQ queue (connected on first use). */
  getQueue(): Queue {
    this.queue ??= new Queue(this.settings.queue ?? redisDefaults.queue, { connection: bullConnection(this.settings) });
    return this.queue;
  }

  /** Enqueues the jobs (idempotently) and follows them to the end. */
  async run(jobs: TrackJob[], options: BatchOptions): Promise<Map<string, TrackState>> {
    await probeRedis(this.settings);
    const name = this.settings.queue ?? redisDefaults.queue;
    const connection = bullConnection(this.settings);
    const flags = redisClient(this.settings);
    const queue = this.getQueue();
    const events = new QueueEvents(name, { connection });
    await events.waitUntilReady();
    this.slots = await queue.getWorkersCount().catch(() => 0);
    const byId = new Map(jobs.map((j) => [j.id, j]));
    const results = new Map<string, TrackState>();
    const runIds = [...new Set(jobs.map((j) => j.runId))];
    try {
      await Promise.all(runIds.map((r) => flags.del(cancelKey(name, r))));
      return await new Promise<Map<string, TrackState>>((resolve, reject) => {
        let over = false;
        const end = (err?: Error): void => {
          if (over) return;
          over = true;
          options.signal?.removeEventListener('abort', onAbort);
          if (err) reject(err);
          else resolve(results);
        };
        const done = (id: string, track: TrackState): void => {
          const job = byId.get(id);
          // no track: a completion seen before its return value was readable (the event delivers it)
          if (!job || !track || results.has(id) || over) return;
          results.set(id, track);
          options.onDone?.(job, track);
          if (results.size === jobs.length) end();
        };
        const failed = (id: string, reason: string): void => {
          const job = byId.get(id);
          if (!job) return;
          end(reason.startsWith(INPUT_FAILURE) ? new InputError(reason.slice(INPUT_FAILURE.length)) : new Error(`job ${id} failed after ${this.settings.attempts} attempts (in the dead-letter list): ${reason}`));
        };
        const onAbort = (): void => {
          void (async () => {
            await Promise.all(runIds.map((r) => flags.set(cancelKey(name, r), '1', 'EX', 3600)));
            for (const id of byId.keys()) {
              const j = await queue.getJob(id);
              if (j && (await j.getState()) !== 'active') await j.remove().catch(() => undefined);
            }
          })().finally(() => end(Object.assign(new Error('training cancelled'), { name: 'AbortError' })));
        };
        options.signal?.addEventListener('abort', onAbort);
        events.on('progress', ({ jobId, data }) => {
          const job = byId.get(jobId);
          if (!job || over) return;
          const p = parse<JobProgress>(data);
          if (p?.t === 'p') options.onProgress?.(job, p.e);
          else if (p?.t === 'c') options.onCheckpoint?.(job, p.track);
        });
        events.on('completed', ({ jobId, returnvalue }) => done(jobId, parse<TrackState>(returnvalue)));
        events.on('failed', ({ jobId, failedReason }) => {
          if (!byId.has(jobId)) return;
          void queue.getJob(jobId).then(async (j) => {
            if (j && (await j.getState()) === 'failed') failed(jobId, failedReason);
          });
        });
        void (async () => {
          // added longest first (FIFO queue): a long deep track does not start last
          await queue.addBulk(
            jobs.slice().sort((a, b) => (b.cost ?? 1) - (a.cost ?? 1)).map((j) => ({
              name: 'track',
              data: j,
              opts: { jobId: j.id, attempts: this.settings.attempts, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: false, removeOnFail: false },
            })),
          );
          // re-attach: jobs that already existed may have finished (or died) before this coordinator listened
          for (const id of byId.keys()) {
            const j: Job | undefined = await queue.getJob(id);
            if (!j) continue;
            const st = await j.getState();
            if (st === 'completed') {
              // the job may have completed between the fetch and the state query: read its return value again
              const fresh = j.returnvalue == null ? await queue.getJob(id) : j;
              const track = fresh ? parse<TrackState>(fresh.returnvalue) : undefined;
              if (track) done(id, track);
            }
            else if (st === 'failed') {
              if (j.failedReason?.startsWith(INPUT_FAILURE)) failed(id, j.failedReason);
              else await j.retry('failed');
            }
          }
        })().catch((e: Error) => end(e));
      });
    } finally {
      await events.close().catch(() => undefined);
      flags.disconnect();
    }
  }

  /**
   * Runs one tuning trial as a job on the queue (idempotent id `<studyId>.<number>`).
   * @param job the trial job
   * @param hooks `report` of intermediate values (prune decisions)
   * @returns the value, or `{pruned: true}`
   */
  runTrial(job: TrialJob, hooks: TrialHooks): Promise<TrialOutcome> {
    if (this.trialsCancelled) return Promise.reject(Object.assign(new Error('tuning cancelled'), { name: 'AbortError' }));
    this.trials ??= new RedisTrials(this.settings, this.getQueue());
    return this.trials.run(job, hooks);
  }

  /** Ctrl-C of a study: removes its queued trial jobs, cancels the running ones; later trials are refused. */
  async cancelTrials(): Promise<void> {
    this.trialsCancelled = true;
    await this.trials?.cancel();
  }

  /** Number of workers serving the queue now. */
  async workerCount(): Promise<number> {
    await probeRedis(this.settings);
    return this.getQueue().getWorkersCount().catch(() => 0);
  }

  /** Closes the queue connection. */
  async close(): Promise<void> {
    await this.trials?.close();
    this.trials = undefined;
    await this.queue?.close().catch(() => undefined);
    this.queue = undefined;
  }
}
