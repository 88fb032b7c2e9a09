/**
 * The feature matrix: column-major, one Float64Array per feature, each as long as the bars
 * (NaN during warm-up), plus helpers that turn selected rows into a row-major Float32 {@link Dataset}.
 */
import type { Dataset } from '../models/types';
import { inputError } from '../util/errors';

/** Column-major feature matrix aligned to the bars it was computed from. */
export interface FeatureFrame {
  /** Symbol the features were computed for. */
  symbol: string;
  /** Trading day of each row (days since 1970-01-01), same as the bars'. */
  dates: Int32Array;
  /** Column names, in order. */
  names: string[];
  /** One column per name, each `dates.length` long; NaN = not defined yet (warm-up) or undefined (0/0). */
  columns: Float64Array[];
}

/**
 * A column by name.
 * @param frame feature frame
 * @param name column name
 * @returns the column itself (not a copy; do not mutate)
 * @throws InputError naming the known columns when `name` is unknown
 */
export function column(frame: FeatureFrame, name: string): Float64Array {
  const i = frame.names.indexOf(name);
  if (i < 0) throw inputError({ key: 'feature' }, `one of ${frame.names.length} feature names (e.g. ${frame.names.slice(0, 5).join(', ')})`, JSON.stringify(name));
  return frame.columns[i];
}

/**
 * A new frame with only the named columns, in the given order (columns are shared, not copied).
 * @param frame feature frame
 * @param names column names to keep
 * @returns FeatureFrame with `names.length` columns
 */
export function selectColumns(frame: FeatureFrame, names: string[]): FeatureFrame {
  return { symbol: frame.symbol, dates: frame.dates, names: names.slice(), columns: names.map((n) => column(frame, n)) };
}

/**
 * Index of the first row at which every column is defined (not NaN), or `dates.length` if none.
 * Rows after it may still hold NaN from undefined ratios (e.g. 0/0 on flat prices).
 * @param frame feature frame
 * @returns row index
 */
export function firstCompleteRow(frame: FeatureFrame): number {
  const n = frame.dates.length;
  outer: for (let i = 0; i < n; i++) {
    for (const c of frame.columns) if (Number.isNaN(c[i])) continue outer;
    return i;
  }
  return n;
}

/** Options of {@link frameToMatrix}. */
export interface MatrixOptions {
  /** Row indices to take, in order; default every row. */
  rows?: ArrayLike<number>;
}

/** Defaults of {@link MatrixOptions}. */
export const matrixDefaults: Readonly<MatrixOptions> = {};

/**
 * Selected rows as a row-major Float32 matrix.
 * @param frame feature frame with f columns
 * @param options.rows row indices (default all rows)
 * @returns `{x, shape: [rows, f]}` where x[r*f + j] = column j at row rows[r]
 */
export function frameToMatrix(frame: FeatureFrame, options: MatrixOptions = matrixDefaults): { x: Float32Array; shape: [number, number] } {
  const n = frame.dates.length;
  const rows = options.rows ?? null;
  const m = rows ? rows.length : n;
  const f = frame.columns.length;
  const x = new Float32Array(m * f);
  for (let j = 0; j < f; j++) {
    const c = frame.columns[j];
    for (let r = 0; r < m; r++) {
      const i = rows ? rows[r] : r;
      if (!(i >= 0 && i < n)) throw inputError({ key: 'rows' }, `row indices in [0, ${n})`, String(i));
      x[r * f + j] = c[i];
    }
  }
  return { x, shape: [m, f] };
}

/** Options of {@link frameToDataset}. */
export interface FrameDatasetOptions extends MatrixOptions {
  /** Primary target aligned to the frame's rows (e.g. a label column); taken at the same rows. */
  y?: ArrayLike<number>;
  /** Extra targets keyed by head name, aligned to the frame's rows. */
  targets?: Record<string, ArrayLike<number>>;
}

/** Defaults of {@link FrameDatasetOptions}. */
export const frameDatasetDefaults: Readonly<FrameDatasetOptions> = {};

/**
 * A tabular {@link Dataset} (`shape [n, f]`) from selected rows of a frame, with optional targets.
 * @param frame feature frame
 * @param options rows to take (default all) and targets aligned to the frame's rows
 * @returns Dataset with x, shape, featureNames, dates, and y/targets when given
 */
export function frameToDataset(frame: FeatureFrame, options: FrameDatasetOptions = frameDatasetDefaults): Dataset {
  const { x, shape } = frameToMatrix(frame, options);
  const rows = options.rows;
  const take = (a: ArrayLike<number>, key: string): Float32Array => {
    if (a.length !== frame.dates.length) throw inputError({ key }, `a target as long as the frame (${frame.dates.length} rows)`, `${a.length} values`);
    const out = new Float32Array(shape[0]);
    for (let r = 0; r < shape[0]; r++) out[r] = a[rows ? rows[r] : r];
    return out;
  };
  const ds: Dataset = { x, shape, featureNames: frame.names.slice() };
  const d = new Int32Array(shape[0]);
  for (let r = 0; r < shape[0]; r++) d[r] = frame.dates[rows ? rows[r] : r];
  ds.dates = d;
  if (options.y) ds.y = take(options.y, 'y');
  if (options.targets) {
    ds.targets = {};
    for (const [k, v] of Object.entries(options.targets)) ds.targets[k] = take(v, `targets.${k}`);
  }
  return ds;
}
