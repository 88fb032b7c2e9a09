/**
 * The job code every worker runs (local pool child, Redis worker, or this process): one training track of a
 * run, continued from its own checkpoint file `runs/<id>/checkpoint/tracks/<track>.json` when one exists (a
 * job handed over after a worker died resumes there). The worker writes only its track's files (model
 * folders, track checkpoint, bundle); state.json, results.json, tracking and the registry are the coordinator's.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { WorkbenchConfig } from '../config/schema';
import type { Bars } from '../data/bars';
import type { Model } from '../models/types';
import { inputError } from '../util/errors';
import { writeJsonAtomic } from '../util/fs';
import { runDir, type RunState } from '../training/checkpoint';
import { prepareData, type PreparedData } from '../training/prepare';
import { barsSha256 } from '../training/source';
import { runTrack, type TrackContext } from '../training/track';
import { checkpointTrackModel, trackContextBase } from '../training/track-context';
import type { TrackState } from '../training/types';
import { loadRunBars } from '../training/validate-run';
import type { JobHooks, TrackJob } from './types';

/** Data a worker process keeps between jobs of the same run (features are computed once per worker). */
const prepCache = new Map<string, PreparedData>();

function prepKey(cfg: WorkbenchConfig, sha: string): string {
  return JSON.stringify([sha, cfg.features.set, cfg.horizons.enabled, cfg.features.sequence_length, cfg.horizons.task, cfg.horizons.neutral_band]);
}

/**
 * Loads the bars of a job and checks them against its hash.
 * @param job the job (config and data hash)
 * @param bars bars handed over by the coordinator (local pool); otherwise resolved from `data.source`
 * @returns bars whose sha256 equals `job.dataSha256`
 * @throws InputError when this worker's data differs
 */
export async function jobBars(job: TrackJob, bars?: Bars): Promise<Bars> {
  const b = bars ?? (await loadRunBars(job.config));
  const sha = barsSha256(b);
  if (sha !== job.dataSha256) {
    throw inputError(
      { key: 'data.source' },
      `the data of run ${job.runId} (${job.config.data.source}, sha256 ${job.dataSha256.slice(0, 12)}…); give this worker the same data (same file / store snapshot at the same path) or re-import it`,
      `data with sha256 ${sha.slice(0, 12)}… on this worker`,
    );
  }
  return b;
}

/** Path of a track's own checkpoint file. */
export function trackFile(dir: string, trackId: string): string {
  return path.join(dir, 'checkpoint', 'tracks', `${trackId}.json`);
}

/**
 * The most advanced saved state of a track: its own checkpoint file when it is ahead of state.json's entry.
 * @param dir run folder
 * @param fromRun the track as recorded in state.json
 * @returns a track state (a copy)
 */
export function latestTrackState(dir: string, fromRun: TrackState): TrackState {
  const file = trackFile(dir, fromRun.id);
  if (fs.existsSync(file)) {
    const own = JSON.parse(fs.readFileSync(file, 'utf8')) as TrackState;
    if (own.id === fromRun.id && (own.next > fromRun.next || (own.done && !fromRun.done))) return own;
  }
  return JSON.parse(JSON.stringify(fromRun)) as TrackState;
}

/** Removes this track's model folders older than the one its state names. */
function pruneTrackModels(dir: string, track: TrackState): void {
  const root = path.join(dir, 'checkpoint', 'models');
  if (!fs.existsSync(root) || !track.modelDir) return;
  const keep = path.basename(track.modelDir);
  const re = new RegExp(`^${track.id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-it(\\d+)$`);
  const current = Number(re.exec(keep)?.[1] ?? -1);
  for (const f of fs.readdirSync(root)) {
    const m = re.exec(f);
    if (m && Number(m[1]) < current) fs.rmSync(path.join(root, f), { recursive: true, force: true });
  }
}

/** Options of {@link runTrackJob}. */
export interface TrackJobOptions extends JobHooks {
  /** Bars handed over by the coordinator (checked against the job's hash all the same). */
  bars?: Bars;
  /** Features and labels the coordinator computed from those bars for this config (cached for later jobs). */
  prep?: PreparedData;
  /** Workbench home to use instead of the job's (a worker that mounts the shared folder elsewhere). */
  home?: string;
  signal?: AbortSignal;
}

/**
 * Runs (or continues) one track of a run and returns its final state.
 * @param job the track job
 * @param options bars, home override, progress / checkpoint hooks, cancel signal
 * @returns the finished TrackState
 */
export async function runTrackJob(job: TrackJob, options: TrackJobOptions = {}): Promise<TrackState> {
  const cfg = job.config;
  const dir = runDir(job.runId, options.home ?? job.home);
  // not readRunState: it sweeps temp files, and other workers' atomic writes are in flight in this folder
  const stateFile = path.join(dir, 'checkpoint', 'state.json');
  const run = fs.existsSync(stateFile) ? (JSON.parse(fs.readFileSync(stateFile, 'utf8')) as RunState) : undefined;
  if (!run) throw inputError({ file: path.join(dir, 'checkpoint', 'state.json') }, `the checkpoint of run ${job.runId} in a folder this worker reaches`, 'no such file');
  const planned = run.tracks.find((t) => t.id === job.trackId);
  if (!planned) throw inputError({ key: 'trackId' }, `a track of run ${job.runId}`, JSON.stringify(job.trackId));
  const bars = await jobBars(job, options.bars);
  if (job.tfBackend) {
    // loaded on demand: tabular jobs never pay for tfjs in a worker process
    const deep = require('../models/deep/backend') as typeof import('../models/deep/backend');
    if (deep.activeBackend() !== job.tfBackend) await deep.initBackend({ backend: job.tfBackend, log: () => undefined });
  }
  const key = prepKey(cfg, job.dataSha256);
  if (options.prep && barsSha256(options.prep.bars) === job.dataSha256) {
    prepCache.clear();
    prepCache.set(key, options.prep);
  }
  let prep = prepCache.get(key);
  if (!prep) {
    prepCache.clear();
    prep = prepareData(bars, { featureSet: cfg.features.set, horizons: cfg.horizons.enabled, steps: cfg.features.sequence_length, task: cfg.horizons.task, neutralBand: cfg.horizons.neutral_band });
    prepCache.set(key, prep);
  }
  const state = latestTrackState(dir, planned);
  const p = prep;
  const ctx: TrackContext = {
    ...trackContextBase(cfg, p, dir, run, state.mode === 'unified'),
    signal: options.signal,
    onProgress: options.onProgress,
    async checkpoint(track, model): Promise<Model | undefined> {
      const reloaded = await checkpointTrackModel(dir, track, model);
      writeJsonAtomic(trackFile(dir, track.id), track);
      pruneTrackModels(dir, track);
      options.onCheckpoint?.(JSON.parse(JSON.stringify(track)) as TrackState);
      return reloaded;
    },
  };
  return runTrack(ctx, state);
}
