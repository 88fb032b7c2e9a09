/**
 * The per-window (O(n·w)) rolling formulas the O(n) kernels replaced, kept as test references: each recomputes
 * every window from scratch (two passes, data shifted by the window's first value), so it carries no running-sum
 * drift. Not exported from src.
 */
type Series = ArrayLike<number>;

/** Calls `fn(i)` for every row whose window [i − w + 1, i] is complete and finite; NaN elsewhere. */
function perWindow(x: Series, w: number, fn: (i: number) => number): Float64Array {
  const out = new Float64Array(x.length).fill(NaN);
  let lastNaN = -1;
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) lastNaN = i;
    if (i < w - 1 || lastNaN > i - w) continue;
    out[i] = fn(i);
  }
  return out;
}

export function refSum(x: Series, n: number): Float64Array {
  return perWindow(x, n, (i) => {
    let s = 0;
    for (let j = i - n + 1; j <= i; j++) s += x[j];
    return s;
  });
}

export function refMean(x: Series, n: number): Float64Array {
  return perWindow(x, n, (i) => {
    const k = x[i - n + 1];
    let s = 0;
    for (let j = i - n + 1; j <= i; j++) s += x[j] - k;
    return k + s / n;
  });
}

export function refStd(x: Series, n: number, ddof: number): Float64Array {
  return perWindow(x, n, (i) => {
    const k = x[i - n + 1];
    let s = 0;
    for (let j = i - n + 1; j <= i; j++) s += x[j] - k;
    const m = s / n;
    let ss = 0;
    for (let j = i - n + 1; j <= i; j++) ss += (x[j] - k - m) ** 2;
    return Math.sqrt(ss / (n - ddof));
  });
}

export function refMoments(x: Series, n: number): { skew: Float64Array; kurt: Float64Array } {
  const skew = new Float64Array(x.length).fill(NaN);
  const kurt = perWindow(x, n, (i) => {
    const k = x[i - n + 1];
    let s = 0;
    for (let j = i - n + 1; j <= i; j++) s += x[j] - k;
    const mean = s / n;
    let m2 = 0;
    let m3 = 0;
    let m4 = 0;
    for (let j = i - n + 1; j <= i; j++) {
      const d = x[j] - k - mean;
      m2 += d * d;
      m3 += d * d * d;
      m4 += d * d * d * d;
    }
    m2 /= n;
    m3 /= n;
    m4 /= n;
    if (!(m2 > 0)) return NaN;
    skew[i] = m3 / Math.pow(m2, 1.5);
    return m4 / (m2 * m2) - 3;
  });
  return { skew, kurt };
}

export function refAutocorr(x: Series, lag: number, n: number): Float64Array {
  return perWindow(x, n + lag, (i) => {
    let sa = 0;
    let sb = 0;
    for (let j = i - n + 1; j <= i; j++) {
      sa += x[j];
      sb += x[j - lag];
    }
    const ma = sa / n;
    const mb = sb / n;
    let cov = 0;
    let va = 0;
    let vb = 0;
    for (let j = i - n + 1; j <= i; j++) {
      cov += (x[j] - ma) * (x[j - lag] - mb);
      va += (x[j] - ma) ** 2;
      vb += (x[j - lag] - mb) ** 2;
    }
    const den = Math.sqrt(va * vb);
    return den > 0 ? cov / den : NaN;
  });
}

export function refPercentile(x: Series, n: number): Float64Array {
  return perWindow(x, n, (i) => {
    let c = 0;
    for (let j = i - n + 1; j <= i; j++) if (x[j] <= x[i]) c++;
    return c / n;
  });
}

export function refExtreme(x: Series, n: number, isMax: boolean): { value: Float64Array; since: Float64Array } {
  const since = new Float64Array(x.length).fill(NaN);
  const value = perWindow(x, n, (i) => {
    let best = i;
    for (let j = i; j > i - n; j--) if (isMax ? x[j] > x[best] : x[j] < x[best]) best = j;
    since[i] = i - best;
    return x[best];
  });
  return { value, since };
}
