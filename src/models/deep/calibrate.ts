/**
 * Platt calibration of the deep families' binary heads on the validation tail (src/models/calibration.ts):
 * one map per head, fitted on the logit of the head's softmax P(up), each head's labels spanning its own
 * horizon (`hN` → N rows; otherwise the fit's `labelSpan`), so a thin or heavily overlapping tail gives the
 * no-opinion map instead of the net's own, often overconfident, probabilities.
 */
import { calibrateBinaryProba, fitPlatt, probabilityScore, type Platt } from '../calibration';
import type { Dataset } from '../types';
import { headLabels } from './prepare';

/**
 * Fits one Platt map per head on the validation rows.
 * @param heads head names (first = primary, whose labels may be `validation.y`)
 * @param validation the validation tail
 * @param proba uncalibrated `[n, 2]` softmax probabilities of a head on `validation`
 * @param labelSpan rows one label spans for heads not named `hN` (default 1)
 * @param where label for error messages
 * @returns the maps by head (heads without labelled rows left out)
 */
export async function fitHeadCalibration(
  heads: string[], validation: Dataset, proba: (head: string) => Promise<Float32Array>, labelSpan: number, where: string,
): Promise<Record<string, Platt>> {
  const out: Record<string, Platt> = {};
  for (const [i, head] of heads.entries()) {
    const y = headLabels(validation, head, i === 0, where);
    const p = await proba(head);
    const s = new Float64Array(y.length);
    for (let r = 0; r < s.length; r++) s[r] = probabilityScore(p[2 * r + 1]);
    const m = /^h(\d+)$/.exec(head);
    const platt = fitPlatt(s, y, { span: m ? Math.max(1, Number(m[1])) : labelSpan });
    if (platt) out[head] = platt;
  }
  return out;
}

/**
 * Applies a head's map to its `[n, 2]` probabilities in place (no-op without one).
 * @returns v
 */
export function calibrateHead(platts: Record<string, Platt>, head: string, v: Float32Array): Float32Array {
  return calibrateBinaryProba(platts[head], v);
}
