/**
 * The coordinator's side of a run's tracks: picks the back end (`execution` config), enqueues one job per
 * unfinished track, merges each checkpoint a worker reports into state.json (it alone writes it), forwards
 * progress and collects the final track states. A run resumed after the coordinator died first takes in the
 * track checkpoints workers wrote meanwhile, so finished work is neither lost nor redone.
 */
import type { ExecutionConfig, WorkbenchConfig } from '../config/schema';
import type { Bars } from '../data/bars';
import { ensureBackend } from '../models/deep/backend';
import type { TrainProgress } from '../models/types';
import { writeRunState, type RunState } from '../training/checkpoint';
import type { TrackState } from '../training/types';
import type { PreparedData } from '../training/prepare';
import { coreCount, LocalBackend, localChildScript } from './local';
import { RedisBackend } from './redis';
import { latestTrackState } from './track-job';
import { trackJobId, type JobBackend, type TrackJob } from './types';

/**
 * The back end a run uses, or undefined to run its tracks in this process (one worker, or nothing to share).
 * @param exec `execution` config (default: local, workers auto)
 * @param pending tracks left to run
 * @returns a back end to close after use, or undefined
 */
export function chooseBackend(exec: ExecutionConfig | undefined, pending: number): JobBackend | undefined {
  if (exec?.backend === 'redis' && exec.redis) return new RedisBackend(exec.redis);
  const want = exec?.workers === undefined || exec.workers === 'auto' ? coreCount() : exec.workers;
  const n = Math.min(want, pending);
  if (n <= 1 || !localChildScript()) return undefined;
  return new LocalBackend({ workers: n });
}

/** Rough CPU cost of one iteration of a family relative to gbdt (from the benchmarks; unknown families: 1). */
const FAMILY_WEIGHT: Record<string, number> = {
  unified: 12,
  lstm_transformer_cnn: 10,
  lstm_cnn: 8,
  lstm: 6,
  lstm_vol: 6,
  ensemble: 3,
  random_forest: 2,
  gbdt: 1,
  logistic: 0.2,
  garch: 0.2,
};

/**
 * Relative cost of what is left of a track, for longest-first scheduling.
 * @param track the track's state (its `next` iteration)
 * @param iterations iterations of the run's schedule
 * @returns iterations left × the family's weight (tabular baselines ≈ 0.05)
 */
export function trackCost(track: TrackState, iterations: number): number {
  const w = FAMILY_WEIGHT[track.model] ?? (track.model.startsWith('baseline') ? 0.05 : 1);
  return Math.max(1, iterations - track.next) * w;
}

/** Options of {@link dispatchTracks}. */
export interface DispatchOptions {
  cfg: WorkbenchConfig;
  /** Run folder and workbench home. */
  dir: string;
  home: string;
  state: RunState;
  bars: Bars;
  /** Features and labels of the run (handed to local workers). */
  prep?: PreparedData;
  backend: JobBackend;
  /** Iterations of the run's schedule (cost estimates of tracks; default: the furthest track's next + 1). */
  iterations?: number;
  onProgress?: (event: TrainProgress) => void;
  /** Called after every merged checkpoint (tracking: per-iteration metrics). */
  onCheckpoint?: (track: TrackState) => void;
  signal?: AbortSignal;
}

/**
 * Takes in track checkpoints that are ahead of state.json (written by workers after the coordinator's last write).
 * @param dir run folder
 * @param state run state (tracks replaced in place)
 * @returns number of tracks advanced
 */
export function mergeTrackCheckpoints(dir: string, state: RunState): number {
  let n = 0;
  state.tracks = state.tracks.map((t) => {
    const latest = latestTrackState(dir, t);
    if (latest.next !== t.next || latest.done !== t.done) n++;
    return latest;
  });
  return n;
}

/**
 * Runs the unfinished tracks of `state` on a back end; state.json is rewritten after every reported checkpoint.
 * @param o config, folders, state, bars, back end, hooks, cancel signal
 * @returns false (nothing run) when the back end's workers lack a model family (one registered only in this
 * process, e.g. by a test or a notebook): the caller then runs the tracks itself
 */
export async function dispatchTracks(o: DispatchOptions): Promise<boolean> {
  const { state, dir } = o;
  if (o.backend.supports && !(await o.backend.supports([...new Set(state.tracks.filter((t) => !t.done).map((t) => t.model))]))) return false;
  if (mergeTrackCheckpoints(dir, state)) writeRunState(dir, state);
  const usesDeep = state.tracks.some((t) => t.model.startsWith('lstm') || t.model === 'unified');
  // workers use this process's tfjs backend (results.json names it)
  const tfBackend = usesDeep ? await ensureBackend() : undefined;
  const index = new Map(state.tracks.map((t, i) => [t.id, i]));
  const iterations = Math.max(1, ...state.tracks.map((t) => t.next + 1));
  const jobs: TrackJob[] = state.tracks
    .filter((t) => !t.done)
    .map((t) => ({ kind: 'track', id: trackJobId(state.runId, t.id), runId: state.runId, home: o.home, trackId: t.id, config: o.cfg, dataSha256: state.dataSha256, cost: trackCost(t, o.iterations ?? iterations), ...(tfBackend ? { tfBackend } : {}) }));
  const merge = (track: TrackState, final: boolean): boolean => {
    const i = index.get(track.id);
    if (i === undefined) return false;
    const cur = state.tracks[i];
    // a late or repeated message (a worker replaced after a stall) never moves a track backwards or twice
    if (final ? track.next < cur.next : track.next <= cur.next) return false;
    state.tracks[i] = track;
    writeRunState(dir, state);
    return true;
  };
  // a hook that throws (a caller's progress callback) stops the batch and fails the run with its error, as in-process
  const ac = new AbortController();
  const onOuterAbort = (): void => ac.abort();
  o.signal?.addEventListener('abort', onOuterAbort);
  if (o.signal?.aborted) ac.abort();
  let hookError: unknown;
  const guard = (fn: () => void): void => {
    if (hookError !== undefined) return;
    try {
      fn();
    } catch (e) {
      hookError = e;
      ac.abort();
    }
  };
  try {
    await o.backend.run(jobs, {
      bars: o.bars,
      prep: o.prep,
      signal: ac.signal,
      onProgress: (_job, e) => guard(() => o.onProgress?.(e)),
      onCheckpoint: (_job, track) => guard(() => {
        if (merge(track, false)) o.onCheckpoint?.(track);
      }),
      onDone: (_job, track) => guard(() => {
        merge(track, true);
      }),
    });
  } catch (e) {
    throw hookError ?? e;
  } finally {
    o.signal?.removeEventListener('abort', onOuterAbort);
  }
  if (hookError !== undefined) throw hookError;
  return true;
}
