/**
 * The predictor (seed 004): for each symbol, the Production model's probability of "up" over the next N
 * trading days, combined with rule signals by adaptive weights learned from verified outcomes dated before
 * today, an expected change, a calibrated confidence, the regime and the signals behind it. Every prediction
 * is appended to the prediction log as `pending`.
 */
import * as path from 'path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { barCount, checkSymbol, type Bars } from '../data/bars';
import type { Store } from '../data/store';
import { readOnConnection } from '../data/store-read';
import { tradingDays } from '../data/calendar';
import { dayToIso, isoToDay } from '../util/dates';
import { InputError, inputError } from '../util/errors';
import { listIntraday } from '../data/intraday/store';
import type { Timeframe } from '../data/intraday/timeframe';
import { barsAhead, instantIso, storedBarsOf } from './intraday';
import { workbenchHome } from '../util/fs';
import { buildFeatures } from '../features/registry';
import type { FeatureFrame } from '../features/frame';
import { calibrateConfidence, type CalibrateOptions } from './accuracy';
import { EXPERT_NAMES, weightsAsOf } from './adaptive';
import type { LoadedLiveModel, ModelSource } from './model-source';
import { appendOnConnection, exportPredictionsJsonl, listOnConnection } from './predlog';
import { ruleSignals, signalProbs, type SignalOptions } from './signals';
import { readStateOn } from './state';
import { forecastOne } from './forecast';
import type { NewPrediction, PredictionRecord } from './types';
import { combine, type EgOptions } from './weights';

/** Options of {@link runPredict}. */
export interface LivePredictOptions {
  /** Where models come from. */
  models: ModelSource;
  /** Horizon in trading days. Default 1. */
  horizon?: number;
  /** Several horizons in one pass (overrides `horizon`). */
  horizons?: number[];
  /** Symbols. Default every stored symbol. */
  symbols?: string[];
  /** JSONL export of the whole log, rewritten after appending; `false` to skip. Default `<home>/live/predictions.jsonl`. */
  jsonl?: string | false;
  /** Rows of history read to build features when the update's state is not current. Default 2500 (EMA 200 settles). */
  lookback?: number;
  signals?: SignalOptions;
  weights?: EgOptions;
  calibration?: CalibrateOptions;
  /** Clock for `createdAt`. Default now. */
  now?: Date;
  /**
   * Timeframe of the bars to serve. Default: each model's own (`bundle.json` `timeframe`, absent = `1d`). Intraday
   * bars come from the store's intraday series (`storedBarsOf`); a model asked for bars of another timeframe than
   * it was trained on is refused, naming both.
   */
  timeframe?: Timeframe;
}

/** Result of {@link runPredict}. */
export interface LivePredictReport {
  predictions: NewPrediction[];
  /** Ids newly logged / already logged (left untouched). */
  inserted: string[];
  skipped: string[];
  /** Symbols without a prediction, with the reason. */
  missing: Array<{ symbol: string; reason: string }>;
}

/**
 * The `h`-th NYSE trading day after `day`.
 * @returns day number
 */
export function targetDay(day: number, h: number): number {
  const days = tradingDays(day + 1, day + 3 * h + 15, 'nyse');
  return days[h - 1];
}

/** Mean absolute h-day simple return over the last `window` rows (for the expected change). */
function meanAbsMove(bars: Bars, h: number, window = 252): number {
  const n = barCount(bars);
  let s = 0;
  let k = 0;
  for (let i = Math.max(h, n - window); i < n; i++) {
    s += Math.abs(bars.close[i] / bars.close[i - h] - 1);
    k++;
  }
  return k ? s / k : 0;
}

async function hasDailyBars(c: DuckDBConnection, symbol: string): Promise<boolean> {
  const r = await c.runAndReadAll('SELECT count(*)::INTEGER FROM bars WHERE symbol = $symbol', { symbol });
  return (r.getRows()[0][0] as number) > 0;
}

async function frameFor(c: DuckDBConnection, symbol: string, o: LivePredictOptions): Promise<{ bars: Bars; frame: FeatureFrame }> {
  const lookback = o.lookback ?? 2500;
  const r = await c.runAndReadAll(
    `SELECT strftime(date, '%Y-%m-%d') FROM bars WHERE symbol = $symbol ORDER BY date DESC LIMIT 1 OFFSET $k`,
    { symbol, k: lookback - 1 },
  );
  const from = (r.getRows()[0]?.[0] as string | undefined) ?? undefined;
  const bars = await readOnConnection(c, symbol, { from, extras: true });
  const last = dayToIso(bars.dates[barCount(bars) - 1]);
  const state = await readStateOn(c, symbol);
  if (state && state.lastDate === last && state.featureSet === 'full') return { bars, frame: state.features };
  return { bars, frame: buildFeatures(bars, { set: 'full' }) };
}

/**
 * Intraday bars of every (symbol, timeframe) an intraday model needs, read before the store connection opens
 * (the intraday reader opens its own); a missing series is kept as its error, reported per symbol.
 */
async function intradayInputs(store: Store, resolved: Map<string, LoadedLiveModel | undefined>, o: LivePredictOptions): Promise<Map<string, Bars | Error>> {
  const out = new Map<string, Bars | Error>();
  for (const [key, model] of resolved) {
    const tf = o.timeframe ?? model?.meta.timeframe ?? '1d';
    const symbol = key.split('|')[0];
    if (!model || tf === '1d' || out.has(`${symbol}|${tf}`)) continue;
    try {
      out.set(`${symbol}|${tf}`, await storedBarsOf(store, symbol, tf, { lookback: o.lookback ?? 2500 }));
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      out.set(`${symbol}|${tf}`, e);
    }
  }
  return out;
}

/**
 * One prediction of an intraday model on the last stored bar: dated by instants (`madeOn`, `targetDate` h bars on
 * the exchange's sessions), logged with its timeframe.
 */
async function predictIntraday(bars: Bars, model: LoadedLiveModel, horizon: number, o: LivePredictOptions): Promise<NewPrediction> {
  const n = barCount(bars);
  if (n === 0) throw inputError({ key: 'symbol' }, `${bars.timeframe} bars of ${bars.symbol}`, 'none stored');
  // no logged intraday outcomes: the adaptive weights and the calibration start from their priors
  const p = await predictOne({ bars, frame: buildFeatures(bars, { set: 'full' }), model, records: [], horizon }, o);
  const t = (bars.times as Float64Array)[n - 1];
  return { ...p, madeOn: instantIso(t), targetDate: instantIso(barsAhead(t, bars.timeframe as Timeframe, bars.exchange ?? 'NYSE', horizon)), timeframe: bars.timeframe };
}

/**
 * One prediction from a frame's last row (pure apart from the model call).
 * @param input symbol bars (history up to today), full-set feature frame ending today, the loaded model,
 *   the symbol's logged records (for adaptive weights and calibration; only outcomes before today are used)
 * @returns NewPrediction
 * @throws InputError when the model's feature window is incomplete on the last row
 */
export async function predictOne(
  input: { bars: Bars; frame: FeatureFrame; model: LoadedLiveModel; records: PredictionRecord[]; horizon: number },
  options: Pick<LivePredictOptions, 'signals' | 'weights' | 'calibration'> = {},
): Promise<NewPrediction> {
  const { bars, frame, model, records, horizon } = input;
  const n = barCount(bars);
  const row = frame.dates.length - 1;
  const today = frame.dates[row];
  if (bars.dates[n - 1] !== today) throw inputError({ key: 'frame' }, `features ending on the last bar ${dayToIso(bars.dates[n - 1])}`, dayToIso(today));
  // a value model's forecast is served as it is (see live/forecast.ts)
  if (model.forecast) return forecastOne(input, dayToIso(targetDay(today, horizon)), options.signals);
  // the model's own bundle builds its features, scaler and window from the bars (as when it was evaluated)
  const pModel = (await model.probUp(bars, [n - 1]))[0];
  const sig = ruleSignals(frame, row, options.signals);
  const experts = [pModel, ...signalProbs(sig.signals, options.signals)];
  const w = weightsAsOf(records, today, { ...options.weights, horizon });
  const probUp = combine(w, experts);
  const raw = Math.max(probUp, 1 - probUp);
  const history = records
    .filter((r) => r.status === 'verified' && r.horizon === horizon && r.actualDate !== undefined && isoToDay(r.actualDate) < today)
    .map((r) => ({ raw: r.signals.raw_confidence ?? r.confidence, hit: r.hit === true }));
  const confidence = calibrateConfidence(raw, history, options.calibration);
  const signals: Record<string, number> = { ...sig.signals, raw_confidence: raw };
  EXPERT_NAMES.forEach((name, i) => {
    signals[`p_${name}`] = experts[i];
    signals[`w_${name}`] = w[i];
  });
  const madeOn = dayToIso(today);
  return {
    symbol: bars.symbol,
    madeOn,
    horizon,
    targetDate: dayToIso(targetDay(today, horizon)),
    model: `${model.meta.name}@${model.meta.version}`,
    direction: probUp >= 0.5 ? 'up' : 'down',
    probUp,
    expectedChange: (2 * probUp - 1) * meanAbsMove(bars, horizon),
    confidence,
    regime: sig.regime,
    signals,
    baseClose: bars.close[n - 1],
  };
}

/**
 * Predicts the next `horizon` trading days for each symbol and appends the predictions to the log (`pending`).
 * @param store the store (bars and the prediction log)
 * @param options models, horizon (default 1) or horizons, symbols (default all), JSONL export path
 * @returns predictions, inserted/skipped ids, symbols without a prediction and why
 */
export async function runPredict(store: Store, options: LivePredictOptions): Promise<LivePredictReport> {
  const horizons = options.horizons ?? [options.horizon ?? 1];
  for (const h of horizons) if (!Number.isInteger(h) || h < 1) throw inputError({ key: 'horizon' }, 'an integer >= 1', String(h));
  const stored = async () => [...new Set([...(await store.listSymbols()).map((s) => s.symbol), ...(await listIntraday(store)).map((s) => s.symbol)])].sort();
  const symbols = (options.symbols ?? (await stored())).map((s) => checkSymbol(s));
  // models are resolved before the store connection opens: a registry source uses the same store file
  const resolved = new Map<string, LoadedLiveModel | undefined>();
  for (const symbol of symbols) for (const h of horizons) resolved.set(`${symbol}|${h}`, await options.models.resolve(symbol, h));
  const intraday = await intradayInputs(store, resolved, options);
  const report = await store.withConnection(async (c) => {
    const predictions: NewPrediction[] = [];
    const missing: LivePredictReport['missing'] = [];
    for (const symbol of symbols) {
      let data: { bars: Bars; frame: FeatureFrame } | undefined;
      let records: PredictionRecord[] | undefined;
      for (const horizon of horizons) {
        const model = resolved.get(`${symbol}|${horizon}`);
        if (!model) {
          missing.push({ symbol, reason: options.models.missingHint?.(symbol, horizon) ?? `no model for horizon ${horizon} in ${options.models.name}` });
          continue;
        }
        const tf = options.timeframe ?? model.meta.timeframe ?? '1d';
        try {
          if (tf !== '1d') {
            const got = intraday.get(`${symbol}|${tf}`) as Bars | Error;
            if (got instanceof Error) throw inputError({ key: `${model.meta.name}.timeframe` }, `${tf} bars of ${symbol} for a model trained on ${model.meta.timeframe ?? '1d'} bars`, got.message);
            predictions.push(await predictIntraday(got, model, horizon, options));
            continue;
          }
          if (!(await hasDailyBars(c, symbol))) {
            throw inputError({ key: `${model.meta.name}.timeframe` }, `1d bars of ${symbol} for a model trained on ${model.meta.timeframe ?? '1d'} bars`, 'no daily bars of it in the store (intraday series are served to intraday models only)');
          }
          data ??= await frameFor(c, symbol, options);
          records ??= await listOnConnection(c, { symbol, timeframe: '1d' });
          predictions.push(await predictOne({ ...data, model, records, horizon }, options));
        } catch (e) {
          missing.push({ symbol, reason: (e as Error).message });
        } finally {
          model.dispose();
        }
      }
    }
    // volatility forecasts are not direction calls: returned, not logged for direction verification;
    // intraday predictions are logged with their timeframe (verify counts bars of it)
    const { inserted, skipped } = await appendOnConnection(c, predictions.filter((p) => p.task !== 'volatility'), options.now);
    return { predictions, inserted, skipped, missing };
  });
  const jsonl = options.jsonl ?? path.join(workbenchHome(), 'live', 'predictions.jsonl');
  if (jsonl) await exportPredictionsJsonl(store, jsonl);
  return report;
}
