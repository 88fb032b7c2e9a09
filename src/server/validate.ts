/**
 * Request validation beyond the JSON-schema envelope: the training config (through `parseConfig`),
 * data paths confined to the project's data folder, and run ids.
 */
import * as path from 'path';
import { parseConfig } from '../config/load';
import type { WorkbenchConfig } from '../config/schema';
import { InputError, inputError, show } from '../util/errors';
import { effectiveConfig } from '../training/plan';
import { validateRunInputs } from '../training/validate-run';

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
  /**
   * Outbound destinations allowed (origins like `https://mlflow.internal:5000`, or `yahoo`). When given, a
   * `tracking.uri` whose origin is not listed, or a `yahoo:` source without `yahoo` listed, is refused.
   */
  allowedUrls?: string[];
  /** With `profile:` in the body: the profile's part (run) to resolve (default its first; see `config/profiles.ts`). */
  profileRun?: string;
}

/**
 * Checks that a URL a request names is on the server's allow-list (same scheme, host and port).
 * @param uri the URL
 * @param key config key path for the error
 * @param allowed allowed origins
 * @throws InputError when it is not listed (the message does not echo the list)
 */
export function checkAllowedUrl(uri: string, key: string, allowed: string[]): void {
  let origin: string;
  try {
    origin = new URL(uri).origin;
  } catch {
    throw inputError({ key }, 'an http(s) URL', show(uri));
  }
  const ok = allowed.some((a) => {
    try {
      return new URL(a).origin === origin;
    } catch {
      return false;
    }
  });
  if (!ok) throw inputError({ key }, 'a URL on the server\'s allow-list (operators set WORKBENCH_ALLOWED_URLS); the API never calls out to other hosts', show(uri));
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
  const cfg = parseConfig(body, source, opts.profileRun);
  if (opts.modelKeys) {
    const known = opts.modelKeys;
    cfg.models.enabled.forEach((k, i) => {
      if (!known.includes(k)) throw inputError({ file: source, key: `models.enabled[${i}]` }, `a registered model (${known.join(', ')})`, show(k));
    });
  }
  if (opts.allowedUrls) {
    const allowed = opts.allowedUrls;
    if (cfg.tracking.uri !== undefined) checkAllowedUrl(cfg.tracking.uri, 'tracking.uri', allowed);
    for (const key of ['source', 'vix'] as const) {
      const v = cfg.data[key];
      if (v !== undefined && v.startsWith('yahoo:') && !allowed.includes('yahoo')) {
        throw inputError({ file: source, key: `data.${key}` }, 'a local source (yahoo: needs `yahoo` on the server\'s allow-list)', show(v));
      }
    }
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

/**
 * Removes server paths from a message: the data and base folders become relative, any other absolute path
 * becomes `<path>` (a client never learns where the server keeps its files).
 * @param message error text
 * @param roots absolute folders to make relative
 */
export function redactPaths(message: string, roots: string[]): string {
  let out = message;
  for (const r of [...roots].sort((a, b) => b.length - a.length)) out = out.split(`${path.resolve(r)}${path.sep}`).join('').split(path.resolve(r)).join('.');
  return out.replace(/(^|[\s"'`(])\/[^\s"'`):,]+/g, '$1<path>');
}

/**
 * The training layer's full pre-flight check (models, data, dates, horizons) run synchronously for a start
 * request, so a bad run is answered 400 with its field instead of being accepted and failing later.
 * @param cfg config from {@link validateStartConfig}
 * @param opts data and base folders (for redacting paths in messages)
 * @throws InputError naming the field, without server paths
 */
export async function checkStartInputs(cfg: WorkbenchConfig, opts: Pick<StartConfigOptions, 'dataDir' | 'baseDir'>): Promise<void> {
  try {
    await validateRunInputs(effectiveConfig(cfg), {});
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    const key = e.location?.key;
    const body = key !== undefined && e.message.startsWith(`\`${key}\`: `) ? e.message.slice(key.length + 4) : e.message;
    throw inputError({ file: 'request body', ...(key ? { key } : {}) }, redactPaths(body, [opts.dataDir, opts.baseDir]));
  }
}
