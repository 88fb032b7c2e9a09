/**
 * The live loop's trainer (first models and candidates in automated retraining, the simulated-days test):
 * the same prepare → carve validation → fit path as a training run (`training/fit`), on the most recent
 * `trainDays` rows whose label ends by the last bar, returned as a model bundle ready to save and serve.
 */
import { barCount, type Bars } from '../data/bars';
import { fillDefaults } from '../data/store-db';
import { parseConfig } from '../config/load';
import { dayToIso } from '../util/dates';
import { inputError } from '../util/errors';
import { BUNDLE_FORMAT, type BundleMeta, type LoadedBundle } from '../training/bundle';
import { fitOnRows } from '../training/fit';
import { modelSettings } from '../training/plan';
import { prepareData } from '../training/prepare';
import { carveValidation } from '../training/schedule';
import { barsSha256 } from '../training/source';

/** Neutral band recorded in the label spec (unused by binary labels). */
const NEUTRAL_BAND = 0.001;

/** Options of {@link trainLiveModel}. */
export interface LiveTrainOptions {
  /** Model registry key. Default `logistic`. */
  model?: string;
  /** Hyperparameters of the family (on top of its defaults). Default {}. */
  params?: Record<string, unknown>;
  /** Horizon in trading days. Default 1. */
  horizon?: number;
  /** Feature set. Default `minimal`. */
  featureSet?: string;
  /** Most recent labelled rows to train on (the last 15 % validate). Default 1000. */
  trainDays?: number;
  /** Rows per window (sequence models) and warm-up of every model. Default 30. */
  steps?: number;
  /** Name recorded in the metadata. Default `<model>-<symbol>-h<horizon>`. */
  name?: string;
  /** Version label. Default the training timestamp. */
  version?: string;
  /** Clock. Default now. */
  now?: Date;
}

/** Defaults of {@link LiveTrainOptions}. */
export const liveTrainDefaults = { model: 'logistic', params: {} as Record<string, unknown>, horizon: 1, featureSet: 'minimal', trainDays: 1000, steps: 30 };

/**
 * Trains a binary direction model on the bars (labels end by the last bar; the last `horizon` rows have none).
 * @param bars history of one symbol (not modified)
 * @param options model, params, horizon, feature set, trainDays, steps (see {@link liveTrainDefaults})
 * @returns the fitted model and its bundle metadata (`dir` is empty until saved)
 * @throws InputError when fewer than 50 usable rows exist
 */
export async function trainLiveModel(bars: Bars, options: LiveTrainOptions = {}): Promise<LoadedBundle> {
  const o = fillDefaults(liveTrainDefaults, options);
  const key = `h${o.horizon}`;
  const prep = prepareData(bars, { featureSet: o.featureSet, horizons: [o.horizon], steps: o.steps, task: 'binary', neutralBand: NEUTRAL_BAND });
  const end = prep.endIndex[key];
  const usable: number[] = [];
  for (let r = 0; r < barCount(bars); r++) if (prep.usable[r] && end[r] >= 0) usable.push(r);
  const use = Int32Array.from(usable.slice(-o.trainDays));
  if (use.length < 50) throw inputError({ key: 'bars' }, `at least 50 rows with complete features and a known ${o.horizon}-day label`, `${use.length} (of ${barCount(bars)} bars)`);
  const rows = carveValidation(use, end, {}, `${bars.symbol} live training`);
  const settings = { ...modelSettings(parseConfig({})), task: 'binary' as const };
  settings.params = { ...settings.params, [o.model]: o.params };
  const { fitted } = await fitOnRows(prep, { model: o.model, settings, keys: [key], scalerKind: 'zscore' }, { [key]: rows });
  const now = o.now ?? new Date();
  const meta: BundleMeta = {
    format: BUNDLE_FORMAT,
    name: o.name ?? `${o.model}-${bars.symbol}-h${o.horizon}`,
    version: o.version ?? now.toISOString(),
    model: o.model,
    symbol: bars.symbol,
    featureSet: o.featureSet,
    featureNames: prep.frame.names.slice(),
    steps: prep.steps,
    rank: fitted.rank,
    scaler: fitted.scaler.toJSON(),
    task: 'binary',
    horizon: o.horizon,
    horizons: [o.horizon],
    neutralBand: NEUTRAL_BAND,
    trainStart: dayToIso(prep.frame.dates[use[0]]),
    trainEnd: dayToIso(prep.frame.dates[use[use.length - 1]]),
    trainedAt: now.toISOString(),
    dataSha256: barsSha256(bars),
    // intraday bars: the bundle says so (serving checks the timeframe); daily bundles are unchanged
    ...(bars.timeframe === undefined || bars.timeframe === '1d' ? {} : { timeframe: bars.timeframe, ...(bars.exchange ? { exchange: bars.exchange } : {}) }),
    origin: { mode: 'live' },
  };
  return { model: fitted.model, meta, dir: '' };
}
