/**
 * Everything a training run needs, checked before anything is written or trained: every model key (enabled,
 * unified, params) and its hyperparameters, keys that would have no effect, the data source (loaded once and
 * handed to the run), the VIX series, and the dates and horizons against the data. Errors name the config
 * key path (`models.enabled[1]`, `models.params.gbdt.maxDepth`, `training.initial_end_date`, `data.source`).
 */
import { intradaySourceOptions } from '../data/intraday/source';
import type { WorkbenchConfig } from '../config/schema';
import type { Bars } from '../data/bars';
import { modelKeys } from '../models/registry';
import '../models/families'; // every model family (the tfjs ones load on first use), so keys are checked against the full registry
import { dayToIso, isoToDay } from '../util/dates';
import { InputError, inputError, show, type ErrorLocation } from '../util/errors';
import { createRunModel, isMultiHead } from './models';
import { modelSettings } from './plan';
import { progressiveSchedule } from './schedule';
import { resolveDataSource } from './source';
import { featureNames } from '../features/registry';
import { RETURN_FEATURE_ALIASES, VOL_FEATURE_ALIASES } from '../models/baselines/columns';

/** Largest magnitude of a numeric model hyperparameter (trees, layers, iterations…); `seed` aside. */
export const MAX_PARAM = 100000;

/** The options `validateRunInputs` fills in (a subset of `TrainRunOptions`). */
export interface RunInputOptions {
  /** Bars already loaded (tests, notebooks); otherwise `data.source` is resolved here. */
  bars?: Bars;
  /** Store file for `store:` sources. */
  storePath?: string;
}

/**
 * Re-throws an InputError from a lower layer under a config key path (keeping its message body).
 * @param err the error
 * @param key config key path
 * @param file config name, if any
 */
export function rekey(err: unknown, key: string, file?: string): never {
  if (!(err instanceof InputError)) throw err;
  const loc = err.location;
  // keep `file:line: column` context; replace a bare key (`gbdt.maxDepth`, `model`) by the config path
  const body = loc && (loc.file !== undefined || loc.line !== undefined) ? err.message : err.message.replace(/^`[^`]*`: /, '');
  throw new InputError(body, { ...(file ? { file } : {}), key });
}

/**
 * Checks model keys and hyperparameters by building every model the run will build (cheap: no fitting).
 * @param cfg resolved (effective) config
 */
export function validateModels(cfg: WorkbenchConfig): void {
  const known = modelKeys();
  const list = `a registered model (${known.join(', ')})`;
  cfg.models.enabled.forEach((k, i) => {
    if (!known.includes(k)) throw inputError({ key: `models.enabled[${i}]` }, list, show(k));
  });
  if (cfg.modes.unified && !known.includes(cfg.models.unified_model)) throw inputError({ key: 'models.unified_model' }, list, show(cfg.models.unified_model));
  if (!cfg.modes.unified && cfg.models.unified_model !== 'unified' && !known.includes(cfg.models.unified_model)) {
    throw inputError({ key: 'models.unified_model' }, list, show(cfg.models.unified_model));
  }
  const used = new Set([...(cfg.modes.progressive ? cfg.models.enabled : []), ...(cfg.modes.unified ? [cfg.models.unified_model] : [])]);
  for (const k of Object.keys(cfg.models.params)) {
    if (!known.includes(k)) throw inputError({ key: `models.params.${k}` }, list, show(k));
    if (!used.has(k)) throw inputError({ key: `models.params.${k}` }, `parameters of a model the run trains (${[...used].join(', ')}); these would have no effect`, show(k));
  }
  for (const [k, params] of Object.entries(cfg.models.params)) {
    for (const [name, v] of Object.entries(params)) {
      if (typeof v === 'number' && name !== 'seed' && Math.abs(v) > MAX_PARAM) {
        throw inputError({ key: `models.params.${k}.${name}` }, `a value of at most ${MAX_PARAM} in magnitude (sizes, counts and loops are bounded)`, String(v));
      }
    }
  }
  const settings = modelSettings(cfg);
  const maxH = Math.max(...cfg.horizons.enabled);
  const keys = cfg.horizons.enabled.map((h) => `h${h}`);
  for (const k of used) {
    try {
      const m = createRunModel(k, settings, isMultiHead(k) ? { targets: keys } : {}, maxH);
      m.dispose?.();
    } catch (e) {
      const where = (e as InputError).location?.key;
      if (where && where.startsWith(`${k}.`)) rekey(e, `models.params.${where}`);
      rekey(e, cfg.models.enabled.includes(k) ? `models.enabled[${cfg.models.enabled.indexOf(k)}]` : 'models.unified_model');
    }
  }
  for (const k of used) checkRawColumn(cfg, k);
}

/** `garch` / `baseline_vol_naive` read one named column: it must be in the run's feature set. */
function checkRawColumn(cfg: WorkbenchConfig, key: string): void {
  const aliases = key === 'garch' ? RETURN_FEATURE_ALIASES : key === 'baseline_vol_naive' ? VOL_FEATURE_ALIASES : undefined;
  if (!aliases) return;
  const names = featureNames(cfg.features.set);
  const given = (cfg.models.params[key] as Record<string, unknown> | undefined)?.feature;
  const wanted = typeof given === 'string' && given !== '' ? [given] : aliases;
  if (!wanted.some((n) => names.includes(n))) {
    throw inputError({ key: 'features.set' }, `a feature set holding ${wanted.join(' or ')} (read by \`${key}\`), e.g. minimal or full`, show(cfg.features.set));
  }
}

/**
 * Keys that are parsed but would have no effect on a training run are refused (instead of silently ignored).
 * @param cfg resolved config
 */
export function rejectInertKeys(cfg: WorkbenchConfig): void {
  if (cfg.data.fundamentals !== undefined) {
    throw inputError(
      { key: 'data.fundamentals' },
      'no data.fundamentals in a training config (fundamentals do not reach the training features yet; remove the key)',
      show(cfg.data.fundamentals),
    );
  }
  if (cfg.training.symbol !== undefined) throw inputError({ key: 'training.symbol' }, 'data.symbol (training.symbol has no effect)', show(cfg.training.symbol));
  if (cfg.data.universe !== undefined) throw inputError({ key: 'data.universe' }, 'no universe in a single-series run (a universe is trained by `workbench pipeline --config <file>`)', 'a universe');
}

/**
 * As-of join of a VIX-like series' closes onto bars as `extra.vix` (the value of the latest VIX date <= each bar's date).
 * @param bars the bars (not modified)
 * @param vix the VIX series
 * @returns new bars with `extra.vix`
 * @throws InputError (`data.vix`) when the series does not overlap the bars
 */
export function joinVix(bars: Bars, vix: Bars): Bars {
  const n = bars.dates.length;
  const out = new Float64Array(n).fill(NaN);
  let j = -1;
  let hits = 0;
  for (let i = 0; i < n; i++) {
    while (j + 1 < vix.dates.length && vix.dates[j + 1] <= bars.dates[i]) j++;
    if (j >= 0 && Number.isFinite(vix.close[j]) && vix.close[j] > 0) {
      out[i] = vix.close[j];
      hits++;
    }
  }
  if (hits === 0) {
    const range = (b: Bars): string => (b.dates.length ? `${dayToIso(b.dates[0])} … ${dayToIso(b.dates[b.dates.length - 1])}` : 'no rows');
    throw inputError({ key: 'data.vix' }, `a series overlapping the data (${range(bars)})`, range(vix));
  }
  return { ...bars, extra: { ...(bars.extra ?? {}), vix: out } };
}

/**
 * Loads the bars of a run: `data.source` (or the given bars), with `data.vix` joined when set.
 * @param cfg resolved config
 * @param options injected bars, store file
 * @returns bars; errors are keyed `data.source` / `data.vix`
 */
export async function loadRunBars(cfg: WorkbenchConfig, options: RunInputOptions = {}): Promise<Bars> {
  let bars: Bars;
  try {
    bars = options.bars ?? (await resolveDataSource(cfg.data.source, { ...intradaySourceOptions(cfg.data), symbol: cfg.data.symbol, storePath: options.storePath }));
  } catch (e) {
    rekey(e, 'data.source');
  }
  if (cfg.data.vix === undefined) return bars;
  let vix: Bars;
  try {
    vix = await resolveDataSource(cfg.data.vix, { storePath: options.storePath });
  } catch (e) {
    rekey(e, 'data.vix');
  }
  return joinVix(bars, vix);
}

/**
 * Checks the dates and horizons against the data: the training window and the first test block exist, and the
 * longest horizon leaves at least one labelled test row.
 * @param cfg resolved (effective) config
 * @param bars the run's bars
 */
export function validateDates(cfg: WorkbenchConfig, bars: Bars): void {
  const d = bars.dates;
  const n = d.length;
  const at: ErrorLocation = { key: 'training.initial_end_date' };
  if (n === 0) throw inputError({ key: 'data.source' }, 'data with at least one bar', 'none');
  const range = `the data's ${dayToIso(d[0])} … ${dayToIso(d[n - 1])}`;
  const start = isoToDay(cfg.training.start_date);
  const end = isoToDay(cfg.training.initial_end_date);
  if (start >= d[n - 1]) throw inputError({ key: 'training.start_date' }, `a date before the last bar (${range})`, cfg.training.start_date);
  if (end < d[0] || end >= d[n - 1]) throw inputError(at, `a date inside ${range}, before the last bar`, cfg.training.initial_end_date);
  let train = 0;
  let firstTest = -1;
  for (let i = 0; i < n; i++) {
    if (d[i] >= start && d[i] <= end) train++;
    if (firstTest < 0 && d[i] > end) firstTest = i;
  }
  const need = cfg.features.sequence_length + 2;
  if (train < need) throw inputError({ key: 'training.start_date' }, `a training window of at least ${need} bars (features.sequence_length + 2) in ${range}`, `${train} bars from ${cfg.training.start_date} to ${cfg.training.initial_end_date}`);
  const after = n - firstTest;
  cfg.horizons.enabled.forEach((h, i) => {
    if (h >= after) {
      throw inputError({ key: `horizons.enabled[${i}]` }, `a horizon shorter than the ${after} bars after training.initial_end_date (${cfg.training.initial_end_date}), so test rows have labels`, String(h));
    }
  });
  let windows: unknown[];
  try {
    windows = progressiveSchedule(d, {
      startDate: cfg.training.start_date,
      initialEndDate: cfg.training.initial_end_date,
      windowIncrement: cfg.training.window_increment,
      maxIterations: cfg.training.max_iterations,
    });
  } catch (e) {
    rekey(e, (e as InputError).location?.key ?? 'training.initial_end_date');
  }
  if (windows.length === 0) throw inputError(at, `a date leaving at least one test block in ${range}`, cfg.training.initial_end_date);
}

/**
 * Validates a whole run before it writes anything: config-level checks, data loading, dates and horizons.
 * @param cfg resolved (effective) config
 * @param options the run's options (bars, store)
 * @returns the same options with `bars` filled in (so the data is loaded once)
 * @throws InputError naming the config key path
 */
export async function validateRunInputs<O extends RunInputOptions>(cfg: WorkbenchConfig, options: O): Promise<O & { bars: Bars }> {
  rejectInertKeys(cfg);
  validateModels(cfg);
  const bars = await loadRunBars(cfg, options);
  validateDates(cfg, bars);
  return { ...options, bars };
}
