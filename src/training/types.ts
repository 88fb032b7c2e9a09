/** Shared shapes of a training run: per-iteration records, pooled predictions, per-track state, results. */
import type { ScalerState } from '../windows/scalers';

/** One progressive iteration of one model on one horizon (the `iterations` entries of results.json). */
export interface IterationRecord {
  iteration: number;
  /** Training window bounds (ISO, inclusive): the config's start date and initialEnd + (k−1)·increment. */
  trainStart: string;
  trainEnd: string;
  /** Dates of the first and last test row scored in this iteration (ISO). */
  testStart: string;
  testEnd: string;
  /** Accuracy on the validation tail; null when the model was not trained in this iteration. */
  validationAccuracy: number | null;
  testAccuracy: number;
  nTest: number;
  nTrain: number;
  nValidation: number;
  /** Milliseconds spent fitting/fine-tuning (0 when frozen). */
  trainMs: number;
  /** `fit` (from scratch), `finetune` (warm start) or `frozen` (stopped earlier: predicts only). */
  action: 'fit' | 'finetune' | 'frozen';
  /** Capacity the model chose on the validation tail in this iteration (`Model.selection()`), when trained and the family selects one. */
  capacity?: Record<string, number | string>;
}

/** One out-of-sample prediction. */
export interface PredictionRow {
  iteration: number;
  /** Frame row and its ISO date. */
  row: number;
  date: string;
  /** True class, predicted class, P(up) (binary) or P(class 2) (ternary). */
  y: number;
  pred: number;
  pUp: number;
  /** Majority class of this iteration's training labels (the majority baseline's prediction). */
  majority: number;
}

/** Results of one track on one horizon. */
export interface HorizonTrack {
  iterations: IterationRecord[];
  predictions: PredictionRow[];
}

/** Resumable state of one track: one model (progressive: one horizon; unified: all horizons). */
export interface TrackState {
  /** Unique id, e.g. `progressive-h7-gbdt`. */
  id: string;
  mode: 'progressive' | 'unified';
  model: string;
  /** Horizon keys this track covers (`h1`, …). */
  horizons: string[];
  byHorizon: Record<string, HorizonTrack>;
  /** Index into the schedule of the next iteration to run. */
  next: number;
  bestValidation: number;
  sinceBest: number;
  stopped: boolean;
  stopReason?: string;
  trainMs: number;
  modelBytes: number;
  /** Scaler fitted on the training rows (kept fixed while warm-starting). */
  scaler?: ScalerState;
  /** Saved model folder, relative to the checkpoint folder. */
  modelDir?: string;
  /** Iterations that fitted from scratch, with their training windows (ISO dates). */
  fits?: Array<{ iteration: number; trainStart: string; trainEnd: string }>;
  /** Training end date (ISO) of the last iteration that fitted or fine-tuned the model. */
  lastTrainEnd?: string;
  done: boolean;
}
