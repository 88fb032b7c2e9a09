/** Correlation matrices for {@link correlationHeatmapFigure} (the data step of the feature heatmap). */
import { inputError } from '../util/errors';
import { checkLength } from './figure';

/** Options of {@link correlationMatrix}. */
export interface CorrelationOptions {
  /** Rows to use (ascending or not; default every row). Rows where either value is NaN are skipped per pair. */
  rows?: ArrayLike<number>;
  /** Fewest complete pairs a coefficient needs; below that it is NaN (default 3). */
  minPairs?: number;
}

/** Defaults of {@link CorrelationOptions}. */
export const correlationDefaults = { minPairs: 3 } as const;

/**
 * Pearson correlation of every pair of columns, on the rows where both values are finite (pairwise complete).
 * @param columns k columns of equal length n (e.g. `FeatureFrame.columns`); not mutated
 * @param options `rows` to use (default all), `minPairs` (default 3)
 * @returns k × k matrix as k `Float64Array` rows: 1 on the diagonal of a column that varies, NaN where a
 *   column is constant on the pair's rows or fewer than `minPairs` pairs are complete
 */
export function correlationMatrix(columns: ReadonlyArray<ArrayLike<number>>, options: CorrelationOptions = {}): Float64Array[] {
  const minPairs = options.minPairs ?? correlationDefaults.minPairs;
  if (!(Number.isInteger(minPairs) && minPairs >= 2)) throw inputError({ key: 'correlationMatrix(options.minPairs)' }, 'an integer >= 2', String(minPairs));
  const k = columns.length;
  const n = k > 0 ? columns[0].length : 0;
  columns.forEach((c, j) => checkLength(`columns[${j}]`, c, n));
  const rows = options.rows ?? Array.from({ length: n }, (_, i) => i);
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r];
    if (!(Number.isInteger(i) && i >= 0 && i < n)) throw inputError({ key: `correlationMatrix(options.rows)[${r}]` }, `a row index in 0..${n - 1}`, String(i));
  }
  const out = Array.from({ length: k }, () => new Float64Array(k).fill(NaN));
  for (let a = 0; a < k; a++) {
    for (let b = a; b < k; b++) {
      const v = pairCorrelation(columns[a], columns[b], rows, minPairs);
      out[a][b] = v;
      out[b][a] = v;
    }
  }
  return out;
}

function pairCorrelation(x: ArrayLike<number>, y: ArrayLike<number>, rows: ArrayLike<number>, minPairs: number): number {
  let m = 0;
  let mx = 0;
  let my = 0;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  // Welford-style running moments: stable for columns with a large mean (prices, volume).
  for (let r = 0; r < rows.length; r++) {
    const xi = x[rows[r]];
    const yi = y[rows[r]];
    if (!Number.isFinite(xi) || !Number.isFinite(yi)) continue;
    m++;
    const dx = xi - mx;
    mx += dx / m;
    const dy = yi - my;
    my += dy / m;
    sxx += dx * (xi - mx);
    syy += dy * (yi - my);
    sxy += dx * (yi - my);
  }
  if (m < minPairs || !(sxx > 0) || !(syy > 0)) return NaN;
  const r = sxy / Math.sqrt(sxx * syy);
  return Math.max(-1, Math.min(1, r));
}
