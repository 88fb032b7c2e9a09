/**
 * Retraining triggers and the retrain decision (seed 002 rules, seed 001 §6 triggers), configurable:
 * performance decay (rolling accuracy below a threshold, significant by an exact binomial test), model age,
 * data drift (PSI + KS on features) and prediction drift. Decay and drift retrain at once; otherwise fewer
 * than `minNewBars` new bars keep the model, and a model older than `maxAgeDays` is retrained.
 */
import { binomialTest } from '../evaluation/significance/binomial';
import type { FeatureDriftReport } from './drift';

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
  /** Recent verified predictions: count and hits (e.g. the last 60). */
  recent?: { count: number; hits: number };
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
    const acc = input.recent.hits / input.recent.count;
    const p = binomialTest(input.recent.hits, input.recent.count, r.decayBaseline, { alternative: 'less' }).pValue;
    if (acc < r.decayAccuracy && p < r.decayAlpha) {
      triggers.push('decay');
      reasons.push(`performance decay: rolling accuracy ${acc.toFixed(3)} over ${input.recent.count} < ${r.decayAccuracy}, binomial p ${p.toPrecision(3)} < ${r.decayAlpha}`);
    } else {
      reasons.push(`no significant decay: rolling accuracy ${acc.toFixed(3)} over ${input.recent.count} (binomial p ${p.toPrecision(3)})`);
    }
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
