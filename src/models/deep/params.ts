/** Hyperparameters of the deep families: one shared set, per-family defaults, checked with clear errors. */
import { inputError } from '../../util/errors';
import { resolveParams } from '../registry';
import type { Task } from '../types';

/** Hyperparameters shared by every deep family (JSON-serialisable). */
export interface DeepParams extends Record<string, unknown> {
  /** `binary`, `ternary` or `regression`. */
  task: Task;
  /** LSTM units. */
  units: number;
  /** Conv1D filters before the LSTM (0 = none). With attention heads this is also the model width. */
  convFilters: number;
  /** Conv1D kernel width in steps (causal). */
  convKernel: number;
  /** Heads of the Transformer encoder block (0 = no Transformer). Needs convFilters > 0. */
  attentionHeads: number;
  /**
   * Average-pool the Conv1D output over non-overlapping windows of this many steps (1 = off), aligned to the
   * last step so the pooled sequence stays causal; the Transformer and the LSTM then run on ⌊steps/pool⌋ steps.
   */
  pool: number;
  /** Width of the Transformer feed-forward layer. */
  ffDim: number;
  /** Dropout rate in [0, 1) (after the Transformer sublayers and on the LSTM's last state). */
  dropout: number;
  /** Maximum epochs of `fit` (early stopping may end sooner). */
  epochs: number;
  /** Epochs of `finetune` when the call does not say. */
  finetuneEpochs: number;
  /** Mini-batch size. */
  batchSize: number;
  /** Adam learning rate. */
  learningRate: number;
  /** Global-norm gradient clipping threshold (0 = off). */
  clipNorm: number;
  /** Early-stopping patience in epochs on validation loss (0 = off); needs FitOptions.validation. */
  patience: number;
  /** `null` (none), `'balanced'` (n / (k·count)), or one weight per class. */
  classWeight: null | string | number[];
  /** Standardise each feature with mean/std fitted on the training set (saved with the model). */
  standardize: boolean;
  /** Regression only: learn log(y) (for positive targets such as realized volatility); predictions are exp'd back. */
  logTarget: boolean;
  /** Emit a batch progress event every N batches. */
  progressEvery: number;
  /** Seed of initial weights, shuffling and dropout masks. */
  seed: number;
  /**
   * `platt`: binary heads' P(up) recalibrated by Platt scaling on the validation rows (when given; overlapping
   * labels counted, src/models/deep/calibrate.ts); `none`.
   */
  calibration: string;
  /**
   * `base_rate`: a classification head whose calibrated validation log loss is not below the training base
   * rate's predicts the base rate (src/models/deep/fallback.ts; recorded in `selection()`); `none`.
   */
  fallback: string;
  /** Unified family only: output heads, each a key of Dataset.targets (first = primary). */
  targets?: string[];
}

/** Defaults of the plain LSTM family (`lstm`). */
export const lstmDefaults: DeepParams = {
  task: 'binary',
  units: 64,
  convFilters: 0,
  convKernel: 3,
  attentionHeads: 0,
  pool: 1,
  ffDim: 128,
  dropout: 0.1,
  epochs: 20,
  finetuneEpochs: 3,
  batchSize: 64,
  learningRate: 0.001,
  clipNorm: 1,
  patience: 5,
  classWeight: null,
  standardize: true,
  logTarget: false,
  progressEvery: 8,
  seed: 42,
  calibration: 'platt',
  fallback: 'base_rate',
};

/** Per-family defaults (registry key → defaults). */
export const deepFamilyDefaults: Record<string, DeepParams> = {
  lstm: lstmDefaults,
  lstm_vol: { ...lstmDefaults, task: 'regression', logTarget: true },
  lstm_cnn: { ...lstmDefaults, convFilters: 64 },
  lstm_transformer_cnn: { ...lstmDefaults, convFilters: 64, attentionHeads: 4, pool: 2 },
  unified: { ...lstmDefaults, targets: ['h1', 'h7', 'h30'] },
};

function positiveInt(key: string, name: string, v: number, min = 1): void {
  if (!Number.isInteger(v) || v < min) throw inputError({ key: `${key}.${name}` }, `an integer >= ${min}`, String(v));
}

/**
 * Resolves and checks a deep family's hyperparameters.
 * @param key registry key (selects the defaults)
 * @param params user hyperparameters (unknown keys are an InputError)
 * @returns defaults overlaid with `params`
 */
export function resolveDeepParams(key: string, params: Record<string, unknown>): DeepParams {
  const defaults = deepFamilyDefaults[key];
  if (!defaults) throw inputError({ key: 'model' }, `one of the deep families ${Object.keys(deepFamilyDefaults).join(', ')}`, JSON.stringify(key));
  const p = resolveParams(key, defaults, params);
  if (!['binary', 'ternary', 'regression'].includes(p.task)) {
    throw inputError({ key: `${key}.task` }, 'one of binary, ternary, regression', JSON.stringify(p.task));
  }
  if (key === 'lstm_vol' && p.task !== 'regression') throw inputError({ key: `${key}.task` }, '"regression" (lstm_vol is a volatility regressor)', JSON.stringify(p.task));
  positiveInt(key, 'units', p.units);
  positiveInt(key, 'convFilters', p.convFilters, 0);
  positiveInt(key, 'convKernel', p.convKernel);
  positiveInt(key, 'attentionHeads', p.attentionHeads, 0);
  positiveInt(key, 'pool', p.pool);
  if (p.pool > 1 && p.convFilters === 0) throw inputError({ key: `${key}.pool` }, '1 when convFilters is 0 (pooling follows the convolution)', String(p.pool));
  positiveInt(key, 'ffDim', p.ffDim);
  positiveInt(key, 'epochs', p.epochs, 0);
  positiveInt(key, 'finetuneEpochs', p.finetuneEpochs, 0);
  positiveInt(key, 'batchSize', p.batchSize);
  positiveInt(key, 'patience', p.patience, 0);
  positiveInt(key, 'progressEvery', p.progressEvery);
  if (!Number.isInteger(p.seed)) throw inputError({ key: `${key}.seed` }, 'an integer', String(p.seed));
  if (!(p.dropout >= 0 && p.dropout < 1)) throw inputError({ key: `${key}.dropout` }, 'a rate in [0, 1)', String(p.dropout));
  if (!(p.learningRate > 0)) throw inputError({ key: `${key}.learningRate` }, 'a number > 0', String(p.learningRate));
  if (!(p.clipNorm >= 0)) throw inputError({ key: `${key}.clipNorm` }, 'a number >= 0 (0 = off)', String(p.clipNorm));
  if (p.attentionHeads > 0) {
    if (p.convFilters === 0) throw inputError({ key: `${key}.convFilters` }, 'convFilters > 0 when attentionHeads > 0 (it is the model width)', '0');
    if (p.convFilters % p.attentionHeads !== 0) {
      throw inputError({ key: `${key}.attentionHeads` }, `a divisor of convFilters (${p.convFilters})`, String(p.attentionHeads));
    }
  }
  const cw = p.classWeight;
  if (cw !== null) {
    const k = p.task === 'binary' ? 2 : p.task === 'ternary' ? 3 : 0;
    const ok = cw === 'balanced' ? k > 0 : Array.isArray(cw) && cw.length === k && cw.every((w) => typeof w === 'number' && w >= 0 && Number.isFinite(w));
    if (!ok) {
      throw inputError({ key: `${key}.classWeight` }, k ? `null, "balanced" or ${k} non-negative numbers` : 'null (regression has no classes)', JSON.stringify(cw));
    }
  }
  if (p.calibration !== 'platt' && p.calibration !== 'none') throw inputError({ key: `${key}.calibration` }, '"platt" or "none"', JSON.stringify(p.calibration));
  if (p.fallback !== 'base_rate' && p.fallback !== 'none') throw inputError({ key: `${key}.fallback` }, '"base_rate" or "none"', JSON.stringify(p.fallback));
  if (p.logTarget && p.task !== 'regression') throw inputError({ key: `${key}.logTarget` }, 'false unless task is regression', 'true');
  if (key === 'unified') {
    const t = p.targets;
    if (!Array.isArray(t) || t.length === 0 || !t.every((s) => typeof s === 'string' && s.length > 0) || new Set(t).size !== t.length) {
      throw inputError({ key: `${key}.targets` }, 'a non-empty list of distinct target names, e.g. ["h1","h7","h30"]', JSON.stringify(t));
    }
  }
  return p;
}
