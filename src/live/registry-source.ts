/**
 * A {@link ModelSource} over the tracking model registry: the model of a symbol and horizon is the registered
 * name `<SYMBOL>-h<N>` (template configurable), resolved to the version in the `Production` stage, else the one
 * the alias (default `champion`) points at: Production first, so a registry rollback takes effect at once.
 * Every version is a model bundle (registered whole from a run's bundle or a live model); its metadata and
 * scaler come from its `bundle.json`, and a version without one is an error that says so. A panel bundle of the
 * universe pipeline (`featureSet` `panel:<set>`) is served for the symbols of its universe from the members'
 * bars in the store (live/panel-source.ts); a template without `{symbol}` names one such model for every symbol.
 */
import { fillDefaults } from '../data/store-db';
import { InputError } from '../util/errors';
import { loadBundle, readBundleMeta } from '../training/bundle';
import { resolveModelUri, type ModelRegistryOptions, type ModelVersion } from '../tracking/model-registry';
import { liveMetaOf, liveModelOf, type ModelSource } from './model-source';
import { isPanelFeatureSet, panelLiveModel } from './panel-source';
import type { PanelData } from '../universe/panel';

/** Options of {@link registryModelSource}. */
export interface RegistrySourceOptions extends ModelRegistryOptions {
  /** Registered-name template; `{symbol}` and `{horizon}` are replaced. Default `{symbol}-h{horizon}`. */
  template?: string;
  /** Alias used when no version is in `Production`. Default `champion`. */
  alias?: string;
}

/** Defaults of {@link RegistrySourceOptions}. */
export const registrySourceDefaults = { template: '{symbol}-h{horizon}', alias: 'champion' };

/**
 * The registered name of a symbol and horizon.
 * @param template name template with `{symbol}` and `{horizon}`
 * @returns the name
 */
export function registeredName(template: string, symbol: string, horizon: number): string {
  return template.replace('{symbol}', symbol).replace('{horizon}', String(horizon));
}

/**
 * Model source over the registry.
 * @param options template, alias, and the registry's `storePath` / `home` (undefined values keep the defaults)
 * @returns ModelSource (`describe` and `resolve` answer undefined when the name or stage does not exist)
 */
export function registryModelSource(options: RegistrySourceOptions = {}): ModelSource {
  const o = fillDefaults(registrySourceDefaults, options);
  const find = async (symbol: string, horizon: number): Promise<ModelVersion | undefined> => {
    const name = registeredName(o.template, symbol, horizon);
    for (const uri of [`${name}@Production`, `${name}@${o.alias}`]) {
      try {
        return await resolveModelUri(uri, options);
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
      }
    }
    return undefined;
  };
  const label = (v: ModelVersion) => ({ name: v.name, version: String(v.version) });
  const panels = new Map<string, Promise<PanelData>>();
  return {
    name: `registry:${o.template}@Production|${o.alias}`,
    missingHint: (symbol, horizon) => {
      const name = registeredName(o.template, symbol, horizon);
      return `no version of ${name} in Production or @${o.alias}: register a run's model with \`workbench registry register <run-id> --name ${name} --model <key> --horizon ${horizon}\` and promote it with \`workbench registry promote ${name} --version <n> --stage Production\` (or \`workbench retrain --auto --registry\`)`;
    },
    async describe(symbol, horizon) {
      const v = await find(symbol, horizon);
      return v ? liveMetaOf(readBundleMeta(v.path), horizon, label(v)) : undefined;
    },
    async resolve(symbol, horizon) {
      const v = await find(symbol, horizon);
      if (!v) return undefined;
      const bundle = await loadBundle(v.path);
      if (!isPanelFeatureSet(bundle.meta.featureSet)) return liveModelOf(bundle, horizon, label(v));
      // a universe pipeline's panel model: its features need every member's bars from the store
      try {
        return await panelLiveModel(bundle, horizon, { storePath: options.storePath, label: label(v), cache: panels });
      } catch (e) {
        bundle.model.dispose?.();
        throw e;
      }
    },
  };
}
