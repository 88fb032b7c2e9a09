/**
 * The promotion decision of live retraining: should a candidate model replace Production, judged on the
 * same recent out-of-sample rows? Overlapping h-day outcomes are thinned to non-overlapping ones first
 * (every h-th row, counted back from the most recent), so the test sees independent pairs; then a paired
 * test on those pairs. Two documented rules:
 * - `superior` (default): promote only when the candidate is significantly more accurate — exact one-sided
 *   McNemar on the thinned pairs, p < alpha. Needs at least 5 discordant pairs in the candidate's favour.
 * - `non-inferior`: promote when, on at least `minEffective` thinned pairs, the hypothesis "the candidate is
 *   worse by `margin` or more" is rejected (one-sided t on the paired hit differences, t(m − 1)); a
 *   significantly better candidate is promoted under this rule too.
 * Too few pairs never promote: keeping Production is the default when the data cannot tell.
 */
import { inputError, show } from '../../util/errors';
import { checkInt, checkRange } from '../check';
import { binomialSfAtLeast, studentTCdf } from '../distributions';

/** Input and options of {@link promotionTest}. */
export interface PromotionTestOptions {
  /** Production's hits (1/true = right, 0/false = wrong) on the comparison rows, oldest first. */
  production: ArrayLike<number | boolean>;
  /** The candidate's hits on the same rows, same order and length. */
  candidate: ArrayLike<number | boolean>;
  /** Label horizon h in rows (consecutive rows' h-day outcomes overlap). */
  horizon: number;
  /** `superior` (default) or `non-inferior`. */
  rule?: 'superior' | 'non-inferior';
  /** Significance level; default 0.05. */
  alpha?: number;
  /** `non-inferior`: fewest thinned pairs before a candidate can be promoted; default 30. */
  minEffective?: number;
  /** `non-inferior`: accuracy loss still counted as "not worse", in [0, 1); default 0.02. */
  margin?: number;
}

/** Defaults of {@link PromotionTestOptions}. */
export const promotionTestDefaults = { rule: 'superior', alpha: 0.05, minEffective: 30, margin: 0.02 } as const;

/** The decision of {@link promotionTest}. */
export interface PromotionDecision {
  promote: boolean;
  /** p-value of the rule's test (1 when no test could run). */
  pValue: number;
  /** Thinned, non-overlapping pairs the test used: ⌈n / h⌉. */
  effectiveN: number;
  rule: 'superior' | 'non-inferior';
  /** Accuracies on the thinned pairs. */
  productionAccuracy: number;
  candidateAccuracy: number;
  /** Thinned pairs where only the candidate / only Production is right. */
  candidateOnly: number;
  productionOnly: number;
  /** One line for the decision log. */
  reason: string;
}

function hit(fn: string, name: string, v: number | boolean, i: number): number {
  if (v === true || v === 1) return 1;
  if (v === false || v === 0) return 0;
  throw inputError({ key: `${fn}(${name})[${i}]` }, 'a hit: 1/true or 0/false', show(v));
}

/**
 * Paired promotion test on effective (non-overlapping) samples.
 * @param options production and candidate hits on the same rows (oldest first), horizon h, rule (`superior`),
 *   alpha (0.05), minEffective (30, non-inferior), margin (0.02, non-inferior)
 * @returns {promote, pValue, effectiveN, rule, productionAccuracy, candidateAccuracy, candidateOnly, productionOnly, reason}
 */
export function promotionTest(options: PromotionTestOptions): PromotionDecision {
  const fn = 'promotionTest';
  const { production, candidate, horizon: h } = options;
  if (!production || !candidate || production.length !== candidate.length) {
    throw inputError({ key: `${fn}(candidate)` }, `as many hits as production (${production?.length})`, show(candidate?.length));
  }
  checkInt(fn, 'horizon', h, 1);
  const rule = options.rule ?? promotionTestDefaults.rule;
  if (rule !== 'superior' && rule !== 'non-inferior') throw inputError({ key: `${fn}(rule)` }, '`superior` or `non-inferior`', show(rule));
  const alpha = options.alpha ?? promotionTestDefaults.alpha;
  checkRange(fn, 'alpha', alpha, 0, 1, 'both');
  const minEffective = options.minEffective ?? promotionTestDefaults.minEffective;
  checkInt(fn, 'minEffective', minEffective, 1);
  const margin = options.margin ?? promotionTestDefaults.margin;
  checkRange(fn, 'margin', margin, 0, 1, 'hi');
  const n = production.length;
  let m = 0;
  let okP = 0;
  let okC = 0;
  let b = 0; // candidate only
  let c = 0; // production only
  for (let i = n - 1; i >= 0; i -= h) {
    const p = hit(fn, 'production', production[i], i);
    const q = hit(fn, 'candidate', candidate[i], i);
    m++;
    okP += p;
    okC += q;
    if (q > p) b++;
    else if (p > q) c++;
  }
  const accP = m ? okP / m : NaN;
  const accC = m ? okC / m : NaN;
  const base = { effectiveN: m, rule, productionAccuracy: accP, candidateAccuracy: accC, candidateOnly: b, productionOnly: c };
  const pct = (v: number): string => `${(100 * v).toFixed(1)} %`;
  const on = `on ${m} non-overlapping ${h}-day outcomes (${h === 1 ? 'all' : `every ${h}th of`} ${n} rows): candidate ${pct(accC)} vs Production ${pct(accP)}`;
  if (m === 0) return { ...base, promote: false, pValue: 1, reason: 'no comparison rows: keep Production' };
  const pSup = b + c === 0 ? 1 : binomialSfAtLeast(b, b + c, 0.5);
  if (pSup < alpha) return { ...base, promote: true, pValue: pSup, reason: `candidate significantly better ${on}, exact McNemar p = ${pSup.toPrecision(3)} < ${alpha}: promote` };
  if (rule === 'superior') {
    return { ...base, promote: false, pValue: pSup, reason: `candidate not significantly better ${on}, exact McNemar p = ${pSup.toPrecision(3)} >= ${alpha}: keep Production` };
  }
  if (m < Math.max(2, minEffective)) {
    return { ...base, promote: false, pValue: 1, reason: `too few independent outcomes for non-inferiority: ${m} < ${minEffective} ${on}: keep Production` };
  }
  // H0: E[d] <= −margin, d = candidate hit − production hit ∈ {−1, 0, 1}; one-sided t on m pairs
  const mean = (b - c) / m;
  const ss = b * (1 - mean) ** 2 + c * (-1 - mean) ** 2 + (m - b - c) * mean * mean;
  const sd = Math.sqrt(ss / (m - 1));
  const pNi = sd > 0 ? 1 - studentTCdf((mean + margin) / (sd / Math.sqrt(m)), m - 1) : mean + margin > 0 ? 0 : 1;
  const promote = pNi < alpha;
  const verdict = promote ? `not worse by ${pct(margin)} or more (p = ${pNi.toPrecision(3)} < ${alpha}): promote` : `cannot rule out a loss of ${pct(margin)} or more (p = ${pNi.toPrecision(3)}): keep Production`;
  return { ...base, promote, pValue: pNi, reason: `candidate ${verdict} ${on}` };
}
