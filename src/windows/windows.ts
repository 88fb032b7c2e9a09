/**
 * Sequence windows for the deep models: `[samples, steps, features]` Float32 tensors where sample i ends
 * at its own row r_i and holds feature rows r_i − steps + 1 … r_i (never a later row).
 * The frame is converted to row-major Float32 once; each window is then one contiguous block copy,
 * and {@link windowAt} gives a window as a view without copying at all.
 */
import type { Dataset } from '../models/types';
import { inputError } from '../util/errors';
import { frameToMatrix, type FeatureFrame } from '../features/frame';
import { fillDefaults } from '../util/options';

/** Options of {@link buildWindows}. */
export interface WindowOptions {
  /** Rows per window (sequence length). Default 20 (seed 003's LSTM). */
  steps?: number;
  /** End rows to build samples for, increasing; default every row with a complete window. */
  endRows?: ArrayLike<number>;
  /** `skip` (default) drops windows holding any NaN; `keep` keeps them (for models that accept NaN). */
  nan?: 'skip' | 'keep';
}

/** Defaults of {@link WindowOptions}. */
export const windowDefaults: Required<Omit<WindowOptions, 'endRows'>> = { steps: 20, nan: 'skip' };

/** Windows cut from a feature frame. */
export interface SequenceWindows {
  /** Row-major values, `samples * steps * features` long. */
  x: Float32Array;
  /** `[samples, steps, features]`. */
  shape: [number, number, number];
  featureNames: string[];
  /** Frame row at which each sample ends (its own row: labels are taken there). */
  endRows: Int32Array;
  /** Trading day of each sample's end row. */
  dates: Int32Array;
}

/**
 * The window ending at `endRow` as a view into a row-major matrix (no copy).
 * @param matrix row-major `[rows, features]` values
 * @param features columns per row
 * @param steps rows per window
 * @param endRow last row of the window (≥ steps − 1)
 * @returns subarray of `steps * features` values (shares memory with `matrix`)
 */
export function windowAt(matrix: Float32Array, features: number, steps: number, endRow: number): Float32Array {
  const start = endRow - steps + 1;
  if (start < 0 || (endRow + 1) * features > matrix.length) throw inputError({ key: 'endRow' }, `an end row in [${steps - 1}, ${matrix.length / features - 1}]`, String(endRow));
  return matrix.subarray(start * features, (endRow + 1) * features);
}

/**
 * Cuts `[samples, steps, features]` windows from a frame.
 * @param frame feature frame (any number of rows)
 * @param options steps (default 20), end rows (default all complete ones), NaN handling (default skip)
 * @returns SequenceWindows; samples = number of kept end rows
 * @throws InputError for steps < 1 or an end row without a complete window
 */
export function buildWindows(frame: FeatureFrame, options: WindowOptions = windowDefaults): SequenceWindows {
  const o = fillDefaults(windowDefaults, options);
  const steps = o.steps;
  if (!Number.isInteger(steps) || steps < 1) throw inputError({ key: 'steps' }, 'a whole number of rows >= 1', String(steps));
  const n = frame.dates.length;
  const f = frame.columns.length;
  const { x: mat } = frameToMatrix(frame);
  // nanBefore[r] = rows among 0..r-1 holding a NaN, so a window's NaN check is O(1)
  const nanBefore = new Int32Array(n + 1);
  for (let r = 0; r < n; r++) {
    let bad = 0;
    for (let j = 0; j < f; j++) if (Number.isNaN(mat[r * f + j])) { bad = 1; break; }
    nanBefore[r + 1] = nanBefore[r] + bad;
  }
  const candidates: number[] = [];
  if (o.endRows) {
    for (let k = 0; k < o.endRows.length; k++) {
      const r = o.endRows[k];
      if (!Number.isInteger(r) || r < steps - 1 || r >= n) throw inputError({ key: `endRows[${k}]` }, `a row in [${steps - 1}, ${n - 1}] (a complete window of ${steps} rows)`, String(r));
      candidates.push(r);
    }
  } else for (let r = steps - 1; r < n; r++) candidates.push(r);
  const kept = o.nan === 'keep' ? candidates : candidates.filter((r) => nanBefore[r + 1] - nanBefore[r - steps + 1] === 0);
  const block = steps * f;
  const x = new Float32Array(kept.length * block);
  const endRows = new Int32Array(kept);
  const dates = new Int32Array(kept.length);
  kept.forEach((r, s) => {
    x.set(mat.subarray((r - steps + 1) * f, (r + 1) * f), s * block);
    dates[s] = frame.dates[r];
  });
  return { x, shape: [kept.length, steps, f], featureNames: frame.names.slice(), endRows, dates };
}

/** Options of {@link windowsToDataset}. */
export interface WindowDatasetOptions {
  /** Primary target aligned to the frame's rows; taken at each sample's end row. */
  y?: ArrayLike<number>;
  /** Extra targets keyed by head name (e.g. `h7`), aligned to the frame's rows. */
  targets?: Record<string, ArrayLike<number>>;
}

/**
 * A sequence {@link Dataset} (`shape [n, steps, f]`) from windows, with targets taken at the end rows.
 * @param w windows from {@link buildWindows} (x is shared, not copied)
 * @param options targets aligned to the frame's rows
 * @returns Dataset with dates = end dates
 */
export function windowsToDataset(w: SequenceWindows, options: WindowDatasetOptions = {}): Dataset {
  const take = (a: ArrayLike<number>): Float32Array => Float32Array.from(w.endRows, (r) => a[r]);
  const ds: Dataset = { x: w.x, shape: [...w.shape], featureNames: w.featureNames.slice(), dates: w.dates };
  if (options.y) ds.y = take(options.y);
  if (options.targets) {
    ds.targets = {};
    for (const [k, v] of Object.entries(options.targets)) ds.targets[k] = take(v);
  }
  return ds;
}
