/**
 * BullMQ sandboxed processor of the Redis worker: runs in a worker thread, so the worker's own event loop stays
 * free to renew job locks while a model trains (a blocked loop would look like a dead worker). Runs the same
 * job code as the local pool; bad input (e.g. different data) fails the job without retries.
 */
import type { SandboxedJob } from 'bullmq';
import type { TrainProgress } from '../models/types';
import { InputError } from '../util/errors';
import { runTrackJob } from './track-job';
import type { TrackJob } from './types';
import type { TrackState } from '../training/types';

/** Prefix of a failure reason that must not be retried (bad input: different data, bad config). */
export const INPUT_FAILURE = 'input: ';

/** Environment variable naming the workbench home a worker uses instead of each job's. */
export const WORKER_HOME_ENV = 'WORKBENCH_WORKER_HOME';

function unrecoverable(message: string): Error {
  const e = new Error(message);
  e.name = 'UnrecoverableError';
  return e;
}

/**
 * Processes one job (BullMQ calls it with the job, its lock token and an abort signal).
 * @returns the final TrackState (the job's return value)
 */
export default async function processTrackJob(job: SandboxedJob, _token?: string, signal?: AbortSignal): Promise<TrackState> {
  const data = job.data as TrackJob;
  if (data?.kind !== 'track') throw unrecoverable(`${INPUT_FAILURE}job ${job.id}: unknown job kind ${JSON.stringify(data?.kind)} (this worker runs track jobs)`);
  let lastSent = 0;
  const send = (p: unknown): void => void Promise.resolve(job.updateProgress(p as object)).catch(() => undefined);
  try {
    return await runTrackJob(data, {
      home: process.env[WORKER_HOME_ENV] || undefined,
      signal,
      onProgress: (e: TrainProgress) => {
        const now = Date.now();
        if (e.fraction === 1 || now - lastSent >= 250) {
          lastSent = now;
          send({ t: 'p', e });
        }
      },
      onCheckpoint: (track) => send({ t: 'c', track }),
    });
  } catch (e) {
    if (e instanceof InputError) throw unrecoverable(`${INPUT_FAILURE}${e.message}`);
    if ((e as Error)?.name === 'AbortError') throw unrecoverable(`cancelled: ${(e as Error).message}`);
    throw e;
  }
}
