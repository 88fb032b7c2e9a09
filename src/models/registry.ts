/**
 * Model registry: maps registry keys (`lstm`, `gbdt`, …) to constructors and loaders.
 * Families register themselves from their own module; `models/index.ts` imports them all.
 */
import * as fs from 'fs';
import * as path from 'path';
import { inputError } from '../util/errors';
import { writeJsonAtomic } from '../util/fs';
import type { Model, Task } from './types';

/** Manifest written as `model.json` in every saved model folder. */
export interface ModelManifest {
  format: 'stock-ml-workbench/model@1';
  key: string;
  task: Task;
  params: Record<string, unknown>;
  featureNames: string[];
  /** Family-specific JSON state (tree structure, GARCH coefficients, weight specs…). */
  state?: unknown;
  /** Optional fitted scaler saved with the model (see windows/). */
  scaler?: unknown;
  savedAt: string;
}

/** How a family is created and restored. */
export interface ModelFactory {
  /** Registry key. */
  key: string;
  /** One-line description for `--help` and the dashboard. */
  description: string;
  /** Tasks this family supports. */
  tasks: Task[];
  /** 2 = tabular, 3 = sequence. */
  inputRank: 2 | 3;
  /** Creates an unfitted model from hyperparameters (unknown keys are an InputError). */
  create(params: Record<string, unknown>): Model;
  /** Restores a fitted model from a folder written by `save`. */
  load(dir: string, manifest: ModelManifest): Promise<Model>;
}

const factories = new Map<string, ModelFactory>();
/** Keys whose family module is loaded on first use, with the function that loads (and so registers) it. */
const lazy = new Map<string, () => void>();

/** Registers a model family. Registering the same key twice is an error. */
export function registerModel(factory: ModelFactory): void {
  if (factories.has(factory.key)) throw new Error(`model key \`${factory.key}\` is registered twice`);
  lazy.delete(factory.key);
  factories.set(factory.key, factory);
}

/**
 * Names families whose module is loaded only when one of them is first used (a module with heavy imports, such
 * as the tfjs families: a worker process that trains gradient-boosted trees never loads tfjs).
 * @param keys registry keys the module registers
 * @param load loads the module; it must register every key named
 */
export function registerLazyModels(keys: readonly string[], load: () => void): void {
  for (const k of keys) if (!factories.has(k)) lazy.set(k, load);
}

/** All registered keys (lazy ones included), sorted. */
export function modelKeys(): string[] {
  return [...new Set([...factories.keys(), ...lazy.keys()])].sort();
}

/** The factory of `key`, or an InputError listing the known keys. */
export function getModelFactory(key: string): ModelFactory {
  const load = factories.has(key) ? undefined : lazy.get(key);
  if (load) {
    load();
    if (!factories.has(key)) throw new Error(`loading the module of model family \`${key}\` did not register it`);
  }
  const f = factories.get(key);
  if (!f) throw inputError({ key: 'model' }, `one of ${modelKeys().join(', ') || '(none registered)'}`, JSON.stringify(key));
  return f;
}

/**
 * Creates an unfitted model by registry key.
 * @param key registry key, e.g. `gbdt`
 * @param params hyperparameters; must include `task` unless the family has a single task
 */
export function createModel(key: string, params: Record<string, unknown> = {}): Model {
  return getModelFactory(key).create(params);
}

/** Reads and checks `dir/model.json`. */
export function readManifest(dir: string): ModelManifest {
  const file = path.join(dir, 'model.json');
  if (!fs.existsSync(file)) throw inputError({ file }, 'a saved model folder containing model.json', 'no such file');
  let m: ModelManifest;
  try {
    m = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw inputError({ file }, 'valid JSON', (err as Error).message);
  }
  if (m.format !== 'stock-ml-workbench/model@1') {
    throw inputError({ file, key: 'format' }, '"stock-ml-workbench/model@1"', JSON.stringify(m.format));
  }
  return m;
}

/** Writes `dir/model.json` atomically (creates `dir`). */
export function writeManifest(dir: string, manifest: Omit<ModelManifest, 'format' | 'savedAt'>): void {
  writeJsonAtomic(path.join(dir, 'model.json'), {
    format: 'stock-ml-workbench/model@1',
    savedAt: new Date().toISOString(),
    ...manifest,
  });
}

/** Loads any saved model: reads the manifest and dispatches to the family's loader. */
export async function loadModel(dir: string): Promise<Model> {
  const manifest = readManifest(dir);
  return getModelFactory(manifest.key).load(dir, manifest);
}

/**
 * Checks hyperparameters against a defaults object: unknown keys and wrong primitive types are
 * InputErrors naming the key; returns defaults overlaid with `params`.
 * @param family registry key (for messages)
 * @param defaults the family's default hyperparameters
 */
export function resolveParams<T extends Record<string, unknown>>(family: string, defaults: T, params: Record<string, unknown>): T {
  const out: Record<string, unknown> = { ...defaults };
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) continue;
    if (!(k in defaults)) {
      throw inputError({ key: `${family}.${k}` }, `one of the ${family} parameters ${Object.keys(defaults).join(', ')}`, `unknown key \`${k}\``);
    }
    const d = defaults[k];
    if (d !== null && d !== undefined && typeof d !== typeof v && !(Array.isArray(d) && Array.isArray(v))) {
      throw inputError({ key: `${family}.${k}` }, `a ${typeof d}`, JSON.stringify(v));
    }
    out[k] = v;
  }
  return out as T;
}

/** The InputError thrown by any method called before fit/load. */
export function notFitted(key: string, method: string): Error {
  return inputError(undefined, `model \`${key}\` must be fitted (or loaded) before ${method}()`, 'an unfitted model');
}
