/**
 * Scored panel rows and their grouping by date, shared by the cross-sectional evaluation functions.
 *
 * A row is one (date, symbol) prediction: the model's `score` known at the close of `date` and the `realized`
 * forward return over the label horizon (t+1 … t+h). Every function here is pure and never mutates its input.
 */
import { inputError, show } from '../../util/errors';
import { longRunVariance } from '../significance/long-run';

/** One scored (date, symbol) row of a panel. */
export interface ScoredRow {
  /** Trading day (days since 1970-01-01) at whose close the score is known. */
  date: number;
  symbol: string;
  /** Model score: higher = expected to do better (a probability, an expected return, a rank, …). */
  score: number;
  /** Realized forward return over the horizon (simple return, e.g. 0.012 = +1.2 %). */
  realized: number;
  /** Optional true class (1 = up, 0 = down) for direction accuracy; default `realized > 0`. */
  label?: number;
  /** Optional sector, for per-sector summaries. */
  sector?: string;
}

/** Rows grouped by date, dates ascending. */
export interface DateGroups {
  /** Distinct dates, ascending. */
  dates: number[];
  /** For each date, the rows of that date (input order kept). */
  groups: ScoredRow[][];
}

/**
 * Checks rows (finite date, score and realized; a symbol; no duplicate (date, symbol)) and groups them by date.
 * @param fn calling function's name, for error messages
 * @param rows scored rows
 * @returns {@link DateGroups}
 * @throws InputError naming `fn(rows)[i].field` and the value that arrived
 */
export function groupByDate(fn: string, rows: readonly ScoredRow[]): DateGroups {
  if (!Array.isArray(rows) || rows.length === 0) throw inputError({ key: `${fn}(rows)` }, 'a non-empty array of {date, symbol, score, realized}', Array.isArray(rows) ? 'an empty array' : show(rows));
  const byDate = new Map<number, ScoredRow[]>();
  const seen = new Set<string>();
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (r === null || typeof r !== 'object') throw inputError({ key: `${fn}(rows)[${i}]` }, 'an object {date, symbol, score, realized}', show(r));
    if (!Number.isInteger(r.date)) throw inputError({ key: `${fn}(rows)[${i}].date` }, 'an integer day number', show(r.date));
    if (typeof r.symbol !== 'string' || r.symbol === '') throw inputError({ key: `${fn}(rows)[${i}].symbol` }, 'a non-empty string', show(r.symbol));
    if (!Number.isFinite(r.score)) throw inputError({ key: `${fn}(rows)[${i}].score` }, 'a finite number (drop rows without a prediction first)', show(r.score));
    if (!Number.isFinite(r.realized)) throw inputError({ key: `${fn}(rows)[${i}].realized` }, 'a finite number (drop rows whose label window is incomplete first)', show(r.realized));
    const key = `${r.date}\u0000${r.symbol}`;
    if (seen.has(key)) throw inputError({ key: `${fn}(rows)[${i}]` }, 'one row per (date, symbol)', `a second row for ${r.symbol} on day ${r.date}`);
    seen.add(key);
    let g = byDate.get(r.date);
    if (!g) byDate.set(r.date, (g = []));
    g.push(r);
  }
  const dates = [...byDate.keys()].sort((a, b) => a - b);
  return { dates, groups: dates.map((d) => byDate.get(d)!) };
}

/**
 * Average ranks (1-based; ties share the mean of their positions), as in Spearman's correlation.
 * @param x values
 * @returns ranks, same length
 */
export function averageRanks(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a] - x[b]);
  const r = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && x[idx[j + 1]] === x[idx[i]]) j++;
    const rank = (i + j) / 2 + 1;
    for (let m = i; m <= j; m++) r[idx[m]] = rank;
    i = j + 1;
  }
  return r;
}

/**
 * Pearson correlation of two equal-length arrays.
 * @returns the correlation in [−1, 1]; NaN when n < 2 or either side is constant
 */
export function pearsonCorrelation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  if (n < 2 || b.length !== n) return NaN;
  // an exactly constant side has no correlation (its mean's rounding would otherwise leave a spurious spread)
  let constA = true;
  let constB = true;
  for (let i = 1; i < n && (constA || constB); i++) {
    if (a[i] !== a[0]) constA = false;
    if (b[i] !== b[0]) constB = false;
  }
  if (constA || constB) return NaN;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma;
    const db = b[i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa > 0 && sbb > 0 ? Math.max(-1, Math.min(1, sab / Math.sqrt(saa * sbb))) : NaN;
}

/**
 * Spearman rank correlation: Pearson correlation of the average ranks.
 * @returns the correlation in [−1, 1]; NaN when n < 2 or either side is constant
 */
export function spearmanCorrelation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return pearsonCorrelation(averageRanks(a), averageRanks(b));
}

/**
 * Newey–West (HAC, Bartlett kernel) standard error of the mean of a series:
 * √((γ₀ + 2 Σ_{j=1..L} (1 − j/(L+1)) γ_j) / n), γ_j the lag-j autocovariance (divided by n).
 * With L = 0 this is the plain √(γ₀/n) (population variance). Never below zero: a negative long-run
 * variance (possible only for L > 0) falls back to γ₀.
 * @param x series (finite values)
 * @param lags L >= 0
 * @returns the standard error; NaN when n < 2
 */
export function neweyWestSe(x: ArrayLike<number>, lags: number): number {
  const n = x.length;
  if (n < 2) return NaN;
  let lr = longRunVariance(x, { kernel: 'bartlett', lags });
  if (!(lr > 0)) lr = longRunVariance(x, { kernel: 'bartlett', lags: 0 });
  return Math.sqrt(lr / n);
}
