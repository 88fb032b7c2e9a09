/**
 * Studies: a named, persisted hyperparameter search. Each trial samples parameters, runs the objective
 * (which may report intermediate values per epoch/round and be pruned), is stored in `tracking.trials`
 * and, unless `track: false`, is a tracked run (params, `intermediate` metric per step, `value`).
 * A trial is stored once it ends (a trial cut short by a crash is not stored; its tracked run, if any, is
 * marked FAILED by the tracking store). Re-opening a study by name resumes it: finished trials feed the
 * sampler and numbering continues; RUNNING rows (written by other tools) of dead runs become FAIL.
 */
import { stableStringify } from '../config/load';
import { inputError, show } from '../util/errors';
import type { TrackingStoreOptions } from '../tracking/db';
import { startRun, type RunHandle } from '../tracking/tracker';
import { prunerFromConfig, samplerFromConfig, type PrunerConfig, type SamplerConfig } from './factory';
import { checkSearchSpace, type ParamValue, type SearchSpace } from './space';
import { insertStudy, readStudy, upsertTrial } from './study-store';
import { better, type Direction, type FrozenTrial, type Pruner, type Sampler } from './types';
import { fillDefaults } from '../util/options';

/** Thrown by an objective to stop a pruned trial (or return after `report` answered true). */
export class TrialPruned extends Error {
  constructor(message = 'trial pruned') {
    super(message);
    this.name = 'TrialPruned';
  }
}

/** What the objective receives. */
export interface TrialContext {
  readonly number: number;
  readonly params: Readonly<Record<string, ParamValue>>;
  /** Tracking run id (undefined with `track: false`). */
  readonly runId?: string;
  /**
   * Reports an intermediate value (e.g. validation accuracy after an epoch).
   * @param step epoch or boosting round (integer)
   * @returns true when the pruner says the trial should stop (throw {@link TrialPruned} or return)
   */
  report(step: number, value: number): Promise<boolean>;
}

/** The function being optimised: returns the final objective value. */
export type Objective = (trial: TrialContext) => Promise<number> | number;

/** Options of {@link openStudy}. */
export interface StudyOptions extends TrackingStoreOptions {
  /** Study name (letters, digits, `_ . -`). */
  name: string;
  /** Search space; required for a new study, checked against the stored one when resuming. */
  space?: SearchSpace;
  /** Default `maximize`. */
  direction?: Direction;
  /** Default `{type: 'tpe', seed: 42}`. */
  sampler?: SamplerConfig;
  /** Default `{type: 'median'}`. */
  pruner?: PrunerConfig;
  /** Tracking experiment of the trial runs. Default `tune-<name>`. */
  experiment?: string;
  /** Log each trial as a tracked run. Default true. */
  track?: boolean;
  /** Root for run artifacts (see startRun). Default `workbenchHome()`. */
  home?: string;
}

/** Options of {@link Study.optimize}. */
export interface OptimizeOptions {
  /** New trials to run in this call. Default 50. */
  nTrials?: number;
  /** Trials run concurrently (use a worker objective for CPU parallelism). Default 1. */
  parallel?: number;
  /** Record a throwing objective as FAIL and go on (true) or rethrow (false). Default true. */
  catchErrors?: boolean;
  /** Called after each trial finishes. */
  onTrial?: (trial: FrozenTrial) => void;
  /** Once aborted, no new trial starts (the ones running finish or fail as their objective decides). */
  signal?: AbortSignal;
}

/** Defaults of {@link OptimizeOptions}. */
export const optimizeDefaults = { nTrials: 50, parallel: 1, catchErrors: true };

const NAME_RE = /^[A-Za-z0-9_.-]{1,100}$/;

/** A live study handle (see {@link openStudy}). */
export class Study {
  private readonly sampler: Sampler;
  private readonly pruner: Pruner;
  private readonly list: FrozenTrial[];

  /** @internal use {@link openStudy} */
  constructor(
    readonly name: string,
    readonly direction: Direction,
    readonly space: SearchSpace,
    readonly samplerConfig: SamplerConfig,
    readonly prunerConfig: PrunerConfig,
    readonly experiment: string,
    trials: FrozenTrial[],
    private readonly db: TrackingStoreOptions & { home?: string },
    private readonly track: boolean,
  ) {
    this.sampler = samplerFromConfig(samplerConfig);
    this.pruner = prunerFromConfig(prunerConfig);
    this.list = trials;
  }

  /** Every trial so far (copies), by number. */
  get trials(): FrozenTrial[] {
    return this.list.map((t) => ({ ...t, params: { ...t.params }, intermediate: { ...t.intermediate } })).sort((a, b) => a.number - b.number);
  }

  /** The best COMPLETE trial, or undefined. */
  get bestTrial(): FrozenTrial | undefined {
    let best: FrozenTrial | undefined;
    for (const t of this.list) if (t.state === 'COMPLETE' && t.value !== undefined && (!best || better(t.value, best.value!, this.direction))) best = t;
    return best ? this.trials.find((t) => t.number === best!.number) : undefined;
  }

  /**
   * Runs `nTrials` new trials (fewer when a grid is exhausted).
   * @param objective returns the value to optimise; may call `trial.report(step, value)`
   * @param options `nTrials` (default 50), `parallel` (default 1), `catchErrors` (default true), `onTrial`
   * @returns the trials run by this call
   */
  async optimize(objective: Objective, options: OptimizeOptions = {}): Promise<FrozenTrial[]> {
    const o = fillDefaults(optimizeDefaults, options);
    if (!(Number.isInteger(o.nTrials) && o.nTrials >= 0)) throw inputError({ key: 'nTrials' }, 'an integer >= 0', show(o.nTrials));
    if (!(Number.isInteger(o.parallel) && o.parallel >= 1)) throw inputError({ key: 'parallel' }, 'an integer >= 1', show(o.parallel));
    let started = 0;
    let exhausted = false;
    const done: FrozenTrial[] = [];
    const lane = async (): Promise<void> => {
      while (!exhausted && started < o.nTrials && !options.signal?.aborted) {
        started++;
        const number = this.list.length ? Math.max(...this.list.map((t) => t.number)) + 1 : 0;
        const params = this.sampler.sample(this.space, this.list, number, this.direction);
        if (!params) {
          exhausted = true;
          return;
        }
        const t = await this.runTrial(number, params, objective, o.catchErrors);
        done.push(t);
        o.onTrial?.(t);
      }
    };
    await Promise.all(Array.from({ length: o.parallel }, lane));
    return done.sort((a, b) => a.number - b.number);
  }

  private async runTrial(number: number, params: Record<string, ParamValue>, objective: Objective, catchErrors: boolean): Promise<FrozenTrial> {
    const t: FrozenTrial = { number, state: 'RUNNING', params, intermediate: {}, startedMs: Date.now() };
    this.list.push(t);
    let run: RunHandle | undefined;
    if (this.track) {
      run = await startRun({
        ...this.db,
        experiment: this.experiment,
        name: `${this.name}#${number}`,
        params,
        tags: { 'tuning.study': this.name, 'tuning.trial': String(number) },
      });
      t.runId = run.runId;
    }
    let prunedSignal = false;
    const ctx: TrialContext = {
      number,
      params: { ...params },
      runId: t.runId,
      report: async (step, value) => {
        if (t.state !== 'RUNNING') return true;
        if (!Number.isInteger(step) || step < 0) throw inputError({ key: 'report.step' }, 'an integer step >= 0', show(step));
        t.intermediate[step] = value;
        run?.logMetric('intermediate', value, step);
        prunedSignal = prunedSignal || this.pruner.shouldPrune(t, step, this.list.filter((x) => x !== t), this.direction);
        return prunedSignal;
      },
    };
    let failure: unknown;
    try {
      const value = await objective(ctx);
      if (prunedSignal) t.state = 'PRUNED';
      else if (typeof value !== 'number' || !Number.isFinite(value)) {
        t.state = 'FAIL';
        failure = new Error(`the objective returned ${show(value)}, not a finite number`);
      } else {
        t.state = 'COMPLETE';
        t.value = value;
      }
    } catch (err) {
      if (err instanceof TrialPruned || (err as Error)?.name === 'TrialPruned') t.state = 'PRUNED';
      else {
        t.state = 'FAIL';
        failure = err;
      }
    }
    if (t.state === 'PRUNED') {
      const steps = Object.keys(t.intermediate).map(Number).sort((a, b) => a - b);
      if (steps.length) t.value = t.intermediate[steps[steps.length - 1]];
    }
    t.endedMs = Date.now();
    if (run) {
      if (t.value !== undefined) run.logMetric('value', t.value, 0);
      const tags: Record<string, string> = { 'tuning.state': t.state };
      if (failure) tags['tuning.error'] = String((failure as Error)?.message ?? failure).slice(0, 500);
      await run.end(t.state === 'COMPLETE' ? 'FINISHED' : t.state === 'PRUNED' ? 'KILLED' : 'FAILED', { tags });
    }
    await upsertTrial(this.name, t, this.db);
    if (failure && !catchErrors) throw failure;
    return { ...t, params: { ...t.params }, intermediate: { ...t.intermediate } };
  }
}

/**
 * Opens a study by name: creates it (space required) or resumes the stored one. When resuming, a given
 * `space` or `direction` must equal the stored one; the stored sampler and pruner configs are used.
 * @param options name, space, direction, sampler, pruner, experiment, track, storePath, home
 * @throws InputError for a bad name, a missing space, or a mismatch with the stored study
 */
export async function openStudy(options: StudyOptions): Promise<Study> {
  if (!NAME_RE.test(options.name ?? '')) throw inputError({ key: 'study' }, 'a study name of 1–100 letters, digits, `_`, `.` or `-`', show(options.name));
  const db = { storePath: options.storePath, home: options.home, lockTimeoutMs: options.lockTimeoutMs, initialDelayMs: options.initialDelayMs, maxDelayMs: options.maxDelayMs };
  const track = options.track ?? true;
  const stored = await readStudy(options.name, db);
  if (stored) {
    const r = stored.record;
    if (options.space && stableStringify(checkSearchSpace(options.space)) !== stableStringify(checkSearchSpace(r.space))) {
      throw inputError({ key: `study ${options.name}.space` }, `the stored search space ${show(r.space)} when resuming`, show(options.space));
    }
    if (options.direction && options.direction !== r.direction) {
      throw inputError({ key: `study ${options.name}.direction` }, `the stored direction "${r.direction}" when resuming`, show(options.direction));
    }
    return new Study(r.study, r.direction, r.space, r.sampler as SamplerConfig, r.pruner as PrunerConfig, r.experiment, stored.trials, db, track);
  }
  if (!options.space) throw inputError({ key: `study ${options.name}.space` }, 'a search space for a new study', 'none');
  const space = checkSearchSpace(options.space);
  const direction = options.direction ?? 'maximize';
  if (direction !== 'maximize' && direction !== 'minimize') throw inputError({ key: 'direction' }, '"maximize" or "minimize"', show(direction));
  const sampler = options.sampler ?? { type: 'tpe', seed: 42 };
  const pruner = options.pruner ?? { type: 'median' };
  samplerFromConfig(sampler);
  prunerFromConfig(pruner);
  const experiment = options.experiment ?? `tune-${options.name}`;
  await insertStudy({ study: options.name, direction, space, sampler, pruner, experiment, createdMs: Date.now() }, db);
  return new Study(options.name, direction, space, sampler, pruner, experiment, [], db, track);
}
