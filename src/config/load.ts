/** Reading, validating and normalising configuration files and objects. */
import * as YAML from 'yaml';
import type { ZodIssue } from 'zod';
import { InputError, inputError, show } from '../util/errors';
import { sha256 } from '../util/fs';
import { checkJsonDepth, checkShape, LIMITS, readSmallTextFile } from '../util/limits';
import { applyProfile, profileOf } from './profiles';
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
 * @param profileRun with `profile:` set, the profile's run to resolve (default its first; see `profileRuns`)
 * @returns the resolved config; model aliases (`cnn`, `transformer`) are mapped to registry keys
 * @throws InputError naming the first offending key path, what was expected and what arrived
 */
export function parseConfig(raw: unknown, source = 'config', profileRun?: string): WorkbenchConfig {
  checkShape(raw, { file: source });
  raw = applyProfile(raw, profileRun, source);
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
  return parseConfig(parseYamlBounded(readSmallTextFile(file, LIMITS.maxConfigBytes, 'a readable configuration file'), file), file);
}

/**
 * Every run a configuration file stands for: one, or one per run of its `profile` (e.g. `seed002`:
 * `regression`, `direction`), each validated like {@link loadConfig}.
 * @param file YAML or JSON configuration
 * @returns `[{name, config}]`; `name` is '' for a config without a profile
 */
export function loadConfigRuns(file: string): Array<{ name: string; config: WorkbenchConfig }> {
  const raw = parseYamlBounded(readSmallTextFile(file, LIMITS.maxConfigBytes, 'a readable configuration file'), file);
  const p = profileOf(raw, file);
  if (!p) return [{ name: '', config: parseConfig(raw, file) }];
  return p.runs.map((r) => ({ name: r.name, config: parseConfig(raw, file, r.name) }));
}

/**
 * Parses YAML (or JSON) text in linear time with limits: at most {@link LIMITS}.maxConfigBytes, one key per
 * line so at most `maxConfigKeys` keys, {@link LIMITS}.maxAliases aliases (alias bombs), nesting depth
 * {@link LIMITS}.maxDepth, no undefined aliases, no duplicate keys. (The `yaml` package's own duplicate-key
 * check is quadratic; it is replaced by a linear one.)
 * @param text document text
 * @param file name for messages
 * @returns the plain JS value
 * @throws InputError with `file:line` for syntax errors and `file` for limits
 */
export function parseYamlBounded(text: string, file: string): unknown {
  if (text.length > LIMITS.maxConfigBytes) throw inputError({ file }, `a document of at most ${LIMITS.maxConfigBytes} bytes`, `${text.length}`);
  let lines = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
  if (lines > LIMITS.maxConfigKeys) throw inputError({ file }, `a document of at most ${LIMITS.maxConfigKeys} lines`, `${lines} lines`);
  checkJsonDepth(text.replace(/#[^\n]*/g, ''), { file }, LIMITS.maxDepth);
  const lineCounter = new YAML.LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const line = lineCounter.linePos(e.pos[0]).line;
    throw new InputError(`valid YAML, received: ${e.message.split('\n')[0]}`, { file, line });
  }
  checkYamlNodes(doc.contents, file, lineCounter);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: LIMITS.maxAliases });
  } catch (e) {
    throw inputError({ file }, `YAML whose aliases are defined and expand to at most ${LIMITS.maxAliases} references`, (e as Error).message.split('\n')[0]);
  }
  checkShape(value, { file });
  return value;
}

/** Linear walk over YAML nodes: duplicate keys, undefined aliases and nesting depth. */
function checkYamlNodes(root: unknown, file: string, lc: YAML.LineCounter): void {
  const anchors = new Set<string>();
  const stack: Array<[unknown, number]> = [[root, 0]];
  const lineOf = (n: unknown): number | undefined => {
    const r = (n as { range?: [number, number, number] })?.range;
    return r ? lc.linePos(r[0]).line : undefined;
  };
  // Anchors are defined before use in document order; a pre-order walk (children pushed in reverse) keeps it.
  while (stack.length) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (node === null || typeof node !== 'object') continue;
    if (depth > LIMITS.maxDepth) throw inputError({ file, line: lineOf(node) }, `YAML nested at most ${LIMITS.maxDepth} levels deep`, `more than ${LIMITS.maxDepth}`);
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor) anchors.add(anchor);
    if (YAML.isAlias(node)) {
      if (!anchors.has(node.source)) throw inputError({ file, line: lineOf(node) }, 'an alias to an anchor defined earlier', `*${node.source} (undefined)`);
      continue;
    }
    const children: unknown[] = [];
    if (YAML.isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        const k = YAML.isScalar(pair.key) ? String(pair.key.value) : JSON.stringify(pair.key);
        if (seen.has(k)) throw inputError({ file, line: lineOf(pair.key), key: k }, 'each key once per mapping', 'a duplicate key');
        seen.add(k);
        children.push(pair.key, pair.value);
      }
    } else if (YAML.isSeq(node)) children.push(...node.items);
    for (let i = children.length - 1; i >= 0; i--) stack.push([children[i], depth + 1]);
  }
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
