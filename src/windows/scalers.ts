/**
 * Feature scalers fitted on the training segment only (qlib processors): z-score (mean / population std)
 * and robust (median / IQR). A fitted scaler records the date range and row count it was fitted on and
 * serialises to JSON so a model's `save()` can store it. `transform` returns new arrays; inputs are never
 * mutated. NaN values are ignored when fitting and stay NaN when transforming; a feature with zero spread
 * gets scale 1 (it is centred, not divided by 0).
 */
import type { Dataset } from '../models/types';
import { dayToIso } from '../util/dates';
import { inputError } from '../util/errors';

/** Scaler kinds. */
export type ScalerKind = 'zscore' | 'robust';

/** Anything with row-major values whose last dimension is the features (a Dataset fits). */
export interface ScalerInput {
  x: ArrayLike<number>;
  /** `[n, features]` or `[n, steps, features]`. */
  shape: number[];
  featureNames?: string[];
  /** Trading day of each of the n samples (recorded as the fitted date range). */
  dates?: ArrayLike<number>;
}

/** Options of {@link Scaler.fit}. */
export interface ScalerFitOptions {
  /** Fit on samples [start, end) only (the training segment); default all samples. */
  start?: number;
  end?: number;
}

/** The serialisable state of a fitted scaler. */
export interface ScalerState {
  kind: ScalerKind;
  featureNames: string[];
  /** Subtracted per feature (mean or median). */
  center: number[];
  /** Divided by per feature (std or IQR; 1 where the spread is 0 or undefined). */
  scale: number[];
  /** ISO date of the first / last fitted sample (null when the input had no dates). */
  fittedFrom: string | null;
  fittedTo: string | null;
  /** Samples the scaler was fitted on. */
  samples: number;
  /** Feature indices dropped by feature selection on the same training rows: transformed to 0. Absent = none. */
  dropped?: number[];
}

/** Options of the {@link Scaler} constructor. */
export interface ScalerOptions {
  /** `zscore` (default) or `robust`. */
  kind?: ScalerKind;
  /** Clip transformed values to ±clip (default: no clipping). */
  clip?: number;
}

/** Defaults of {@link ScalerOptions}. */
export const scalerDefaults: Readonly<ScalerOptions> = { kind: 'zscore' };

/** Quantile with linear interpolation between order statistics (R type 7) of a sorted array. */
function quantileSorted(s: Float64Array, q: number): number {
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(s.length - 1, lo + 1);
  return s[lo] + (h - lo) * (s[hi] - s[lo]);
}

/** A z-score or robust scaler; fit on training samples, then transform any samples. */
export class Scaler {
  readonly kind: ScalerKind;
  readonly clip: number | undefined;
  private fittedState: ScalerState | undefined;

  /** @param options kind (default `zscore`) and optional clipping */
  constructor(options: ScalerOptions = scalerDefaults) {
    const kind = options.kind ?? 'zscore';
    if (kind !== 'zscore' && kind !== 'robust') throw inputError({ key: 'scaler.kind' }, '`zscore` or `robust`', JSON.stringify(kind));
    this.kind = kind;
    this.clip = options.clip;
  }

  /** True after fit or fromJSON. */
  get fitted(): boolean {
    return this.fittedState !== undefined;
  }

  /** The fitted state (a copy). @throws InputError before fit */
  get state(): ScalerState {
    const s = this.require();
    return { ...s, featureNames: s.featureNames.slice(), center: s.center.slice(), scale: s.scale.slice() };
  }

  /**
   * Learns centre and scale per feature from samples [start, end) of `data` only.
   * @param data row-major samples, last dimension = features
   * @param options sample range of the training segment (default all)
   * @returns this
   */
  fit(data: ScalerInput, options: ScalerFitOptions = {}): this {
    const f = data.shape[data.shape.length - 1];
    const n = data.shape[0];
    const per = data.x.length / Math.max(1, n);
    if (!(f > 0) || data.x.length !== n * per || per % f !== 0) throw inputError({ key: 'shape' }, `x.length = product of shape`, `${data.x.length} values for shape [${data.shape.join(', ')}]`);
    const start = options.start ?? 0;
    const end = options.end ?? n;
    if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end <= n && start < end)) throw inputError({ key: 'fit range' }, `0 <= start < end <= ${n}`, `start=${start} end=${end}`);
    const center: number[] = [];
    const scale: number[] = [];
    const vals = new Float64Array((end - start) * (per / f));
    for (let j = 0; j < f; j++) {
      let m = 0;
      for (let i = start * per + j; i < end * per; i += f) {
        const v = data.x[i];
        if (!Number.isNaN(v)) vals[m++] = v;
      }
      const c = vals.subarray(0, m);
      let ctr = NaN;
      let spread = NaN;
      if (m > 0 && this.kind === 'zscore') {
        let s = 0;
        for (let k = 0; k < m; k++) s += c[k];
        ctr = s / m;
        let ss = 0;
        for (let k = 0; k < m; k++) ss += (c[k] - ctr) ** 2;
        spread = Math.sqrt(ss / m);
      } else if (m > 0) {
        const sorted = Float64Array.from(c).sort();
        ctr = quantileSorted(sorted, 0.5);
        spread = quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25);
      }
      center.push(Number.isFinite(ctr) ? ctr : 0);
      scale.push(spread > 0 && Number.isFinite(spread) ? spread : 1);
    }
    const d = data.dates;
    this.fittedState = {
      kind: this.kind,
      featureNames: data.featureNames ? data.featureNames.slice() : Array.from({ length: f }, (_, j) => `f${j}`),
      center,
      scale,
      fittedFrom: d ? dayToIso(d[start]) : null,
      fittedTo: d ? dayToIso(d[end - 1]) : null,
      samples: end - start,
    };
    return this;
  }

  /**
   * Scales values: (x − center)/scale per feature (then clipped if `clip` is set). Input is not mutated.
   * @param data row-major samples with the same number of features as the fitted data
   * @returns new Float32Array of the same length
   */
  transform(data: ScalerInput): Float32Array {
    const s = this.require();
    const f = data.shape[data.shape.length - 1];
    if (f !== s.center.length) throw inputError({ key: 'shape' }, `${s.center.length} features (as fitted)`, `${f}`);
    const out = new Float32Array(data.x.length);
    const clip = this.clip;
    const keep = new Uint8Array(f).fill(1);
    for (const j of s.dropped ?? []) keep[j] = 0;
    for (let i = 0; i < out.length; i++) {
      const j = i % f;
      let v = (data.x[i] - s.center[j]) / s.scale[j];
      if (clip !== undefined) v = Math.max(-clip, Math.min(clip, v));
      out[i] = keep[j] ? v : 0;
    }
    return out;
  }

  /**
   * A copy of this fitted scaler that also maps the features at `dropped` to 0 (feature selection made on
   * the rows the scaler was fitted on; saved with the scaler, so serving drops the same columns).
   * @param dropped feature indices
   * @returns new Scaler
   */
  withDropped(dropped: number[]): Scaler {
    const s = this.require();
    const bad = dropped.find((j) => !(Number.isInteger(j) && j >= 0 && j < s.center.length));
    if (bad !== undefined) throw inputError({ key: 'scaler.dropped' }, `feature indices in [0, ${s.center.length})`, String(bad));
    const out = new Scaler({ kind: s.kind, clip: this.clip });
    out.fittedState = { ...s, dropped: dropped.slice().sort((a, b) => a - b) };
    return out;
  }

  /**
   * A new Dataset with scaled x (targets, names and dates shared with the input).
   * @param data dataset to scale
   * @returns Dataset whose x is a new Float32Array
   */
  transformDataset(data: Dataset): Dataset {
    return { ...data, x: this.transform(data) };
  }

  /** The JSON form (same as {@link Scaler.state}). */
  toJSON(): ScalerState {
    return this.state;
  }

  /**
   * Restores a fitted scaler from its JSON state.
   * @param state value of `toJSON()` (e.g. parsed from a model folder)
   * @param options clipping for the restored scaler
   * @returns fitted Scaler
   */
  static fromJSON(state: ScalerState, options: Omit<ScalerOptions, 'kind'> = {}): Scaler {
    const ok = state && (state.kind === 'zscore' || state.kind === 'robust') && Array.isArray(state.center) && Array.isArray(state.scale) && state.center.length === state.scale.length && Array.isArray(state.featureNames) && state.featureNames.length === state.center.length;
    if (!ok) throw inputError({ key: 'scaler' }, 'a scaler state {kind, featureNames, center, scale, fittedFrom, fittedTo, samples} with equal lengths', JSON.stringify(state)?.slice(0, 60));
    const s = new Scaler({ ...options, kind: state.kind });
    s.fittedState = { ...state, featureNames: state.featureNames.slice(), center: state.center.slice(), scale: state.scale.slice() };
    if (state.dropped !== undefined) {
      const okDropped = Array.isArray(state.dropped) && state.dropped.every((j) => Number.isInteger(j) && j >= 0 && j < state.center.length);
      if (!okDropped) throw inputError({ key: 'scaler.dropped' }, `feature indices in [0, ${state.center.length})`, JSON.stringify(state.dropped)?.slice(0, 60));
      s.fittedState.dropped = state.dropped.slice();
    }
    return s;
  }

  private require(): ScalerState {
    if (!this.fittedState) throw inputError({ key: 'scaler' }, 'a fitted scaler (call fit first)', 'not fitted yet');
    return this.fittedState;
  }
}
