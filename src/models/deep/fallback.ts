/**
 * The base-rate fallback of the deep families' classification heads: after a fit or finetune (and its
 * calibration) each head's validation log loss is compared with that of the training base rate (class
 * shares of the head's training labels, Laplace-smoothed). When the net does not beat the base rate on the
 * validation tail, the head predicts the base rate: its decisions are then the training majority class and
 * its log loss the base rate's, so a net that learnt nothing usable never does worse than the majority
 * class on validation evidence. With overlapping labels (horizon h) and fewer than 30 independent validation
 * labels the base rate is tempered to no opinion (P ≈ 1/k, majority decision kept): at h = 30 a window's
 * up-share says little about the next block's (a random walk's base rate scored log loss 1.006 untempered).
 * Chosen again at every fit/finetune and recorded in `selection()`.
 */
import { NO_OPINION_SLOPE, plattDefaults } from '../calibration';

/** Per head: the class probabilities predicted for every row (absent = the net predicts). */
export type HeadFallbacks = Record<string, number[]>;

/**
 * Laplace-smoothed class shares of the known labels: (count_c + 1) / (n + k).
 * @param labels class indices (NaN = unknown, skipped)
 * @param k number of classes
 * @returns k probabilities summing to 1
 */
export function classPriors(labels: ArrayLike<number>, k: number): number[] {
  const counts = new Array<number>(k).fill(0);
  let n = 0;
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i];
    if (Number.isInteger(y) && y >= 0 && y < k) {
      counts[y]++;
      n++;
    }
  }
  return counts.map((c) => (c + 1) / (n + k));
}

/** Probabilities are clipped to [LOSS_CLIP, 1] before the log is taken. */
const LOSS_CLIP = 1e-7;

/**
 * Mean log loss (nats) over the known labels of row-major `[n, k]` probabilities.
 * @param labels class indices (NaN = unknown, skipped)
 * @param proba row-major probabilities, or a function giving the probability of class `c` in row `i`
 * @param k number of classes
 * @returns `{loss, n}`; loss NaN without known labels
 */
export function meanLogLoss(labels: ArrayLike<number>, proba: ArrayLike<number> | ((i: number, c: number) => number), k: number): { loss: number; n: number } {
  const at = typeof proba === 'function' ? proba : (i: number, c: number) => proba[i * k + c];
  let sum = 0;
  let n = 0;
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i];
    if (!(Number.isInteger(y) && y >= 0 && y < k)) continue;
    sum -= Math.log(Math.max(LOSS_CLIP, at(i, y)));
    n++;
  }
  return { loss: n ? sum / n : NaN, n };
}

/**
 * Base-rate probabilities raised to the power `a` and renormalised: `a` = 1 keeps them, a tiny `a` gives
 * P ≈ 1/k with the same order (the majority class still wins).
 */
export function temperedPriors(priors: number[], a: number): number[] {
  const w = priors.map((p) => Math.exp(a * Math.log(p)));
  const s = w.reduce((x, y) => x + y, 0);
  return w.map((v) => v / s);
}

/** What {@link chooseFallback} decided for one head. */
export interface FallbackChoice {
  /** The base-rate probabilities when the head falls back, else undefined. */
  priors?: number[];
  /** Validation log loss of the (calibrated) net and of the base rate; NaN without labelled validation rows. */
  netLoss: number;
  baseLoss: number;
}

/**
 * Decides whether a head falls back to the base rate: yes when its validation log loss is not below the base
 * rate's (ties go to the base rate, the simpler model). Without labelled validation rows the net is kept.
 * @param trainLabels the head's training labels (the base rate comes from these)
 * @param validationLabels the head's validation labels
 * @param validationProba the net's calibrated `[n, k]` probabilities on the validation rows
 * @param k number of classes
 * @param span rows one label spans (the horizon: overlapping labels); with fewer than 30 independent
 *   validation labels (labelled rows / span) the tail is no evidence that the training base rate carries over,
 *   and the base rate is tempered to no opinion (P ≈ 1/k, its majority decision kept), as Platt scaling does
 * @returns the choice and both losses
 */
export function chooseFallback(trainLabels: ArrayLike<number>, validationLabels: ArrayLike<number>, validationProba: ArrayLike<number>, k: number, span = 1): FallbackChoice {
  const net = meanLogLoss(validationLabels, validationProba, k);
  const priors = temperedPriors(classPriors(trainLabels, k), net.n / Math.max(1, span) < plattDefaults.minRows ? NO_OPINION_SLOPE : 1);
  const base = meanLogLoss(validationLabels, (_, c) => priors[c], k);
  if (net.n === 0) return { netLoss: NaN, baseLoss: NaN };
  return { ...(net.loss >= base.loss ? { priors } : {}), netLoss: net.loss, baseLoss: base.loss };
}

/**
 * Overwrites every row of row-major `[n, k]` probabilities with the head's base rate (no-op without one).
 * @returns v
 */
export function applyFallback(fallbacks: HeadFallbacks, head: string, v: Float32Array): Float32Array {
  const p = fallbacks[head];
  if (!p) return v;
  const k = p.length;
  for (let i = 0; i < v.length; i++) v[i] = p[i % k];
  return v;
}

/**
 * Chooses the fallback of every head (see {@link chooseFallback}); a head named `hN` spans N rows, the others
 * `labelSpan`.
 * @param heads head names
 * @param trainLabels / validationLabels a head's labels
 * @param proba the net's calibrated `[n, k]` probabilities of a head on the validation rows
 * @returns the choice by head
 */
export async function fitHeadFallbacks(
  heads: string[], trainLabels: (head: string) => ArrayLike<number>, validationLabels: (head: string) => ArrayLike<number>,
  proba: (head: string) => Promise<Float32Array>, k: number, labelSpan: number,
): Promise<Record<string, FallbackChoice>> {
  const out: Record<string, FallbackChoice> = {};
  for (const head of heads) {
    const m = /^h(\d+)$/.exec(head);
    const span = m ? Math.max(1, Number(m[1])) : labelSpan;
    out[head] = chooseFallback(trainLabels(head), validationLabels(head), await proba(head), k, span);
  }
  return out;
}

/**
 * The choice for results.json: `fallback` (`base_rate` when the primary head predicts the base rate, `none`
 * when the net does; a multi-head net lists the heads that fell back) and the primary head's validation log
 * loss of the net (`valLoss`) and of the base rate (`baseLoss`); `{}` when nothing was chosen.
 */
export function fallbackRecord(heads: string[], choices: Record<string, FallbackChoice>): Record<string, number | string> {
  const c = choices[heads[0]];
  if (!c) return {};
  const back = heads.filter((h) => choices[h]?.priors);
  const out: Record<string, number | string> = { fallback: heads.length === 1 ? (back.length ? 'base_rate' : 'none') : back.length ? back.join(',') : 'none' };
  const r4 = (v: number) => Math.round(v * 10000) / 10000;
  if (Number.isFinite(c.netLoss)) out.valLoss = r4(c.netLoss);
  if (Number.isFinite(c.baseLoss)) out.baseLoss = r4(c.baseLoss);
  return out;
}
