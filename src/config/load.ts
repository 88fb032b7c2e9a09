/** Reading, validating and normalising configuration files and objects. */
import * as YAML from 'yaml';
import type { ZodIssue } from 'zod';
import { InputError, inputError, show } from '../util/errors';
import { sha256 } from '../util/fs';
import { checkJsonDepth, checkShape, LIMITS, readSmallTextFile } from '../util/limits';
import { applyProfile, profileOf } from './profiles';
import { applySymbol, symbolsOf } from './symbols';
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
 * @param symbol with `data.symbols` set, the symbol to resolve (required then; see `config/symbols.ts`)
 * @returns the resolved config; model aliases (`cnn`, `transformer`) are mapped to registry keys
 * @throws InputError naming the first offending key path, what was expected and what arrived
 */
export function parseConfig(raw: unknown, source = 'config', profileRun?: string, symbol?: string): WorkbenchConfig {
  checkShape(raw, { file: source });
  const symbols = symbolsOf(raw, source);
  if (symbols) {
    // a per-symbol list is several runs: the caller picks one (loadConfigRuns expands them all)
    if (symbol === undefined) throw inputError({ file: source, key: 'data.symbols' }, 'one symbol per run here (set `data.symbol` and a plain `data.source`); `workbench train` and `evaluate` run each listed symbol', show(symbols));
    if (!symbols.includes(symbol)) throw inputError({ file: source, key: 'data.symbols' }, `a list holding ${JSON.stringify(symbol)}`, show(symbols));
    raw = applySymbol(raw, symbol);
  } else if (symbol !== undefined) throw inputError({ file: source, key: 'data.symbols' }, `a list of symbols holding ${JSON.stringify(symbol)}`, 'none');
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

/** One run a configuration file stands for (see {@link loadConfigRuns}). */
export interface ConfigRun {
  /** `''` for a plain config, else `<part>`, `<SYMBOL>` or `<SYMBOL>-<part>` (the run id's suffix). */
  name: string;
  config: WorkbenchConfig;
  /** With `data.symbols`: the run's symbol. */
  symbol?: string;
  /** With `profile:`: the run's part. */
  part?: string;
}

/**
 * Every run a configuration file stands for: one, or one per run of its `profile` (e.g. `seed002`:
 * `regression`, `direction`), times one per symbol of `data.symbols` (symbol by symbol, each symbol's parts
 * in the profile's order), each validated like {@link loadConfig}.
 * @param file YAML or JSON configuration
 * @returns the runs; `name` is '' for a config without a profile or symbol list
 */
export function loadConfigRuns(file: string): ConfigRun[] {
  const raw = parseYamlBounded(readSmallTextFile(file, LIMITS.maxConfigBytes, 'a readable configuration file'), file);
  checkShape(raw, { file });
  const symbols = symbolsOf(raw, file);
  const p = profileOf(symbols ? applySymbol(raw, symbols[0]) : raw, file);
  const parts: Array<string | undefined> = p ? p.runs.map((r) => r.name) : [undefined];
  const out: ConfigRun[] = [];
  for (const symbol of symbols ?? [undefined]) {
    for (const part of parts) {
      out.push({ name: [symbol, part].filter((x) => x !== undefined).join('-'), config: parseConfig(raw, file, part, symbol), ...(symbol ? { symbol } : {}), ...(part ? { part } : {}) });
    }
  }
  return out;
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
