/** Pruners: stop unpromising trials early from their intermediate values (per epoch / boosting round). */
import { inputError, show } from '../util/errors';
import { better, type Direction, type FrozenTrial, type Pruner } from './types';
import { fillDefaults } from '../util/options';

/** Never prunes. */
export class NopPruner implements Pruner {
  readonly name = 'none';
  /** Always false. */
  shouldPrune(): boolean {
    return false;
  }
}

/** Options of {@link MedianPruner}. */
export interface MedianPrunerOptions {
  /** No pruning until this many trials have completed. Default 5. */
  nStartupTrials?: number;
  /** No pruning before this step of a trial. Default 0. */
  nWarmupSteps?: number;
  /** Check every this many steps (from the warm-up step). Default 1. */
  intervalSteps?: number;
}

/** Defaults of {@link MedianPrunerOptions}. */
export const medianPrunerDefaults: Required<MedianPrunerOptions> = { nStartupTrials: 5, nWarmupSteps: 0, intervalSteps: 1 };

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function checkInt(v: number, key: string, min: number): void {
  if (!(Number.isInteger(v) && v >= min)) throw inputError({ key }, `an integer >= ${min}`, show(v));
}

/**
 * Prunes a trial at a step when its best intermediate value so far is worse than the median of the
 * completed trials' values at that same step.
 */
export class MedianPruner implements Pruner {
  readonly name = 'median';
  private readonly o: Required<MedianPrunerOptions>;
  /** @param options see {@link medianPrunerDefaults} */
  constructor(options: MedianPrunerOptions = {}) {
    this.o = fillDefaults(medianPrunerDefaults, options);
    checkInt(this.o.nStartupTrials, 'median.nStartupTrials', 0);
    checkInt(this.o.nWarmupSteps, 'median.nWarmupSteps', 0);
    checkInt(this.o.intervalSteps, 'median.intervalSteps', 1);
  }
  /** True when the trial's best-so-far value is worse than the median at `step` of finished trials. */
  shouldPrune(trial: FrozenTrial, step: number, trials: readonly FrozenTrial[], direction: Direction): boolean {
    if (step < this.o.nWarmupSteps || (step - this.o.nWarmupSteps) % this.o.intervalSteps !== 0) return false;
    const done = trials.filter((t) => t.state === 'COMPLETE' && t.number !== trial.number);
    if (done.length < this.o.nStartupTrials || done.length === 0) return false;
    const others = done.map((t) => t.intermediate[step]).filter((v): v is number => v !== undefined && Number.isFinite(v));
    if (!others.length) return false;
    const mine = Object.entries(trial.intermediate)
      .filter(([s]) => Number(s) <= step)
      .map(([, v]) => v)
      .filter((v) => Number.isFinite(v));
    if (!mine.length) return true;
    const best = direction === 'maximize' ? Math.max(...mine) : Math.min(...mine);
    return better(median(others), best, direction);
  }
}

/** Options of {@link SuccessiveHalvingPruner}. */
export interface SuccessiveHalvingOptions {
  /** Step of the first rung. Default 1. */
  minResource?: number;
  /** Keep the top 1/reductionFactor at each rung. Default 3. */
  reductionFactor?: number;
  /** Shifts the rungs: rung k is at minResource · rf^(k + s). Default 0. */
  minEarlyStoppingRate?: number;
}

/** Defaults of {@link SuccessiveHalvingOptions}. */
export const successiveHalvingDefaults: Required<SuccessiveHalvingOptions> = { minResource: 1, reductionFactor: 3, minEarlyStoppingRate: 0 };

/**
 * Asynchronous successive halving: rungs at steps minResource · rf^(k + s); a trial reaching a rung is
 * promoted when its value is within the top ⌊n / rf⌋ of the n values recorded at that rung by all trials
 * (itself included); while fewer than rf values exist it must be the best so far.
 */
export class SuccessiveHalvingPruner implements Pruner {
  readonly name = 'successive_halving';
  private readonly o: Required<SuccessiveHalvingOptions>;
  /** @param options see {@link successiveHalvingDefaults} */
  constructor(options: SuccessiveHalvingOptions = {}) {
    this.o = fillDefaults(successiveHalvingDefaults, options);
    checkInt(this.o.minResource, 'successive_halving.minResource', 1);
    checkInt(this.o.reductionFactor, 'successive_halving.reductionFactor', 2);
    checkInt(this.o.minEarlyStoppingRate, 'successive_halving.minEarlyStoppingRate', 0);
  }

  /** The rung steps up to `maxStep`. */
  rungs(maxStep: number): number[] {
    const out: number[] = [];
    for (let k = 0; ; k++) {
      const s = this.o.minResource * this.o.reductionFactor ** (k + this.o.minEarlyStoppingRate);
      if (s > maxStep) return out;
      out.push(s);
    }
  }

  /** Prunes at rung steps when the value is not in the top ⌊n/rf⌋ at that rung. */
  shouldPrune(trial: FrozenTrial, step: number, trials: readonly FrozenTrial[], direction: Direction): boolean {
    if (!this.rungs(step).includes(step)) return false;
    const value = trial.intermediate[step];
    if (value === undefined || !Number.isFinite(value)) return true;
    const competing = [value, ...trials.filter((t) => t.number !== trial.number).map((t) => t.intermediate[step]).filter((v): v is number => v !== undefined && Number.isFinite(v))];
    const keep = Math.max(1, Math.floor(competing.length / this.o.reductionFactor));
    const sorted = competing.sort((a, b) => (direction === 'maximize' ? b - a : a - b));
    const threshold = sorted[keep - 1];
    return better(threshold, value, direction);
  }
}
