/**
 * Reliability diagrams of a run for the dashboard: per horizon, one figure (`reliabilityFigure`) with every
 * binary entry of results.json that carries `calibration`, and beside it each entry's accuracy, log loss,
 * Brier score and ECE. results.json is read as untrusted JSON: malformed bins are left out, not drawn.
 */
import type { ReliabilityBin } from '../evaluation/metrics/probabilistic';
import { reliabilityFigure, type ReliabilityInput } from '../viz/reliability';
import type { Figure } from '../viz/figure';

/** One scored entry of a horizon. */
export interface ReliabilityEntry {
  mode: string;
  model: string;
  n: number;
  ece: number;
  /** ECE a calibrated model shows on these rows from noise alone (null in files without it). */
  eceNoise: number | null;
  accuracy: number | null;
  logLoss: number | null;
  brier: number | null;
}

/** The reliability view of a run. */
export interface ReliabilityView {
  runId: string;
  /** Horizons (ascending) with at least one entry that has calibration bins. */
  horizons: Array<{ horizon: number; entries: ReliabilityEntry[]; figure: Figure }>;
  /** What a coin (P(up) = 0.5) scores: the reference for log loss and Brier. */
  coin: { logLoss: number; brier: number };
  note: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function binOf(v: unknown): ReliabilityBin | null {
  if (!isObj(v)) return null;
  const ci = Array.isArray(v.observedCI) ? v.observedCI.map(num) : [];
  const [lo, hi, count, meanPredicted, observed] = [v.lo, v.hi, v.count, v.meanPredicted, v.observed].map(num);
  if (lo === null || hi === null || count === null || meanPredicted === null || observed === null || ci.length !== 2 || ci[0] === null || ci[1] === null) return null;
  return { lo, hi, count, meanPredicted, observed, observedCI: [ci[0], ci[1]] };
}

/**
 * Builds the reliability view of a results.json document.
 * @param runId the run's id
 * @param results the parsed results.json (entries without `calibration`, e.g. older files or ternary runs, are skipped)
 * @returns ReliabilityView (empty `horizons` when no entry has calibration bins)
 */
export function reliabilityView(runId: string, results: unknown): ReliabilityView {
  const byH = new Map<number, { entries: ReliabilityEntry[]; inputs: ReliabilityInput[] }>();
  const modes = isObj(results) && isObj(results.modes) ? results.modes : {};
  for (const mode of Object.keys(modes).sort()) {
    const hs = isObj(modes[mode]) ? (modes[mode] as Obj).horizons : undefined;
    if (!isObj(hs)) continue;
    for (const [h, byModel] of Object.entries(hs)) {
      if (!isObj(byModel)) continue;
      for (const [model, e] of Object.entries(byModel)) {
        const cal = isObj(e) && isObj(e.calibration) ? e.calibration : undefined;
        const bins = cal && Array.isArray(cal.bins) ? cal.bins.map(binOf) : [];
        const ece = cal ? num(cal.ece) : null;
        const n = cal ? num(cal.n) : null;
        if (!isObj(e) || bins.length === 0 || bins.some((b) => b === null) || ece === null || n === null) continue;
        const metrics = isObj(e.metrics) ? e.metrics : {};
        const slot = byH.get(Number(h)) ?? { entries: [], inputs: [] };
        byH.set(Number(h), slot);
        const eceNoise = num(cal?.eceNoise);
        slot.entries.push({ mode, model, n, ece, eceNoise, accuracy: num(e.accuracy), logLoss: num(metrics.logLoss), brier: num(metrics.brier) });
        slot.inputs.push({ name: `${mode} · ${model}`, reliability: { bins: bins as ReliabilityBin[], ece, n, ...(eceNoise === null ? {} : { eceNoise }) } });
      }
    }
  }
  const horizons = [...byH.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([horizon, s]) => ({ horizon, entries: s.entries, figure: reliabilityFigure(s.inputs, { title: `Reliability of P(up), h = ${horizon} (out of sample, 95 % Wilson intervals)` }) }));
  return {
    runId,
    horizons,
    coin: { logLoss: Math.LN2, brier: 0.25 },
    note: 'Points on the diagonal: the predicted probabilities match the observed frequency of up. ECE = row-weighted mean distance to the diagonal; "noise" = the ECE a perfectly calibrated model would show on the same rows by chance (independent rows assumed). Log loss and Brier: lower is better; a coin (P(up) = 0.5) scores 0.693 and 0.250.',
  };
}
