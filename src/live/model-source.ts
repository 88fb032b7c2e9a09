/**
 * Where the predictor gets its model: a {@link ModelSource} resolves (symbol, horizon) to a loaded model plus
 * the feature set it was trained on and its metadata. {@link folderModelSource} reads saved model folders
 * `<root>/<SYMBOL>/h<N>/` (or `<root>/_all/h<N>/` for every symbol): `model.json` written by `Model.save`
 * and `live.json` ({@link LiveModelMeta}) beside it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { checkSymbol } from '../data/bars';
import { inputError } from '../util/errors';
import { writeJsonAtomic } from '../util/fs';
import { loadModel } from '../models/registry';
import type { Model } from '../models/types';

/** Metadata saved with a live model (`live.json`). */
export interface LiveModelMeta {
  /** Display name, e.g. `gbdt-AAPL-h1` or a registry name. */
  name: string;
  /** Version label (registry version, or a timestamp). */
  version: string;
  /** Feature set name the model was trained on (see `buildFeatures`). */
  featureSet: string;
  /** Feature columns in model input order. */
  featureNames: string[];
  horizon: number;
  /** When training finished, ISO timestamp. */
  trainedAt: string;
  /** First and last label-known training day, ISO. */
  trainStart: string;
  trainEnd: string;
  /** Validation metrics (e.g. accuracy on the comparison window). */
  metrics?: Record<string, number>;
  /** Window length in rows for a sequence model (inputRank 3); required for those, absent for tabular ones. */
  steps?: number;
}

/** A model ready to predict, with its metadata. */
export interface LoadedLiveModel {
  model: Model;
  meta: LiveModelMeta;
  /** Folder it was loaded from (for logs). */
  dir: string;
}

/** Resolves the model to use for a symbol and horizon. */
export interface ModelSource {
  /** Human-readable description (for logs). */
  name: string;
  /** Metadata only (cheap), or undefined when no model exists. */
  describe(symbol: string, horizon: number): Promise<LiveModelMeta | undefined>;
  /** The loaded model, or undefined when no model exists. */
  resolve(symbol: string, horizon: number): Promise<LoadedLiveModel | undefined>;
}

/** The folder of a symbol's model for a horizon inside a folder source root. */
export function liveModelDir(root: string, symbol: string, horizon: number): string {
  return path.join(root, checkSymbol(symbol), `h${horizon}`);
}

/**
 * Reads `live.json` of a model folder.
 * @throws InputError on unreadable JSON or missing fields
 */
export function readLiveMeta(dir: string): LiveModelMeta {
  const file = path.join(dir, 'live.json');
  let m: LiveModelMeta;
  try {
    m = JSON.parse(fs.readFileSync(file, 'utf8')) as LiveModelMeta;
  } catch (err) {
    throw inputError({ file }, 'a readable live.json (model metadata)', (err as Error).message);
  }
  for (const k of ['name', 'featureSet', 'featureNames', 'horizon', 'trainEnd'] as const) {
    if (m[k] === undefined) throw inputError({ file, key: k }, 'a value', 'missing');
  }
  return m;
}

/** Writes `live.json` atomically. */
export function writeLiveMeta(dir: string, meta: LiveModelMeta): void {
  writeJsonAtomic(path.join(dir, 'live.json'), meta);
}

/**
 * A model source over saved folders: `<root>/<SYMBOL>/h<N>/`, falling back to `<root>/_all/h<N>/`.
 * @param root folder holding the per-symbol model folders (e.g. `<workbenchHome()>/live/models`)
 * @returns ModelSource
 */
export function folderModelSource(root: string): ModelSource {
  const find = (symbol: string, horizon: number): string | undefined => {
    for (const dir of [liveModelDir(root, symbol, horizon), path.join(root, '_all', `h${horizon}`)]) {
      if (fs.existsSync(path.join(dir, 'model.json')) && fs.existsSync(path.join(dir, 'live.json'))) return dir;
    }
    return undefined;
  };
  return {
    name: `folder:${root}`,
    async describe(symbol, horizon) {
      const dir = find(symbol, horizon);
      return dir ? readLiveMeta(dir) : undefined;
    },
    async resolve(symbol, horizon) {
      const dir = find(symbol, horizon);
      if (!dir) return undefined;
      const meta = readLiveMeta(dir);
      const model = await loadModel(dir);
      if (model.inputRank === 3 && !(Number.isInteger(meta.steps) && (meta.steps as number) >= 1)) {
        model.dispose?.();
        throw inputError({ file: path.join(dir, 'live.json'), key: 'steps' }, 'the window length (integer >= 1) of a sequence model', String(meta.steps));
      }
      return { model, meta, dir };
    },
  };
}
