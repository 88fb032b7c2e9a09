/**
 * Where the predictor gets its model: a {@link ModelSource} resolves (symbol, horizon) to a served model —
 * a model bundle (see `training/bundle`) or a combination of bundles — with its metadata.
 * {@link folderModelSource} reads bundles saved as `<root>/<SYMBOL>/h<N>/` (or `<root>/_all/h<N>/` for every
 * symbol): `model.json` written by `Model.save` and `bundle.json` beside it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { checkSymbol, type Bars } from '../data/bars';
import type { Model } from '../models/types';
import type { Timeframe } from '../data/intraday/timeframe';
import { inputError } from '../util/errors';
import { BUNDLE_FILE, bundleForecast, bundleProbUp, loadBundle, readBundleMeta, writeBundleMeta, type BundleMeta, type LoadedBundle } from '../training/bundle';

/** What the live loop shows and decides on about a served model (a bundle's metadata, or a combination's). */
export interface LiveModelMeta {
  /** Display name, e.g. `gbdt-AAPL-h1` or a registry name. */
  name: string;
  /** Version label (registry version, or a timestamp). */
  version: string;
  /** Feature set name and input columns (for drift checks). */
  featureSet: string;
  featureNames: string[];
  /** Horizon served, in trading days. */
  horizon: number;
  /** When training finished (ISO time); first and last training day (ISO). */
  trainedAt: string;
  trainStart: string;
  trainEnd: string;
  /** Out-of-sample metrics of the served horizon, when the bundle recorded them. */
  metrics?: Record<string, number | null>;
  /** `regression` / `volatility` for a model that forecasts a value (see `forecast`); absent for direction models. */
  task?: 'regression' | 'volatility';
  /** Bar timeframe the model was trained on when intraday (`1h`, `30m`, `5m`, `1m`); absent = daily. */
  timeframe?: Timeframe;
}

/** A served model: probabilities of "up" on rows of a symbol's bars, with its metadata. */
export interface LoadedLiveModel {
  meta: LiveModelMeta;
  /** Folder(s) it was loaded from (for logs). */
  dir: string;
  /** The underlying model (bundles only; absent for combinations). */
  model?: Model;
  /**
   * P(up) over the served horizon on `rows` of `bars` (features at a row use bars up to that row only).
   * @returns one probability per row
   */
  probUp(bars: Bars, rows: number[]): Promise<Float64Array>;
  /**
   * A value model's forecast on `rows` (forward log return, or forward realised daily volatility, over the
   * served horizon); present only when `meta.task` is `regression` or `volatility`.
   */
  forecast?(bars: Bars, rows: number[]): Promise<Float64Array>;
  dispose(): void;
}

/** Resolves the model to use for a symbol and horizon. */
export interface ModelSource {
  /** Human-readable description (for logs). */
  name: string;
  /** Metadata only (cheap), or undefined when no model exists. */
  describe(symbol: string, horizon: number): Promise<LiveModelMeta | undefined>;
  /** The loaded model, or undefined when no model exists. */
  resolve(symbol: string, horizon: number): Promise<LoadedLiveModel | undefined>;
  /** What to run to get a model when there is none (shown by `predict`). */
  missingHint?(symbol: string, horizon: number): string;
}

/** The folder of a symbol's model for a horizon inside a folder source root. */
export function liveModelDir(root: string, symbol: string, horizon: number): string {
  return path.join(root, checkSymbol(symbol), `h${horizon}`);
}

/**
 * The live view of a bundle's metadata for one horizon.
 * @param meta bundle metadata
 * @param horizon served horizon (default the bundle's primary one)
 * @param label optional registry name and version that replace the bundle's own
 */
export function liveMetaOf(meta: BundleMeta, horizon = meta.horizon, label?: { name: string; version: string }): LiveModelMeta {
  return {
    name: label?.name ?? meta.name,
    version: label?.version ?? meta.version,
    featureSet: meta.featureSet,
    featureNames: meta.featureNames,
    horizon,
    trainedAt: meta.trainedAt,
    trainStart: meta.trainStart,
    trainEnd: meta.trainEnd,
    metrics: meta.metrics?.[`h${horizon}`],
    ...(meta.timeframe !== undefined && meta.timeframe !== '1d' ? { timeframe: meta.timeframe } : {}),
    ...(meta.task === 'regression' || meta.task === 'volatility' ? { task: meta.task } : {}),
  };
}

/**
 * Checks that bars have the timeframe a model was trained on (windows and horizons count bars of it).
 * @param meta the served model's metadata (`timeframe` absent = daily)
 * @param bars the bars about to be served (`timeframe` absent = daily)
 * @throws InputError naming both timeframes
 */
export function checkServedTimeframe(meta: Pick<LiveModelMeta, 'name' | 'timeframe'>, bars: Pick<Bars, 'symbol' | 'timeframe'>): void {
  const want = meta.timeframe ?? '1d';
  const have = bars.timeframe ?? '1d';
  if (want !== have) {
    throw inputError({ key: `${meta.name}.timeframe` }, `${want} bars of ${bars.symbol} (the model was trained on ${want} bars; its windows and horizon count them)`, `${have} bars`);
  }
}

/**
 * Serves a loaded bundle for one horizon (bars of another timeframe than the bundle's are an error).
 * @param bundle loaded bundle
 * @param horizon served horizon (one of the bundle's)
 * @param label optional registry name and version
 * @returns LoadedLiveModel
 */
export function liveModelOf(bundle: LoadedBundle, horizon = bundle.meta.horizon, label?: { name: string; version: string }): LoadedLiveModel {
  const meta = liveMetaOf(bundle.meta, horizon, label);
  return {
    meta,
    dir: bundle.dir,
    model: bundle.model,
    probUp: async (bars, rows) => {
      checkServedTimeframe(meta, bars);
      return (await bundleProbUp(bundle, bars, { horizon, rows })).probUp;
    },
    ...(bundle.meta.task === 'regression' || bundle.meta.task === 'volatility'
      ? {
          forecast: async (bars: Bars, rows: number[]) => {
            checkServedTimeframe(meta, bars);
            return (await bundleForecast(bundle, bars, { horizon, rows })).forecast;
          },
        }
      : {}),
    dispose: () => bundle.model.dispose?.(),
  };
}

/**
 * Saves a bundle (model files + `bundle.json`) into `dir`.
 * @param dir target folder (created)
 */
export async function saveLiveModel(dir: string, model: Model, meta: BundleMeta): Promise<void> {
  await model.save(dir);
  writeBundleMeta(dir, meta);
}

/**
 * A model source over saved bundles: `<root>/<SYMBOL>/h<N>/`, falling back to `<root>/_all/h<N>/`.
 * @param root folder holding the per-symbol model folders (e.g. `<workbenchHome()>/live/models`)
 * @returns ModelSource
 */
export function folderModelSource(root: string): ModelSource {
  const find = (symbol: string, horizon: number): string | undefined => {
    for (const dir of [liveModelDir(root, symbol, horizon), path.join(root, '_all', `h${horizon}`)]) {
      if (fs.existsSync(path.join(dir, 'model.json')) && (fs.existsSync(path.join(dir, BUNDLE_FILE)) || fs.existsSync(path.join(dir, 'live.json')))) return dir;
    }
    return undefined;
  };
  return {
    name: `folder:${root}`,
    missingHint: (symbol, horizon) =>
      `no model in ${liveModelDir(root, symbol, horizon)}: train one with \`workbench retrain --auto --symbols ${symbol} --horizons ${horizon}\`, or serve a registered one with --registry`,
    async describe(symbol, horizon) {
      const dir = find(symbol, horizon);
      return dir ? liveMetaOf(readBundleMeta(dir), horizon) : undefined;
    },
    async resolve(symbol, horizon) {
      const dir = find(symbol, horizon);
      return dir ? liveModelOf(await loadBundle(dir), horizon) : undefined;
    },
  };
}
