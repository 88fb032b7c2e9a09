/**
 * Glue between the prediction log and adaptive weighting: the experts of a logged prediction (model
 * probability + rule signals, stored in its `signals` as `p_<expert>`), the per-symbol weight history, and the
 * weights to use on a given day (learned only from outcomes dated strictly before it). With `horizon` set, only
 * that horizon's outcomes are learned from: an expert good at 1-day moves is not thereby good at 30-day ones,
 * and pooling lets the many short-horizon outcomes set the long-horizon weights.
 */
import { isoToDay } from '../util/dates';
import { SIGNAL_NAMES } from './signals';
import type { PredictionRecord } from './types';
import { uniformWeights, walkForwardWeights, type EgOptions, type WeightEvent, type WeightHistoryEntry } from './weights';

/** Experts in weight order: the model probability, then the rule signals. */
export const EXPERT_NAMES: string[] = ['model', ...SIGNAL_NAMES];

/**
 * Expert probabilities stored in a record's signals (`p_model`, `p_rsi`, …; missing = 0.5).
 * @returns number[] in {@link EXPERT_NAMES} order
 */
export function expertProbs(signals: Record<string, number>): number[] {
  return EXPERT_NAMES.map((k) => (Number.isFinite(signals[`p_${k}`]) ? signals[`p_${k}`] : 0.5));
}

/** Options of {@link weightsAsOf} and {@link weightHistoryFor}: EG settings and the horizon to learn from. */
export interface AdaptiveOptions extends EgOptions {
  /** Learn only from verified outcomes of this horizon (rows); undefined pools every horizon (the old behaviour). */
  horizon?: number;
}

function events(records: PredictionRecord[], horizon: number | undefined): WeightEvent[] {
  return records
    .filter((r) => r.status === 'verified' && r.actualDate !== undefined && r.actualChange !== undefined && (horizon === undefined || r.horizon === horizon))
    .map((r) => ({ id: r.id, day: isoToDay(r.madeOn), targetDay: isoToDay(r.actualDate as string), probs: expertProbs(r.signals), outcome: (r.actualChange as number) > 0 ? 1 : 0 }));
}

/**
 * The weight history of one symbol's log: one entry per verified outcome, in target-date order.
 * @param records the symbol's records (pending ones ignored; not modified)
 * @param options EG settings (see `egDefaults`); `horizon`: only that horizon's outcomes
 * @returns WeightHistoryEntry[] `{id, targetDay, weights}`
 */
export function weightHistoryFor(records: PredictionRecord[], options: AdaptiveOptions = {}): WeightHistoryEntry[] {
  const ev = events(records, options.horizon);
  if (ev.length === 0) return [];
  // one probe event after the last outcome makes walkForwardWeights apply every outcome in order
  const last = ev.reduce((m, e) => Math.max(m, e.targetDay), 0);
  const probe: WeightEvent = { id: '__probe__', day: last + 1, targetDay: last + 2, probs: ev[0].probs };
  return walkForwardWeights([...ev, probe], options).history;
}

/**
 * Weights to use for a prediction made on `day`: learned from the verified outcomes dated strictly before `day`
 * (outcome date < day), of the prediction's horizon when `horizon` is given.
 * @param records the symbol's records (not modified)
 * @param day prediction day (days since epoch)
 * @param options EG settings; `horizon`: learn only from that horizon's outcomes (pass the prediction's horizon)
 * @returns weights in {@link EXPERT_NAMES} order (uniform when nothing is known yet)
 */
export function weightsAsOf(records: PredictionRecord[], day: number, options: AdaptiveOptions = {}): number[] {
  const ev = events(records, options.horizon).filter((e) => e.targetDay < day);
  if (ev.length === 0) return Array.from(uniformWeights(EXPERT_NAMES.length));
  const probe: WeightEvent = { id: '__probe__', day, targetDay: day + 1, probs: ev[0].probs };
  return walkForwardWeights([...ev, probe], options).weights;
}
