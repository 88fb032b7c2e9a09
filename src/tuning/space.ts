/**
 * Search spaces: per hyperparameter an `int`, `float` (optionally log-scaled), `log` (shorthand for a
 * log-scaled float) or `categorical` distribution. Declared in config under `tuning.spaces.<model>`.
 */
import { inputError, show } from '../util/errors';
import type { Rng } from '../util/rng';

/** A value a trial can take. */
export type ParamValue = number | string | boolean;

/** Integer in [low, high] (inclusive), optionally on a `step` grid or log-scaled. */
export interface IntSpec {
  type: 'int';
  low: number;
  high: number;
  /** Grid step (default 1). */
  step?: number;
  /** Sample uniformly in log space (needs low >= 1). */
  log?: boolean;
}

/** Float in [low, high], optionally log-scaled or on a `step` grid. */
export interface FloatSpec {
  type: 'float' | 'log';
  low: number;
  high: number;
  /** `type: log` implies true. */
  log?: boolean;
  /** Grid step (not with log). */
  step?: number;
}

/** One of a list of values. */
export interface CategoricalSpec {
  type: 'categorical';
  choices: ParamValue[];
}

/** One hyperparameter's distribution. */
export type ParamSpec = IntSpec | FloatSpec | CategoricalSpec;

/** A search space: hyperparameter name → distribution. */
export type SearchSpace = Record<string, ParamSpec>;

/** True when the spec is sampled in log space. */
export function isLog(spec: ParamSpec): boolean {
  return spec.type === 'log' || (spec.type !== 'categorical' && spec.log === true);
}

/**
 * Checks a search space and returns a normalised copy (`log` specs become `float` with `log: true`).
 * @param space the declared space
 * @param where key path prefix for error messages, e.g. `tuning.spaces.gbdt`
 * @throws InputError naming the parameter and what is wrong
 */
export function checkSearchSpace(space: unknown, where = 'space'): SearchSpace {
  if (!space || typeof space !== 'object' || Array.isArray(space)) throw inputError({ key: where }, 'a mapping of parameter name to distribution', show(space));
  const out: SearchSpace = {};
  const entries = Object.entries(space as Record<string, unknown>);
  if (!entries.length) throw inputError({ key: where }, 'at least one parameter', 'an empty space');
  for (const [name, raw] of entries) {
    const key = `${where}.${name}`;
    const s = raw as Record<string, unknown>;
    if (!s || typeof s !== 'object') throw inputError({ key }, 'a distribution `{type, …}`', show(raw));
    if (s.type === 'categorical') {
      const choices = s.choices;
      if (!Array.isArray(choices) || !choices.length || !choices.every((c) => ['number', 'string', 'boolean'].includes(typeof c))) {
        throw inputError({ key: `${key}.choices` }, 'a non-empty list of numbers, strings or booleans', show(choices));
      }
      out[name] = { type: 'categorical', choices: [...(choices as ParamValue[])] };
      continue;
    }
    if (s.type !== 'int' && s.type !== 'float' && s.type !== 'log') throw inputError({ key: `${key}.type` }, 'one of int, float, log, categorical', show(s.type));
    const low = s.low as number;
    const high = s.high as number;
    if (typeof low !== 'number' || typeof high !== 'number' || !Number.isFinite(low) || !Number.isFinite(high) || !(low <= high)) {
      throw inputError({ key }, 'finite numbers `low` <= `high`', `low=${show(low)} high=${show(high)}`);
    }
    const log = s.type === 'log' || s.log === true;
    if (log && low <= 0) throw inputError({ key: `${key}.low` }, 'a positive lower bound for a log scale', show(low));
    const step = s.step as number | undefined;
    if (step !== undefined && (typeof step !== 'number' || !(step > 0))) throw inputError({ key: `${key}.step` }, 'a positive step', show(step));
    if (step !== undefined && log) throw inputError({ key: `${key}.step` }, 'no step on a log scale', show(step));
    if (s.type === 'int') {
      if (!Number.isInteger(low) || !Number.isInteger(high) || (step !== undefined && !Number.isInteger(step))) {
        throw inputError({ key }, 'integer `low`, `high` and `step` for an int parameter', `low=${low} high=${high}${step === undefined ? '' : ` step=${step}`}`);
      }
      out[name] = { type: 'int', low, high, ...(step !== undefined ? { step } : {}), ...(log ? { log } : {}) };
    } else {
      out[name] = { type: 'float', low, high, ...(log ? { log: true } : {}), ...(step !== undefined ? { step } : {}) };
    }
  }
  return out;
}

/** Maps a value of a numeric spec into its sampling scale (log for log specs). */
export function toInternal(spec: IntSpec | FloatSpec, v: number): number {
  return isLog(spec) ? Math.log(v) : v;
}

/** Bounds of a numeric spec in its sampling scale; ints widen by half a step so every value has equal mass. */
export function internalBounds(spec: IntSpec | FloatSpec): [number, number] {
  if (spec.type === 'int') {
    if (isLog(spec)) return [Math.log(spec.low - 0.5), Math.log(spec.high + 0.5)];
    const h = (spec.step ?? 1) / 2;
    return [spec.low - h, spec.high + h];
  }
  return isLog(spec) ? [Math.log(spec.low), Math.log(spec.high)] : [spec.low, spec.high];
}

/** Maps a sampling-scale number back to a valid value (rounded to int / step, clipped to bounds). */
export function fromInternal(spec: IntSpec | FloatSpec, x: number): number {
  let v = isLog(spec) ? Math.exp(x) : x;
  const step = spec.step ?? (spec.type === 'int' ? 1 : undefined);
  if (step !== undefined) v = spec.low + Math.round((v - spec.low) / step) * step;
  if (spec.type === 'int') v = Math.round(v);
  v = Math.min(spec.high, Math.max(spec.low, v));
  if (step !== undefined && spec.type === 'float') v = Number(v.toPrecision(12));
  return v;
}

/**
 * Draws one value uniformly (in the spec's scale).
 * @param spec the distribution
 * @param rng seeded generator
 */
export function sampleUniform(spec: ParamSpec, rng: Rng): ParamValue {
  if (spec.type === 'categorical') return spec.choices[rng.int(spec.choices.length)];
  const [a, b] = internalBounds(spec);
  return fromInternal(spec, a + (b - a) * rng.next());
}

/**
 * Checks that a value lies in a spec (used when resuming or enqueuing trials).
 * @returns true when `v` is a valid value of `spec`
 */
export function inSpace(spec: ParamSpec, v: ParamValue): boolean {
  if (spec.type === 'categorical') return spec.choices.includes(v);
  if (typeof v !== 'number' || v < spec.low || v > spec.high) return false;
  return spec.type !== 'int' || Number.isInteger(v);
}
