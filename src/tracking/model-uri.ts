/** Registry URIs (`name/3`, `name@alias`, `name@Stage`, `name@latest`), names and stages of model versions. */
import { inputError, show } from '../util/errors';

/** Lifecycle stages of a model version (MLflow's). */
export type ModelStage = 'None' | 'Staging' | 'Production' | 'Archived';

/** Every stage, in MLflow's order. */
export const MODEL_STAGES: readonly ModelStage[] = ['None', 'Staging', 'Production', 'Archived'];

const NAME_RE = /^[A-Za-z0-9_.-]{1,100}$/;
/** Allowed alias text (a stage name or `latest` is rejected separately). */
export const ALIAS_RE = /^[A-Za-z_][A-Za-z0-9_-]{0,99}$/;

/**
 * Checks a registered model name (letters, digits, `_ . -`, ≤ 100 chars).
 * @throws InputError naming the bad name
 */
export function checkName(name: string): void {
  if (typeof name !== 'string' || !NAME_RE.test(name) || name === '.' || name === '..') {
    throw inputError({ key: 'name' }, 'a model name of 1–100 letters, digits, `_`, `.` or `-`', show(name));
  }
}

/**
 * Maps a stage name (any case) to its canonical spelling.
 * @returns `None`, `Staging`, `Production` or `Archived`
 * @throws InputError for anything else
 */
export function checkStage(stage: string): ModelStage {
  const s = MODEL_STAGES.find((m) => m.toLowerCase() === String(stage).toLowerCase());
  if (!s) throw inputError({ key: 'stage' }, `one of ${MODEL_STAGES.join(', ')}`, show(stage));
  return s;
}

/** Parsed registry URI. */
export interface ModelUri {
  name: string;
  /** Set for `name/3`. */
  version?: number;
  /** Set for `name@champion`. */
  alias?: string;
  /** Set for `name@Production`. */
  stage?: ModelStage;
  /** `name@latest`: the highest version. */
  latest?: boolean;
}

/**
 * Parses `name/3`, `name@alias`, `name@Production`, `name@latest` (an optional `models:/` prefix is dropped).
 * @throws InputError for anything else
 */
export function parseModelUri(uri: string): ModelUri {
  const s = String(uri).replace(/^models:\//, '');
  let m = /^([^/@]+)\/(\d+)$/.exec(s);
  if (m) {
    checkName(m[1]);
    return { name: m[1], version: Number(m[2]) };
  }
  m = /^([^/@]+)@([^/@]+)$/.exec(s);
  if (m) {
    checkName(m[1]);
    const stage = MODEL_STAGES.find((st) => st.toLowerCase() === m![2].toLowerCase());
    if (stage) return { name: m[1], stage };
    if (m[2] === 'latest') return { name: m[1], latest: true };
    return { name: m[1], alias: m[2] };
  }
  throw inputError({ key: 'model uri' }, '`name/<version>`, `name@<alias>` or `name@<stage>`', show(uri));
}

