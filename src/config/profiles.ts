/**
 * Config profiles (`profile: seed002`): a named preset that expands one configuration file into several runs of
 * the normal trainer, each run being the user's config with the preset's values underneath (the user's keys win,
 * objects merge, arrays replace). Seed 002 trains per symbol a random-forest regressor (50 trees, depth 10) and a
 * gradient-boosting regressor (50 rounds at 0.1) on the forward return (`horizons.task: regression`, scored by
 * MSE / RMSE / R² beside the zero and historical-mean forecasts) and a random-forest classifier (50 trees,
 * depth 10) on the direction (`binary`, scored by accuracy beside the majority and last-move baselines).
 * The task and the model list are what tells the runs apart, so a profile fixes them.
 */
import { inputError, show } from '../util/errors';

/** One run of a profile: a name (the run id's suffix) and the preset values under the user's config. */
export interface ProfileRun {
  name: string;
  preset: Record<string, unknown>;
}

/** A named profile. */
export interface Profile {
  /** One line for help and docs. */
  summary: string;
  runs: ProfileRun[];
  /** Key paths a profile fixes (the user's config must not set them). */
  fixed: string[];
}

/** Seed 002's estimators: scikit-learn RandomForest(n_estimators=50, max_depth=10), GradientBoosting(n_estimators=50, learning_rate=0.1, max_depth=3 as its default). */
const SEED002_FOREST = { nTrees: 50, maxDepth: 10 };
const SEED002_BOOST = { nRounds: 50, learningRate: 0.1, maxDepth: 3, select: 'none', earlyStoppingRounds: 0 };

/** Every profile by name. */
export const PROFILES: Readonly<Record<string, Profile>> = {
  seed002: {
    summary: 'seed 002: random-forest regressor + gradient-boosting regressor (return over h bars), random-forest classifier (direction)',
    fixed: ['horizons.task', 'models.enabled'],
    runs: [
      {
        name: 'regression',
        preset: {
          models: { enabled: ['random_forest', 'gbdt'], params: { random_forest: SEED002_FOREST, gbdt: SEED002_BOOST } },
          horizons: { enabled: [1], targets: {}, task: 'regression' },
          modes: { unified: false },
        },
      },
      {
        name: 'direction',
        preset: {
          models: { enabled: ['random_forest'], params: { random_forest: SEED002_FOREST } },
          horizons: { enabled: [1], targets: {}, task: 'binary' },
          modes: { unified: false },
        },
      },
    ],
  },
};

/** Names of the profiles. */
export const PROFILE_NAMES = Object.keys(PROFILES) as ['seed002'];

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Deep merge: `over`'s values win; plain objects merge key by key; arrays and scalars replace.
 * @returns a new object (inputs not modified)
 */
export function mergeUnder(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = isObject(v) && isObject(out[k]) ? mergeUnder(out[k] as Record<string, unknown>, v) : v;
  return out;
}

function has(raw: Record<string, unknown>, keyPath: string): boolean {
  let cur: unknown = raw;
  for (const p of keyPath.split('.')) {
    if (!isObject(cur) || !(p in cur)) return false;
    cur = cur[p];
  }
  return true;
}

/**
 * The profile a raw config names, or undefined when it names none.
 * @param raw the parsed config file
 * @param source file name for errors
 * @throws InputError (key `profile`) for an unknown profile, or a key the profile fixes
 */
export function profileOf(raw: unknown, source = 'config'): Profile | undefined {
  if (!isObject(raw) || raw.profile === undefined) return undefined;
  const p = typeof raw.profile === 'string' ? PROFILES[raw.profile] : undefined;
  if (!p) throw inputError({ file: source, key: 'profile' }, `one of ${PROFILE_NAMES.map((n) => JSON.stringify(n)).join(', ')}`, show(raw.profile));
  for (const k of p.fixed) {
    if (has(raw, k)) throw inputError({ file: source, key: k }, `no \`${k}\` with \`profile: ${raw.profile}\` (the profile sets it per run: ${p.runs.map((r) => r.name).join(', ')})`, show(k.split('.').reduce<unknown>((o, s) => (o as Record<string, unknown>)[s], raw)));
  }
  return p;
}

/**
 * Applies one run of the profile a raw config names (the user's values over the preset's).
 * @param raw the parsed config file (not modified)
 * @param run the run's name (default: the profile's first run)
 * @param source file name for errors
 * @returns the raw config to validate (unchanged when it names no profile)
 * @throws InputError for an unknown profile or run, or a key the profile fixes
 */
export function applyProfile(raw: unknown, run?: string, source = 'config'): unknown {
  const p = profileOf(raw, source);
  if (!p) {
    if (run !== undefined) throw inputError({ file: source, key: 'profile' }, `a profile with a run named ${JSON.stringify(run)}`, 'no profile');
    return raw;
  }
  const r = run === undefined ? p.runs[0] : p.runs.find((x) => x.name === run);
  if (!r) throw inputError({ file: source, key: 'profile' }, `a run among ${p.runs.map((x) => x.name).join(', ')}`, JSON.stringify(run));
  const merged = mergeUnder(r.preset, raw as Record<string, unknown>);
  // parameters of a model another part of the profile trains are that part's: leave them out of this run
  const mine = ((r.preset.models as Record<string, unknown>).enabled as string[]) ?? [];
  const others = new Set(p.runs.flatMap((x) => ((x.preset.models as Record<string, unknown>).enabled as string[]) ?? []).filter((k) => !mine.includes(k)));
  const models = merged.models as Record<string, unknown>;
  if (isObject(models.params)) models.params = Object.fromEntries(Object.entries(models.params).filter(([k]) => !others.has(k)));
  return merged;
}
