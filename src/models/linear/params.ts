/**
 * Hyperparameters of the linear family: defaults of `logistic` and `ridge`, the fitted state saved in the
 * manifest, and the one function that checks and resolves them.
 */
import { inputError } from '../../util/errors';
import type { Platt } from '../calibration';
import { resolveParams } from '../registry';
import { defaultL2Path } from './select';

/** Hyperparameters of `logistic` (classification). */
export const logisticDefaults = {
  /** `binary` (sigmoid), `ternary` or `multiclass` (softmax). Regression: use `ridge`. */
  task: 'binary' as string,
  /** Number of classes for task `multiclass` (>= 2); ignored (0) for binary / ternary. */
  classes: 0,
  /**
   * L2 penalty λ on standardised weights in mean loss + ½λ‖w‖² (intercepts unpenalised), or `"auto"`:
   * every fit/finetune walks `l2Path` (warm-started, strong → weak) and keeps the λ of lowest validation
   * log loss (`FitOptions.validation`); without validation rows `"auto"` uses 1e-3.
   */
  l2: 'auto' as number | string,
  /** Penalties `l2: "auto"` chooses from. */
  l2Path: defaultL2Path.slice(),
  /** `platt`: binary probabilities recalibrated by Platt scaling on the validation rows (when given); `none`. */
  calibration: 'platt' as string,
  /** `none` or `balanced` (n / (k·n_c) per class, multiplied with sample weights). */
  classWeight: 'none' as string,
  /** L-BFGS iteration limit for fit (finetune: `epochs` or this). */
  maxIterations: 200,
  /** Convergence tolerance on the largest gradient component. */
  tolerance: 1e-6,
  /** L-BFGS memory (correction pairs). */
  memory: 10,
};

/** Hyperparameters of `ridge` (regression); same meaning as {@link logisticDefaults}. */
export const ridgeDefaults = {
  task: 'regression' as string,
  classes: 0,
  /** A penalty, or `"auto"` (chosen on validation squared error from `l2Path`). */
  l2: 1e-3 as number | string,
  l2Path: defaultL2Path.slice(),
  maxIterations: 200,
  tolerance: 1e-6,
  memory: 10,
};

/** Fitted state of a linear model (saved in the manifest). */
export interface LinearState {
  /** K blocks of `[intercept, w_1 … w_d]` on standardised inputs. */
  theta: number[];
  /** Regression target mean and std (ridge); 0 and 1 for classifiers. */
  yMean: number;
  yStd: number;
  iterations: number;
  converged: boolean;
  /** Penalty used by the last fit/finetune (the chosen one under `l2: "auto"`). */
  l2?: number;
  /** Validation loss of the chosen penalty (when validation rows were given). */
  valLoss?: number;
  /** Platt map of binary probabilities (absent = plain sigmoid). */
  platt?: Platt;
}

/** Penalty of `l2: "auto"` when no validation rows are given. */
export const AUTO_FALLBACK_L2 = 1e-3;

/** Resolved hyperparameters of `logistic` / `ridge` (without `l2`, resolved separately). */
export type LinearParams = Omit<typeof logisticDefaults, 'l2'> & Omit<typeof ridgeDefaults, 'l2'>;

/**
 * Checks and resolves the hyperparameters of `logistic` or `ridge`.
 * @param key `logistic` or `ridge`
 * @param params caller's hyperparameters (unknown keys and bad values are InputErrors)
 * @returns resolved parameters `p`, the penalty (`"auto"` or a number) and the JSON-safe `params` to expose
 */
export function resolveLinearParams(key: 'logistic' | 'ridge', params: Record<string, unknown>): { p: LinearParams; l2: number | 'auto'; params: Record<string, unknown> } {
  const rawL2 = params.l2 ?? (key === 'logistic' ? 'auto' : ridgeDefaults.l2);
  if (rawL2 !== 'auto' && !(typeof rawL2 === 'number' && rawL2 >= 0)) throw inputError({ key: `${key}.l2` }, 'a penalty >= 0 or "auto"', JSON.stringify(rawL2));
  const rest = { ...params, l2: undefined };
  const p = key === 'logistic' ? resolveParams(key, logisticDefaults, rest) : resolveParams(key, { ...ridgeDefaults, calibration: 'none' }, rest);
  const tasks = key === 'logistic' ? ['binary', 'ternary', 'multiclass'] : ['regression'];
  if (!tasks.includes(p.task)) {
    const hint = key === 'logistic' ? ' (use `ridge` for regression)' : ' (use `logistic` for classification)';
    throw inputError({ key: `${key}.task` }, `one of ${tasks.join(', ')}${hint}`, JSON.stringify(p.task));
  }
  if (p.task === 'multiclass' && !(Number.isInteger(p.classes) && p.classes >= 2)) {
    throw inputError({ key: `${key}.classes` }, 'an integer >= 2 for task `multiclass`', String(p.classes));
  }
  const cw = (p as Record<string, unknown>).classWeight;
  if (cw !== undefined && cw !== 'none' && cw !== 'balanced') {
    throw inputError({ key: `${key}.classWeight` }, '"none" or "balanced"', JSON.stringify(cw));
  }
  if (!p.l2Path.length || !p.l2Path.every((v) => typeof v === 'number' && v >= 0)) throw inputError({ key: `${key}.l2Path` }, 'a non-empty list of penalties >= 0', JSON.stringify(p.l2Path));
  if (p.calibration !== 'platt' && p.calibration !== 'none') throw inputError({ key: `${key}.calibration` }, '"platt" or "none"', JSON.stringify(p.calibration));
  if (!(p.maxIterations >= 1)) throw inputError({ key: `${key}.maxIterations` }, 'an integer >= 1', String(p.maxIterations));
  const ridgeParams: Record<string, unknown> = { ...p };
  delete ridgeParams.calibration;
  return { p: p as unknown as LinearParams, l2: rawL2 as number | 'auto', params: key === 'logistic' ? { ...p, l2: rawL2 } : { ...ridgeParams, l2: rawL2 } };
}
