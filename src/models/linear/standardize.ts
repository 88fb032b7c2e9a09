/**
 * Column standardisation for linear models: mean and standard deviation fitted on the training rows
 * only, saved with the model, applied to every later dataset.
 */

/** Fitted per-column mean and standard deviation (JSON-serialisable). */
export interface Standardizer {
  mean: number[];
  /** Standard deviation per column; 1 for a constant column (so it maps to 0). */
  std: number[];
  /** Rows the statistics were computed on. */
  rows: number;
  /** First and last training date (days since epoch) when the dataset had dates. */
  dateRange?: [number, number];
}

/**
 * Fits column means and (population) standard deviations of a row-major `[n, d]` matrix.
 * @param x values, row-major, length n·d (must be finite)
 * @param n rows
 * @param d columns
 * @returns the standardiser; constant columns get std 1
 */
export function fitStandardizer(x: ArrayLike<number>, n: number, d: number): Standardizer {
  const mean = new Float64Array(d);
  const m2 = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) mean[j] += x[o + j];
  }
  for (let j = 0; j < d; j++) mean[j] /= Math.max(1, n);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) {
      const c = x[o + j] - mean[j];
      m2[j] += c * c;
    }
  }
  const std: number[] = [];
  for (let j = 0; j < d; j++) {
    const s = Math.sqrt(m2[j] / Math.max(1, n));
    std.push(s > 1e-12 * Math.max(1, Math.abs(mean[j])) ? s : 1);
  }
  return { mean: Array.from(mean), std, rows: n };
}

/**
 * Applies a standardiser: z = (x - mean) / std, as a new Float64Array (the input is not modified).
 * @param s fitted standardiser with d columns
 * @param x values, row-major, length n·d
 * @param n rows
 * @returns standardised values, row-major `[n, d]`
 */
export function standardize(s: Standardizer, x: ArrayLike<number>, n: number): Float64Array {
  const d = s.mean.length;
  const out = new Float64Array(n * d);
  const inv = s.std.map((v) => 1 / v);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) out[o + j] = (x[o + j] - s.mean[j]) * inv[j];
  }
  return out;
}
