/**
 * Request validation beyond the JSON-schema envelope: the training config (through `parseConfig`),
 * data paths confined to the project's data folder, and run ids.
 */
import * as path from 'path';
import { parseConfig } from '../config/load';
import type { WorkbenchConfig } from '../config/schema';
import { inputError, show } from '../util/errors';

/** Run ids the server accepts: 1-64 letters, digits, `_`, `-`, `.`, starting with a letter or digit (a subset of the trainer's). */
export const RUN_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$';

const runIdRe = new RegExp(RUN_ID_PATTERN);

/**
 * Checks a run id (so it can never name a path outside the runs folder).
 * @param value candidate id
 * @param field request field, for the error message (default `runId`)
 * @returns the id
 * @throws InputError when it does not match {@link RUN_ID_PATTERN} or contains `..`
 */
export function validateRunId(value: unknown, field = 'runId'): string {
  if (typeof value !== 'string' || !runIdRe.test(value) || value.includes('..')) {
    throw inputError({ key: field }, 'a run id of 1-64 letters, digits, `_`, `-` or `.` starting with a letter or digit, without `..`', show(value));
  }
  return value;
}

/**
 * Resolves a user-given data path and checks it stays inside `dataDir`.
 * Relative paths are resolved against `baseDir` (the repository root); any `..` segment is refused outright.
 * @param p the path as written in the config
 * @param key config key path, for the error message
 * @param dataDir absolute data folder the path must be inside
 * @param baseDir folder relative paths are resolved against
 * @returns the absolute path
 * @throws InputError for `..`, NUL bytes, or a path outside `dataDir`
 */
export function confinePath(p: string, key: string, dataDir: string, baseDir: string): string {
  if (p.length === 0 || p.includes('\0')) throw inputError({ key }, 'a non-empty file path', show(p));
  if (p.split(/[\\/]+/).includes('..')) throw inputError({ key }, 'a path inside the data folder without `..` segments', show(p));
  const abs = path.resolve(baseDir, p);
  const root = path.resolve(dataDir);
  if (abs !== root && !abs.startsWith(root + path.sep)) {
    throw inputError({ key }, `a path inside the project's data folder (${path.relative(baseDir, root) || root}/)`, show(p));
  }
  return abs;
}

/** Options of {@link validateStartConfig}. */
export interface StartConfigOptions {
  /** Folder `csv:`/`json:` sources and fundamentals must be inside (absolute). */
  dataDir: string;
  /** Folder relative data paths are resolved against (absolute; the repository root). */
  baseDir: string;
  /** Name used in error messages (default `request body`). */
  source?: string;
  /** Registered model keys; when given, every `models.enabled` entry must be one of them. */
  modelKeys?: string[];
}

function confineSource(src: string, key: string, opts: StartConfigOptions): string {
  const m = /^(csv|json):(.*)$/s.exec(src);
  if (!m) return src;
  return `${m[1]}:${confinePath(m[2], key, opts.dataDir, opts.baseDir)}`;
}

/**
 * Validates a training config sent to the API: the YAML schema (unknown keys, types, ranges, dates) and
 * data paths restricted to the data folder. Does not touch the caller's object.
 * @param body parsed JSON body
 * @param opts data folder, base folder and source name
 * @returns the resolved config, with `csv:`/`json:` sources and fundamentals rewritten as absolute paths
 *   (model aliases such as `xgboost` already mapped to registry keys)
 * @throws InputError whose `location.key` names the offending key path
 */
export function validateStartConfig(body: unknown, opts: StartConfigOptions): WorkbenchConfig {
  const source = opts.source ?? 'request body';
  const cfg = parseConfig(body, source);
  if (opts.modelKeys) {
    const known = opts.modelKeys;
    cfg.models.enabled.forEach((k, i) => {
      if (!known.includes(k)) throw inputError({ file: source, key: `models.enabled[${i}]` }, `a registered model (${known.join(', ')})`, show(k));
    });
  }
  const data = { ...cfg.data };
  try {
    data.source = confineSource(data.source, 'data.source', opts);
    if (data.vix !== undefined) data.vix = confineSource(data.vix, 'data.vix', opts);
    if (data.fundamentals !== undefined) data.fundamentals = confinePath(data.fundamentals, 'data.fundamentals', opts.dataDir, opts.baseDir);
  } catch (e) {
    const err = e as { location?: { key?: string }; message: string };
    throw inputError({ file: source, key: err.location?.key }, err.message.replace(/^`[^`]*`: /, ''));
  }
  return { ...cfg, data };
}

/**
 * Field (key path) named by an InputError, for `{error, field}` responses.
 * @returns the key path, or undefined when the error names none
 */
export function errorField(err: unknown): string | undefined {
  const loc = (err as { location?: { key?: string; column?: string | number } } | undefined)?.location;
  return loc?.key ?? (loc?.column !== undefined ? String(loc.column) : undefined);
}
