/**
 * The MLflow-style registry of trained model VERSIONS (not to be confused with `models/registry.ts`, the
 * registry of model FAMILIES). A registered name has integer versions 1, 2, …; each version is an immutable
 * copy of a saved model folder under `<home>/registry/<name>/<version>/`, with lineage (run id, data sha256,
 * parent version for fine-tuned models), a stage (None / Staging / Production / Archived) and aliases
 * (e.g. `champion`). URIs: `name/3`, `name@champion`, `name@Production`, `name@latest` (optionally `models:/…`).
 */
import * as fs from 'fs';
import * as path from 'path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { inputError, show } from '../util/errors';
import { replaceDirAtomic, workbenchHome } from '../util/fs';
import { readManifest } from '../models/registry';
import { loadBundle, readBundleMeta, type LoadedBundle } from '../training/bundle';
import type { Model } from '../models/types';
import { inTransaction } from '../data/store-db';
import { queryRows, withTrackingDb, type TrackingStoreOptions } from './db';
import { ALIAS_RE, checkName, checkStage, MODEL_STAGES, parseModelUri, type ModelStage } from './model-uri';

export { parseModelUri, MODEL_STAGES, type ModelUri, type ModelStage } from './model-uri';

/** Options of every registry function: where the store and the copied model folders live. */
export interface ModelRegistryOptions extends TrackingStoreOptions {
  /** Root under which `registry/<name>/<version>/` folders are kept. Default `workbenchHome()`. */
  home?: string;
}

/** One registered model version. Times are ms since the epoch. */
export interface ModelVersion {
  name: string;
  version: number;
  stage: ModelStage;
  /** Folder holding the copied model (`model.json` + weights). */
  path: string;
  /** Folder it was copied from at registration. */
  source: string;
  runId?: string;
  dataSha256?: string;
  /** `name/version` of the model this one was fine-tuned from. */
  parent?: string;
  description?: string;
  /** Aliases pointing at this version, sorted. */
  aliases: string[];
  /** Model family key from `model.json`. */
  modelKey: string;
  createdMs: number;
  updatedMs: number;
}

/** Input of {@link registerModelVersion}. */
export interface RegisterModelVersionInput {
  /** Registered model name: letters, digits, `_ . -` (≤ 100 chars). */
  name: string;
  /** A saved model folder (with `model.json`). */
  source: string;
  /** Run that produced the model. */
  runId?: string;
  /** sha256 of the training data. Default: the run's recorded data hash, when the run is tracked. */
  dataSha256?: string;
  /** URI of the version this model was fine-tuned from, e.g. `gbdt-h1/2` or `gbdt-h1@champion`. */
  parent?: string;
  description?: string;
}

function versionDir(home: string, name: string, version: number): string {
  return path.join(home, 'registry', name, String(version));
}

async function readVersions(c: DuckDBConnection, home: string, name?: string): Promise<ModelVersion[]> {
  const rows = await queryRows(c, `SELECT * FROM tracking.model_versions ${name === undefined ? '' : 'WHERE name = $name'} ORDER BY name, version`, name === undefined ? {} : { name });
  const aliases = await queryRows(c, 'SELECT name, alias, version FROM tracking.model_aliases ORDER BY alias');
  return rows.map((r) => {
    const dir = versionDir(home, r.name as string, r.version as number);
    let modelKey = '';
    try {
      modelKey = readManifest(dir).key;
    } catch {
      modelKey = '';
    }
    return {
      name: r.name as string,
      version: r.version as number,
      stage: r.stage as ModelStage,
      path: dir,
      source: r.source as string,
      runId: (r.run_id as string | null) ?? undefined,
      dataSha256: (r.data_sha256 as string | null) ?? undefined,
      parent: (r.parent as string | null) ?? undefined,
      description: (r.description as string | null) ?? undefined,
      aliases: aliases.filter((a) => a.name === r.name && a.version === r.version).map((a) => a.alias as string),
      modelKey,
      createdMs: r.created_ms as number,
      updatedMs: r.updated_ms as number,
    };
  });
}

async function resolveOn(c: DuckDBConnection, home: string, uri: string): Promise<ModelVersion> {
  const u = parseModelUri(uri);
  const versions = await readVersions(c, home, u.name);
  if (!versions.length) throw inputError({ key: 'model uri' }, 'a registered model name', JSON.stringify(u.name));
  let found: ModelVersion | undefined;
  if (u.version !== undefined) found = versions.find((v) => v.version === u.version);
  else if (u.alias !== undefined) found = versions.find((v) => v.aliases.includes(u.alias!));
  else if (u.stage !== undefined) found = versions.filter((v) => v.stage === u.stage).pop();
  else found = versions[versions.length - 1];
  if (!found) {
    const have = versions.map((v) => `${v.version} (${v.stage}${v.aliases.length ? `, @${v.aliases.join(' @')}` : ''})`).join(', ');
    throw inputError({ key: 'model uri' }, `a version matching ${JSON.stringify(uri)}`, `versions ${have}`);
  }
  return found;
}

/**
 * Registers a saved model folder as the next version of `name` (the folder is copied, so the version stays
 * valid when the run folder is removed). New versions start in stage `None`.
 * @param input name, source folder and lineage (run id, data hash, parent URI, description)
 * @param options `storePath`, `home`
 * @returns the new version
 * @throws InputError for a bad name, a folder without `model.json`, or an unknown parent
 */
export async function registerModelVersion(input: RegisterModelVersionInput, options: ModelRegistryOptions = {}): Promise<ModelVersion> {
  checkName(input.name);
  readManifest(input.source);
  readBundleMeta(input.source);
  const home = options.home ?? workbenchHome();
  const source = path.resolve(input.source);
  return withTrackingDb(options, async (c) => {
    const parent = input.parent === undefined ? undefined : await resolveOn(c, home, input.parent);
    let data = input.dataSha256;
    if (data === undefined && input.runId !== undefined) {
      const run = await queryRows(c, 'SELECT data_sha256 FROM tracking.runs WHERE run_id = $id', { id: input.runId });
      data = (run[0]?.data_sha256 as string | null | undefined) ?? undefined;
    }
    const next = await queryRows(c, 'SELECT coalesce(max(version), 0)::INTEGER + 1 AS v FROM tracking.model_versions WHERE name = $name', { name: input.name });
    const version = next[0].v as number;
    await replaceDirAtomic(versionDir(home, input.name, version), (tmp) => fs.cpSync(source, tmp, { recursive: true }));
    const now = Date.now();
    await c.run(`INSERT INTO tracking.model_versions VALUES ($name, $version, 'None', $source, $run, $data, $parent, $desc, $now, $now)`, {
      name: input.name,
      version,
      source,
      run: input.runId ?? null,
      data: data ?? null,
      parent: parent ? `${parent.name}/${parent.version}` : null,
      desc: input.description ?? null,
      now,
    } as never);
    return (await readVersions(c, home, input.name)).find((v) => v.version === version)!;
  });
}

/**
 * Every registered version (of one name, or all), sorted by name then version.
 * @param name registered model name; default all
 */
export function listModelVersions(name?: string, options: ModelRegistryOptions = {}): Promise<ModelVersion[]> {
  if (name !== undefined) checkName(name);
  return withTrackingDb(options, (c) => readVersions(c, options.home ?? workbenchHome(), name));
}

/**
 * Resolves a registry URI to its version (with the folder to load from).
 * @param uri `name/3`, `name@champion`, `name@Production`, `name@latest`
 * @throws InputError when the name or the version/alias/stage does not exist
 */
export function resolveModelUri(uri: string, options: ModelRegistryOptions = {}): Promise<ModelVersion> {
  return withTrackingDb(options, (c) => resolveOn(c, options.home ?? workbenchHome(), uri));
}

/**
 * Loads the bundle a registry URI points at (model, scaler, feature and label spec) through the one
 * bundle loader; serve it with `bundleProbUp`.
 * @returns the loaded bundle
 */
export async function loadRegisteredBundle(uri: string, options: ModelRegistryOptions = {}): Promise<LoadedBundle> {
  const v = await resolveModelUri(uri, options);
  return loadBundle(v.path);
}

/**
 * The fitted model of the bundle a registry URI points at (see {@link loadRegisteredBundle}).
 * @returns the fitted model
 */
export async function loadRegisteredModel(uri: string, options: ModelRegistryOptions = {}): Promise<Model> {
  return (await loadRegisteredBundle(uri, options)).model;
}

async function setStage(c: DuckDBConnection, name: string, version: number, from: ModelStage, to: ModelStage): Promise<void> {
  if (from === to) return;
  const now = Date.now();
  await c.run('UPDATE tracking.model_versions SET stage = $to, updated_ms = $now WHERE name = $name AND version = $version', { to, now, name, version });
  const seq = await queryRows(c, 'SELECT coalesce(max(seq), 0) + 1 AS s FROM tracking.stage_history');
  await c.run('INSERT INTO tracking.stage_history VALUES ($name, $version, $from, $to, $now, $seq)', { name, version, from, to, now, seq: seq[0].s as number });
}

/** Options of {@link transitionModelVersionStage}. */
export interface TransitionOptions extends ModelRegistryOptions {
  /** Move other versions currently in the target stage (Staging / Production) to Archived. Default true. */
  archiveExisting?: boolean;
}

/**
 * Moves a version to a stage; with `archiveExisting` (default true) the versions previously in that stage
 * (Staging or Production) are archived, so at most one version holds it.
 * @returns the version after the transition
 */
export async function transitionModelVersionStage(name: string, version: number, stage: ModelStage, options: TransitionOptions = {}): Promise<ModelVersion> {
  const to = checkStage(stage);
  const home = options.home ?? workbenchHome();
  return withTrackingDb(options, async (c) =>
    inTransaction(c, async () => {
      const v = await resolveOn(c, home, `${name}/${version}`);
      if ((options.archiveExisting ?? true) && (to === 'Production' || to === 'Staging')) {
        for (const o of await readVersions(c, home, name)) if (o.version !== v.version && o.stage === to) await setStage(c, name, o.version, o.stage, 'Archived');
      }
      await setStage(c, name, v.version, v.stage, to);
      return (await readVersions(c, home, name)).find((x) => x.version === v.version)!;
    }),
  );
}

/**
 * Points an alias (e.g. `champion`) at a version, moving it from any other version of the name.
 * @throws InputError for a stage name or `latest` as alias, or an unknown version
 */
export async function setModelAlias(name: string, alias: string, version: number, options: ModelRegistryOptions = {}): Promise<ModelVersion> {
  if (!ALIAS_RE.test(alias) || alias === 'latest' || MODEL_STAGES.some((s) => s.toLowerCase() === alias.toLowerCase())) {
    throw inputError({ key: 'alias' }, 'an alias of letters, digits, `_` or `-` (not a stage name, not `latest`)', show(alias));
  }
  const home = options.home ?? workbenchHome();
  return withTrackingDb(options, async (c) => {
    const v = await resolveOn(c, home, `${name}/${version}`);
    await c.run('INSERT OR REPLACE INTO tracking.model_aliases VALUES ($name, $alias, $version)', { name, alias, version: v.version });
    return (await readVersions(c, home, name)).find((x) => x.version === v.version)!;
  });
}

/** Removes an alias; returns true when it existed. */
export async function deleteModelAlias(name: string, alias: string, options: ModelRegistryOptions = {}): Promise<boolean> {
  checkName(name);
  return withTrackingDb(options, async (c) => {
    const had = await queryRows(c, 'SELECT 1 FROM tracking.model_aliases WHERE name = $name AND alias = $alias', { name, alias });
    await c.run('DELETE FROM tracking.model_aliases WHERE name = $name AND alias = $alias', { name, alias });
    return had.length > 0;
  });
}

/**
 * Rolls Production back: the current Production version is archived and the version most recently archived
 * out of Production (the one it replaced) is restored to Production; aliases that pointed at the archived
 * version (e.g. `champion`) move to the restored one. Rolling back twice swaps them back.
 * @returns `{from, to}`: the archived and the restored version
 * @throws InputError when nothing is in Production or no earlier Production version exists
 */
export async function rollbackProduction(name: string, options: ModelRegistryOptions = {}): Promise<{ from: ModelVersion; to: ModelVersion }> {
  checkName(name);
  const home = options.home ?? workbenchHome();
  return withTrackingDb(options, async (c) =>
    inTransaction(c, async () => {
      const versions = await readVersions(c, home, name);
      const current = versions.filter((v) => v.stage === 'Production').pop();
      if (!current) throw inputError({ key: 'name' }, `a model with a version in Production to roll back`, `${name}: none in Production`);
      const hist = await queryRows(
        c,
        `SELECT version FROM tracking.stage_history
         WHERE name = $name AND from_stage = 'Production' AND to_stage = 'Archived' AND version <> $v ORDER BY seq DESC`,
        { name, v: current.version },
      );
      const prev = hist.length ? versions.find((v) => v.version === hist[0].version) : undefined;
      if (!prev) throw inputError({ key: 'name' }, `an earlier Production version of ${name} to roll back to`, `no version other than ${current.version} was archived out of Production`);
      await setStage(c, name, current.version, 'Production', 'Archived');
      await setStage(c, name, prev.version, prev.stage, 'Production');
      // aliases (e.g. `champion`) that pointed at the rolled-back version follow Production back
      await c.run('UPDATE tracking.model_aliases SET version = $to WHERE name = $name AND version = $from', { name, from: current.version, to: prev.version });
      const after = await readVersions(c, home, name);
      return { from: after.find((v) => v.version === current.version)!, to: after.find((v) => v.version === prev.version)! };
    }),
  );
}
