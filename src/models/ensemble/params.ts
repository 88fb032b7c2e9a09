/**
 * Hyperparameters of the `ensemble` family and the checks that turn them into member models.
 */
import { inputError } from '../../util/errors';
import { createModel, getModelFactory, resolveParams } from '../registry';
import type { Model, Task } from '../types';

/** Hyperparameters of `ensemble`. */
export const ensembleDefaults = {
  /** `binary`, `ternary` or `multiclass` (set `classes`); passed to every member. */
  task: 'binary' as string,
  /** Class count for task `multiclass` (0 = not used). */
  classes: 0,
  /** Base seed; member j gets `seed + j` when its family has a `seed` (unless its params set one). */
  seed: 0,
  /** Members: `[{key: 'gbdt', params: {...}}, {key: 'logistic'}]`, tabular families only (input rank 2). */
  members: [] as unknown[],
  /** `average` (equal weights), `weighted` (given `weights`, else learned on validation, else equal) or `stacking` (binary only). */
  method: 'average' as string,
  /** Fixed member weights for method `weighted` (non-negative, positive sum); null = learn / equal. */
  weights: null as number[] | null,
  /** Stacking: number of predicted chronological folds (the data are cut into `folds + 1` blocks; block 0 is only trained on). */
  folds: 4,
  /** Stacking: distinct trading days dropped from the end of each fold's training rows (use the label horizon h). */
  purge: 0,
  /** Stacking: L2 penalty of the logistic meta-learner. */
  l2: 1e-2,
};

/** Resolved hyperparameters of `ensemble`. */
export type EnsembleParams = typeof ensembleDefaults;

/** One member as written in the config. */
export interface MemberSpec {
  key: string;
  params: Record<string, unknown>;
}

const METHODS = ['average', 'weighted', 'stacking'];
const TASKS = ['binary', 'ternary', 'multiclass'];

/**
 * Checks `ensemble` hyperparameters (unknown keys, methods, weights, member specs, member ranks and tasks).
 * @param params raw hyperparameters
 * @returns the resolved params and the member specs
 * @throws InputError naming the offending key
 */
export function resolveEnsembleParams(params: Record<string, unknown>): { p: EnsembleParams; specs: MemberSpec[] } {
  const p = resolveParams('ensemble', ensembleDefaults, params);
  if (!TASKS.includes(p.task)) throw inputError({ key: 'ensemble.task' }, `one of ${TASKS.join(', ')}`, JSON.stringify(p.task));
  if (p.task === 'multiclass' && !(Number.isInteger(p.classes) && p.classes >= 2)) {
    throw inputError({ key: 'ensemble.classes' }, 'an integer >= 2 for task `multiclass`', String(p.classes));
  }
  if (!METHODS.includes(p.method)) throw inputError({ key: 'ensemble.method' }, `one of ${METHODS.join(', ')}`, JSON.stringify(p.method));
  if (p.method === 'stacking' && p.task !== 'binary') {
    throw inputError({ key: 'ensemble.method' }, 'task `binary` for method `stacking` (use `average` or `weighted`)', `task ${JSON.stringify(p.task)}`);
  }
  if (!Array.isArray(p.members) || p.members.length === 0) {
    throw inputError({ key: 'ensemble.members' }, 'a non-empty list of {key, params?}', JSON.stringify(p.members));
  }
  const specs = p.members.map((m, j): MemberSpec => {
    const where = { key: `ensemble.members[${j}]` };
    if (typeof m !== 'object' || m === null || Array.isArray(m)) throw inputError(where, 'an object {key, params?}', JSON.stringify(m));
    const o = m as Record<string, unknown>;
    for (const k of Object.keys(o)) if (k !== 'key' && k !== 'params') throw inputError({ key: `${where.key}.${k}` }, 'only `key` and `params`', `unknown key \`${k}\``);
    if (typeof o.key !== 'string') throw inputError({ key: `${where.key}.key` }, 'a registry key (string)', JSON.stringify(o.key));
    const mp = o.params ?? {};
    if (typeof mp !== 'object' || mp === null || Array.isArray(mp)) throw inputError({ key: `${where.key}.params` }, 'an object', JSON.stringify(mp));
    const f = getModelFactory(o.key);
    if (f.inputRank !== 2) {
      throw inputError({ key: `${where.key}.key` }, 'a tabular model family (input rank 2; sequence models cannot join an ensemble)', `\`${o.key}\` (input rank ${f.inputRank})`);
    }
    if (!f.tasks.includes(p.task as Task)) {
      throw inputError({ key: `${where.key}.key` }, `a family supporting task \`${p.task}\``, `\`${o.key}\` (tasks ${f.tasks.join(', ')})`);
    }
    return { key: o.key, params: { ...(mp as Record<string, unknown>) } };
  });
  if (p.weights !== null) {
    if (p.method !== 'weighted') throw inputError({ key: 'ensemble.weights' }, 'no weights unless method is `weighted`', `method ${JSON.stringify(p.method)}`);
    const w = p.weights;
    if (!Array.isArray(w) || w.length !== specs.length || w.some((v) => typeof v !== 'number' || !(v >= 0)) || !(w.reduce((a, b) => a + b, 0) > 0)) {
      throw inputError({ key: 'ensemble.weights' }, `${specs.length} non-negative numbers with a positive sum`, JSON.stringify(w));
    }
  }
  if (!(Number.isInteger(p.folds) && p.folds >= 2)) throw inputError({ key: 'ensemble.folds' }, 'an integer >= 2', String(p.folds));
  if (!(Number.isInteger(p.purge) && p.purge >= 0)) throw inputError({ key: 'ensemble.purge' }, 'an integer >= 0 (trading days)', String(p.purge));
  if (!(p.l2 >= 0)) throw inputError({ key: 'ensemble.l2' }, 'a penalty >= 0', String(p.l2));
  return { p, specs };
}

/**
 * Creates the unfitted member models: each gets the ensemble's task (and classes), and `seed + j` when its
 * family has a `seed` hyperparameter; the member's own params win.
 * @param p resolved ensemble params
 * @param specs member specs
 * @returns one unfitted Model per spec
 */
export function createMembers(p: EnsembleParams, specs: MemberSpec[]): Model[] {
  return specs.map((s, j) => createMember(p, s, j));
}

/**
 * Creates one unfitted member (see {@link createMembers}).
 * @param p resolved ensemble params
 * @param s the member's spec
 * @param j the member's position (its seed offset)
 * @returns an unfitted Model
 */
export function createMember(p: EnsembleParams, s: MemberSpec, j: number): Model {
  {
    const base: Record<string, unknown> = { task: p.task };
    if (p.task === 'multiclass') base.classes = p.classes;
    const probe = createModel(s.key, { ...base, ...s.params });
    const hasSeed = 'seed' in probe.params;
    probe.dispose?.();
    if (!hasSeed || 'seed' in s.params) return createModel(s.key, { ...base, ...s.params });
    return createModel(s.key, { ...base, seed: p.seed + j, ...s.params });
  }
}
