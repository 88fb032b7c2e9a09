/**
 * O(n) (or O(n·w) for small windows, where exactness matters) rolling primitives on typed arrays.
 *
 * Conventions shared by every primitive (see docs/features.md):
 * - outputs are as long as the input; a value is NaN until its window is complete (warm-up);
 * - a window containing a NaN gives NaN (a gap never leaks a stale value);
 * - recursive averages (EMA, Wilder) re-seed after a NaN with the SMA of the next `n` finite values;
 * - nothing is rounded; inputs are never mutated.
 */

/** Any readable numeric series (typed array or plain array). */
export type Series = ArrayLike<number>;

/** Windows up to this length are summed exactly per window (no running-sum drift); longer ones use a running sum. */
const EXACT_SUM_MAX = 64;

/**
 * `num / den`, or NaN when the denominator is 0 or either side is not finite — never ±Infinity.
 * @param num numerator
 * @param den denominator
 * @returns the ratio or NaN
 */
export function safeDiv(num: number, den: number): number {
  if (den === 0 || !Number.isFinite(den) || !Number.isFinite(num)) return NaN;
  return num / den;
}

/**
 * The value `k` rows earlier: out[i] = x[i-k] (NaN for i < k).
 * @param x input series
 * @param k lag in rows (≥ 0)
 * @returns Float64Array of length x.length
 */
export function lag(x: Series, k: number): Float64Array {
  const n = x.length;
  const out = new Float64Array(n).fill(NaN);
  for (let i = k; i < n; i++) out[i] = x[i - k];
  return out;
}

/**
 * Element-wise map of one series into a new Float64Array.
 * @param x input series
 * @param fn value → value
 * @returns Float64Array of length x.length
 */
export function mapSeries(x: Series, fn: (v: number, i: number) => number): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = fn(x[i], i);
  return out;
}

/**
 * Rolling sum over the last `n` rows (inclusive of the current one).
 * @param x input series
 * @param n window length in rows (≥ 1)
 * @returns Float64Array, NaN for the first n-1 rows and for windows holding a NaN
 */
export function rollingSum(x: Series, n: number): Float64Array {
  const len = x.length;
  const out = new Float64Array(len).fill(NaN);
  let lastNaN = -1;
  if (n <= EXACT_SUM_MAX) {
    for (let i = 0; i < len; i++) {
      if (!Number.isFinite(x[i])) lastNaN = i;
      if (i < n - 1 || lastNaN > i - n) continue;
      let s = 0;
      for (let j = i - n + 1; j <= i; j++) s += x[j];
      out[i] = s;
    }
    return out;
  }
  let s = 0;
  for (let i = 0; i < len; i++) {
    const v = x[i];
    if (!Number.isFinite(v)) {
      lastNaN = i;
      s = 0;
      continue;
    }
    s += v;
    if (i - n >= 0 && i - n > lastNaN) s -= x[i - n];
    if (i - lastNaN >= n) out[i] = s;
  }
  return out;
}

/**
 * Simple moving average over the last `n` rows.
 * @param x input series
 * @param n window length in rows
 * @returns Float64Array, NaN during warm-up (first n-1 rows)
 */
export function sma(x: Series, n: number): Float64Array {
  // sums of x − K (K = a value from the current run) make a flat window average to exactly that value
  const len = x.length;
  const out = new Float64Array(len).fill(NaN);
  let lastNaN = -1;
  let s = 0;
  let k = NaN;
  for (let i = 0; i < len; i++) {
    const v = x[i];
    if (!Number.isFinite(v)) {
      lastNaN = i;
      s = 0;
      k = NaN;
      continue;
    }
    if (Number.isNaN(k)) k = v;
    if (n <= EXACT_SUM_MAX) {
      if (i - lastNaN < n) continue;
      const k0 = x[i - n + 1];
      let w = 0;
      for (let j = i - n + 1; j <= i; j++) w += x[j] - k0;
      out[i] = k0 + w / n;
      continue;
    }
    s += v - k;
    if (i - n > lastNaN) s -= x[i - n] - k;
    if (i - lastNaN >= n) out[i] = k + s / n;
  }
  return out;
}

/**
 * Exponential average with smoothing factor `alpha`, seeded with the SMA of the first `n` finite values
 * (TTR / TA-Lib convention), re-seeded the same way after a NaN.
 */
function seededRecursive(x: Series, n: number, alpha: number): Float64Array {
  const len = x.length;
  const out = new Float64Array(len).fill(NaN);
  let run = 0;
  let seedSum = 0;
  let k = 0;
  let prev = NaN;
  for (let i = 0; i < len; i++) {
    const v = x[i];
    if (!Number.isFinite(v)) {
      run = 0;
      seedSum = 0;
      continue;
    }
    run++;
    if (run === 1) k = v;
    if (run < n) {
      seedSum += v - k;
    } else if (run === n) {
      // seed = SMA of the first n values, summed as offsets from the first so a flat run seeds exactly
      prev = k + (seedSum + (v - k)) / n;
      out[i] = prev;
    } else {
      prev = prev + alpha * (v - prev);
      out[i] = prev;
    }
  }
  return out;
}

/**
 * Exponential moving average, alpha = 2/(n+1), seeded with the SMA of the first n values.
 * @param x input series (leading NaN allowed)
 * @param n period in rows
 * @returns Float64Array, first value at the n-th finite input
 */
export function ema(x: Series, n: number): Float64Array {
  return seededRecursive(x, n, 2 / (n + 1));
}

/**
 * Wilder's smoothing (RMA), alpha = 1/n, seeded with the SMA of the first n values (RSI, ATR, ADX).
 * @param x input series (leading NaN allowed)
 * @param n period in rows
 * @returns Float64Array, first value at the n-th finite input
 */
export function wilder(x: Series, n: number): Float64Array {
  return seededRecursive(x, n, 1 / n);
}

/**
 * Rolling population (`ddof` 0, default) or sample (`ddof` 1) standard deviation, computed per window with
 * shifted data so a constant window gives exactly 0.
 * @param x input series
 * @param n window length in rows
 * @param options.ddof delta degrees of freedom: 0 population (default, TTR runSD(sample=FALSE)), 1 sample
 * @returns Float64Array, NaN during warm-up and for windows holding a NaN
 */
export function rollingStd(x: Series, n: number, options: { ddof?: 0 | 1 } = {}): Float64Array {
  const ddof = options.ddof ?? 0;
  const len = x.length;
  const out = new Float64Array(len).fill(NaN);
  if (n - ddof <= 0) return out;
  let lastNaN = -1;
  for (let i = 0; i < len; i++) {
    if (!Number.isFinite(x[i])) lastNaN = i;
    if (i < n - 1 || lastNaN > i - n) continue;
    const k = x[i - n + 1];
    let s = 0;
    for (let j = i - n + 1; j <= i; j++) s += x[j] - k;
    const m = s / n;
    let ss = 0;
    for (let j = i - n + 1; j <= i; j++) {
      const d = x[j] - k - m;
      ss += d * d;
    }
    out[i] = Math.sqrt(ss / (n - ddof));
  }
  return out;
}

/** Shared monotonic-deque scan for rolling max/min and their positions. */
function rollingExtremeIndex(x: Series, n: number, isMax: boolean): Int32Array {
  const len = x.length;
  const idx = new Int32Array(len).fill(-1);
  const dq = new Int32Array(len);
  let head = 0;
  let tail = 0;
  let lastNaN = -1;
  for (let i = 0; i < len; i++) {
    const v = x[i];
    if (!Number.isFinite(v)) {
      lastNaN = i;
      head = tail = 0;
      continue;
    }
    // keep the most recent index among ties (Aroon counts periods since the latest extreme)
    while (tail > head && (isMax ? x[dq[tail - 1]] <= v : x[dq[tail - 1]] >= v)) tail--;
    dq[tail++] = i;
    while (dq[head] <= i - n) head++;
    if (i >= n - 1 && lastNaN <= i - n) idx[i] = dq[head];
  }
  return idx;
}

/**
 * Rolling maximum over the last `n` rows (monotonic deque, O(n)).
 * @param x input series
 * @param n window length in rows
 * @returns Float64Array, NaN during warm-up and for windows holding a NaN
 */
export function rollingMax(x: Series, n: number): Float64Array {
  const idx = rollingExtremeIndex(x, n, true);
  return mapSeries(idx, (j) => (j < 0 ? NaN : x[j]));
}

/**
 * Rolling minimum over the last `n` rows (monotonic deque, O(n)).
 * @param x input series
 * @param n window length in rows
 * @returns Float64Array, NaN during warm-up and for windows holding a NaN
 */
export function rollingMin(x: Series, n: number): Float64Array {
  const idx = rollingExtremeIndex(x, n, false);
  return mapSeries(idx, (j) => (j < 0 ? NaN : x[j]));
}

/**
 * Rows since the rolling maximum (`which: 'max'`) or minimum over the last `n` rows (0 = today; latest of ties).
 * @param x input series
 * @param n window length in rows
 * @param options.which `max` (default) or `min`
 * @returns Float64Array of counts in [0, n-1], NaN during warm-up
 */
export function rowsSinceExtreme(x: Series, n: number, options: { which?: 'max' | 'min' } = {}): Float64Array {
  const idx = rollingExtremeIndex(x, n, (options.which ?? 'max') === 'max');
  return mapSeries(idx, (j, i) => (j < 0 ? NaN : i - j));
}

/**
 * Log return over `k` rows: ln(x[i] / x[i-k]); NaN when either price is not positive.
 * @param x price series
 * @param k lag in rows (default 1)
 * @returns Float64Array, NaN for the first k rows
 */
export function logReturn(x: Series, k = 1): Float64Array {
  const n = x.length;
  const out = new Float64Array(n).fill(NaN);
  for (let i = k; i < n; i++) {
    const a = x[i];
    const b = x[i - k];
    if (a > 0 && b > 0) out[i] = Math.log(a / b);
  }
  return out;
}
