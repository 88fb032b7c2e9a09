/**
 * Checkpoints of a training run under `<home>/runs/<run-id>/checkpoint/`: `state.json` (every track's
 * iterations, pooled predictions, stopping state, scaler and the path of its last saved model) and one
 * saved-model folder per track and iteration. Models are written first (folder replaced atomically), then
 * `state.json` (temp file, fsync, rename), then older model folders are removed — a kill at any moment
 * leaves a state that names a complete model.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Model } from '../models/types';
import { inputError } from '../util/errors';
import { replaceDirAtomic, workbenchHome, writeJsonAtomic } from '../util/fs';
import type { RngState } from '../util/rng';
import type { TrackState } from './types';

/** The resumable state of a run. */
export interface RunState {
  format: 'stock-ml-workbench/run-checkpoint@1';
  runId: string;
  createdAt: string;
  configHash: string;
  /** sha256 of the bars the run trains on (a resume on changed data is refused). */
  dataSha256: string;
  tracks: TrackState[];
  /** Run-level generator state (seeds derived per track), saved for exact resumes. */
  rng: RngState;
  complete: boolean;
}

const RUN_ID_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/;

/**
 * Checks a run id before it becomes a folder name.
 * @param id run id (letters, digits, `.`, `_`, `-`; 1–80 chars; no `..`)
 * @returns the id unchanged
 */
export function checkRunId(id: string): string {
  if (typeof id !== 'string' || !RUN_ID_RE.test(id) || id.includes('..')) throw inputError({ key: 'run-id' }, 'a run id of 1-80 letters, digits, `.`, `_` or `-`', JSON.stringify(id));
  return id;
}

/**
 * The folder of a run.
 * @param runId run id
 * @param home workbench home (default {@link workbenchHome})
 * @returns `<home>/runs/<runId>`
 */
export function runDir(runId: string, home: string = workbenchHome()): string {
  return path.join(home, 'runs', checkRunId(runId));
}

/**
 * A new run id from the clock: `run-YYYYMMDD-HHMMSS-xxxx`.
 * @param now the time (default: now)
 * @returns run id
 */
export function newRunId(now = new Date()): string {
  const t = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `run-${t}-${Math.floor(Math.random() * 0x10000).toString(16).padStart(4, '0')}`;
}

function stateFile(dir: string): string {
  return path.join(dir, 'checkpoint', 'state.json');
}

/**
 * Reads a run's checkpoint state.
 * @param dir run folder
 * @returns the state, or undefined when the run has no checkpoint yet
 */
export function readRunState(dir: string): RunState | undefined {
  cleanStaleTemps(dir);
  const file = stateFile(dir);
  if (!fs.existsSync(file)) return undefined;
  const s = JSON.parse(fs.readFileSync(file, 'utf8')) as RunState;
  if (s.format !== 'stock-ml-workbench/run-checkpoint@1') throw inputError({ file, key: 'format' }, '"stock-ml-workbench/run-checkpoint@1"', JSON.stringify(s.format));
  return s;
}

/**
 * Removes what atomic writes interrupted by a kill leave behind (`.<name>.<pid>.<hex>.tmp` files and folders)
 * in the run folder, its checkpoint folder and the model folders. Called when a run is read
 * for resuming.
 * @param dir run folder
 */
export function cleanStaleTemps(dir: string): void {
  for (const d of [dir, path.join(dir, 'checkpoint'), path.join(dir, 'checkpoint', 'models')]) {
    if (!fs.existsSync(d)) continue;
    for (const f of fs.readdirSync(d)) if (/^\..+\.\d+\.[0-9a-f]+\.tmp$/.test(f)) fs.rmSync(path.join(d, f), { recursive: true, force: true });
  }
}

/**
 * Writes `checkpoint/state.json` atomically (temp file, fsync, rename).
 * @param dir run folder
 * @param state run state
 */
export function writeRunState(dir: string, state: RunState): void {
  writeJsonAtomic(stateFile(dir), state);
}

/**
 * Saves a track's model into `checkpoint/models/<track>-it<next>` (folder replaced atomically).
 * @returns the folder path relative to the checkpoint folder
 */
export async function saveTrackModel(dir: string, track: TrackState, model: Model): Promise<string> {
  const rel = path.join('models', `${track.id}-it${track.next}`);
  await replaceDirAtomic(path.join(dir, 'checkpoint', rel), (tmp) => model.save(tmp));
  return rel;
}

/**
 * Absolute path of a track's saved model folder.
 * @param dir run folder
 * @param track track state with `modelDir`
 * @returns folder path
 */
export function trackModelPath(dir: string, track: TrackState): string {
  if (!track.modelDir) throw inputError({ key: `${track.id}.modelDir` }, 'a saved model folder in the checkpoint', 'none');
  return path.join(dir, 'checkpoint', track.modelDir);
}

/**
 * Removes model folders that no track of `state` refers to any more.
 * @param dir run folder
 * @param state run state
 */
export function pruneModels(dir: string, state: RunState): void {
  const root = path.join(dir, 'checkpoint', 'models');
  if (!fs.existsSync(root)) return;
  const keep = new Set(state.tracks.map((t) => t.modelDir && path.basename(t.modelDir)).filter(Boolean));
  for (const f of fs.readdirSync(root)) if (!keep.has(f) && !f.startsWith('.')) fs.rmSync(path.join(root, f), { recursive: true, force: true });
}
