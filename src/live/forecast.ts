/**
 * The predictor's path for value models (`regression`, `volatility`): the model's forecast is served as it
 * is (no rule-signal blend, no probability). A return forecast r̂ (log return over h bars) gives the direction
 * sign(r̂) and the expected change e^r̂ − 1; a volatility forecast (daily realised vol over h bars) is not a
 * direction call: it is returned to the caller but not logged for direction verification.
 */
import { barCount, type Bars } from '../data/bars';
import type { FeatureFrame } from '../features/frame';
import { dayToIso } from '../util/dates';
import { inputError } from '../util/errors';
import type { LoadedLiveModel } from './model-source';
import { ruleSignals, type SignalOptions } from './signals';
import type { NewPrediction } from './types';

/**
 * One forecast from the last bar.
 * @param input bars up to today, the full-set frame ending today (for the regime), the value model, horizon
 * @param targetDate ISO date of the horizon-th trading day after today
 * @param signals rule-signal options (only the regime is used)
 * @returns NewPrediction with `task` and `forecast` set; probUp and confidence are 0.5 (no probability)
 */
export async function forecastOne(input: { bars: Bars; frame: FeatureFrame; model: LoadedLiveModel; horizon: number }, targetDate: string, signals: SignalOptions = {}): Promise<NewPrediction> {
  const { bars, frame, model, horizon } = input;
  const task = model.meta.task;
  if (!model.forecast || (task !== 'regression' && task !== 'volatility')) throw inputError({ key: `${model.meta.name}.task` }, 'a regression or volatility model', String(task));
  const n = barCount(bars);
  const value = (await model.forecast(bars, [n - 1]))[0];
  if (!Number.isFinite(value)) throw inputError({ key: `${model.meta.name}.forecast` }, 'a finite forecast', String(value));
  const regression = task === 'regression';
  return {
    symbol: bars.symbol,
    madeOn: dayToIso(bars.dates[n - 1]),
    horizon,
    targetDate,
    model: `${model.meta.name}@${model.meta.version}`,
    direction: regression && value < 0 ? 'down' : 'up',
    probUp: 0.5,
    expectedChange: regression ? Math.expm1(value) : 0,
    confidence: 0.5,
    regime: ruleSignals(frame, frame.dates.length - 1, signals).regime,
    signals: { forecast: value },
    baseClose: bars.close[n - 1],
    task,
    forecast: value,
  };
}
