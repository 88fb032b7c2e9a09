/**
 * Model bundles: the one folder format of every model that was evaluated and may be served. A bundle is a
 * saved model folder (`model.json` + weights, written by `Model.save`) with `bundle.json` beside it: the
 * fitted scaler, the feature set and column order, the sequence length, the label spec, the training
 * window, data and config hashes and the metrics it was scored with. {@link loadBundle} is the one loader
 * (registry, live predictor, reproduce, API, notebooks); {@link bundleProbUp} serves it through the same
 * prepare → scale → dataset path the trainer used, so served probabilities equal evaluated ones.
 */
import * as fs from 'fs';
import * as path from 'path';
import { barCount, type Bars } from '../data/bars';
import type { Timeframe } from '../data/intraday/timeframe';
import { loadModel } from '../models/registry';
import type { Model } from '../models/types';
import { isValueTask, type RunTask } from '../labels/build';
import { inputError } from '../util/errors';
import { writeJsonAtomic } from '../util/fs';
import { Scaler, type ScalerState } from '../windows/scalers';
import { argmaxAt, fittedFrom, predictOnRows, type Fitted } from './fit';
import { predictValuesOnRows } from './fit-values';
import { filtersRows } from './models';
import { isoToDay } from '../util/dates';
import type { UniverseMember } from '../data/panel-synthetic';
import { prepareData, type PreparedData } from './prepare';
import { resolveDataSource } from './source';
import { joinVix } from './validate-run';

/** Format tag of `bundle.json`. */
export const BUNDLE_FORMAT = 'stock-ml-workbench/model-bundle@1';
/** File name of the bundle metadata inside a model folder. */
export const BUNDLE_FILE = 'bundle.json';

/** `bundle.json`: everything needed to serve a model exactly as it was evaluated. */
export interface BundleMeta {
  format: typeof BUNDLE_FORMAT;
  /** Display name (registry name, or `<model>-<symbol>-h<N>`). */
  name: string;
  /** Version label (registry version, or a timestamp). */
  version: string;
  /** Model family (registry key). */
  model: string;
  /** Symbol the model was trained on. */
  symbol: string;
  /** Feature set name and the model's input columns, in order. */
  featureSet: string;
  featureNames: string[];
  /** Rows per input window (sequence models); also the warm-up every model skips. */
  steps: number;
  /** 2 = tabular, 3 = sequence input. */
  rank: 2 | 3;
  /** Scaler fitted on the training rows (clip ±10). */
  scaler: ScalerState;
  /** Label spec: task, primary horizon, every horizon the model has a head for, ternary neutral band. */
  task: RunTask;
  horizon: number;
  horizons: number[];
  neutralBand: number;
  /** Training window of the last fit or fine-tune (ISO dates) and when training finished (ISO time). */
  trainStart: string;
  trainEnd: string;
  trainedAt: string;
  /** sha256 of the training bars and hash of the effective config. */
  dataSha256: string;
  /** Bar timeframe of the training data, only when intraday (`1h`, `30m`, `5m`, `1m`; absent = daily bars), and its exchange. */
  timeframe?: Timeframe;
  exchange?: string;
  /** The VIX-like series joined into the features when trained (`data.vix`); serving joins the same source. */
  vix?: string;
  configHash?: string;
  /** Out-of-sample metrics per horizon key (accuracy, n, CI bounds, baselines …). */
  metrics?: Record<string, Record<string, number | null>>;
  /**
   * Panel bundles of the universe pipeline (`featureSet` `panel:<set>`): every member of the universe, whose
   * bars the panel's cross-sectional and context features need on the same dates when the model is served.
   */
  universe?: { members: UniverseMember[] };
  /** Where it came from: run id, track id and mode, or `live`. */
  origin: { runId?: string; track?: string; mode?: 'progressive' | 'unified' | 'live' };
}

/** A loaded bundle. */
export interface LoadedBundle {
  meta: BundleMeta;
  model: Model;
  dir: string;
}

const REQUIRED: Array<keyof BundleMeta> = ['format', 'model', 'featureSet', 'featureNames', 'steps', 'rank', 'scaler', 'task', 'horizon', 'horizons', 'neutralBand', 'trainEnd', 'dataSha256'];

/**
 * Reads and checks `bundle.json` of a model folder.
 * @param dir model folder
 * @returns BundleMeta
 * @throws InputError naming the file and what is missing (an older model folder without bundle.json, a field, another format)
 */
export function readBundleMeta(dir: string): BundleMeta {
  const file = path.join(dir, BUNDLE_FILE);
  if (!fs.existsSync(file)) {
    const legacy = fs.existsSync(path.join(dir, 'live.json')) ? ' (found live.json of an older format: retrain or re-register the model)' : '';
    throw inputError({ file }, `a model bundle (bundle.json with scaler, feature and label spec)${legacy}`, 'no such file');
  }
  let m: BundleMeta;
  try {
    m = JSON.parse(fs.readFileSync(file, 'utf8')) as BundleMeta;
  } catch (err) {
    throw inputError({ file }, 'readable JSON', (err as Error).message);
  }
  if (m.format !== BUNDLE_FORMAT) throw inputError({ file, key: 'format' }, JSON.stringify(BUNDLE_FORMAT), JSON.stringify(m.format));
  for (const k of REQUIRED) if (m[k] === undefined || m[k] === null) throw inputError({ file, key: k }, 'a value', 'missing');
  return m;
}

/**
 * Writes `bundle.json` atomically into a model folder.
 * @param dir model folder (holding `model.json`)
 * @param meta bundle metadata
 */
export function writeBundleMeta(dir: string, meta: BundleMeta): void {
  writeJsonAtomic(path.join(dir, BUNDLE_FILE), meta);
}

/**
 * Loads a bundle: metadata first (a folder without it is an error), then the model.
 * @param dir bundle folder
 * @returns {meta, model, dir}
 */
export async function loadBundle(dir: string): Promise<LoadedBundle> {
  const meta = readBundleMeta(dir);
  const model = await loadModel(dir);
  if (model.key !== meta.model) {
    model.dispose?.();
    throw inputError({ file: path.join(dir, BUNDLE_FILE), key: 'model' }, `the family of model.json (${model.key})`, JSON.stringify(meta.model));
  }
  return { meta, model, dir };
}

/**
 * Features and labels of `bars` prepared the way the bundle's trainer prepared them.
 * @param meta bundle metadata
 * @param bars history (features at row t use rows ≤ t only)
 * @returns PreparedData
 * @throws InputError when the feature columns differ from the bundle's, or for a panel bundle (`panel:<set>`)
 */
export function prepareForBundle(meta: BundleMeta, bars: Bars): PreparedData {
  if (meta.featureSet.startsWith('panel:')) {
    throw inputError({ key: `${meta.name}.featureSet` }, 'the features of one symbol (a panel model of the universe pipeline needs every member: serve it with `predict --registry --template <unit>`)', JSON.stringify(meta.featureSet));
  }
  const prep = prepareData(bars, { featureSet: meta.featureSet, horizons: meta.horizons, steps: meta.steps, task: meta.task, neutralBand: meta.neutralBand });
  const names = prep.frame.names;
  if (names.length !== meta.featureNames.length || names.some((n, j) => n !== meta.featureNames[j])) {
    const missing = meta.featureNames.filter((n) => !names.includes(n));
    throw inputError({ key: 'bundle.featureNames' }, `the ${meta.featureNames.length} columns the model was trained on (feature set ${meta.featureSet})`, `${names.length} columns${missing.length ? `; missing ${missing.slice(0, 5).join(', ')}` : ' in another order'}`);
  }
  return prep;
}

/** Options of {@link bundleProbUp}. */
export interface BundlePredictOptions {
  /** Horizon in trading days (one of `meta.horizons`). Default `meta.horizon`. */
  horizon?: number;
  /** Rows of `bars` to predict. Default the last row. */
  rows?: number[];
}

/**
 * P(up) of the bundle's model on rows of `bars`: features of the bundle's set, the bundle's scaler, the
 * bundle's window length; P(up) is the up class's probability (class 1 binary, class 2 ternary).
 * @param bundle loaded bundle
 * @param bars history up to (at least) the rows predicted
 * @param options horizon, rows
 * @returns `{probUp, pred}` one entry per row (pred = the most probable class)
 * @throws InputError for an unknown horizon or a row without a complete feature window
 */
export async function bundleProbUp(bundle: LoadedBundle, bars: Bars, options: BundlePredictOptions = {}): Promise<{ probUp: Float64Array; pred: Int32Array }> {
  if (isValueTask(bundle.meta.task)) throw inputError({ key: `${bundle.meta.name}.task` }, 'a direction model (binary or ternary) for P(up)', `a ${bundle.meta.task} model: serve its forecast (bundleForecast)`);
  const { prep, fitted, rows, h } = await servedFitted(bundle, bars, options);
  const { proba, classes: c } = await predictOnRows(prep, fitted, rows, `h${h}`);
  const probUp = Float64Array.from(rows, (_, j) => proba[j * c + c - 1]);
  const pred = Int32Array.from(rows, (_, j) => argmaxAt(proba, j * c, c));
  return { probUp, pred };
}

/**
 * The forecast of a `regression` (forward log return over h bars) or `volatility` (forward realised daily
 * volatility over h bars) bundle on rows of `bars`, served the way it was evaluated.
 * @param bundle loaded bundle of a value task
 * @param bars history up to (at least) the rows predicted
 * @param options horizon, rows
 * @returns `{forecast}` one value per row
 * @throws InputError for a direction model, an unknown horizon or a row without a complete feature window
 */
export async function bundleForecast(bundle: LoadedBundle, bars: Bars, options: BundlePredictOptions = {}): Promise<{ forecast: Float64Array }> {
  if (!isValueTask(bundle.meta.task)) throw inputError({ key: `${bundle.meta.name}.task` }, 'a regression or volatility model for a forecast', `a ${bundle.meta.task} model: serve its P(up) (bundleProbUp)`);
  const { prep, fitted, rows, h } = await servedFitted(bundle, bars, options);
  if (!filtersRows(bundle.meta.model)) return { forecast: Float64Array.from((await predictValuesOnRows(prep, fitted, rows, `h${h}`)).pred) };
  // a filtering family (garch) saw every test row after its training end in order: replay them
  const after = isoToDay(bundle.meta.trainEnd);
  const last = Math.max(...rows);
  const replay: number[] = [];
  for (let r = 0; r <= last; r++) if (prep.usable[r] && (prep.frame.dates[r] > after || rows.includes(r))) replay.push(r);
  const { pred } = await predictValuesOnRows(prep, fitted, replay, `h${h}`);
  return { forecast: Float64Array.from(rows, (r) => pred[replay.indexOf(r)]) };
}

async function servedFitted(bundle: LoadedBundle, bars: Bars, options: BundlePredictOptions): Promise<{ prep: PreparedData; fitted: Fitted; rows: number[]; h: number }> {
  const { meta } = bundle;
  const h = options.horizon ?? meta.horizon;
  if (!meta.horizons.includes(h)) throw inputError({ key: 'horizon' }, `one of the model's horizons ${meta.horizons.join(', ')}`, String(h));
  const rows = options.rows ?? [barCount(bars) - 1];
  // a model trained with a VIX series gets the same series joined (as of each bar) when served
  const input = meta.vix === undefined ? bars : joinVix(bars, await resolveDataSource(meta.vix));
  const prep = prepareForBundle(meta, input);
  const spec = { model: meta.model, settings: { task: meta.task, epochs: 0, epochsPerIteration: 0, batchSize: 0, seed: 0, params: {} }, keys: meta.horizons.map((k) => `h${k}`), scalerKind: meta.scaler.kind };
  const fitted = fittedFrom(prep, spec, bundle.model, Scaler.fromJSON(meta.scaler, { clip: 10 }));
  return { prep, fitted, rows, h };
}
