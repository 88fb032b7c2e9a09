/**
 * A {@link ModelSource} over the tracking model registry: the model of a symbol and horizon is the registered
 * name `<SYMBOL>-h<N>` (template configurable), resolved to the version in the `Production` stage, else the one
 * the alias (default `champion`) points at: Production first, so a registry rollback takes effect at once. Metadata comes from the version's `live.json` when it was registered
 * from a live model folder, else from `model.json` (feature names; feature set `full`, a superset of every set)
 * and the registration time.
 */
import * as fs from 'fs';
import * as path from 'path';
import { dayToIso } from '../util/dates';
import { InputError } from '../util/errors';
import { loadModel, readManifest } from '../models/registry';
import { resolveModelUri, type ModelRegistryOptions, type ModelVersion } from '../tracking/model-registry';
import { readLiveMeta, type LiveModelMeta, type ModelSource } from './model-source';

/** Options of {@link registryModelSource}. */
export interface RegistrySourceOptions extends ModelRegistryOptions {
  /** Registered-name template; `{symbol}` and `{horizon}` are replaced. Default `{symbol}-h{horizon}`. */
  template?: string;
  /** Alias used when no version is in `Production`. Default `champion`. */
  alias?: string;
}

/** Defaults of {@link RegistrySourceOptions}. */
export const registrySourceDefaults = { template: '{symbol}-h{horizon}', alias: 'champion' };

function metaOf(v: ModelVersion, horizon: number): LiveModelMeta {
  if (fs.existsSync(path.join(v.path, 'live.json'))) return { ...readLiveMeta(v.path), name: v.name, version: String(v.version) };
  const m = readManifest(v.path);
  const at = new Date(v.createdMs).toISOString();
  return { name: v.name, version: String(v.version), featureSet: 'full', featureNames: m.featureNames, horizon, trainedAt: at, trainStart: dayToIso(0), trainEnd: at.slice(0, 10) };
}

/**
 * Model source over the registry.
 * @param options template, alias, and the registry's `storePath` / `home`
 * @returns ModelSource (`describe` and `resolve` answer undefined when the name or stage does not exist)
 */
export function registryModelSource(options: RegistrySourceOptions = {}): ModelSource {
  const o = { ...registrySourceDefaults, ...options };
  const find = async (symbol: string, horizon: number): Promise<ModelVersion | undefined> => {
    const name = o.template.replace('{symbol}', symbol).replace('{horizon}', String(horizon));
    for (const uri of [`${name}@Production`, `${name}@${o.alias}`]) {
      try {
        return await resolveModelUri(uri, options);
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
      }
    }
    return undefined;
  };
  return {
    name: `registry:${o.template}@Production|${o.alias}`,
    async describe(symbol, horizon) {
      const v = await find(symbol, horizon);
      return v ? metaOf(v, horizon) : undefined;
    },
    async resolve(symbol, horizon) {
      const v = await find(symbol, horizon);
      if (!v) return undefined;
      return { model: await loadModel(v.path), meta: metaOf(v, horizon), dir: v.path };
    },
  };
}
