/** Reading, validating and normalising configuration files and objects. */
import * as fs from 'fs';
import * as YAML from 'yaml';
import type { ZodIssue } from 'zod';
import { InputError, inputError, show } from '../util/errors';
import { sha256 } from '../util/fs';
import { configSchema, MODEL_ALIASES, type WorkbenchConfig } from './schema';

function issuePath(issue: ZodIssue): string {
  return issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : p)).join('.').replace(/\.\[/g, '[') || '(root)';
}

function valueAt(obj: unknown, path: Array<string | number>): unknown {
  let cur: unknown = obj;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[p];
  }
  return cur;
}

function describeIssue(issue: ZodIssue, raw: unknown): { key: string; expected: string; received: string } {
  if (issue.code === 'unrecognized_keys') {
    const parent = issuePath(issue);
    const key = parent === '(root)' ? issue.keys[0] : `${parent}.${issue.keys[0]}`;
    return { key, expected: 'a known configuration key (see docs/config.md)', received: `unknown key \`${issue.keys.join('`, `')}\`` };
  }
  const received = valueAt(raw, issue.path);
  let expected = issue.message;
  if (issue.code === 'invalid_type') expected = `a ${issue.expected}`;
  if (issue.code === 'invalid_enum_value') expected = `one of ${issue.options.map((o) => JSON.stringify(o)).join(', ')}`;
  return { key: issuePath(issue), expected, received: received === undefined ? 'nothing' : show(received) };
}

/**
 * Validates a configuration object and fills in defaults.
 * @param raw parsed YAML/JSON (or an object from the API)
 * @param source file name or request name used in error messages
 * @returns the resolved config; model aliases (`cnn`, `transformer`) are mapped to registry keys
 * @throws InputError naming the first offending key path, what was expected and what arrived
 */
export function parseConfig(raw: unknown, source = 'config'): WorkbenchConfig {
  const result = configSchema.safeParse(raw ?? {});
  if (!result.success) {
    const d = describeIssue(result.error.issues[0], raw);
    throw inputError({ file: source, key: d.key }, d.expected, d.received);
  }
  const cfg = result.data;
  cfg.models.enabled = [...new Set(cfg.models.enabled.map((m) => MODEL_ALIASES[m] ?? m))];
  const start = cfg.training.start_date;
  const end = cfg.training.initial_end_date;
  if (end <= start) throw inputError({ file: source, key: 'training.initial_end_date' }, `a date after training.start_date (${start})`, JSON.stringify(end));
  for (const k of Object.keys(cfg.horizons.targets)) {
    if (!/^\d+$/.test(k)) throw inputError({ file: source, key: `horizons.targets.${k}` }, 'a horizon in days as the key', JSON.stringify(k));
  }
  return cfg;
}

/**
 * Reads a YAML (or JSON) configuration file, validates it and fills in defaults.
 * @throws InputError with `file:line` for YAML syntax errors and `file: key.path` for schema errors
 */
export function loadConfig(file: string): WorkbenchConfig {
  if (!fs.existsSync(file)) throw inputError({ file }, 'a readable configuration file', 'no such file');
  const text = fs.readFileSync(file, 'utf8');
  const lineCounter = new YAML.LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const line = lineCounter.linePos(e.pos[0]).line;
    throw new InputError(`valid YAML, received: ${e.message.split('\n')[0]}`, { file, line });
  }
  return parseConfig(doc.toJS(), file);
}

/** The default configuration (every default filled in). */
export function defaultConfig(): WorkbenchConfig {
  return parseConfig({}, 'defaults');
}

/** Target accuracy for horizon `h`: `horizons.targets[h]`, else `training.target_accuracy`, else undefined. */
export function targetAccuracy(cfg: WorkbenchConfig, h: number): number | undefined {
  return cfg.horizons.targets[String(h)] ?? cfg.training.target_accuracy;
}

/** Stable sha256 of a config (keys sorted), recorded with every run. */
export function configHash(cfg: WorkbenchConfig): string {
  return sha256(stableStringify(cfg));
}

/** JSON with object keys sorted recursively (for hashing). */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .sort()
    .filter((k) => obj[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${stableStringify(obj[k])}`)
    .join(',')}}`;
}
