/**
 * Retraining triggers and the retrain decision (seed 002 rules, seed 001 §6 triggers), configurable:
 * performance decay (rolling accuracy below a threshold, significant by an exact binomial test on the
 * non-overlapping outcomes only — see {@link decayTest}), model age,
 * data drift (PSI + KS on features) and prediction drift. Decay and drift retrain at once; otherwise fewer
 * than `minNewBars` new bars keep the model, and a model older than `maxAgeDays` is retrained.
 */
import { binomialTest } from '../evaluation/significance/binomial';
import { inputError } from '../util/errors';
import type { FeatureDriftReport } from './drift';
import type { PredictionRecord } from './types';

/** Options of {@link decideRetrain}. */
export interface RetrainRules {
  /** Fewer new bars than this since the model's training end → keep (seed 002: 100). */
  minNewBars?: number;
  /** Model older than this many days (calendar) → retrain (seed 002: 7). */
  maxAgeDays?: number;
  /** Rolling accuracy below this counts as decay (when significant). Default 0.5. */
  decayAccuracy?: number;
  /** Significance of the decay test: H0 accuracy = `decayBaseline`, H1 lower; p below this → decay. Default 0.05. */
  decayAlpha?: number;
  /** The accuracy the model is expected to reach (H0 of the decay test). Default 0.5 (chance). */
  decayBaseline?: number;
  /** Fewest verified predictions before decay is tested. Default 20. */
  minVerified?: number;
  /** Fewest non-overlapping outcomes (every h-th verified one) before decay is tested. Default 8 (as the paired tests' minimum windows). */
  minEffective?: number;
  /** Retrain when features drift. Default true. */
  onDrift?: boolean;
  /** Retrain when predictions drift. Default true. */
  onPredictionDrift?: boolean;
}

/** Defaults of {@link RetrainRules}. */
export const retrainRuleDefaults: Required<RetrainRules> = {
  minNewBars: 100,
  maxAgeDays: 7,
  decayAccuracy: 0.5,
  decayAlpha: 0.05,
  decayBaseline: 0.5,
  minVerified: 20,
  minEffective: 8,
  onDrift: true,
  onPredictionDrift: true,
};

/** What {@link decideRetrain} looks at. */
export interface RetrainInput {
  /** True when there is no model yet (always train). */
  noModel?: boolean;
  /** Bars stored after the model's training end. */
  newBars: number;
  /** Days since the model was trained. */
  ageDays: number;
  /**
   * Recent verified predictions of one horizon (e.g. the last 60): count and hits, the horizon h (default 1) and,
   * best, the hits themselves oldest first (see {@link recentOutcomes}), so the decay test can take every h-th.
   */
  recent?: { count: number; hits: number; horizon?: number; outcomes?: ArrayLike<boolean | number> };
  /** Feature drift report between the training window and recent data. */
  drift?: Pick<FeatureDriftReport, 'drifted' | 'reasons' | 'share'>;
  /** Prediction drift between the comparison window and recent predictions. */
  predictionDrift?: { drifted: boolean; psi: number; ksPValue: number };
}

/** A decision with its reasons (every rule that fired, or why nothing did). */
export interface RetrainDecision {
  retrain: boolean;
  /** Machine-readable trigger names that fired: no_model, decay, drift, prediction_drift, age. */
  triggers: string[];
  reasons: string[];
}

/** Result of {@link decayTest}. */
export interface DecayTestResult {
  decayed: boolean;
  /** Accuracy over all recent outcomes (descriptive). */
  accuracy: number;
  /** Non-overlapping outcomes tested, and their hits. */
  effectiveN: number;
  effectiveHits: number;
  /** One-sided exact binomial p-value of H1: accuracy < decayBaseline on the effective outcomes (1 when not tested). */
  pValue: number;
  reason: string;
}

/**
 * The decay test on effective samples. Consecutive h-day outcomes share h − 1 days, so only every h-th
 * verified outcome (counted back from the most recent; at least h trading days apart when predictions are
 * daily) enters an exact one-sided binomial test against `decayBaseline`. Without the hits themselves it
 * uses ⌊count/h⌋ trials with round(accuracy · ⌊count/h⌋) hits. Decay needs the rolling accuracy below
 * `decayAccuracy`, p < `decayAlpha`, and at least `minEffective` effective outcomes.
 * @param recent count, hits, horizon (1), outcomes (hits oldest first; optional)
 * @param rules decayAccuracy (0.5), decayAlpha (0.05), decayBaseline (0.5), minEffective (8)
 * @returns {decayed, accuracy, effectiveN, effectiveHits, pValue, reason}
 */
export function decayTest(recent: NonNullable<RetrainInput['recent']>, rules: RetrainRules = {}): DecayTestResult {
  const r = { ...retrainRuleDefaults, ...rules };
  const h = recent.horizon ?? 1;
  if (!Number.isInteger(h) || h < 1) throw inputError({ key: 'recent.horizon' }, 'an integer >= 1 (rows)', String(h));
  const o = recent.outcomes;
  if (o && o.length !== recent.count) throw inputError({ key: 'recent.outcomes' }, `${recent.count} outcomes (recent.count)`, String(o.length));
  const accuracy = recent.count ? recent.hits / recent.count : NaN;
  let n = 0;
  let k = 0;
  if (o) {
    for (let i = o.length - 1; i >= 0; i -= h) {
      n++;
      if (o[i] === true || o[i] === 1) k++;
    }
  } else {
    n = Math.floor(recent.count / h);
    k = Math.round(accuracy * n);
  }
  const over = `rolling accuracy ${accuracy.toFixed(3)} over ${recent.count}${h > 1 ? ` (${n} non-overlapping ${h}-day outcomes, ${k} hits)` : ''}`;
  if (n < r.minEffective) {
    return { decayed: false, accuracy, effectiveN: n, effectiveHits: k, pValue: 1, reason: `decay not tested: ${over}; fewer than ${r.minEffective} independent outcomes` };
  }
  const p = binomialTest(k, n, r.decayBaseline, { alternative: 'less' }).pValue;
  const decayed = accuracy < r.decayAccuracy && p < r.decayAlpha;
  const reason = decayed
    ? `performance decay: ${over} < ${r.decayAccuracy}, binomial p ${p.toPrecision(3)} < ${r.decayAlpha}`
    : `no significant decay: ${over} (binomial p ${p.toPrecision(3)})`;
  return { decayed, accuracy, effectiveN: n, effectiveHits: k, pValue: p, reason };
}

/**
 * The `recent` input of {@link decideRetrain} from a prediction log: the last `last` verified predictions of
 * one horizon, oldest first, with their hits.
 * @param records prediction records (any symbols/horizons/order; filter the symbol first)
 * @param horizon the horizon h to keep
 * @param last how many of the most recent to keep; default 60
 * @returns {count, hits, horizon, outcomes}
 */
export function recentOutcomes(records: PredictionRecord[], horizon: number, last = 60): { count: number; hits: number; horizon: number; outcomes: boolean[] } {
  const kept = records
    .filter((x) => x.status === 'verified' && x.horizon === horizon)
    .sort((a, b) => (a.madeOn < b.madeOn ? -1 : a.madeOn > b.madeOn ? 1 : 0))
    .slice(-last);
  const outcomes = kept.map((x) => x.hit === true);
  return { count: outcomes.length, hits: outcomes.filter(Boolean).length, horizon, outcomes };
}

/**
 * Decides whether to retrain.
 * @param input counts, age, recent accuracy, drift reports
 * @param rules thresholds (see {@link retrainRuleDefaults})
 * @returns `{retrain, triggers, reasons}`
 */
export function decideRetrain(input: RetrainInput, rules: RetrainRules = {}): RetrainDecision {
  const r = { ...retrainRuleDefaults, ...rules };
  const triggers: string[] = [];
  const reasons: string[] = [];
  if (input.noModel) return { retrain: true, triggers: ['no_model'], reasons: ['no model yet: train one'] };
  if (input.recent && input.recent.count >= r.minVerified) {
    const t = decayTest(input.recent, r);
    if (t.decayed) triggers.push('decay');
    reasons.push(t.reason);
  }
  if (r.onDrift && input.drift?.drifted) {
    triggers.push('drift');
    reasons.push(`data drift in ${(100 * input.drift.share).toFixed(0)} % of features: ${input.drift.reasons.slice(0, 3).join('; ')}`);
  }
  if (r.onPredictionDrift && input.predictionDrift?.drifted) {
    triggers.push('prediction_drift');
    reasons.push(`prediction drift: PSI ${input.predictionDrift.psi.toFixed(3)}, KS p ${input.predictionDrift.ksPValue.toExponential(2)}`);
  }
  if (triggers.length === 0) {
    if (input.newBars < r.minNewBars) {
      reasons.push(`keep: ${input.newBars} new bars < ${r.minNewBars}`);
    } else if (input.ageDays > r.maxAgeDays) {
      triggers.push('age');
      reasons.push(`model is ${input.ageDays.toFixed(1)} days old > ${r.maxAgeDays} with ${input.newBars} new bars`);
    } else {
      reasons.push(`keep: model is ${input.ageDays.toFixed(1)} days old <= ${r.maxAgeDays}`);
    }
  }
  return { retrain: triggers.length > 0, triggers, reasons };
}
