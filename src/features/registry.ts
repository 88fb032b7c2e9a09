/**
 * Feature-set registry and the feature-matrix builder: `buildFeatures(bars, {set: 'full'})`.
 * Families compute their columns once per build (shared series are memoised); a set names families
 * and/or columns.
 */
import { sliceBars, type Bars } from '../data/bars';
import { inputError } from '../util/errors';
import { classifyRegimes } from './regime-rules';
import { createContext, smaClose, trueRangeOf, type FeatureContext } from './context';
import type { FeatureFrame } from './frame';
import { DAILY_RV_FEATURES, INTRADAY_FEATURES, intradayFeatures } from './intraday';
import { momentumFeatures } from './momentum';
import { patternFeatures } from './pattern';
import { regimeFeatures, volatilityLevel, type VolatilityLevelOptions } from './regime';
import { logReturn } from './rolling';
import { statisticalFeatures } from './statistical';
import { adx, trendFeatures } from './trend';
import { volatilityFeatures } from './volatility';
import { volumeFeatures } from './volume';
import { abandon, claim, collect, dispatch, recordBuild } from './threads';
import { queueUnits, threadCount, type ThreadOptions } from './thread-plan';

/** The indicator families. */
/** The indicator families; `intraday` is added by itself to every set when the bars are intraday (see `intraday.ts`). */
export type FeatureFamily = 'trend' | 'momentum' | 'volatility' | 'volume' | 'pattern' | 'statistical' | 'regime' | 'intraday';

/** Column builders per family (each returns `[name, column]` pairs as long as the bars). */
export const FAMILIES: Record<FeatureFamily, (ctx: FeatureContext) => Array<[string, Float64Array]>> = {
  trend: trendFeatures,
  momentum: momentumFeatures,
  volatility: volatilityFeatures,
  volume: volumeFeatures,
  pattern: patternFeatures,
  statistical: statisticalFeatures,
  intraday: intradayFeatures,
  regime: (ctx) => {
    const cols = regimeFeatures(ctx);
    const regime = classifyRegimes({
      fast: smaClose(ctx, 50),
      slow: smaClose(ctx, 200),
      ret: ctx.memo('logret20', () => logReturn(ctx.bars.close, 20)),
      vol: ctx.memo('vollevel', () => volatilityLevel(ctx.bars).level),
      adx: ctx.memo('adx14', () => adx(ctx.bars, 14, trueRangeOf(ctx))).adx,
    });
    cols.push(['regime', regime]);
    return cols;
  },
};

/** A named feature set: whole families, and/or single columns. */
export interface FeatureSetSpec {
  description: string;
  families?: FeatureFamily[];
  columns?: string[];
}

const ALL_FAMILIES: FeatureFamily[] = ['trend', 'momentum', 'volatility', 'volume', 'pattern', 'statistical', 'regime'];

/** The registered feature sets. `minimal` (scale-free core), `technical` (4 indicator families), `full` (all). */
export const FEATURE_SETS: Record<string, FeatureSetSpec> = {
  minimal: {
    description: 'a dozen scale-free columns: returns, RSI, MACD histogram %, Bollinger %B, ATR %, volume ratio, volatility',
    columns: ['log_ret_1', 'log_ret_5', 'log_ret_20', 'rsi_14', 'macd_hist_pct', 'bb_pctb_20', 'atr_pct_14', 'volume_ratio_20', 'ret_std_20', 'close_to_sma_50', 'adx_14', 'dist_high_20'],
  },
  technical: { description: 'trend, momentum, volatility and volume families', families: ['trend', 'momentum', 'volatility', 'volume'] },
  full: { description: 'every family: trend, momentum, volatility, volume, pattern, statistical, regime', families: ALL_FAMILIES },
};

/**
 * Adds (or replaces) a named feature set.
 * @param name set name used in configs
 * @param spec families and/or columns
 * @throws InputError on an unknown family
 */
export function registerFeatureSet(name: string, spec: FeatureSetSpec): void {
  for (const f of spec.families ?? []) {
    if (!(f in FAMILIES)) throw inputError({ key: `features.sets.${name}.families` }, `families among ${ALL_FAMILIES.join(', ')}`, JSON.stringify(f));
  }
  FEATURE_SETS[name] = { ...spec, families: spec.families?.slice(), columns: spec.columns?.slice() };
}

/** Options of {@link buildFeatures}. */
export interface BuildFeaturesOptions extends ThreadOptions {
  /** Feature-set name (see {@link FEATURE_SETS}). Default `full`. */
  set?: string;
  /** Extra column names to add to the set. */
  include?: string[];
  /** Column names to drop from the set. */
  exclude?: string[];
  /** Volatility level source for the regime family (VIX series or realized stand-in). */
  volatility?: VolatilityLevelOptions;
}

/** Defaults of {@link BuildFeaturesOptions}. */
export const buildFeaturesDefaults: Readonly<Required<Omit<BuildFeaturesOptions, 'volatility' | keyof ThreadOptions>>> = { set: 'full', include: [], exclude: [] };

/**
 * Computes a feature set on one symbol's bars. From `parallelMinRows` rows (200,000) this thread and a worker
 * thread share the families (same columns, same bits; see `threads.ts`); the call stays synchronous.
 * @param bars input bars (never mutated); any length, short series give all-NaN columns
 * @param options set name, include/exclude lists, volatility source, `threads` (1 | 2; default by length, or
 *   `WORKBENCH_FEATURE_THREADS`), `parallelMinRows` (see {@link buildFeaturesDefaults})
 * @returns FeatureFrame: `names.length` columns, each `bars.dates.length` long, NaN during warm-up
 * @throws InputError for an unknown set or column name, or a `threads` other than 1 or 2
 */
export function buildFeatures(bars: Bars, options: BuildFeaturesOptions = buildFeaturesDefaults): FeatureFrame {
  const o = { ...buildFeaturesDefaults, ...options };
  const spec = FEATURE_SETS[o.set];
  if (!spec) throw inputError({ key: 'features.set' }, `one of ${Object.keys(FEATURE_SETS).join(', ')}`, JSON.stringify(o.set));
  volatilityLevel(sliceBars(bars, 0, 0), o.volatility); // a bad volatility source fails here, whatever the set
  const ctx = createContext(bars, { vollevel: () => volatilityLevel(bars, o.volatility).level });
  const wanted = [...(spec.columns ?? []), ...o.include];
  const wantedFamilies = wanted.map((c) => familyOf(c) ?? failUnknown('features.include', c));
  for (const c of o.exclude) if (!familyOf(c)) failUnknown('features.exclude', c);
  const base = new Set<FeatureFamily>(spec.families ?? []);
  if (bars.times || bars.extra?.realized_var) base.add('intraday');
  const families = [...new Set([...base, ...wantedFamilies])];
  const built = buildFamilies(ctx, families, o);
  const computed = new Map<string, Float64Array>();
  const familyOrder: string[] = [];
  for (const f of families) {
    for (const [name, col] of built.get(f)!) {
      computed.set(name, col);
      if (base.has(f)) familyOrder.push(name);
    }
  }
  let names = familyOrder;
  for (const c of wanted) if (!names.includes(c)) names.push(c);
  names = names.filter((n) => !o.exclude.includes(n));
  return { symbol: bars.symbol, dates: bars.dates, names, columns: names.map((n) => computed.get(n)!) };
}

function failUnknown(key: string, name: string): never {
  throw inputError({ key }, 'a known feature column (see featureCatalog())', JSON.stringify(name));
}

/** Every family's `[name, column]` pairs, on this thread or split with the feature worker. */
function buildFamilies(ctx: FeatureContext, families: FeatureFamily[], o: BuildFeaturesOptions): Map<FeatureFamily, Array<[string, Float64Array]>> {
  const out = new Map<FeatureFamily, Array<[string, Float64Array]>>();
  const rows = ctx.bars.dates.length;
  const local = (fs: FeatureFamily[]): number => {
    const t0 = performance.now();
    for (const f of fs) out.set(f, FAMILIES[f](ctx));
    return performance.now() - t0;
  };
  if (threadCount(rows, families.length, o) === 1) {
    recordBuild({ rows, threads: 1, main: families.slice(), worker: [], mainMs: local(families), workerMs: NaN });
    return out;
  }
  const queue = queueUnits(families) as FeatureFamily[][];
  const pending = dispatch(ctx.bars, queue, o.volatility);
  if (typeof pending === 'string') {
    recordBuild({ rows, threads: 1, main: families.slice(), worker: [], fallback: pending, mainMs: local(families), workerMs: NaN });
    return out;
  }
  const mine: FeatureFamily[] = [];
  let mainMs = 0;
  try {
    for (let i = claim(pending); i >= 0; i = claim(pending)) {
      mine.push(...queue[i]);
      mainMs += local(queue[i]);
    }
  } catch (e) {
    abandon(pending);
    throw e;
  }
  const rest = families.filter((f) => !mine.includes(f));
  const got = rest.length ? collect(pending) : { families: new Map<string, Array<[string, Float64Array]>>(), ms: 0 };
  if (typeof got === 'string') {
    mainMs += local(rest);
    recordBuild({ rows, threads: 1, main: families.slice(), worker: [], fallback: got, mainMs, workerMs: NaN });
    return out;
  }
  for (const f of rest) out.set(f, got.families.get(f)!);
  recordBuild({ rows, threads: rest.length ? 2 : 1, main: mine, worker: rest, mainMs, workerMs: rest.length ? got.ms : NaN });
  return out;
}

let catalog: Map<string, FeatureFamily> | undefined;

/**
 * Every known feature column with its family, in build order.
 * @returns array of `{name, family}`
 */
export function featureCatalog(): Array<{ name: string; family: FeatureFamily }> {
  if (!catalog) {
    catalog = new Map();
    const n = 3;
    const z = () => new Float64Array(n).fill(1);
    const bars: Bars = { symbol: 'X', dates: new Int32Array(n), open: z(), high: z(), low: z(), close: z(), volume: z() };
    const ctx = createContext(bars);
    ctx.memo('vollevel', () => new Float64Array(n));
    for (const f of ALL_FAMILIES) for (const [name] of FAMILIES[f](ctx)) catalog.set(name, f);
  }
  return [...catalog].map(([name, family]) => ({ name, family }));
}

/** Family of a column name, or undefined when unknown. */
function familyOf(name: string): FeatureFamily | undefined {
  featureCatalog();
  if ((INTRADAY_FEATURES as readonly string[]).includes(name) || (DAILY_RV_FEATURES as readonly string[]).includes(name)) return 'intraday';
  return catalog!.get(name);
}

/**
 * Column names a set produces, without computing anything on real data.
 * @param set feature-set name (default `full`)
 * @returns names in the order {@link buildFeatures} returns them
 */
export function featureNames(set = 'full'): string[] {
  const n = 3;
  const z = () => new Float64Array(n).fill(1);
  return buildFeatures({ symbol: 'X', dates: new Int32Array(n), open: z(), high: z(), low: z(), close: z(), volume: z() }, { set }).names;
}
