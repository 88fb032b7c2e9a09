/**
 * Automated retraining (`workbench retrain --auto`): evaluate the triggers per symbol and horizon, train a
 * candidate, compare it with the Production model on the same recent out-of-sample window (after Production's
 * training labels end, before which the candidate's training labels end), promote only when a paired test on
 * the window's non-overlapping outcomes supports it (`promotionTest`),
 * and log every decision with its reasons (append-only JSONL).
 */
import * as fs from 'fs';
import { fillDefaults } from '../data/store-db';
import * as path from 'path';
import { barCount, checkSymbol, sliceBars, type Bars } from '../data/bars';
import type { Store } from '../data/store';
import { dayToIso, isoToDay, upperBound } from '../util/dates';
import { workbenchHome } from '../util/fs';
import type { Timeframe } from '../data/intraday/timeframe';
import { storedBarsOf } from './intraday';
import { listIntraday } from '../data/intraday/store';
import { buildFeatures } from '../features/registry';
import { selectColumns } from '../features/frame';
import { forwardLabels } from '../labels/forward';
import { featureDrift, predictionDrift } from './drift';
import { folderModelSource, liveModelOf, type LiveModelMeta, type LoadedLiveModel } from './model-source';
import { listPredictions } from './predlog';
import { trainLiveModel, type LiveTrainOptions } from './train';
import { accuracy } from '../evaluation/metrics/classification';
import { decideRetrain, recentOutcomes, type RetrainDecision, type RetrainRules } from './triggers';
import { promotionTest } from '../evaluation/significance/promotion';
import { promoteLiveModel } from './versions';
import { liveModelDir } from './model-source';
import { registerModelVersion, setModelAlias, transitionModelVersionStage } from '../tracking/model-registry';

async function publish(o: AutoRetrainOptions, root: string, symbol: string, h: number, reason: string): Promise<string | undefined> {
  if (!o.registry) return undefined;
  const { template = '{symbol}-h{horizon}', ...where } = o.registry;
  const name = template.replace('{symbol}', symbol).replace('{horizon}', String(h));
  const v = await registerModelVersion({ name, source: liveModelDir(root, symbol, h), description: reason }, where);
  await transitionModelVersionStage(name, v.version, 'Production', where);
  await setModelAlias(name, 'champion', v.version, where);
  return `${name}/${v.version}`;
}

/** Options of {@link autoRetrain}. */
export interface AutoRetrainOptions {
  /** Folder of the live models (`<root>/<SYMBOL>/h<N>/`). Default `<home>/live/models`. */
  modelsRoot?: string;
  /** Symbols. Default every stored symbol. */
  symbols?: string[];
  /** Horizons. Default [1]. */
  horizons?: number[];
  /** Trigger thresholds (see `retrainRuleDefaults`). */
  rules?: RetrainRules;
  /** Candidate training settings (model, params, feature set, trainDays); horizon is set per run. */
  train?: LiveTrainOptions;
  /** Rows of the comparison window (most recent labelled rows after Production's training). Default 60. */
  compareDays?: number;
  /** Fewest comparison rows needed to decide. Default 20. */
  minCompareDays?: number;
  /** Promotion rule of the paired test (see `promotionTest`): `superior` (default) or `non-inferior`. */
  promotionRule?: 'superior' | 'non-inferior';
  /** Recent rows checked for feature / prediction drift. Default 60. */
  driftDays?: number;
  /** Bar timeframe of first models (no model yet); an existing model keeps its own. Default `1d`. */
  timeframe?: Timeframe;
  /** Retrain even when no trigger fires. Default false. */
  force?: boolean;
  /** Refit the promoted candidate on all data (same settings) before deploying. Default true. */
  refit?: boolean;
  /**
   * Also register every promoted model in the tracking registry as `<template>` (default `{symbol}-h{horizon}`),
   * move it to `Production` and point the `champion` alias at it (so `registryModelSource` and
   * `workbench registry rollback <name>` see it). Default: off.
   */
  registry?: { template?: string; storePath?: string; home?: string };
  /** Decision log (JSONL, appended). Default `<home>/live/decisions.jsonl`. */
  decisionsLog?: string;
  now?: Date;
}

/** Defaults of {@link AutoRetrainOptions}. */
export const autoRetrainDefaults = { horizons: [1], compareDays: 60, minCompareDays: 20, driftDays: 60, force: false, refit: true };

/** One logged decision. */
export interface RetrainLogEntry {
  at: string;
  symbol: string;
  horizon: number;
  /** keep (no trigger), promote, reject (candidate worse), skip (cannot compare), train (first model). */
  action: 'keep' | 'promote' | 'reject' | 'skip' | 'train';
  triggers: string[];
  reasons: string[];
  production?: { version: string; accuracy?: number };
  candidate?: { version: string; accuracy?: number };
  /** Comparison window, ISO dates, and its size. */
  window?: { from: string; to: string; rows: number };
}

/** Accuracy of P(up) forecasts (up when ≥ 0.5) against the direction labels of `rows`. */
function accuracyOn(p: Float64Array, y: Float64Array, rows: number[]): number {
  return accuracy(Float64Array.from(rows, (i) => y[i]), Float64Array.from(p, (v) => (v >= 0.5 ? 1 : 0)));
}

function append(file: string, entry: RetrainLogEntry): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, 'a');
  try {
    fs.writeSync(fd, `${JSON.stringify(entry)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

async function triggersFor(store: Store, bars: Bars, symbol: string, h: number, o: AutoRetrainOptions & typeof autoRetrainDefaults, root: string): Promise<RetrainDecision & { meta?: LiveModelMeta }> {
  const source = folderModelSource(root);
  const meta = await source.describe(symbol, h);
  if (!meta) return { ...decideRetrain({ noModel: true, newBars: 0, ageDays: 0 }, o.rules) };
  const n = barCount(bars);
  const endIdx = upperBound(bars.dates, isoToDay(meta.trainEnd)) - 1;
  const newBars = n - 1 - endIdx;
  const now = o.now ?? new Date();
  const ageDays = (now.getTime() - Date.parse(meta.trainedAt)) / 86_400_000;
  // the decay test looks at the horizon's own outcomes on the model's own timeframe, thinned to non-overlapping
  // ones inside decideRetrain
  const recent = recentOutcomes(await listPredictions(store, { symbol, status: 'verified', timeframe: meta.timeframe ?? '1d' }), h, Math.max(60, 8 * h));
  const frame = selectColumns(buildFeatures(bars, { set: meta.featureSet }), meta.featureNames);
  const startIdx = upperBound(bars.dates, isoToDay(meta.trainStart) - 1);
  const cut = (a: number, b: number) => ({ ...frame, dates: frame.dates.subarray(a, b), columns: frame.columns.map((c) => c.subarray(a, b)) });
  const recentFrom = Math.max(endIdx + 1, n - o.driftDays);
  const drift = recentFrom < n - 10 ? featureDrift(cut(startIdx, endIdx + 1), cut(recentFrom, n)) : undefined;
  let pDrift;
  if (drift) {
    const loaded = await source.resolve(symbol, h);
    if (loaded) {
      const refRows = Array.from({ length: Math.min(250, endIdx + 1 - startIdx) }, (_, k) => endIdx - k).reverse();
      const recRows = Array.from({ length: n - recentFrom }, (_, k) => recentFrom + k);
      const okRows = (rows: number[]) => rows.filter((i) => frame.columns.every((c) => Number.isFinite(c[i])));
      const [a, b] = [okRows(refRows), okRows(recRows)];
      if (a.length && b.length) pDrift = predictionDrift(await loaded.probUp(bars, a), await loaded.probUp(bars, b));
      loaded.dispose();
    }
  }
  return { ...decideRetrain({ newBars, ageDays, recent, drift, predictionDrift: pDrift }, o.rules), meta };
}

/**
 * Evaluates triggers, retrains, validates and promotes per symbol and horizon; logs every decision.
 * @param store the store (bars and prediction log)
 * @param options see {@link autoRetrainDefaults}
 * @returns the logged decisions, in order
 */
export async function autoRetrain(store: Store, options: AutoRetrainOptions = {}): Promise<RetrainLogEntry[]> {
  const o = fillDefaults(autoRetrainDefaults, options);
  const root = o.modelsRoot ?? path.join(workbenchHome(), 'live', 'models');
  const logFile = o.decisionsLog ?? path.join(workbenchHome(), 'live', 'decisions.jsonl');
  const now = o.now ?? new Date();
  const stored = async () => (o.timeframe !== undefined && o.timeframe !== '1d' ? [...new Set((await listIntraday(store)).map((s) => s.symbol))] : (await store.listSymbols()).map((s) => s.symbol));
  const symbols = (o.symbols ?? (await stored())).map((s) => checkSymbol(s));
  const out: RetrainLogEntry[] = [];
  const log = (e: RetrainLogEntry) => {
    append(logFile, e);
    out.push(e);
  };
  for (const symbol of symbols) {
    // bars of each model's own timeframe (intraday: the stored series, resampled from a finer one if needed)
    const cache = new Map<string, Bars>();
    const barsOf = async (tf: Timeframe): Promise<Bars> => {
      if (!cache.has(tf)) cache.set(tf, tf === '1d' ? await store.readBars(symbol) : await storedBarsOf(store, symbol, tf));
      return cache.get(tf) as Bars;
    };
    for (const h of o.horizons) {
      const tf = (await folderModelSource(root).describe(symbol, h))?.timeframe ?? o.timeframe ?? '1d';
      const bars = await barsOf(tf);
      const base = { at: now.toISOString(), symbol, horizon: h };
      const version = `${now.toISOString()}-h${h}`;
      const train = { ...o.train, horizon: h, now, version };
      const d = await triggersFor(store, bars, symbol, h, o, root);
      if (!d.meta) {
        const { model, meta } = await trainLiveModel(bars, train);
        await promoteLiveModel(root, symbol, h, model, meta, 'first model', now);
        const registered = await publish(o, root, symbol, h, 'first model');
        log({ ...base, action: 'train', triggers: d.triggers, reasons: registered ? [...d.reasons, `registered ${registered} as Production (champion)`] : d.reasons, candidate: { version } });
        continue;
      }
      const production = { version: d.meta.version };
      if (!d.retrain && !o.force) {
        log({ ...base, action: 'keep', triggers: d.triggers, reasons: d.reasons, production });
        continue;
      }
      const reasons = o.force && !d.retrain ? [...d.reasons, 'forced'] : d.reasons.slice();
      // comparison window: rows whose features come after Production's training labels end, labels known
      const n = barCount(bars);
      const y = forwardLabels(bars, h).direction;
      const endIdx = upperBound(bars.dates, isoToDay(d.meta.trainEnd)) - 1;
      const lastLabelled = n - 1 - h;
      const wStart = Math.max(endIdx + h, lastLabelled - o.compareDays + 1);
      if (lastLabelled - wStart + 1 < o.minCompareDays) {
        reasons.push(`cannot compare: ${Math.max(0, lastLabelled - wStart + 1)} out-of-sample rows since Production's training end < ${o.minCompareDays}`);
        log({ ...base, action: 'skip', triggers: d.triggers, reasons, production });
        continue;
      }
      const rows = Array.from({ length: lastLabelled - wStart + 1 }, (_, k) => wStart + k);
      const window = { from: dayToIso(bars.dates[wStart]), to: dayToIso(bars.dates[lastLabelled]), rows: rows.length };
      const prod = (await folderModelSource(root).resolve(symbol, h)) as LoadedLiveModel;
      const prodP = await prod.probUp(bars, rows);
      const prodAcc = accuracyOn(prodP, y, rows);
      prod.dispose();
      // the candidate sees only bars before the window: its labels end before the window's first row
      const candidate = await trainLiveModel(sliceBars(bars, 0, wStart), train);
      const cand = liveModelOf(candidate, h);
      const candP = await cand.probUp(bars, rows);
      const candAcc = accuracyOn(candP, y, rows);
      const scores = { production: { ...production, accuracy: prodAcc }, candidate: { version, accuracy: candAcc }, window };
      // a paired test on non-overlapping outcomes decides; too few independent rows keep Production
      const hits = (p: Float64Array) => rows.map((i, r) => ((p[r] >= 0.5 ? 1 : 0) === y[i] ? 1 : 0));
      const decision = promotionTest({ production: hits(prodP), candidate: hits(candP), horizon: h, rule: o.promotionRule });
      if (!decision.promote) {
        reasons.push(`${decision.reason} (candidate ${candAcc.toFixed(3)}, Production ${prodAcc.toFixed(3)} on ${rows.length} rows ${window.from}..${window.to}): keep Production`);
        log({ ...base, action: 'reject', triggers: d.triggers, reasons, ...scores });
        cand.dispose();
        continue;
      }
      reasons.push(`${decision.reason} (candidate ${candAcc.toFixed(3)}, Production ${prodAcc.toFixed(3)} on ${rows.length} rows ${window.from}..${window.to}): promote`);
      const deployed = o.refit ? await trainLiveModel(bars, train) : candidate;
      if (deployed !== candidate) cand.dispose();
      deployed.meta.metrics = { [`h${h}`]: { compareAccuracy: candAcc, productionAccuracy: prodAcc, compareRows: rows.length, effectiveRows: decision.effectiveN, pValue: decision.pValue } };
      await promoteLiveModel(root, symbol, h, deployed.model, deployed.meta, reasons[reasons.length - 1], now);
      const registered = await publish(o, root, symbol, h, reasons[reasons.length - 1]);
      if (registered) reasons.push(`registered ${registered} as Production (champion)`);
      log({ ...base, action: 'promote', triggers: d.triggers, reasons, ...scores });
    }
  }
  return out;
}

/**
 * Reads the decision log.
 * @param file default `<home>/live/decisions.jsonl`
 * @returns entries, oldest first ([] when missing)
 */
export function readDecisions(file = path.join(workbenchHome(), 'live', 'decisions.jsonl')): RetrainLogEntry[] {
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as RetrainLogEntry);
}
