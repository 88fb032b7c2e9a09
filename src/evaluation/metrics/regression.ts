/**
 * Regression metrics: MSE, RMSE, MAE and R² (e.g. for forward-return or volatility forecasts).
 */
import { checkFinite, checkNonEmpty, checkSameLength, Numeric } from '../check';

function check(fn: string, yTrue: Numeric, yPred: Numeric): void {
  checkNonEmpty(fn, 'yTrue', yTrue);
  checkSameLength(fn, 'yTrue', yTrue, 'yPred', yPred);
  checkFinite(fn, 'yTrue', yTrue);
  checkFinite(fn, 'yPred', yPred);
}

/**
 * Mean squared error (1/n) Σ (yᵢ − ŷᵢ)².
 * @param yTrue targets, length n >= 1, finite
 * @param yPred predictions, length n, finite
 * @returns MSE in squared target units
 */
export function mse(yTrue: Numeric, yPred: Numeric): number {
  check('mse', yTrue, yPred);
  let s = 0;
  for (let i = 0; i < yTrue.length; i++) s += (yTrue[i] - yPred[i]) ** 2;
  return s / yTrue.length;
}

/**
 * Root mean squared error √MSE, in target units.
 * @param yTrue targets, length n >= 1, finite
 * @param yPred predictions, length n, finite
 * @returns RMSE in target units
 */
export function rmse(yTrue: Numeric, yPred: Numeric): number {
  return Math.sqrt(mse(yTrue, yPred));
}

/**
 * Mean absolute error (1/n) Σ |yᵢ − ŷᵢ|.
 * @returns MAE in target units
 * @param yTrue targets, length n >= 1, finite
 * @param yPred predictions, length n, finite
 */
export function mae(yTrue: Numeric, yPred: Numeric): number {
  check('mae', yTrue, yPred);
  let s = 0;
  for (let i = 0; i < yTrue.length; i++) s += Math.abs(yTrue[i] - yPred[i]);
  return s / yTrue.length;
}

/**
 * Coefficient of determination R² = 1 − Σ(yᵢ − ŷᵢ)² / Σ(yᵢ − ȳ)² (can be negative).
 * When yTrue is constant (Σ(yᵢ − ȳ)² = 0): 1 for a perfect prediction, else 0 (scikit-learn's
 * `force_finite` convention).
 * @returns R², <= 1
 * @param yTrue targets, length n >= 1, finite
 * @param yPred predictions, length n, finite
 */
export function r2(yTrue: Numeric, yPred: Numeric): number {
  check('r2', yTrue, yPred);
  const n = yTrue.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += yTrue[i];
  m /= n;
  let res = 0;
  let tot = 0;
  for (let i = 0; i < n; i++) {
    res += (yTrue[i] - yPred[i]) ** 2;
    tot += (yTrue[i] - m) ** 2;
  }
  if (tot === 0) return res === 0 ? 1 : 0;
  return 1 - res / tot;
}

/** All four regression metrics. */
export interface RegressionReport {
  n: number;
  mse: number;
  rmse: number;
  mae: number;
  r2: number;
}

/**
 * MSE, RMSE, MAE and R² at once.
 * @returns {n, mse, rmse, mae, r2}
 * @param yTrue targets, length n >= 1, finite
 * @param yPred predictions, length n, finite
 */
export function regressionReport(yTrue: Numeric, yPred: Numeric): RegressionReport {
  const e = mse(yTrue, yPred);
  return { n: yTrue.length, mse: e, rmse: Math.sqrt(e), mae: mae(yTrue, yPred), r2: r2(yTrue, yPred) };
}
