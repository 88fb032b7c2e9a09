/**
 * Platt scaling for binary classifiers: P(up) = σ(a·s + b) on a model's raw score s (logit or boosted
 * margin), fitted on held-out rows (the validation tail a model receives in `FitOptions.validation`,
 * never test rows). Families call it at the end of `fit`/`finetune` (`logistic`, `gbdt`, `random_forest`, the deep
 * families' binary heads) and save the
 * two numbers with the model, so every path that loads a model predicts the same probabilities.
 *
 * Overlapping labels: with horizon h each label spans h rows, so a validation tail of n rows holds only about
 * ⌊n/h⌋ independent labels. The likelihood is weighted by 1/h (`span`) and a map needs `minRows` independent
 * labels; with fewer the tail is no evidence that the scores mean anything, and the map is {@link noOpinion}:
 * P ≈ 0.5 for every row (log loss ln 2), the model's ranking and decisions kept.
 */
import { fillDefaults } from '../util/options';

/** A fitted Platt map P = σ(a·s + b); identity is `{a: 1, b: 0}`. */
export interface Platt {
  a: number;
  b: number;
  /** Held-out rows it was fitted on. */
  n: number;
}

/**
 * Slope of the no-opinion map: P = σ(0.001·s) stays within 0.5 ± 0.0025 for any |s| ≤ 10 (log loss ln 2 up
 * to ~1e-5) while its sign, and so every decision, is still the model's own.
 */
export const NO_OPINION_SLOPE = 1e-3;

/** The map used when the validation tail is no evidence: P ≈ 0.5, decisions of the model kept. */
export function noOpinion(n: number): Platt {
  return { a: NO_OPINION_SLOPE, b: 0, n };
}

/** Options of {@link fitPlatt}. */
export interface PlattOptions {
  /**
   * Fewer independent labelled rows (labelled rows / `span`) than this → the {@link noOpinion} map.
   * Default 30.
   */
  minRows: number;
  /**
   * Rows one label spans (the horizon h: overlapping labels): each row's likelihood counts 1/span, so the
   * priors below weigh against ~n/span independent labels, not n correlated rows. Default 1.
   */
  span: number;
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
export const plattDefaults: PlattOptions = { minRows: 30, span: 1, iterations: 50, ridge: 1e-3, shiftPrior: 0.1 };

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
 * @returns the map; undefined without labelled rows; {@link noOpinion} with fewer than `minRows` independent ones
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
  if (n === 0) return undefined;
  if (!(Number.isFinite(o.span) && o.span >= 1)) throw new RangeError(`fitPlatt: span must be a number >= 1, got ${o.span}`);
  const wRow = 1 / o.span;
  if (n * wRow < o.minRows) return noOpinion(n);
  const pos = lab.reduce((a, v) => a + v, 0);
  const tp = (pos + 1) / (pos + 2);
  const tn = 1 / (n - pos + 2);
  const t = lab.map((v) => (v === 1 ? tp : tn));
  const r = o.ridge * n * wRow;
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
      const d = (p - t[i]) * wRow;
      const w = Math.max(p * (1 - p), 1e-12) * wRow;
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

/** Probabilities are clipped to [PROBA_CLIP, 1 − PROBA_CLIP] before their logit is taken. */
const PROBA_CLIP = 1e-4;

/**
 * The logit of P(up), the raw score of a family that outputs probabilities (random forest vote shares).
 * @param p probability
 * @returns ln(p / (1 − p)) with p clipped away from 0 and 1
 */
export function probabilityScore(p: number): number {
  const q = Math.min(1 - PROBA_CLIP, Math.max(PROBA_CLIP, p));
  return Math.log(q / (1 - q));
}

/**
 * Recalibrates binary probabilities laid out `[p0, p1]` per row (in place) with a Platt map fitted on the
 * logits of p1 ({@link probabilityScore}); no-op without a map.
 * @param platt fitted map or undefined
 * @param v row-major class probabilities, 2 per row
 * @returns v
 */
export function calibrateBinaryProba<T extends Float32Array | Float64Array>(platt: Platt | undefined, v: T): T {
  if (!platt) return v;
  for (let i = 0; i + 1 < v.length; i += 2) {
    const p = plattProbability(platt, probabilityScore(v[i + 1]));
    v[i] = 1 - p;
    v[i + 1] = p;
  }
  return v;
}
