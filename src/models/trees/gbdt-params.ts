/**
 * `gbdt`'s hyperparameters: defaults (XGBoost names in brackets) and their validation.
 */
import { inputError } from '../../util/errors';

/** Hyperparameters of `gbdt` (XGBoost names in brackets). */
export const gbdtDefaults = {
  /** `binary`, `ternary`, `multiclass` (set `classes`) or `regression`. */
  task: 'binary' as string,
  /** Class count for task `multiclass` (0 = not used). */
  classes: 0,
  /** Boosting rounds [n_estimators]. */
  nRounds: 100,
  /** Shrinkage of each tree's leaf values [eta]. */
  learningRate: 0.1,
  /** `depthwise` (level by level) or `leafwise` (best-first, LightGBM style) [grow_policy]. */
  growPolicy: 'depthwise' as string,
  /** Maximum depth, 0 = unlimited [max_depth]. */
  maxDepth: 6,
  /** Maximum leaves per tree, 0 = unlimited (leafwise: 0 means 31) [max_leaves]. */
  maxLeaves: 0,
  /** L2 regularisation of leaf weights [lambda]. */
  lambda: 1,
  /** Minimum gain a split must exceed (pre-pruning) [gamma]. */
  gamma: 0,
  /** Minimum hessian sum per child [min_child_weight]. */
  minChildWeight: 1,
  /** Fraction of rows sampled per round [subsample]. */
  subsample: 1,
  /** Fraction of features sampled per tree [colsample_bytree]. */
  colsampleByTree: 1,
  /** Maximum value bins per feature, <= 255 (NaN has its own bin) [max_bin]. */
  maxBins: 255,
  /**
   * Stop when the validation loss has not improved for this many rounds, keeping the best round; 0 = off.
   * Applies whenever FitOptions.validation is given; set explicitly without validation it is an error.
   */
  earlyStoppingRounds: 20,
  /**
   * `auto`: with validation rows, every fit tries the capacity candidates (depth, shrinkage, minimum leaf
   * weight; see `trees/capacity.ts`; keys given explicitly stay fixed) and keeps the lowest validation loss;
   * `none`: use the parameters as given.
   */
  select: 'auto' as string,
  /** `platt`: binary probabilities recalibrated by Platt scaling on the validation rows (when given); `none`. */
  calibration: 'platt' as string,
  /** `none` or `balanced` (weights n / (k · n_c)). */
  classWeight: 'none' as string,
  /** Rounds added by finetune() when `epochs` is not given. */
  finetuneRounds: 10,
  seed: 42,
};

/** Resolved `gbdt` hyperparameters. */
export type GbdtParams = typeof gbdtDefaults;

/**
 * Checks `gbdt` hyperparameters.
 * @param p resolved parameters
 * @throws InputError naming `gbdt.<key>`, what was expected and what arrived
 */
export function checkGbdtParams(p: GbdtParams): void {
  const bad = (key: string, expected: string, v: unknown): never => {
    throw inputError({ key: `gbdt.${key}` }, expected, JSON.stringify(v));
  };
  if (!(Number.isInteger(p.nRounds) && p.nRounds >= 0)) bad('nRounds', 'an integer >= 0', p.nRounds);
  if (!(p.learningRate > 0)) bad('learningRate', 'a number > 0', p.learningRate);
  if (p.growPolicy !== 'depthwise' && p.growPolicy !== 'leafwise') bad('growPolicy', '"depthwise" or "leafwise"', p.growPolicy);
  if (!(Number.isInteger(p.maxDepth) && p.maxDepth >= 0)) bad('maxDepth', 'an integer >= 0', p.maxDepth);
  if (!(Number.isInteger(p.maxLeaves) && p.maxLeaves >= 0 && p.maxLeaves !== 1)) bad('maxLeaves', 'an integer >= 2 (or 0 = unlimited)', p.maxLeaves);
  if (p.growPolicy === 'depthwise' && p.maxDepth === 0 && p.maxLeaves === 0) bad('maxDepth', 'a depth > 0 (or maxLeaves > 0) for depthwise growth', p.maxDepth);
  if (!(p.lambda >= 0)) bad('lambda', 'a number >= 0', p.lambda);
  if (!(p.gamma >= 0)) bad('gamma', 'a number >= 0', p.gamma);
  if (!(p.minChildWeight >= 0)) bad('minChildWeight', 'a number >= 0', p.minChildWeight);
  if (!(p.subsample > 0 && p.subsample <= 1)) bad('subsample', 'a fraction in (0, 1]', p.subsample);
  if (!(p.colsampleByTree > 0 && p.colsampleByTree <= 1)) bad('colsampleByTree', 'a fraction in (0, 1]', p.colsampleByTree);
  if (!(Number.isInteger(p.maxBins) && p.maxBins >= 2 && p.maxBins <= 255)) bad('maxBins', 'an integer in 2..255', p.maxBins);
  if (!(Number.isInteger(p.earlyStoppingRounds) && p.earlyStoppingRounds >= 0)) bad('earlyStoppingRounds', 'an integer >= 0', p.earlyStoppingRounds);
  if (p.select !== 'auto' && p.select !== 'none') bad('select', '"auto" or "none"', p.select);
  if (p.calibration !== 'platt' && p.calibration !== 'none') bad('calibration', '"platt" or "none"', p.calibration);
  if (p.classWeight !== 'none' && p.classWeight !== 'balanced') bad('classWeight', '"none" or "balanced"', p.classWeight);
  if (!(Number.isInteger(p.finetuneRounds) && p.finetuneRounds >= 0)) bad('finetuneRounds', 'an integer >= 0', p.finetuneRounds);
}
