/**
 * The value-task side (`regression`, `volatility`) of the one fit → predict → score path in `fit.ts`: a fitted
 * regressor's forecasts on rows, their validation score, and the prediction rows they are scored into.
 */
import { inputError, show } from '../util/errors';
import { dayToIso } from '../util/dates';
import type { Fitted, ValidationMetric } from './fit';
import { datasetForRows, type PreparedData } from './prepare';
import type { PredictionRow } from './types';

/**
 * Forecasts of the fitted regressor on `rows` for horizon key `key`.
 * @returns `{pred, y}`: forecasts and targets (NaN where unknown), length rows.length
 */
export async function predictValuesOnRows(prep: PreparedData, fitted: Fitted, rows: ArrayLike<number>, key: string): Promise<{ pred: Float32Array; y: Float32Array }> {
  const ds = datasetForRows(prep, fitted.scaled, rows, { rank: fitted.rank, target: key });
  const pred = rows.length ? await fitted.model.predict(ds, fitted.multi ? { target: key } : undefined) : new Float32Array(0);
  return { pred, y: ds.y as Float32Array };
}

/**
 * Validation score of a regressor averaged over keys: `val_accuracy` → R² against the validation rows' own
 * mean (higher is better, what early stopping compares), `val_loss` → MSE.
 * @returns the score (NaN when there are no rows)
 */
export async function valueValidationScore(prep: PreparedData, fitted: Fitted, rowsByKey: Record<string, ArrayLike<number>>, metric: ValidationMetric): Promise<number> {
  if (metric !== 'val_accuracy' && metric !== 'val_loss') throw inputError({ key: 'tuning.metric' }, '"val_accuracy" or "val_loss"', show(metric));
  const values: number[] = [];
  for (const [k, rows] of Object.entries(rowsByKey)) {
    if (!rows.length) continue;
    const { pred, y } = await predictValuesOnRows(prep, fitted, rows, k);
    let m = 0;
    for (let j = 0; j < y.length; j++) m += y[j];
    m /= y.length;
    let se = 0;
    let tot = 0;
    for (let j = 0; j < y.length; j++) {
      se += (y[j] - pred[j]) ** 2;
      tot += (y[j] - m) ** 2;
    }
    values.push(metric === 'val_loss' ? se / y.length : tot > 0 ? 1 - se / tot : 0);
  }
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN;
}

/**
 * Forecasts the test rows into prediction rows: `y` the outcome, `pred` the forecast, `pUp` NaN, `majority`
 * the mean target of the training rows (the historical-mean baseline's forecast).
 * @returns `{predictions, hits}` (hits: rows whose forecast has the outcome's sign)
 */
export async function scoreValuesOnRows(prep: PreparedData, fitted: Fitted, test: Int32Array, key: string, context: { iteration: number; trainRows: ArrayLike<number> }): Promise<{ predictions: PredictionRow[]; hits: number }> {
  const { pred, y } = await predictValuesOnRows(prep, fitted, test, key);
  let mean = 0;
  let count = 0;
  for (let k = 0; k < context.trainRows.length; k++) {
    const v = prep.target[key][context.trainRows[k]];
    if (Number.isFinite(v)) {
      mean += v;
      count++;
    }
  }
  mean = count ? mean / count : 0;
  const predictions: PredictionRow[] = [];
  let hits = 0;
  for (let j = 0; j < test.length; j++) {
    if (!Number.isFinite(pred[j])) throw inputError({ key: `${fitted.spec.model}.predict` }, 'finite forecasts', `${pred[j]} at ${dayToIso(prep.frame.dates[test[j]])}`);
    if (Math.sign(pred[j]) === Math.sign(y[j])) hits++;
    predictions.push({ iteration: context.iteration, row: test[j], date: dayToIso(prep.frame.dates[test[j]]), y: y[j], pred: pred[j], pUp: NaN, majority: mean });
  }
  return { predictions, hits };
}
