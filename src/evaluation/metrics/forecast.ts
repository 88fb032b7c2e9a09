/**
 * Out-of-sample scores of a value forecast (forward return or realised volatility) and the naive volatility
 * forecasts every volatility model is compared with. R² here is against a reference level fixed before the
 * test period (the training mean), not the test mean: a forecast no better than the training mean scores ≤ 0.
 */
import { inputError } from '../../util/errors';
import { checkFinite, checkNonEmpty, checkSameLength, Numeric } from '../check';

/** Scores of one value forecast. */
export interface ForecastScores {
  n: number;
  mse: number;
  rmse: number;
  mae: number;
  /** 1 − Σ(y − ŷ)² / Σ(y − reference)², reference = the training mean; can be negative. */
  r2: number;
  /** Share of rows where sign(ŷ) = sign(y) (zeros count as their own sign). */
  signAccuracy: number;
}

/**
 * MSE, RMSE, MAE, R² against a fixed reference level, and sign accuracy.
 * @param yTrue targets, length n >= 1, finite
 * @param yPred forecasts, length n, finite
 * @param reference the level R² is measured against (the training mean of the target): one number, or one
 *   per row (each row's own training window mean), finite
 * @returns ForecastScores; r2 is 0 when every target equals the reference and the forecast is not exact
 */
export function forecastScores(yTrue: Numeric, yPred: Numeric, reference: number | Numeric): ForecastScores {
  const fn = 'forecastScores';
  checkNonEmpty(fn, 'yTrue', yTrue);
  checkSameLength(fn, 'yTrue', yTrue, 'yPred', yPred);
  checkFinite(fn, 'yTrue', yTrue);
  checkFinite(fn, 'yPred', yPred);
  const n = yTrue.length;
  const ref = typeof reference === 'number' ? new Float64Array(n).fill(reference) : reference;
  if (typeof reference === 'number' && !Number.isFinite(reference)) throw inputError({ key: `${fn}(reference)` }, 'a finite reference level (the training mean)', String(reference));
  if (typeof reference !== 'number') {
    checkSameLength(fn, 'yTrue', yTrue, 'reference', ref);
    checkFinite(fn, 'reference', ref);
  }
  let se = 0;
  let ae = 0;
  let tot = 0;
  let signs = 0;
  for (let i = 0; i < n; i++) {
    const e = yTrue[i] - yPred[i];
    se += e * e;
    ae += Math.abs(e);
    tot += (yTrue[i] - ref[i]) ** 2;
    if (Math.sign(yTrue[i]) === Math.sign(yPred[i])) signs++;
  }
  const mse = se / n;
  return { n, mse, rmse: Math.sqrt(mse), mae: ae / n, r2: tot === 0 ? (se === 0 ? 1 : 0) : 1 - se / tot, signAccuracy: signs / n };
}

function logReturnsOf(close: ArrayLike<number>): Float64Array {
  const r = new Float64Array(close.length).fill(NaN);
  for (let t = 1; t < close.length; t++) r[t] = Math.log(close[t] / close[t - 1]);
  return r;
}

/**
 * Yesterday's realised volatility as a forecast of the next h days: √(mean r²) of the daily log returns over
 * t−h+1..t (the same definition as the `volatility` label, one window earlier), for each row t.
 * @param close closes, length N
 * @param rows rows t to forecast from (each >= h)
 * @param h window in rows >= 1
 * @returns Float64Array aligned to `rows`; NaN where fewer than h returns precede t
 */
export function trailingRealizedVol(close: ArrayLike<number>, rows: ArrayLike<number>, h: number): Float64Array {
  if (!(Number.isInteger(h) && h >= 1)) throw inputError({ key: 'trailingRealizedVol(h)' }, 'an integer >= 1', String(h));
  const r = logReturnsOf(close);
  return Float64Array.from(rows, (t) => {
    if (t - h + 1 < 1 || t >= close.length) return NaN;
    let ss = 0;
    for (let k = t - h + 1; k <= t; k++) ss += r[k] * r[k];
    return Math.sqrt(ss / h);
  });
}

/**
 * RiskMetrics EWMA volatility σ_t with σ²_t = λ σ²_{t−1} + (1 − λ) r²_t, started at the mean r² of the first
 * `warmup` returns, as a flat forecast of the daily volatility over t+1..t+h. Uses returns up to t only.
 * @param close closes, length N
 * @param rows rows t to forecast from
 * @param options lambda (0.94), warmup returns for the start value (20)
 * @returns Float64Array aligned to `rows`; NaN where t ≤ warmup
 */
export function ewmaVol(close: ArrayLike<number>, rows: ArrayLike<number>, options: { lambda?: number; warmup?: number } = {}): Float64Array {
  const lambda = options.lambda ?? 0.94;
  const warmup = options.warmup ?? 20;
  if (!(lambda > 0 && lambda < 1)) throw inputError({ key: 'ewmaVol(lambda)' }, 'a number in (0, 1)', String(lambda));
  const r = logReturnsOf(close);
  const sigma = new Float64Array(close.length).fill(NaN);
  if (close.length > warmup + 1) {
    let v = 0;
    for (let k = 1; k <= warmup; k++) v += r[k] * r[k];
    v /= warmup;
    for (let t = warmup + 1; t < close.length; t++) {
      v = lambda * v + (1 - lambda) * r[t] * r[t];
      sigma[t] = Math.sqrt(v);
    }
  }
  return Float64Array.from(rows, (t) => (t >= 0 && t < close.length ? sigma[t] : NaN));
}
