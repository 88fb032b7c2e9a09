/**
 * Element-wise column builders of the feature families: plain loops over typed arrays (no per-element callback,
 * which V8 cannot inline once `mapSeries` has seen many different callbacks). Each returns a new Float64Array as
 * long as its first input; a NaN or a zero denominator gives NaN, as {@link safeDiv}.
 */
import { safeDiv, type Series } from './rolling';

/**
 * `x / ref − 1` (distance to a reference level).
 * @param x series (e.g. close)
 * @param ref reference series (e.g. a moving average)
 * @param out destination (default a new array; may be `x` or `ref` itself)
 * @returns out
 */
export function relativeTo(x: Series, ref: Series, out = new Float64Array(x.length)): Float64Array {
  for (let i = 0; i < out.length; i++) out[i] = safeDiv(x[i], ref[i]) - 1;
  return out;
}

/**
 * `scale · num / den`.
 * @param num numerator series
 * @param den denominator series
 * @param scale multiplier (e.g. 100 for percent)
 * @param out destination (default a new array; may be `num` or `den` itself)
 * @returns out
 */
export function ratio(num: Series, den: Series, scale = 1, out = new Float64Array(num.length)): Float64Array {
  for (let i = 0; i < out.length; i++) out[i] = scale * safeDiv(num[i], den[i]);
  return out;
}

/**
 * `a − b`.
 * @param a series
 * @param b series
 * @param out destination (default a new array; may be `a` or `b` itself)
 * @returns out
 */
export function difference(a: Series, b: Series, out = new Float64Array(a.length)): Float64Array {
  for (let i = 0; i < out.length; i++) out[i] = a[i] - b[i];
  return out;
}

/**
 * `a + k · b` (bands: middle ± k·width).
 * @param a series
 * @param b series
 * @param k multiplier
 * @returns Float64Array
 */
export function addScaled(a: Series, b: Series, k: number): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < out.length; i++) out[i] = a[i] + k * b[i];
  return out;
}

/**
 * Position of x within [lo, hi]: `scale · (x − lo) / (hi − lo)`.
 * @param x series
 * @param lo lower bound series
 * @param hi upper bound series
 * @param scale multiplier (default 1)
 * @returns Float64Array
 */
export function position(x: Series, lo: Series, hi: Series, scale = 1): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < out.length; i++) out[i] = scale * safeDiv(x[i] - lo[i], hi[i] - lo[i]);
  return out;
}
