/**
 * The live loop on intraday bars (seed 002's minute bars): the bars a model of a given timeframe is served or
 * judged on (the stored bars of that timeframe, else the finest stored finer timeframe resampled), the instant
 * `h` bars ahead on the exchange's sessions, and the retrain decision of seed 002 (skip under 100 new bars,
 * retrain when older than 7 days) counting bars of the model's own timeframe.
 */
import { allocBars, barCount, type Bars } from '../data/bars';
import type { Store } from '../data/store';
import { resampleBars } from '../data/intraday/resample';
import { SessionCalendar, checkExchange } from '../data/intraday/sessions';
import { listIntraday, readIntradayBars, type IntradaySummary } from '../data/intraday/store';
import { MINUTE_MS, TIMEFRAME_MINUTES, canResample, type Timeframe } from '../data/intraday/timeframe';
import { isoToDay } from '../util/dates';
import { inputError } from '../util/errors';
import type { LiveModelMeta, ModelSource } from './model-source';
import type { MlProfile } from './profiles';
import { decideRetrain, type RetrainRules } from './triggers';

const DAY_MS = 86_400_000;

/**
 * The stored series a timeframe is read from: the same timeframe, else the coarsest stored finer one that divides it.
 * @param stored the symbol's stored intraday series
 * @returns the summary to read, or undefined
 */
function pickSeries(stored: IntradaySummary[], tf: Timeframe): IntradaySummary | undefined {
  return stored.find((s) => s.timeframe === tf) ?? stored.filter((s) => canResample(s.timeframe, tf)).sort((a, b) => TIMEFRAME_MINUTES[b.timeframe] - TIMEFRAME_MINUTES[a.timeframe])[0];
}

/** Options of {@link storedBarsOf}. */
export interface StoredBarsOptions {
  /** Keep at least this many bars of `timeframe` before the last one (whole sessions are read). Default: all. */
  lookback?: number;
  /** First local trading day to read (day number); overrides `lookback`. */
  fromDay?: number;
}

/**
 * A symbol's stored bars in `timeframe`, read from the store's intraday series (resampled from a finer one when
 * needed; `1d` = daily bars resampled from the intraday ones).
 * @param store the store
 * @param symbol symbol
 * @param timeframe the timeframe wanted
 * @param options lookback in bars (default all) or first day
 * @returns Bars with `times` (intraday) or daily bars, `timeframe`, `exchange`
 * @throws InputError naming the timeframe wanted and what is stored
 */
export async function storedBarsOf(store: Store, symbol: string, timeframe: Timeframe, options: StoredBarsOptions = {}): Promise<Bars> {
  const stored = (await listIntraday(store)).filter((s) => s.symbol === symbol);
  const pick = pickSeries(stored, timeframe);
  if (!pick) {
    throw inputError({ key: 'symbol' }, `${timeframe} (or finer) intraday bars of ${symbol} in the store`, stored.length ? `stored: ${stored.map((s) => s.timeframe).join(', ')}` : 'no intraday bars of it');
  }
  let from = options.fromDay;
  if (from === undefined && options.lookback !== undefined) {
    // sessions of at least 375 minutes (NSE; NYSE 390 less early closes), 5 trading days per 7 calendar days,
    // plus up to 4 holiday days (e.g. a Thursday Christmas and a Friday closure before a weekend)
    const sessions = Math.ceil((options.lookback * Math.min(TIMEFRAME_MINUTES[timeframe], 375)) / 180) + 1;
    from = Math.floor(Date.parse(pick.last) / DAY_MS) - Math.ceil((sessions * 7) / 5) - 4;
  }
  if (from !== undefined && from > Math.floor(Date.parse(pick.last) / DAY_MS)) {
    return { ...allocBars(symbol, 0), ...(timeframe === '1d' ? {} : { times: new Float64Array(0), timeframe }), exchange: pick.exchange };
  }
  const bars = await readIntradayBars(store, symbol, pick.timeframe, from === undefined ? {} : { from });
  return pick.timeframe === timeframe ? bars : resampleBars(bars, timeframe);
}

/**
 * The bar instant `h` bars after instant `t` on the exchange's sessions (bars start every timeframe step from the open).
 * @param t UTC ms of a bar's start
 * @param timeframe intraday timeframe
 * @param exchange NYSE or NSE
 * @param h bars ahead (>= 1)
 * @returns UTC ms
 */
export function barsAhead(t: number, timeframe: Timeframe, exchange: string, h: number): number {
  const cal = new SessionCalendar(checkExchange(exchange));
  const step = TIMEFRAME_MINUTES[timeframe] * MINUTE_MS;
  let day = cal.localDay(t);
  let s = cal.session(day);
  let next = t + step;
  for (let k = 0; k < h; k++) {
    if (k > 0) next += step;
    while (!s || next >= s.close) {
      day++;
      s = cal.session(day);
      if (s) next = s.open;
    }
  }
  return next;
}

/** ISO UTC instant to the minute, e.g. `2020-01-31T20:55Z` (how intraday predictions are dated). */
export function instantIso(t: number): string {
  return `${new Date(t).toISOString().slice(0, 16)}Z`;
}

/** The ML profile of an intraday update: each model with its timeframe and the new bars of that timeframe. */
export interface IntradayMlProfile extends MlProfile {
  models: Array<MlProfile['models'][number] & { timeframe: Timeframe; newBars: number }>;
}

/** Options of {@link intradayRetrainProfile}. */
export interface IntradayRetrainOptions {
  /** Models of the symbol. */
  models: ModelSource;
  /** Horizons whose models are judged. Default [1]. */
  horizons?: number[];
  /** Seed 002's thresholds by default (see `retrainRuleDefaults`). */
  rules?: RetrainRules;
  now?: Date;
}

/**
 * The ML profile and retrain decision of one symbol after an intraday update: per horizon, the new bars are the
 * stored bars of the MODEL's timeframe (a 5m model counts 5-minute bars, a daily model days) after its training
 * end; then seed 002's rules: fewer than 100 new bars keep, a model older than 7 days retrains.
 * @param store the store (intraday bars of the symbol)
 * @param symbol symbol
 * @param options models, horizons, rules, clock
 * @returns MlProfile with `newBars` and the timeframe per model
 */
export async function intradayRetrainProfile(store: Store, symbol: string, options: IntradayRetrainOptions): Promise<IntradayMlProfile> {
  const now = options.now ?? new Date();
  const models: IntradayMlProfile['models'] = [];
  const reasons: string[] = [];
  let retrain = false;
  for (const h of options.horizons ?? [1]) {
    const meta: LiveModelMeta | undefined = await options.models.describe(symbol, h);
    if (!meta) {
      const d = decideRetrain({ noModel: true, newBars: 0, ageDays: 0 }, options.rules);
      retrain = true;
      reasons.push(...d.reasons.map((s) => `h${h}: ${s}`));
      continue;
    }
    const tf = meta.timeframe ?? '1d';
    const end = isoToDay(meta.trainEnd.slice(0, 10));
    const bars = await storedBarsOf(store, symbol, tf, { fromDay: end + 1 });
    let newBars = 0;
    for (let i = barCount(bars) - 1; i >= 0 && bars.dates[i] > end; i--) newBars++;
    const ageDays = (now.getTime() - Date.parse(meta.trainedAt)) / 86_400_000;
    const d = decideRetrain({ newBars, ageDays }, options.rules);
    retrain ||= d.retrain;
    reasons.push(...d.reasons.map((s) => `h${h} (${tf} bars): ${s}`));
    models.push({ horizon: h, model: `${meta.name}@${meta.version}`, trainedAt: meta.trainedAt, trainEnd: meta.trainEnd, metrics: meta.metrics, timeframe: tf, newBars });
  }
  return { symbol, models, retrain: { retrain, reasons } };
}
