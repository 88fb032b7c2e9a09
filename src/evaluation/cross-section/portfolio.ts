/**
 * Top-k / bottom-k long-short portfolios from a scored panel, against an equal-weight universe portfolio,
 * with costs on turnover and a permutation chance band.
 *
 * Rules: rebalance on every h-th date of the panel (h = the label horizon, so the holding periods of the
 * `realized` h-day forward returns do not overlap), starting at `offset`. On a rebalance date with n ≥ 2k
 * scored symbols, the k highest scores are held long at weight 1/k each and the k lowest short at −1/k each
 * (ties broken by symbol name); dates with fewer symbols are skipped (no position change). The period's gross
 * long-short return is mean(realized of the long leg) − mean(realized of the short leg), a return on the
 * capital of one leg. Turnover is Σ|w_new − w_old| over symbols (2 for the first book: 1 bought, 1 sold
 * short), weights not drifted within the period; cost = turnover · costBps / 10,000, taken from the period's
 * return. The universe portfolio holds every scored symbol at 1/n (no costs). The top-k long-only leg is
 * reported against the universe (excess return and information ratio).
 */
import { inputError } from '../../util/errors';
import { Rng } from '../../util/rng';
import { checkInt, checkRange } from '../check';
import { maxDrawdown } from '../metrics/trading';
import { groupByDate, type ScoredRow } from './panel';

/** Options of {@link longShortPortfolio} and {@link longShortChanceBand}. */
export interface PortfolioOptions {
  /** Symbols per leg (default 5). */
  k?: number;
  /** Label horizon h in dates: rebalance every h dates (default 1). */
  horizon?: number;
  /** First rebalance at this date index (default 0). */
  offset?: number;
  /** One-way cost in basis points of traded weight (default 10). */
  costBps?: number;
  /** Dates per year (default 252). */
  periodsPerYear?: number;
}

/** Defaults of {@link PortfolioOptions}. */
export const portfolioDefaults = { k: 5, horizon: 1, offset: 0, costBps: 10, periodsPerYear: 252 } as const;

/** One holding period. */
export interface PortfolioPeriod {
  date: number;
  symbols: number;
  /** Long-short return after costs. */
  longShort: number;
  /** Long-short return before costs. */
  gross: number;
  /** Top-k long-only return after its own costs. */
  long: number;
  /** Mean realized of the short leg (before costs). */
  short: number;
  universe: number;
  /** Long-short turnover Σ|Δw| (both legs). */
  turnover: number;
}

/** Performance of one return series of non-overlapping periods. */
export interface PerformanceSummary {
  periods: number;
  meanReturn: number;
  /** Compounded, annualised: Π(1 + r)^(periodsPerYear / (h · periods)) − 1. */
  annualisedReturn: number;
  /** sd · √(periodsPerYear / h). */
  volatility: number;
  /** mean / sd · √(periodsPerYear / h) (the information ratio of a dollar-neutral book, Sharpe otherwise). */
  ratio: number;
  /** Largest peak-to-trough loss of the compounded curve (0.2 = −20 %). */
  maxDrawdown: number;
  /** Share of periods with a return > 0. */
  hitRate: number;
}

/** Result of {@link longShortPortfolio}. */
export interface PortfolioResult {
  periods: PortfolioPeriod[];
  longShort: PerformanceSummary;
  longShortGross: PerformanceSummary;
  long: PerformanceSummary;
  universe: PerformanceSummary;
  /** Top-k long minus universe, per period. */
  excess: PerformanceSummary;
  /** Mean long-short turnover per rebalance. */
  meanTurnover: number;
  /** Rebalance dates skipped for having fewer than 2k symbols. */
  skipped: number;
  options: Required<PortfolioOptions>;
}

function resolve(fn: string, options: PortfolioOptions): Required<PortfolioOptions> {
  const o = { ...portfolioDefaults, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as Required<PortfolioOptions>;
  checkInt(fn, 'options.k', o.k, 1);
  checkInt(fn, 'options.horizon', o.horizon, 1);
  checkInt(fn, 'options.offset', o.offset, 0);
  checkRange(fn, 'options.costBps', o.costBps, 0, 10000);
  checkRange(fn, 'options.periodsPerYear', o.periodsPerYear, 0, Infinity, 'lo');
  return o;
}

/**
 * Summary statistics of per-period returns (each period h dates long).
 * @param returns simple returns per period
 * @param horizon h in dates (default 1)
 * @param periodsPerYear dates per year (default 252)
 * @returns {@link PerformanceSummary}; NaN fields for fewer than 2 periods
 */
export function performanceSummary(returns: ArrayLike<number>, horizon = 1, periodsPerYear = 252): PerformanceSummary {
  const n = returns.length;
  let m = 0;
  let hits = 0;
  let logGrowth = 0;
  for (let i = 0; i < n; i++) {
    m += returns[i];
    if (returns[i] > 0) hits++;
    logGrowth += Math.log(Math.max(1e-12, 1 + returns[i]));
  }
  m = n ? m / n : NaN;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (returns[i] - m) ** 2;
  const sd = n > 1 ? Math.sqrt(ss / (n - 1)) : NaN;
  const scale = periodsPerYear / horizon;
  return {
    periods: n,
    meanReturn: m,
    annualisedReturn: n ? Math.exp((logGrowth / n) * scale) - 1 : NaN,
    volatility: sd * Math.sqrt(scale),
    ratio: sd > 0 ? (m / sd) * Math.sqrt(scale) : n > 1 ? 0 : NaN,
    maxDrawdown: maxDrawdown(returns),
    hitRate: n ? hits / n : NaN,
  };
}

function meanRealized(rows: ScoredRow[], from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += rows[i].realized;
  return s / (to - from);
}

/**
 * Top-k / bottom-k long-short portfolio rebalanced every h dates (rules in the module comment).
 * @param rows scored rows; `realized` = simple forward return over the horizon
 * @param options k (5), horizon (1), offset (0), costBps (10), periodsPerYear (252)
 * @returns per-period returns and summaries of the long-short, long-only, universe and excess series
 */
export function longShortPortfolio(rows: readonly ScoredRow[], options: PortfolioOptions = {}): PortfolioResult {
  const o = resolve('longShortPortfolio', options);
  const { dates, groups } = groupByDate('longShortPortfolio', rows);
  const periods: PortfolioPeriod[] = [];
  let prev = new Map<string, number>();
  let prevLong = new Map<string, number>();
  let skipped = 0;
  const turnover = (next: Map<string, number>, old: Map<string, number>) => {
    let t = 0;
    for (const [s, w] of next) t += Math.abs(w - (old.get(s) ?? 0));
    for (const [s, w] of old) if (!next.has(s)) t += Math.abs(w);
    return t;
  };
  for (let d = o.offset; d < dates.length; d += o.horizon) {
    const g = groups[d];
    const n = g.length;
    if (n < 2 * o.k) {
      skipped++;
      continue;
    }
    const sorted = [...g].sort((a, b) => b.score - a.score || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
    const w = new Map<string, number>();
    const wl = new Map<string, number>();
    for (let i = 0; i < o.k; i++) {
      w.set(sorted[i].symbol, 1 / o.k);
      wl.set(sorted[i].symbol, 1 / o.k);
      w.set(sorted[n - 1 - i].symbol, -1 / o.k);
    }
    const top = meanRealized(sorted, 0, o.k);
    const bottom = meanRealized(sorted, n - o.k, n);
    const to = turnover(w, prev);
    const toLong = turnover(wl, prevLong);
    const cost = o.costBps / 1e4;
    periods.push({
      date: dates[d],
      symbols: n,
      gross: top - bottom,
      longShort: top - bottom - to * cost,
      long: top - toLong * cost,
      short: bottom,
      universe: meanRealized(sorted, 0, n),
      turnover: to,
    });
    prev = w;
    prevLong = wl;
  }
  if (periods.length === 0) {
    throw inputError({ key: 'longShortPortfolio(rows)' }, `at least one rebalance date with >= 2k = ${2 * o.k} scored symbols`, `${dates.length} dates, none with enough symbols`);
  }
  const col = (f: (p: PortfolioPeriod) => number) => Float64Array.from(periods, f);
  const sum = (f: (p: PortfolioPeriod) => number) => periods.reduce((s, p) => s + f(p), 0);
  return {
    periods,
    longShort: performanceSummary(col((p) => p.longShort), o.horizon, o.periodsPerYear),
    longShortGross: performanceSummary(col((p) => p.gross), o.horizon, o.periodsPerYear),
    long: performanceSummary(col((p) => p.long), o.horizon, o.periodsPerYear),
    universe: performanceSummary(col((p) => p.universe), o.horizon, o.periodsPerYear),
    excess: performanceSummary(col((p) => p.long - p.universe), o.horizon, o.periodsPerYear),
    meanTurnover: sum((p) => p.turnover) / periods.length,
    skipped,
    options: o,
  };
}

/** Options of {@link longShortChanceBand}. */
export interface ChanceBandOptions extends PortfolioOptions {
  /** Score permutations (default 500). */
  permutations?: number;
  /** Seed of the permutations (default 42). */
  seed?: number;
  /** Two-sided coverage of the band (default 0.95). */
  confidence?: number;
}

/** The long-short returns a no-skill score earns on the same panel. */
export interface ChanceBand {
  /** Observed mean gross long-short period return. */
  observed: number;
  /** Quantiles of the mean gross long-short period return over permutations, at (1 ± confidence) / 2. */
  band: [number, number];
  /** The band annualised (mean · periodsPerYear / h, arithmetic). */
  bandAnnualised: [number, number];
  /** One-sided permutation p-value of observed ≥ chance: (1 + #{perm ≥ observed}) / (1 + permutations). */
  pValue: number;
  inside: boolean;
  permutations: number;
}

/**
 * Permutation chance band for the long-short return: within each rebalance date the scores are shuffled
 * (seeded), which picks k random symbols per leg; the band holds the mean gross period return of such
 * no-skill portfolios. Costs are left out (a random book's turnover says nothing about the score).
 * @param rows scored rows
 * @param options portfolio options plus permutations (500), seed (42), confidence (0.95)
 * @returns {@link ChanceBand}
 */
export function longShortChanceBand(rows: readonly ScoredRow[], options: ChanceBandOptions = {}): ChanceBand {
  const o = resolve('longShortChanceBand', options);
  const permutations = options.permutations ?? 500;
  checkInt('longShortChanceBand', 'options.permutations', permutations, 10);
  const confidence = options.confidence ?? 0.95;
  checkRange('longShortChanceBand', 'options.confidence', confidence, 0, 1, 'both');
  const observed = longShortPortfolio(rows, o).longShortGross.meanReturn;
  const { groups } = groupByDate('longShortChanceBand', rows);
  const books: Float64Array[] = [];
  for (let d = o.offset; d < groups.length; d += o.horizon) if (groups[d].length >= 2 * o.k) books.push(Float64Array.from(groups[d], (r) => r.realized));
  const rng = new Rng(options.seed ?? 42);
  const stats = new Float64Array(permutations);
  let atLeast = 0;
  for (let p = 0; p < permutations; p++) {
    let total = 0;
    for (const x of books) {
      const a = x.slice();
      const n = a.length;
      // partial Fisher–Yates: the first 2k positions become a uniform random ordered sample
      for (let i = 0; i < 2 * o.k; i++) {
        const j = i + rng.int(n - i);
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
      }
      let top = 0;
      let bottom = 0;
      for (let i = 0; i < o.k; i++) {
        top += a[i];
        bottom += a[o.k + i];
      }
      total += (top - bottom) / o.k;
    }
    stats[p] = total / books.length;
    if (stats[p] >= observed - 1e-15) atLeast++;
  }
  stats.sort();
  const q = (x: number) => {
    const pos = (permutations - 1) * x;
    const lo = Math.floor(pos);
    const hi = Math.min(permutations - 1, lo + 1);
    return stats[lo] + (stats[hi] - stats[lo]) * (pos - lo);
  };
  const band: [number, number] = [q((1 - confidence) / 2), q((1 + confidence) / 2)];
  const ann = o.periodsPerYear / o.horizon;
  return {
    observed,
    band,
    bandAnnualised: [band[0] * ann, band[1] * ann],
    pValue: (1 + atLeast) / (1 + permutations),
    inside: observed >= band[0] && observed <= band[1],
    permutations,
  };
}
