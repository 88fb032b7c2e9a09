/**
 * BullMQ sandboxed processor of `workbench worker`: track jobs go to the execution layer's processor, trial
 * jobs run the tuning objective ({@link runTrialJob}) with intermediate values sent as job progress. Bad input
 * (different data) fails the job without retries.
 */
import type { SandboxedJob } from 'bullmq';
import '../models/index';
import processTrackJob, { INPUT_FAILURE } from '../execution/sandbox';
import type { TrackJob, TrialJob, TrialOutcome } from '../execution/types';
import type { TrackState } from '../training/types';
import { InputError } from '../util/errors';
import { runTrialJob } from './trial-job';

function unrecoverable(message: string): Error {
  const e = new Error(message);
  e.name = 'UnrecoverableError';
  return e;
}

/**
 * Processes one job of the queue (BullMQ calls it with the job, its lock token and an abort signal).
 * @returns a TrackState (track job) or a TrialOutcome (trial job)
 */
export default async function processJob(job: SandboxedJob, token?: string, signal?: AbortSignal): Promise<TrackState | TrialOutcome> {
  const data = job.data as TrackJob | TrialJob;
  if (data?.kind !== 'trial') return processTrackJob(job, token, signal);
  try {
    return await runTrialJob(data, {
      signal,
      report: (step, value) => void Promise.resolve(job.updateProgress({ t: 'r', step, value })).catch(() => undefined),
    });
  } catch (e) {
    if (e instanceof InputError) throw unrecoverable(`${INPUT_FAILURE}${e.message}`);
    throw e;
  }
}
