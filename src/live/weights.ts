/**
 * Adaptive weighting of experts (model probability, rule signals) by exponentiated gradient (Hedge with a
 * fixed-share floor), learned walk-forward: the weights used for a prediction made on day t were updated
 * only with outcomes whose target day is strictly before t (known at t's decision time).
 */
import { inputError } from '../util/errors';

/** Options of {@link egUpdate} and {@link walkForwardWeights}. */
export interface EgOptions {
  /** Learning rate η of exp(−η·loss). Default 2. */
  eta?: number;
  /** Fixed-share mixing with the uniform weights after each update, in [0, 1). Default 0.01. */
  share?: number;
}

/** Defaults of {@link EgOptions}. */
export const egDefaults: Required<EgOptions> = { eta: 2, share: 0.01 };

/**
 * Uniform weights.
 * @param k number of experts (>= 1)
 * @returns Float64Array of k values 1/k
 */
export function uniformWeights(k: number): Float64Array {
  if (!Number.isInteger(k) || k < 1) throw inputError({ key: 'experts' }, 'an integer >= 1', String(k));
  return new Float64Array(k).fill(1 / k);
}

/**
 * Combined probability Σ w_i p_i.
 * @param weights weights (sum 1)
 * @param probs expert probabilities of "up", same length
 * @returns probability in [0, 1]
 */
export function combine(weights: ArrayLike<number>, probs: ArrayLike<number>): number {
  if (weights.length !== probs.length) throw inputError({ key: 'probs' }, `${weights.length} expert probabilities`, `${probs.length}`);
  let s = 0;
  for (let i = 0; i < weights.length; i++) s += weights[i] * probs[i];
  return s;
}

/**
 * One exponentiated-gradient step with the squared loss (p_i − y)² of each expert, then fixed-share mixing.
 * @param weights current weights (not modified)
 * @param probs each expert's probability of "up" for the verified prediction
 * @param outcome 1 if the move was up, 0 otherwise
 * @param options eta (default 2), share (default 0.01)
 * @returns new weights (Float64Array, sum 1)
 */
export function egUpdate(weights: ArrayLike<number>, probs: ArrayLike<number>, outcome: number, options: EgOptions = {}): Float64Array {
  const o = { ...egDefaults, ...options };
  if (outcome !== 0 && outcome !== 1) throw inputError({ key: 'outcome' }, '0 or 1', String(outcome));
  const k = weights.length;
  if (probs.length !== k) throw inputError({ key: 'probs' }, `${k} expert probabilities`, `${probs.length}`);
  const w = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < k; i++) {
    const p = Number.isFinite(probs[i]) ? probs[i] : 0.5;
    const loss = (p - outcome) * (p - outcome);
    w[i] = weights[i] * Math.exp(-o.eta * loss);
    total += w[i];
  }
  for (let i = 0; i < k; i++) w[i] = (1 - o.share) * (w[i] / total) + o.share / k;
  return w;
}

/** One prediction seen by {@link walkForwardWeights}. */
export interface WeightEvent {
  /** Identifier copied to the output (e.g. the prediction id). */
  id: string | number;
  /** Day the prediction was made (days since epoch). */
  day: number;
  /** Day its outcome becomes known (target day, > day). */
  targetDay: number;
  /** Each expert's probability of "up". */
  probs: ArrayLike<number>;
  /** 1 up / 0 not up once verified; undefined while pending. */
  outcome?: number;
}

/** Output of {@link walkForwardWeights}, one per event in input order. */
export interface WeightedPrediction {
  id: string | number;
  day: number;
  /** Weights used for this prediction. */
  weights: number[];
  /** Combined probability of "up". */
  prob: number;
  /** Number of outcomes learned before this prediction: the first `learnedCount` entries of the history (all with targetDay < day). */
  learnedCount: number;
}

/** One step of the weight history. */
export interface WeightHistoryEntry {
  /** Outcome applied (event id) and the day it became known. */
  id: string | number;
  targetDay: number;
  /** Weights after the update. */
  weights: number[];
}

/**
 * Replays events in time order: before the predictions of day t it applies every outcome with
 * targetDay < t (in targetDay order), never one dated on or after t.
 * @param events predictions with expert probabilities and (when known) outcomes; not modified
 * @param options eta, share (see {@link egDefaults}); `initial` weights (default uniform)
 * @returns `{predictions}` (in input order) and the weight `history` (one entry per applied outcome) and final `weights`
 */
export function walkForwardWeights(
  events: WeightEvent[],
  options: EgOptions & { initial?: ArrayLike<number> } = {},
): { predictions: WeightedPrediction[]; history: WeightHistoryEntry[]; weights: number[] } {
  if (events.length === 0) return { predictions: [], history: [], weights: options.initial ? Array.from(options.initial) : [] };
  const k = events[0].probs.length;
  for (const e of events) {
    if (e.probs.length !== k) throw inputError({ key: `events[${e.id}].probs` }, `${k} expert probabilities`, `${e.probs.length}`);
    if (!(e.targetDay > e.day)) throw inputError({ key: `events[${e.id}].targetDay` }, `a target day after the prediction day ${e.day}`, String(e.targetDay));
  }
  let w = options.initial ? Float64Array.from(options.initial) : uniformWeights(k);
  const byDay = events.map((_e, i) => i).sort((a, b) => events[a].day - events[b].day || a - b);
  const outcomes = events
    .map((_e, i) => i)
    .filter((i) => events[i].outcome !== undefined && Number.isFinite(events[i].outcome))
    .sort((a, b) => events[a].targetDay - events[b].targetDay || a - b);
  const out: WeightedPrediction[] = new Array(events.length);
  const history: WeightHistoryEntry[] = [];
  let next = 0;
  for (const i of byDay) {
    const e = events[i];
    while (next < outcomes.length && events[outcomes[next]].targetDay < e.day) {
      const u = events[outcomes[next]];
      w = egUpdate(w, u.probs, u.outcome as number, options);
      history.push({ id: u.id, targetDay: u.targetDay, weights: Array.from(w) });
      next++;
    }
    out[i] = { id: e.id, day: e.day, weights: Array.from(w), prob: combine(w, e.probs), learnedCount: history.length };
  }
  return { predictions: out, history, weights: Array.from(w) };
}
