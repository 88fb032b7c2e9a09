/**
 * Quantile binning for histogram trees: each feature's training values are cut into at most `maxBins`
 * bins (bin b holds values <= upper[b]; the last upper bound is +Infinity). NaN gets its own code,
 * `nBins[f]`, so a split can learn where missing values go. Bins are computed on training rows only
 * and stored with the model.
 */
import { inputError } from '../../util/errors';
import { Rng } from '../../util/rng';
import { RadixScratch, radixSortF32 } from './radix';
import { fillDefaults } from '../../util/options';

/** Fitted bin boundaries of every feature. */
export interface BinMapper {
  /** Per feature, ascending upper bounds; the last one is +Infinity. `upper[f].length` = number of value bins. */
  upper: Float64Array[];
  /** Per feature, the number of value bins (= the code of NaN). At most 255. */
  nBins: Int32Array;
  /** Per feature, offset of its first bin in a histogram holding every feature's bins plus its NaN bin. */
  offset: Int32Array;
  /** Sum over features of nBins + 1 (histogram slots). */
  totalSlots: number;
}

/** Options of {@link fitBins}. */
export interface BinOptions {
  /** Maximum number of value bins per feature, 2..255. Default 255. */
  maxBins: number;
  /** Rows sampled (seeded) to place the cuts when there are more training rows. Default 200000. */
  sampleRows: number;
  /** Seed of the row sample. Default 7. */
  seed: number;
}

/** Defaults of {@link BinOptions}. */
export const binDefaults: BinOptions = { maxBins: 255, sampleRows: 200000, seed: 7 };

/**
 * Places quantile cuts for every feature of a row-major matrix.
 * @param x row-major values `[n, features]` (NaN = missing; not modified)
 * @param n rows
 * @param features columns
 * @param options see {@link binDefaults}
 * @returns the fitted {@link BinMapper}
 */
export function fitBins(x: Float32Array, n: number, features: number, options: Partial<BinOptions> = {}): BinMapper {
  const o = fillDefaults(binDefaults, options);
  if (!(Number.isInteger(o.maxBins) && o.maxBins >= 2 && o.maxBins <= 255)) {
    throw inputError({ key: 'maxBins' }, 'an integer in 2..255', String(o.maxBins));
  }
  let rows: Int32Array | undefined;
  if (n > o.sampleRows) {
    const rng = new Rng(o.seed);
    const all = new Int32Array(n);
    for (let i = 0; i < n; i++) all[i] = i;
    for (let i = 0; i < o.sampleRows; i++) {
      const j = i + rng.int(n - i);
      const t = all[i];
      all[i] = all[j];
      all[j] = t;
    }
    rows = all.slice(0, o.sampleRows);
  }
  const m = rows ? rows.length : n;
  const upper: Float64Array[] = [];
  const col = new Float64Array(m);
  for (let f = 0; f < features; f++) {
    let k = 0;
    for (let r = 0; r < m; r++) {
      const v = x[(rows ? rows[r] : r) * features + f];
      if (v === v) col[k++] = v;
    }
    upper.push(cutsOf(col.subarray(0, k).sort(), o.maxBins));
  }
  return mapperFromUpper(upper);
}

/**
 * {@link fitBins} and {@link binMatrix} in one pass per feature (radix sort, then a sweep over the
 * sorted rows); same result, several times faster. Falls back to the two steps above `sampleRows` rows.
 * @returns the mapper and the column-major codes `[features, n]`
 */
export function fitBinMatrix(x: Float32Array, n: number, features: number, options: Partial<BinOptions> = {}): { mapper: BinMapper; bins: Uint8Array } {
  const o = fillDefaults(binDefaults, options);
  if (n > o.sampleRows) {
    const mapper = fitBins(x, n, features, o);
    return { mapper, bins: binMatrix(mapper, x, n) };
  }
  if (!(Number.isInteger(o.maxBins) && o.maxBins >= 2 && o.maxBins <= 255)) {
    throw inputError({ key: 'maxBins' }, 'an integer in 2..255', String(o.maxBins));
  }
  const bins = new Uint8Array(features * n);
  const upper: Float64Array[] = [];
  const vals = new Float32Array(n);
  const idx = new Int32Array(n);
  const scratch = new RadixScratch();
  for (let f = 0; f < features; f++) {
    let k = 0;
    const base = f * n;
    for (let i = 0; i < n; i++) {
      const v = x[i * features + f];
      if (v === v) {
        vals[k] = v;
        idx[k++] = i;
      } else bins[base + i] = 255; // NaN: fixed below once nBins is known
    }
    radixSortF32(vals, idx, k, scratch);
    const up = cutsOf(vals.subarray(0, k), o.maxBins);
    upper.push(up);
    let b = 0;
    for (let j = 0; j < k; j++) {
      const v = vals[j];
      while (v > up[b]) b++;
      bins[base + idx[j]] = b;
    }
    if (k < n) for (let i = 0; i < n; i++) if (x[i * features + f] !== x[i * features + f]) bins[base + i] = up.length;
  }
  return { mapper: mapperFromUpper(upper), bins };
}

/** Builds the mapper bookkeeping (counts, offsets) from per-feature upper bounds. */
export function mapperFromUpper(upper: Float64Array[]): BinMapper {
  const nBins = new Int32Array(upper.length);
  const offset = new Int32Array(upper.length);
  let total = 0;
  for (let f = 0; f < upper.length; f++) {
    nBins[f] = upper[f].length;
    offset[f] = total;
    total += upper[f].length + 1;
  }
  return { upper, nBins, offset, totalSlots: total };
}

/** Upper bounds for sorted finite values: midpoints between distinct values, at most maxBins bins. */
function cutsOf(sorted: Float64Array | Float32Array, maxBins: number): Float64Array {
  const m = sorted.length;
  if (m === 0) return Float64Array.of(Infinity);
  const distinct: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < m; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) {
      distinct.push(sorted[i]);
      counts.push(1);
    } else counts[counts.length - 1]++;
  }
  const cuts: number[] = [];
  if (distinct.length <= maxBins) {
    for (let i = 0; i + 1 < distinct.length; i++) cuts.push(midpoint(distinct[i], distinct[i + 1]));
  } else {
    // greedy equal-frequency cuts over distinct values (heavy ties stay within one bin)
    let remaining = m;
    let binsLeft = maxBins;
    let acc = 0;
    for (let i = 0; i + 1 < distinct.length && binsLeft > 1; i++) {
      acc += counts[i];
      const target = remaining / binsLeft;
      if (acc >= target || acc + counts[i + 1] / 2 >= target) {
        cuts.push(midpoint(distinct[i], distinct[i + 1]));
        remaining -= acc;
        acc = 0;
        binsLeft--;
      }
    }
  }
  cuts.push(Infinity);
  return Float64Array.from(cuts);
}

function midpoint(a: number, b: number): number {
  const mid = a + (b - a) / 2;
  // guard against rounding onto b (b would fall into the lower bin) and infinities (NaN / infinite midpoints)
  return mid > a && mid < b ? mid : a;
}

/**
 * Bin code of one value: the first b with `v <= upper[b]`, or `nBins` for NaN.
 * @param upper a feature's upper bounds (ascending, last = +Infinity)
 */
export function binOf(upper: Float64Array, v: number): number {
  if (v !== v) return upper.length;
  let lo = 0;
  let hi = upper.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v <= upper[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Bins a row-major matrix into column-major codes.
 * @param mapper fitted bins
 * @param x row-major `[n, features]` (not modified)
 * @param n rows
 * @returns Uint8Array `[features, n]` column-major: code of row i, feature f at `f * n + i`
 */
export function binMatrix(mapper: BinMapper, x: Float32Array, n: number): Uint8Array {
  const F = mapper.upper.length;
  const out = new Uint8Array(F * n);
  for (let f = 0; f < F; f++) {
    const up = mapper.upper[f];
    const base = f * n;
    for (let i = 0; i < n; i++) out[base + i] = binOf(up, x[i * F + f]);
  }
  return out;
}
