/**
 * Input checks shared by the evaluation functions (internal; not re-exported).
 * Every failure is an InputError naming the argument, the index and the value that arrived.
 */
import { inputError, show } from '../util/errors';

/** A read-only numeric array: a typed array or a plain number array. */
export type Numeric = ArrayLike<number>;

/** Throws unless `a` and `b` have the same length (names used in the message). */
export function checkSameLength(fn: string, aName: string, a: Numeric, bName: string, b: Numeric): void {
  if (a.length !== b.length) {
    throw inputError({ key: `${fn}(${bName})` }, `the same length as \`${aName}\` (${a.length})`, `length ${b.length}`);
  }
}

/** Throws unless `a` is non-empty. */
export function checkNonEmpty(fn: string, name: string, a: Numeric): void {
  if (a.length === 0) throw inputError({ key: `${fn}(${name})` }, 'at least one value', 'an empty array');
}

/** Throws unless every value of `a` is finite (NaN marks an unknown label: filter those rows first). */
export function checkFinite(fn: string, name: string, a: Numeric): void {
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i])) {
      throw inputError({ key: `${fn}(${name})[${i}]` }, 'a finite number (filter rows with unknown labels first)', show(a[i]));
    }
  }
}

/**
 * Checks class labels (integers 0..classes-1) and returns the number of classes:
 * `classes` when given, else max(label) + 1 over all arrays, at least 2.
 */
export function checkClasses(fn: string, arrays: Array<[string, Numeric]>, classes?: number): number {
  if (classes !== undefined && (!Number.isInteger(classes) || classes < 2)) {
    throw inputError({ key: `${fn}(options.classes)` }, 'an integer >= 2', show(classes));
  }
  let k = 2;
  for (const [name, a] of arrays) {
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      if (!Number.isInteger(v) || v < 0 || (classes !== undefined && v >= classes)) {
        const range = classes === undefined ? 'a class index (integer >= 0)' : `a class index in 0..${classes - 1}`;
        throw inputError({ key: `${fn}(${name})[${i}]` }, range, show(v));
      }
      if (v + 1 > k) k = v + 1;
    }
  }
  return classes ?? k;
}

/** Throws unless `x` is a number in [lo, hi] (inclusive ends unless `open` says otherwise). */
export function checkRange(fn: string, name: string, x: number, lo: number, hi: number, open: 'none' | 'both' | 'lo' | 'hi' = 'none'): void {
  const okLo = open === 'both' || open === 'lo' ? x > lo : x >= lo;
  const okHi = open === 'both' || open === 'hi' ? x < hi : x <= hi;
  if (typeof x !== 'number' || !okLo || !okHi || Number.isNaN(x)) {
    const l = open === 'both' || open === 'lo' ? '(' : '[';
    const r = open === 'both' || open === 'hi' ? ')' : ']';
    throw inputError({ key: `${fn}(${name})` }, `a number in ${l}${lo}, ${hi}${r}`, show(x));
  }
}

/** Throws unless `x` is an integer >= `min`. */
export function checkInt(fn: string, name: string, x: number, min: number): void {
  if (!Number.isInteger(x) || x < min) throw inputError({ key: `${fn}(${name})` }, `an integer >= ${min}`, show(x));
}

/** Arithmetic mean (NaN for an empty array). */
export function mean(a: Numeric): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return a.length ? s / a.length : NaN;
}

/** Sample standard deviation with n - 1 in the denominator (NaN when n < 2). */
export function sampleStd(a: Numeric): number {
  const n = a.length;
  if (n < 2) return NaN;
  const m = mean(a);
  let s = 0;
  for (let i = 0; i < n; i++) s += (a[i] - m) * (a[i] - m);
  return Math.sqrt(s / (n - 1));
}
