/** Shared types of the live loop: prediction records and their status. */

/** Status of a logged prediction. */
export type PredictionStatus = 'pending' | 'verified';

/** What the predictor produces for one symbol and horizon (before it is logged). */
export interface NewPrediction {
  symbol: string;
  /** Day the prediction was made (the last bar's date), ISO. */
  madeOn: string;
  /** Horizon in trading days (rows). */
  horizon: number;
  /** Estimated target date (the horizon-th trading day after `madeOn` on the NYSE calendar), ISO. */
  targetDate: string;
  /** Model identity, e.g. `gbdt@3` or a folder name. */
  model: string;
  direction: 'up' | 'down';
  /** Combined probability of "up", in [0, 1]. */
  probUp: number;
  /** Expected simple return over the horizon (e.g. 0.004 = +0.4 %). */
  expectedChange: number;
  /** Calibrated probability that `direction` is right, in [0.5, 1]. */
  confidence: number;
  /** Detected market regime on `madeOn`. */
  regime: string;
  /** Signals behind it (rule signals −1/0/+1, the model probability, the adaptive weights). */
  signals: Record<string, number>;
  /** Close on `madeOn`, the base of the change. */
  baseClose: number;
  /** Value models only: `regression` (forecast = log return over the horizon) or `volatility` (forecast = daily realised vol over the horizon). */
  task?: 'regression' | 'volatility';
  /** Value models only: the model's forecast (also kept as `signals.forecast` in the log). */
  forecast?: number;
  /**
   * Intraday models only: the bars' timeframe (`1h`, `30m`, `5m`, `1m`); `madeOn` / `targetDate` are then UTC
   * instants to the minute (`2020-01-31T20:55Z`) and `horizon` counts bars of this timeframe. Absent = daily.
   */
  timeframe?: string;
}

/** A logged prediction (one row of the prediction log). */
export interface PredictionRecord extends NewPrediction {
  /** Unique key (see {@link predictionId}). */
  id: string;
  status: PredictionStatus;
  /** When it was logged, ISO timestamp. */
  createdAt: string;
  /** Set when verified: the date (intraday: the UTC instant) of the horizon-th stored bar after `madeOn`. */
  actualDate?: string;
  actualClose?: number;
  /** actualClose / baseClose − 1. */
  actualChange?: number;
  /** Predicted direction equals the actual one (up = actualChange > 0). */
  hit?: boolean;
  /** expectedChange − actualChange. */
  error?: number;
  verifiedAt?: string;
}

/**
 * The unique key of a prediction: `symbol|madeOn|h<N>|model` (daily), `symbol|madeOn|h<N>|model|<timeframe>`
 * (intraday: `madeOn` is the bar's UTC instant, `N` counts bars of the timeframe).
 */
export function predictionId(p: Pick<NewPrediction, 'symbol' | 'madeOn' | 'horizon' | 'model' | 'timeframe'>): string {
  return `${p.symbol}|${p.madeOn}|h${p.horizon}|${p.model}${p.timeframe === undefined ? '' : `|${p.timeframe}`}`;
}
