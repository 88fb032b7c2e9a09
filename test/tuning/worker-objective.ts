/** Objective module loaded by the worker-pool test (compiled to dist/test/tuning/worker-objective.js). */
import { TrialPruned } from '../../src/tuning/study';

/** A quadratic in x with a peak at `data.peak`; reports 3 intermediate values and honours pruning. */
export async function objective(trial: { params: Record<string, number>; data: { peak: number }; report(step: number, v: number): Promise<boolean> }): Promise<number> {
  const v = -((trial.params.x - trial.data.peak) ** 2);
  for (let step = 0; step < 3; step++) {
    if (await trial.report(step, v)) throw new TrialPruned();
  }
  return v;
}

/** Always fails. */
export function broken(): number {
  throw new Error('objective exploded');
}

/** Reports the worker thread id (to prove trials ran off the main thread). */
export function threadId(): number {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  return require('worker_threads').threadId as number;
}
