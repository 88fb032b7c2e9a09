/** Shared tuning types: trial states, finished-trial records, the sampler and pruner contracts. */
import type { ParamValue, SearchSpace } from './space';

/** Whether larger or smaller objective values are better. */
export type Direction = 'maximize' | 'minimize';

/** Lifecycle of a trial (Optuna's states). */
export type TrialState = 'RUNNING' | 'COMPLETE' | 'PRUNED' | 'FAIL';

/** A trial as recorded in the study. */
export interface FrozenTrial {
  /** 0-based trial number within the study. */
  number: number;
  state: TrialState;
  params: Record<string, ParamValue>;
  /** Final objective value (COMPLETE trials; PRUNED trials keep their last intermediate value). */
  value?: number;
  /** Intermediate values by step (epoch / boosting round). */
  intermediate: Record<number, number>;
  /** Tracking run id of the trial. */
  runId?: string;
  startedMs: number;
  endedMs?: number;
}

/** Proposes the parameters of the next trial from the trials so far. */
export interface Sampler {
  /** Name recorded with the study, e.g. `tpe`. */
  readonly name: string;
  /**
   * Parameters for trial `number`, or undefined when the sampler is exhausted (grid).
   * @param space the search space
   * @param trials every trial of the study so far (any state)
   * @param number the new trial's number
   * @param direction optimisation direction
   */
  sample(space: SearchSpace, trials: readonly FrozenTrial[], number: number, direction: Direction): Record<string, ParamValue> | undefined;
}

/** Decides whether a running trial should stop early, from its intermediate values and the other trials'. */
export interface Pruner {
  readonly name: string;
  /**
   * @param trial the running trial (its intermediate values include the one just reported at `step`)
   * @param step the step just reported
   * @param trials every other trial of the study
   * @param direction optimisation direction
   */
  shouldPrune(trial: FrozenTrial, step: number, trials: readonly FrozenTrial[], direction: Direction): boolean;
}

/** True when `a` is better than `b` in `direction`. */
export function better(a: number, b: number, direction: Direction): boolean {
  return direction === 'maximize' ? a > b : a < b;
}
