/**
 * Platt scaling for binary classifiers: P(up) = σ(a·s + b) on a model's raw score s (logit or boosted
 * margin), fitted on held-out rows (the validation tail a model receives in `FitOptions.validation`,
 * never test rows). Families call it at the end of `fit`/`finetune` (`logistic`, `gbdt`) and save the
 * two numbers with the model, so every path that loads a model predicts the same probabilities.
 */
import { fillDefaults } from '../util/options';

/** A fitted Platt map P = σ(a·s + b); identity is `{a: 1, b: 0}`. */
export interface Platt {
  a: number;
  b: number;
  /** Held-out rows it was fitted on. */
  n: number;
}

/** Options of {@link fitPlatt}. */
export interface PlattOptions {
  /** Fewer labelled rows than this → no calibration (undefined). Default 30. */
  minRows: number;
  /** Newton iterations. Default 50. */
  iterations: number;
  /** Ridge on (a − 1) that keeps a tiny sample from an extreme map. Default 1e-3 (per row). */
  ridge: number;
  /**
   * Prior standard deviation of the intercept shift b (Gaussian, centred on 0 = the model's own threshold):
   * a free b moves the decision threshold to a small tail's base rate, which costs accuracy. Default 0.1.
   */
  shiftPrior: number;
}

/** Defaults of {@link PlattOptions}. */
export const plattDefaults: PlattOptions = { minRows: 30, iterations: 50, ridge: 1e-3, shiftPrior: 0.1 };

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/**
 * Fits Platt's sigmoid by Newton's method on smoothed targets (Platt 1999: t₊ = (N₊+1)/(N₊+2),
 * t₋ = 1/(N₋+2)). The slope is kept in [0, 1]: calibration may temper a model's confidence but never
 * reverses its ranking nor stretches a small validation tail's noise into confident probabilities.
 * @param scores raw scores of the held-out rows
 * @param y labels 0/1 (NaN or other values = unknown, skipped)
 * @param options see {@link plattDefaults}
 * @returns the map, or undefined with fewer than `minRows` labelled rows
 */
export function fitPlatt(scores: ArrayLike<number>, y: ArrayLike<number>, options: Partial<PlattOptions> = {}): Platt | undefined {
  const o = fillDefaults(plattDefaults, options);
  const s: number[] = [];
  const lab: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    if ((y[i] === 0 || y[i] === 1) && Number.isFinite(scores[i])) {
      s.push(scores[i]);
      lab.push(y[i]);
    }
  }
  const n = s.length;
  if (n < o.minRows) return undefined;
  const pos = lab.reduce((a, v) => a + v, 0);
  const tp = (pos + 1) / (pos + 2);
  const tn = 1 / (n - pos + 2);
  const t = lab.map((v) => (v === 1 ? tp : tn));
  const r = o.ridge * n;
  const rb = 1 / (o.shiftPrior * o.shiftPrior);
  let a = 1;
  let b = 0;
  for (let it = 0; it < o.iterations; it++) {
    let ga = r * (a - 1);
    let gb = rb * b;
    let haa = r;
    let hab = 0;
    let hbb = rb;
    for (let i = 0; i < n; i++) {
      const p = sigmoid(a * s[i] + b);
      const d = p - t[i];
      const w = Math.max(p * (1 - p), 1e-12);
      ga += d * s[i];
      gb += d;
      haa += w * s[i] * s[i];
      hab += w * s[i];
      hbb += w;
    }
    const det = haa * hbb - hab * hab;
    if (!(det > 0)) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    a = Math.min(1, Math.max(0, a));
    if (Math.abs(da) + Math.abs(db) < 1e-10) break;
  }
  return { a, b, n };
}

/**
 * P(up) of a raw score under a Platt map (plain σ(s) without one).
 * @param platt fitted map or undefined
 * @param s raw score
 * @returns probability in (0, 1)
 */
export function plattProbability(platt: Platt | undefined, s: number): number {
  return platt ? sigmoid(platt.a * s + platt.b) : sigmoid(s);
}
