/**
 * Tuning trials as jobs: the study coordinator (`workbench tune`) turns each sampled trial into a
 * {@link TrialJob} (task + params + data hash, never code) on a {@link JobBackend}; a worker runs it with
 * {@link runTrialJob} — the same objective as in-process and thread-pool trials — and reports intermediate
 * values back to the study's pruner. The coordinator alone writes the study store and tracking.
 */
import { intradaySourceOptions } from '../data/intraday/source';
import type { JobBackend, TrialJob, TrialOutcome } from '../execution/types';
import { trialJobId } from '../execution/types';
import { barsSha256, resolveDataSource } from '../training/source';
import { inputError, UnavailableError } from '../util/errors';
import { TrialPruned, type Objective } from './study';
import { objective, type TuneTask } from './train-objective';

const shaCache = new Map<string, string>();

/**
 * sha256 of the bars a tuning task trains on (as the objective loads them; cached per process).
 * @param task the tuning task
 * @returns hex digest
 */
export async function taskDataSha256(task: TuneTask): Promise<string> {
  const key = JSON.stringify(task.config.data);
  let sha = shaCache.get(key);
  if (!sha) {
    sha = barsSha256(await resolveDataSource(task.config.data.source, intradaySourceOptions(task.config.data)));
    shaCache.clear();
    shaCache.set(key, sha);
  }
  return sha;
}

/** Options of {@link runTrialJob}. */
export interface TrialJobOptions {
  /** Sends an intermediate value to the coordinator (its pruner answers by aborting `signal`). */
  report?(step: number, value: number): void;
  /** Aborted when the coordinator prunes (or cancels) the trial. */
  signal?: AbortSignal;
}

/**
 * Runs one trial job on a worker: checks the data hash, fits and scores the model with the trial's params.
 * @param job the trial job
 * @param options report hook and prune signal
 * @returns `{value}`, or `{pruned: true}` when the coordinator pruned it
 * @throws InputError when this worker's data hashes differently
 */
export async function runTrialJob(job: TrialJob, options: TrialJobOptions = {}): Promise<TrialOutcome> {
  const sha = await taskDataSha256(job.task);
  if (sha !== job.dataSha256) {
    throw inputError(
      { key: 'data.source' },
      `the data of study ${job.studyId} (${job.task.config.data.source}, sha256 ${job.dataSha256.slice(0, 12)}…); give this worker the same data (same file / store snapshot at the same path) or re-import it`,
      `data with sha256 ${sha.slice(0, 12)}… on this worker`,
    );
  }
  const report = async (step: number, value: number): Promise<boolean> => {
    options.report?.(step, value);
    return options.signal?.aborted === true;
  };
  try {
    return { value: await objective({ params: job.params, report }, job.task) };
  } catch (e) {
    if (e instanceof TrialPruned || (e as Error)?.name === 'TrialPruned' || options.signal?.aborted) return { pruned: true };
    throw e;
  }
}

/** Options of {@link jobObjective}. */
export interface JobObjectiveOptions {
  /** Study name (first part of every trial job id). */
  studyId: string;
  task: TuneTask;
  /** sha256 of the task's data (default: computed here with {@link taskDataSha256}). */
  dataSha256?: string;
}

/**
 * An objective for `study.optimize` that runs every trial as a job on `backend` (idempotent id `<study>.<n>`).
 * @param backend a back end with `runTrial` (redis)
 * @param o study name, task, data hash
 * @returns the objective
 * @throws UnavailableError when the back end cannot run trial jobs
 */
export function jobObjective(backend: JobBackend, o: JobObjectiveOptions): Objective {
  const run = backend.runTrial?.bind(backend);
  if (!run) throw new UnavailableError(`the ${backend.kind} back end does not run trial jobs (use the tuning thread pool: --parallel)`);
  let sha: Promise<string> | undefined = o.dataSha256 ? Promise.resolve(o.dataSha256) : undefined;
  return async (trial) => {
    sha ??= taskDataSha256(o.task);
    const job: TrialJob = { kind: 'trial', id: trialJobId(o.studyId, trial.number), studyId: o.studyId, number: trial.number, params: { ...trial.params }, task: o.task, dataSha256: await sha };
    const out = await run(job, { report: (step, value) => trial.report(step, value) });
    if (out.pruned) throw new TrialPruned();
    if (typeof out.value !== 'number') throw new Error(`trial job ${job.id} returned no value`);
    return out.value;
  };
}
