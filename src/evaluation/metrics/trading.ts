/**
 * Trading metrics of a strategy that holds a position derived from the predictions:
 * cumulative return, annualised Sharpe, max drawdown, win rate, turnover, with a cost in basis
 * points per unit of turnover, and buy-and-hold on the same dates.
 *
 * Conventions (see docs/evaluation.md):
 * - Row t holds the prediction made at the close of day t and the realised forward return
 *   R_t = close[t+h] / close[t] − 1 of the label's horizon h.
 * - h = 1: one period per row (daily strategy returns). h > 1: the h-day forward returns of
 *   consecutive rows overlap, so only rows offset, offset + h, offset + 2h, … are traded
 *   (non-overlapping h-day holding periods) and a year has 252 / h periods.
 * - Strategy return of period j: s_j = pos_j · R_j − cost · |pos_j − pos_{j−1}|, with pos_{−1} = 0
 *   (the first entry pays the cost; the final exit is not charged) and cost = costBps / 10,000.
 */
import { inputError, show } from '../../util/errors';
import { checkFinite, checkInt, checkNonEmpty, checkSameLength, mean, Numeric, sampleStd } from '../check';

/** `long-flat`: +1 on an up call, 0 otherwise. `long-short`: +1 on up, −1 on down (0 on neutral). */
export type PositionMode = 'long-flat' | 'long-short';

/** Options of {@link positionsFromPredictions}. */
export interface PositionOptions {
  /** Default `long-flat`. */
  mode?: PositionMode;
  /**
   * What `pred` holds. `binary`: 1 = up, 0 = down. `ternary`: 2 = up, 1 = neutral (flat), 0 = down.
   * `regression`: a forecast return, up when > 0, down when < 0. Default `binary`.
   */
  task?: 'binary' | 'ternary' | 'regression';
}

/** Defaults of {@link PositionOptions}. */
export const positionDefaults: Required<PositionOptions> = { mode: 'long-flat', task: 'binary' };

/**
 * Maps predictions to positions in {−1, 0, +1}.
 * @param pred predicted class (binary/ternary) or forecast return (regression), length n
 * @param options mode (default long-flat), task (default binary)
 * @returns positions, length n (a new array)
 */
export function positionsFromPredictions(pred: Numeric, options: PositionOptions = {}): Float64Array {
  const { mode, task } = { ...positionDefaults, ...options };
  checkFinite('positionsFromPredictions', 'pred', pred);
  const down = mode === 'long-short' ? -1 : 0;
  const out = new Float64Array(pred.length);
  for (let i = 0; i < pred.length; i++) {
    const v = pred[i];
    let up: boolean | undefined;
    if (task === 'regression') up = v > 0 ? true : v < 0 ? false : undefined;
    else if (task === 'binary') {
      if (v !== 0 && v !== 1) throw inputError({ key: `positionsFromPredictions(pred)[${i}]` }, 'a binary class 0 or 1', show(v));
      up = v === 1;
    } else {
      if (v !== 0 && v !== 1 && v !== 2) throw inputError({ key: `positionsFromPredictions(pred)[${i}]` }, 'a ternary class 0, 1 or 2', show(v));
      up = v === 2 ? true : v === 0 ? false : undefined;
    }
    out[i] = up === undefined ? 0 : up ? 1 : down;
  }
  return out;
}

/** Options of the trading metrics. */
export interface TradingOptions {
  /** Holding period h in rows (trading days), the label horizon; default 1. */
  horizon?: number;
  /** Cost in basis points per unit of turnover (a long→short flip is 2 units); default 0. */
  costBps?: number;
  /** Trading days per year used to annualise; default 252 (a year has periodsPerYear / h periods). */
  periodsPerYear?: number;
  /** For h > 1: the first traded row (0..h−1); default 0. */
  offset?: number;
  /** `simple` (close[t+h]/close[t] − 1) or `log` (ln of that ratio, converted to simple); default `simple`. */
  returnKind?: 'simple' | 'log';
}

/** Defaults of {@link TradingOptions}. */
export const tradingDefaults: Required<TradingOptions> = { horizon: 1, costBps: 0, periodsPerYear: 252, offset: 0, returnKind: 'simple' };

/** The per-period series of a strategy on non-overlapping holding periods. */
export interface StrategySeries {
  /** Row index (into the inputs) of each traded period. */
  rows: Int32Array;
  /** Position held in each period. */
  positions: Float64Array;
  /** Simple return of the held asset over each period. */
  assetReturns: Float64Array;
  /** Net strategy return of each period (after cost). */
  returns: Float64Array;
  /** |pos_j − pos_{j−1}| per period (pos_{−1} = 0). */
  turnover: Float64Array;
}

/**
 * Per-period strategy returns (see the module conventions).
 * @param positions position per row (finite; usually −1, 0, +1), length n
 * @param forwardReturns realised h-day forward return per row, length n (finite; simple > −1)
 * @param options horizon, costBps, offset, returnKind
 * @returns per-period rows, positions, asset returns, net returns, turnover (length ⌈(n − offset)/h⌉)
 */
export function strategyReturns(positions: Numeric, forwardReturns: Numeric, options: TradingOptions = {}): StrategySeries {
  const fn = 'strategyReturns';
  const o = { ...tradingDefaults, ...options };
  checkNonEmpty(fn, 'positions', positions);
  checkSameLength(fn, 'positions', positions, 'forwardReturns', forwardReturns);
  checkFinite(fn, 'positions', positions);
  checkFinite(fn, 'forwardReturns', forwardReturns);
  checkInt(fn, 'options.horizon', o.horizon, 1);
  if (!Number.isInteger(o.offset) || o.offset < 0 || o.offset >= Math.min(o.horizon, positions.length)) {
    throw inputError({ key: `${fn}(options.offset)` }, `an integer in 0..${Math.min(o.horizon, positions.length) - 1}`, show(o.offset));
  }
  if (!(o.costBps >= 0) || !Number.isFinite(o.costBps)) throw inputError({ key: `${fn}(options.costBps)` }, 'a cost in basis points >= 0', show(o.costBps));
  const cost = o.costBps / 10_000;
  const m = Math.ceil((positions.length - o.offset) / o.horizon);
  const out: StrategySeries = {
    rows: new Int32Array(m),
    positions: new Float64Array(m),
    assetReturns: new Float64Array(m),
    returns: new Float64Array(m),
    turnover: new Float64Array(m),
  };
  let prev = 0;
  for (let j = 0; j < m; j++) {
    const t = o.offset + j * o.horizon;
    const raw = forwardReturns[t];
    const r = o.returnKind === 'log' ? Math.expm1(raw) : raw;
    if (r < -1) {
      throw inputError({ key: `${fn}(forwardReturns)[${t}]` }, 'a simple return >= -1', show(raw));
    }
    const p = positions[t];
    const turn = Math.abs(p - prev);
    out.rows[j] = t;
    out.positions[j] = p;
    out.assetReturns[j] = r;
    out.turnover[j] = turn;
    out.returns[j] = p * r - cost * turn;
    prev = p;
  }
  return out;
}

/**
 * Annualised Sharpe ratio (risk-free rate 0): mean(s) / sd(s) · √(periodsPerYear / h), sd with n − 1.
 * @param returns per-period returns (each covering h rows)
 * @param options horizon h (default 1), periodsPerYear (default 252)
 * @returns Sharpe; NaN for fewer than 2 periods; 0 when the returns have zero variance
 */
export function sharpeRatio(returns: Numeric, options: Pick<TradingOptions, 'horizon' | 'periodsPerYear'> = {}): number {
  const h = options.horizon ?? tradingDefaults.horizon;
  const ppy = options.periodsPerYear ?? tradingDefaults.periodsPerYear;
  if (returns.length < 2) return NaN;
  const sd = sampleStd(returns);
  if (sd === 0 || !Number.isFinite(sd)) return 0;
  return (mean(returns) / sd) * Math.sqrt(ppy / h);
}

/**
 * Maximum drawdown of the compounded equity curve E₀ = 1, E_j = E_{j−1}(1 + s_j):
 * max_j (1 − E_j / max_{i<=j} E_i).
 * @param returns per-period simple returns
 * @returns the largest peak-to-trough loss as a positive fraction (0.25 = −25 %); 0 if never below a peak
 */
export function maxDrawdown(returns: Numeric): number {
  let equity = 1;
  let peak = 1;
  let mdd = 0;
  for (let j = 0; j < returns.length; j++) {
    equity *= 1 + returns[j];
    if (equity > peak) peak = equity;
    const dd = 1 - equity / peak;
    if (dd > mdd) mdd = dd;
  }
  return mdd;
}

/** Summary of one strategy over its traded periods. */
export interface TradingMetrics {
  /** Number of holding periods traded. */
  periods: number;
  /** Π(1 + s_j) − 1. */
  cumulativeReturn: number;
  /** (1 + cumulativeReturn)^(periodsPerYear / (h · periods)) − 1. */
  annualizedReturn: number;
  /** See {@link sharpeRatio}. */
  sharpe: number;
  /** See {@link maxDrawdown}. */
  maxDrawdown: number;
  /** Fraction of periods with a non-zero position whose net return is > 0; NaN when never in the market. */
  winRate: number;
  /** Mean |Δposition| per period. */
  turnover: number;
  /** Σ |Δposition|. */
  totalTurnover: number;
  /** Fraction of periods with a non-zero position. */
  exposure: number;
  /** Total cost paid, Σ cost · |Δposition| (in return units, not compounded). */
  totalCost: number;
}

/**
 * Summarises a {@link StrategySeries}.
 * @param series per-period series from {@link strategyReturns}
 * @param options horizon (1) and periodsPerYear (252) for annualising, costBps for `totalCost`
 * @returns {@link TradingMetrics}
 */
export function summarizeStrategy(series: StrategySeries, options: TradingOptions = {}): TradingMetrics {
  const o = { ...tradingDefaults, ...options };
  const m = series.returns.length;
  let growth = 1;
  let active = 0;
  let wins = 0;
  let turn = 0;
  for (let j = 0; j < m; j++) {
    growth *= 1 + series.returns[j];
    turn += series.turnover[j];
    if (series.positions[j] !== 0) {
      active++;
      if (series.returns[j] > 0) wins++;
    }
  }
  return {
    periods: m,
    cumulativeReturn: growth - 1,
    annualizedReturn: m ? Math.pow(growth, o.periodsPerYear / (o.horizon * m)) - 1 : NaN,
    sharpe: sharpeRatio(series.returns, o),
    maxDrawdown: maxDrawdown(series.returns),
    winRate: active ? wins / active : NaN,
    turnover: m ? turn / m : NaN,
    totalTurnover: turn,
    exposure: m ? active / m : NaN,
    totalCost: (turn * o.costBps) / 10_000,
  };
}

/**
 * Trading metrics of holding `positions` against realised forward returns.
 * @param positions position per row, length n
 * @param forwardReturns realised h-day forward return per row, length n
 * @param options horizon (default 1), costBps (default 0), periodsPerYear (252), offset (0), returnKind (`simple`)
 * @returns {@link TradingMetrics}
 */
export function tradingMetrics(positions: Numeric, forwardReturns: Numeric, options: TradingOptions = {}): TradingMetrics {
  return summarizeStrategy(strategyReturns(positions, forwardReturns, options), options);
}

/** A strategy and buy-and-hold on the same dates. */
export interface BacktestResult {
  strategy: TradingMetrics;
  buyAndHold: TradingMetrics;
  /** Per-period series of the strategy. */
  series: StrategySeries;
  /** Per-period series of buy-and-hold (position 1 throughout; pays the entry cost once). */
  buyAndHoldSeries: StrategySeries;
}

/**
 * Backtests predictions: positions from {@link positionsFromPredictions}, then the strategy and
 * buy-and-hold (always long, same periods, same cost) through {@link tradingMetrics}.
 * @param pred predicted class or forecast return per row, length n
 * @param forwardReturns realised h-day forward return per row, length n
 * @param options position options (mode, task) and trading options (horizon, costBps, …)
 * @returns strategy and buy-and-hold metrics with their per-period series
 */
export function backtest(pred: Numeric, forwardReturns: Numeric, options: PositionOptions & TradingOptions = {}): BacktestResult {
  const positions = positionsFromPredictions(pred, options);
  const series = strategyReturns(positions, forwardReturns, options);
  const buyAndHoldSeries = strategyReturns(new Float64Array(pred.length).fill(1), forwardReturns, options);
  return {
    strategy: summarizeStrategy(series, options),
    buyAndHold: summarizeStrategy(buyAndHoldSeries, options),
    series,
    buyAndHoldSeries,
  };
}
