/**
 * Tuning trials on the Redis back end (coordinator side): each sampled trial becomes a BullMQ job with the
 * idempotent id `<studyId>.<trialNumber>` on the same queue as track jobs. Intermediate values come back as
 * job progress and go to the study's pruner; a prune decision sets the job's cancel key, which the worker
 * polls (it aborts the trial, which then ends as pruned). A trial job that already exists with the same task
 * and params (a coordinator started again) is not added twice: its stored result is collected.
 */
import { Queue, QueueEvents } from 'bullmq';
import type IORedis from 'ioredis';
import { stableStringify } from '../config/load';
import { InputError } from '../util/errors';
import { bullConnection, probeRedis, redisClient, redisDefaults, type RedisSettings } from './redis-conn';
import { INPUT_FAILURE } from './sandbox';
import type { TrialHooks, TrialJob, TrialOutcome } from './types';

/** Progress payload of a trial job: one intermediate value. */
export interface TrialProgress {
  t: 'r';
  step: number;
  value: number;
}

interface Waiting {
  job: TrialJob;
  hooks: TrialHooks;
  pruned: boolean;
  /** Reports in flight (serialised). */
  chain: Promise<void>;
  settle(fn: () => void): void;
  resolve(o: TrialOutcome): void;
  reject(e: Error): void;
}

function cancelled(): Error {
  return Object.assign(new Error('tuning cancelled: queued trials removed, running ones stopped'), { name: 'AbortError' });
}

function parse<T>(v: unknown): T {
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
}

/** The Redis key whose existence asks the worker running job (or run) `id` to stop it. */
export function trialCancelKey(queue: string, id: string): string {
  return `wb:${queue}:cancel:${id}`;
}

/** Follows trial jobs on one queue through a single QueueEvents connection. */
export class RedisTrials {
  private ready?: Promise<void>;
  private events?: QueueEvents;
  private flags?: IORedis;
  private readonly waiting = new Map<string, Waiting>();
  private readonly name: string;
  private stopped = false;

  /**
   * @param settings redis settings (url, password, tls, queue, attempts)
   * @param queue the back end's queue (shared with track jobs)
   */
  constructor(private readonly settings: RedisSettings, private readonly queue: Queue) {
    this.name = settings.queue ?? redisDefaults.queue;
  }

  private start(): Promise<void> {
    this.ready ??= (async () => {
      await probeRedis(this.settings);
      this.flags = redisClient(this.settings);
      const events = new QueueEvents(this.name, { connection: bullConnection(this.settings) });
      this.events = events;
      events.on('progress', ({ jobId, data }) => this.progress(jobId, parse<TrialProgress>(data)));
      events.on('completed', ({ jobId, returnvalue }) => {
        const w = this.waiting.get(jobId);
        // the outcome after every report sent before it (the pruner may still stop the trial)
        if (w) void w.chain.then(() => w.resolve(w.pruned ? { pruned: true } : parse<TrialOutcome>(returnvalue)));
      });
      events.on('failed', ({ jobId, failedReason }) => {
        if (!this.waiting.has(jobId)) return;
        void this.queue.getJob(jobId).then(async (j) => {
          if (!j || (await j.getState()) === 'failed') await this.waiting.get(jobId)?.chain.then(() => this.failed(jobId, failedReason));
        });
      });
      await events.waitUntilReady();
    })();
    return this.ready;
  }

  private progress(id: string, p: TrialProgress): void {
    const w = this.waiting.get(id);
    if (!w || p?.t !== 'r' || !w.hooks.report) return;
    const report = w.hooks.report;
    // one report at a time, in order; like an in-process trial, every value the objective sent before it
    // noticed the prune decision is recorded (a synchronous fit notices only at its end, here and there)
    w.chain = w.chain.then(async () => {
      if (!(await report(p.step, p.value)) || w.pruned) return;
      w.pruned = true;
      await this.flags?.set(trialCancelKey(this.name, id), '1', 'EX', 3600).catch(() => undefined);
    }).catch((e: Error) => w.reject(e));
  }

  private failed(id: string, reason: string): void {
    const w = this.waiting.get(id);
    if (!w) return;
    if (w.pruned) w.resolve({ pruned: true });
    else if (reason.startsWith(INPUT_FAILURE)) w.reject(new InputError(reason.slice(INPUT_FAILURE.length)));
    else w.reject(new Error(`trial job ${id} failed after ${this.settings.attempts ?? redisDefaults.attempts} attempts (in the dead-letter list): ${reason}`));
  }

  /**
   * Enqueues one trial (idempotently) and waits for its outcome.
   * @param job the trial job
   * @param hooks `report` (the study's pruner)
   * @returns the objective value, or `{pruned: true}`
   */
  async run(job: TrialJob, hooks: TrialHooks): Promise<TrialOutcome> {
    if (this.stopped) throw cancelled();
    await this.start();
    if (this.waiting.has(job.id)) throw new Error(`trial job ${job.id} is already being followed`);
    const done = new Promise<TrialOutcome>((resolve, reject) => {
      let over = false;
      const settle = (fn: () => void): void => {
        if (over) return;
        over = true;
        this.waiting.delete(job.id);
        fn();
      };
      this.waiting.set(job.id, { job, hooks, pruned: false, chain: Promise.resolve(), settle, resolve: (o) => settle(() => resolve(o)), reject: (e) => settle(() => reject(e)) });
    });
    const w = this.waiting.get(job.id) as Waiting;
    try {
      const same = (d: unknown): boolean => stableStringify(d) === stableStringify(job);
      let existing = await this.queue.getJob(job.id);
      if (existing && !same(existing.data) && (await existing.getState()) !== 'active') {
        await existing.remove();
        existing = undefined;
      }
      // a cancel left by an earlier coordinator (Ctrl-C) must not stop this attempt
      await this.flags?.del(trialCancelKey(this.name, job.id));
      if (this.stopped) throw cancelled();
      if (!existing) {
        await this.queue.add('trial', job, { jobId: job.id, attempts: this.settings.attempts ?? redisDefaults.attempts, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: false, removeOnFail: false });
      }
      // re-attach: the job may have ended before this coordinator listened
      const j = await this.queue.getJob(job.id);
      const st = j ? await j.getState() : undefined;
      if (j && st === 'completed') w.resolve(parse<TrialOutcome>(j.returnvalue));
      else if (j && st === 'failed') {
        if (j.failedReason?.startsWith(INPUT_FAILURE)) this.failed(job.id, j.failedReason);
        else await j.retry('failed');
      }
    } catch (e) {
      w.reject(e as Error);
    }
    return done;
  }

  /**
   * Stops the study's trials (Ctrl-C of `tune`): queued trial jobs are removed, running ones get their cancel key
   * (the worker aborts them), their outcomes reject with an AbortError, and no trial is enqueued from then on.
   */
  async cancel(): Promise<void> {
    this.stopped = true;
    const ids = [...this.waiting.keys()];
    for (const id of ids) {
      const j = await this.queue.getJob(id).catch(() => undefined);
      const st = j ? await j.getState().catch(() => 'unknown') : 'gone';
      if (st === 'active') await this.flags?.set(trialCancelKey(this.name, id), '1', 'EX', 3600).catch(() => undefined);
      else if (j && st !== 'completed' && st !== 'failed') await j.remove().catch(() => undefined);
      this.waiting.get(id)?.reject(cancelled());
    }
  }

  /** Closes the event connection. */
  async close(): Promise<void> {
    for (const w of this.waiting.values()) w.reject(new Error('the trial queue was closed'));
    await this.events?.close().catch(() => undefined);
    this.flags?.disconnect();
    this.ready = undefined;
  }
}
