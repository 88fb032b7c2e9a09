/**
 * The bundles a training run writes: `<run>/bundles/<track-id>/`, one per track, holding the track's final
 * model (the one that made the last test block's predictions) with its scaler, feature and label spec,
 * training window, hashes and, once results.json is built, the out-of-sample metrics it was scored with.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { WorkbenchConfig } from '../config/schema';
import type { Model } from '../models/types';
import { inputError } from '../util/errors';
import { replaceDirAtomic } from '../util/fs';
import { BUNDLE_FILE, BUNDLE_FORMAT, readBundleMeta, writeBundleMeta, type BundleMeta } from './bundle';
import type { RunState } from './checkpoint';
import { modelRank } from './models';
import type { PreparedData } from './prepare';
import type { RunResults } from './report';
import type { TrackState } from './types';

/**
 * The bundle folder of a track.
 * @param runDir run folder
 * @param trackId track id, e.g. `progressive-h1-gbdt`
 * @returns `<runDir>/bundles/<trackId>`
 */
export function trackBundleDir(runDir: string, trackId: string): string {
  return path.join(runDir, 'bundles', trackId);
}

/** Metadata of a track's bundle (metrics are added by {@link addBundleMetrics}). */
export function trackBundleMeta(cfg: WorkbenchConfig, run: RunState, track: TrackState, prep: PreparedData): BundleMeta {
  if (!track.scaler) throw inputError({ key: `${track.id}.scaler` }, 'a fitted scaler (the track trained at least once)', 'none');
  const horizons = track.horizons.map((k) => Number(k.slice(1)));
  const fits = track.fits ?? [];
  return {
    format: BUNDLE_FORMAT,
    name: `${track.model}-${prep.bars.symbol}-${track.mode}-${track.horizons.length > 1 ? 'all' : track.horizons[0]}`,
    version: run.runId,
    model: track.model,
    symbol: prep.bars.symbol,
    featureSet: cfg.features.set,
    featureNames: prep.frame.names.slice(),
    steps: prep.steps,
    rank: modelRank(track.model),
    scaler: track.scaler,
    task: prep.task,
    horizon: horizons[0],
    horizons,
    neutralBand: cfg.horizons.neutral_band,
    trainStart: fits.length ? fits[fits.length - 1].trainStart : cfg.training.start_date,
    trainEnd: track.lastTrainEnd ?? (fits.length ? fits[fits.length - 1].trainEnd : cfg.training.initial_end_date),
    trainedAt: new Date().toISOString(),
    dataSha256: run.dataSha256,
    configHash: run.configHash,
    ...(cfg.data.vix === undefined ? {} : { vix: cfg.data.vix }),
    // intraday bundles say so (serving checks the bars' timeframe); daily bundles are unchanged
    ...(prep.bars.timeframe === undefined || prep.bars.timeframe === '1d' ? {} : { timeframe: prep.bars.timeframe, ...(prep.bars.exchange ? { exchange: prep.bars.exchange } : {}) }),
    origin: { runId: run.runId, track: track.id, mode: track.mode },
  };
}

/**
 * Writes a track's bundle from its final in-memory model (folder replaced atomically).
 * @param runDir run folder
 * @param meta bundle metadata
 * @param model the final model
 */
export async function writeTrackBundle(runDir: string, meta: BundleMeta, model: Model): Promise<void> {
  await replaceDirAtomic(trackBundleDir(runDir, meta.origin.track as string), async (tmp) => {
    await model.save(tmp);
    writeBundleMeta(tmp, meta);
  });
}

/**
 * Completes every track's bundle after results.json is built: the metrics it was scored with are added;
 * a bundle missing after a resume (the run was killed between the track's end and its bundle) is rebuilt
 * from the track's last checkpointed model.
 * @param runDir run folder
 * @param cfg effective config
 * @param run run state (every track done)
 * @param prep prepared data
 * @param results the run's results
 */
export async function finalizeRunBundles(runDir: string, cfg: WorkbenchConfig, run: RunState, prep: PreparedData, results: RunResults): Promise<void> {
  for (const t of run.tracks) {
    if (!t.scaler) continue;
    const dir = trackBundleDir(runDir, t.id);
    let meta: BundleMeta;
    if (fs.existsSync(path.join(dir, BUNDLE_FILE))) meta = readBundleMeta(dir);
    else {
      if (!t.modelDir) continue;
      meta = trackBundleMeta(cfg, run, t, prep);
      const from = path.join(runDir, 'checkpoint', t.modelDir);
      await replaceDirAtomic(dir, (tmp) => fs.cpSync(from, tmp, { recursive: true }));
    }
    const metrics: NonNullable<BundleMeta['metrics']> = {};
    for (const key of t.horizons) {
      const r = results.modes[t.mode]?.horizons[key.slice(1)]?.[t.model];
      if (!r) continue;
      metrics[key] = { accuracy: r.accuracy, nTest: r.nTest, nEffective: r.nEffective, ciLow: r.accuracyCI[0], ciHigh: r.accuracyCI[1], majority: r.baselines.majority, lastMove: r.baselines.lastMove, logLoss: r.metrics.logLoss, brier: r.metrics.brier };
      // value tasks: the forecast's own scores (the fields above are its direction view)
      if (r.regression) Object.assign(metrics[key], { mse: r.regression.mse, rmse: r.regression.rmse, mae: r.regression.mae, r2: r.regression.r2, signAccuracy: r.regression.signAccuracy });
    }
    writeBundleMeta(dir, { ...meta, metrics });
  }
}
