/**
 * Metrics on predicted probabilities: ROC AUC (binary), log loss and Brier score.
 * Probabilities come either as a vector of P(class 1), length n (binary only), or as the
 * row-major [n, k] matrix that `Model.predictProba` returns (k = length / n).
 */
import { inputError, show } from '../../util/errors';
import { checkClasses, checkFinite, checkNonEmpty, Numeric } from '../check';

/** Options of {@link logLoss}. */
export interface LogLossOptions {
  /** Probabilities are clipped to [eps, 1 − eps] before the log; default 1e-15. */
  eps?: number;
}

/** Defaults of {@link LogLossOptions}. */
export const logLossDefaults: Required<LogLossOptions> = { eps: 1e-15 };

/** Rows sum to 1 within this tolerance (Float32 softmax outputs sum to 1 within ~1e-7). */
const ROW_SUM_TOL = 1e-4;

/** Number of columns of `proba` for n labels (1 = a vector of P(class 1)); checks values are probabilities. */
function probaColumns(fn: string, yTrue: Numeric, proba: Numeric): number {
  const n = yTrue.length;
  checkNonEmpty(fn, 'yTrue', yTrue);
  if (proba.length === 0 || proba.length % n !== 0) {
    throw inputError({ key: `${fn}(proba)` }, `n = ${n} values (P(class 1)) or an [n, k] row-major matrix`, `length ${proba.length}`);
  }
  checkFinite(fn, 'proba', proba);
  for (let i = 0; i < proba.length; i++) {
    if (proba[i] < 0 || proba[i] > 1) throw inputError({ key: `${fn}(proba)[${i}]` }, 'a probability in [0, 1]', show(proba[i]));
  }
  const k = proba.length / n;
  if (k > 1) {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let c = 0; c < k; c++) s += proba[i * k + c];
      if (Math.abs(s - 1) > ROW_SUM_TOL) throw inputError({ key: `${fn}(proba) row ${i}` }, 'class probabilities summing to 1', `sum ${s}`);
    }
  }
  checkClasses(fn, [['yTrue', yTrue]], k === 1 ? 2 : k);
  return k;
}

/** P(class 1) of row i. */
function p1(proba: Numeric, k: number, i: number): number {
  return k === 1 ? proba[i] : proba[i * k + 1];
}

/**
 * Area under the ROC curve for a binary task, from scores (Mann–Whitney form, ties get average ranks):
 * AUC = (Σ_{i: y=1} rank(sᵢ) − n₁(n₁+1)/2) / (n₁ n₀).
 * @param yTrue classes 0/1, length n
 * @param score P(class 1) per sample (length n), or the [n, 2] `predictProba` matrix
 * @returns AUC in [0, 1] (0.5 = no skill); NaN when yTrue holds only one class
 */
export function rocAuc(yTrue: Numeric, score: Numeric): number {
  const fn = 'rocAuc';
  const n = yTrue.length;
  checkNonEmpty(fn, 'yTrue', yTrue);
  checkClasses(fn, [['yTrue', yTrue]], 2);
  if (score.length !== n && score.length !== 2 * n) {
    throw inputError({ key: `${fn}(score)` }, `n = ${n} scores or an [n, 2] probability matrix`, `length ${score.length}`);
  }
  checkFinite(fn, 'score', score);
  const k = score.length / n;
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) s[i] = p1(score, k, i);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => s[a] - s[b]);
  let rankSumPos = 0;
  let nPos = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && s[order[j + 1]] === s[order[i]]) j++;
    const avgRank = (i + j + 2) / 2; // ranks are 1-based: i+1 … j+1
    for (let t = i; t <= j; t++) {
      if (yTrue[order[t]] === 1) {
        rankSumPos += avgRank;
        nPos++;
      }
    }
    i = j + 1;
  }
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) return NaN;
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

/**
 * Log loss (cross-entropy, natural log): −(1/n) Σᵢ ln p̃_{i, yᵢ}, with p̃ = clip(p, eps, 1 − eps).
 * For a vector of P(class 1): p_{i,1} = pᵢ, p_{i,0} = 1 − pᵢ.
 * @param yTrue classes 0..k−1, length n
 * @param proba P(class 1) (length n, binary) or the [n, k] row-major matrix (rows sum to 1 ± 1e-4)
 * @param options `eps` (default 1e-15)
 * @returns mean loss in nats, >= 0 (ln 2 ≈ 0.693 for a constant 0.5)
 */
export function logLoss(yTrue: Numeric, proba: Numeric, options: LogLossOptions = {}): number {
  const k = probaColumns('logLoss', yTrue, proba);
  const eps = options.eps ?? logLossDefaults.eps;
  const n = yTrue.length;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const y = yTrue[i];
    const p = k === 1 ? (y === 1 ? proba[i] : 1 - proba[i]) : proba[i * k + y];
    s -= Math.log(Math.min(1 - eps, Math.max(eps, p)));
  }
  return s / n;
}

/**
 * Brier score. Binary (a vector, or k = 2): (1/n) Σ (pᵢ − yᵢ)² with pᵢ = P(class 1) (scikit-learn's
 * `brier_score_loss`, range [0, 1]). Multiclass (k > 2): (1/n) Σᵢ Σ_c (p_{ic} − 1[yᵢ = c])² (Brier's
 * original form, range [0, 2]).
 * @param yTrue classes, length n
 * @param proba P(class 1) (length n) or the [n, k] row-major matrix
 * @returns mean squared probability error (0.25 for a constant 0.5 on a binary task)
 */
export function brierScore(yTrue: Numeric, proba: Numeric): number {
  const k = probaColumns('brierScore', yTrue, proba);
  const n = yTrue.length;
  let s = 0;
  if (k <= 2) {
    for (let i = 0; i < n; i++) {
      const d = p1(proba, k, i) - yTrue[i];
      s += d * d;
    }
  } else {
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < k; c++) {
        const d = proba[i * k + c] - (yTrue[i] === c ? 1 : 0);
        s += d * d;
      }
    }
  }
  return s / n;
}
