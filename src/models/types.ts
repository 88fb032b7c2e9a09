/**
 * The one model interface every family implements (deep nets, trees, linear, GARCH, baselines).
 * Modelled on scikit-learn estimators: the constructor takes hyperparameters only, `fit` learns and
 * returns `this`, every other method throws a "not fitted yet" InputError before `fit`/`load`.
 */

/**
 * What a model predicts. `binary`: classes 0 (not up) / 1 (up). `ternary`: 0 down / 1 neutral / 2 up.
 * `multiclass`: k classes 0..k-1 (e.g. the 4 regimes bull / bear / sideways / high_vol); the model's
 * {@link Model.classes} gives k.
 */
export type Task = 'binary' | 'ternary' | 'regression' | 'multiclass';

/**
 * Number of classes of a task (1 for regression: one output value).
 * @param classes class count of a `multiclass` model (its {@link Model.classes}); ignored for the other tasks
 */
export function taskClasses(task: Task, classes?: number): number {
  if (task === 'multiclass') {
    if (classes === undefined || !(classes >= 2)) throw new Error(`internal invariant violated: task multiclass needs a class count >= 2, received ${classes}`);
    return classes;
  }
  return task === 'binary' ? 2 : task === 'ternary' ? 3 : 1;
}

/**
 * A block of samples handed to a model. Row-major Float32 features plus targets.
 * Tabular models take `shape = [n, features]`; sequence models take `shape = [n, steps, features]`
 * (the model's `inputRank` says which; build sequences with `windows/`).
 */
export interface Dataset {
  /** Features, row-major, `n * prod(shape.slice(1))` values. NaN is allowed for tree models only. */
  x: Float32Array;
  /** `[n, features]` or `[n, steps, features]`. */
  shape: number[];
  /** Feature names, length = last dimension of `shape`. */
  featureNames: string[];
  /**
   * Primary target, length n: class index (0..k-1) for classification, a value for regression.
   * NaN = label unknown (masked out of the loss). May be omitted for prediction-only datasets.
   */
  y?: Float32Array;
  /**
   * Extra targets for multi-output models (the unified net), keyed by head name (e.g. `h1`, `h7`, `h30`);
   * each length n, NaN = masked.
   */
  targets?: Record<string, Float32Array>;
  /** Optional per-sample weights, length n. */
  weight?: Float32Array;
  /** Optional trading day of each row (days since epoch) — lets tests assert what a model received. */
  dates?: Int32Array;
}

/** A progress event emitted during training; one stream shared by CLI bars, notebooks and the API. */
export interface TrainProgress {
  stage: string;
  /** Forecast horizon in trading days, when the work is per horizon. */
  horizon?: number;
  /** Model registry key. */
  model?: string;
  iteration?: number;
  iterations?: number;
  epoch?: number;
  epochs?: number;
  batch?: number;
  batches?: number;
  loss?: number;
  valLoss?: number;
  /** Named metrics so far, e.g. `{accuracy: 0.53, valAccuracy: 0.51}`. */
  metrics?: Record<string, number>;
  /** Fraction of this stage done, 0..1. */
  fraction?: number;
  /** Estimated milliseconds left, from measured durations. */
  etaMs?: number;
}

/** Options of {@link Model.fit}. */
export interface FitOptions {
  /** Held-out data for early stopping and model selection (never the test set). */
  validation?: Dataset;
  /**
   * Rows one label spans (the horizon h of overlapping forward labels; default 1): the validation rows hold
   * only ~n/h independent labels, which calibration (src/models/calibration.ts) takes into account.
   */
  labelSpan?: number;
  /** Cancels training at the next batch/round; fit then rejects with an AbortError. */
  signal?: AbortSignal;
  /** Progress callback, called at least once per epoch / boosting round. */
  onProgress?: (event: TrainProgress) => void;
}

/** Options of {@link Model.finetune}. */
export interface FinetuneOptions extends FitOptions {
  /** Epochs (deep nets) or extra boosting rounds (GBDT) for this warm start; family default if omitted. */
  epochs?: number;
}

/** Options of {@link Model.predictProba} and {@link Model.predict}. */
export interface PredictOptions {
  /** Output head of a multi-output model (e.g. `h7`); default: the primary head. */
  target?: string;
}

/** Per-epoch (or per-round) training history, for loss curves. */
export interface TrainHistory {
  loss: number[];
  valLoss?: number[];
  /** Other per-epoch series, e.g. `valAccuracy`, or per-head losses `loss_h7`. */
  [series: string]: number[] | undefined;
}

/** The contract of every model in the registry. */
export interface Model {
  /** Registry key, e.g. `lstm`, `gbdt`. */
  readonly key: string;
  /** Task the model was built for. */
  readonly task: Task;
  /** Number of classes when `task` is `multiclass` (optional for the other tasks: taskClasses(task)). */
  readonly classes?: number;
  /** 2 for tabular models ([n, f]), 3 for sequence models ([n, steps, f]). */
  readonly inputRank: 2 | 3;
  /** The hyperparameters the model was constructed with, defaults filled in (JSON-serialisable). */
  readonly params: Readonly<Record<string, unknown>>;
  /** True after fit or load. */
  readonly fitted: boolean;
  /** Learns from `train`; returns `this`. Calling fit again starts from scratch. */
  fit(train: Dataset, options?: FitOptions): Promise<this>;
  /** Continues training from the current state (warm start) on `data`; returns `this`. */
  finetune(data: Dataset, options?: FinetuneOptions): Promise<this>;
  /** Class probabilities `[n, classes]` row-major (classification only). */
  predictProba(data: Dataset, options?: PredictOptions): Promise<Float32Array>;
  /** Class index (classification) or value (regression) per row, length n. */
  predict(data: Dataset, options?: PredictOptions): Promise<Float32Array>;
  /** Writes weights + manifest (key, params, feature names, extra state) into `dir` atomically. */
  save(dir: string): Promise<void>;
  /** Bytes the fitted model takes when saved. */
  sizeBytes(): number;
  /** Training history of the last fit/finetune (empty arrays for models without epochs). */
  history(): TrainHistory;
  /**
   * The capacity the last fit/finetune chose on its validation rows (e.g. `{l2: 0.1}` for `logistic`,
   * `{maxDepth: 2, learningRate: 0.05, rounds: 37}` for `gbdt`), when the family selects one.
   */
  selection?(): Record<string, number | string>;
  /** Gain-based (trees) or other importance per feature name, when the family has one. */
  featureImportance?(): Record<string, number>;
  /** Frees native resources (tensors); the model is unusable afterwards. */
  dispose?(): void;
}
