/**
 * Side-by-side comparison table of one or two runs' results.json (progressive vs unified per horizon and
 * model): accuracy with CI, the baseline, p-value vs the majority rate, training time, model size, target met.
 */
import { targetVerdict } from '../evaluation/significance/summary';
import { inputError } from '../util/errors';

/** The per-model metrics a results.json holds under `modes.<mode>.horizons.<h>.<model>`. */
export interface CompareCell {
  accuracy: number | null;
  accuracyCI: [number, number] | null;
  baselineAccuracy: number | null;
  pValue: number | null;
  nTest: number | null;
  sharpe: number | null;
  trainMs: number | null;
  modelBytes: number | null;
  targetAccuracy: number | null;
  /** Met beyond sampling noise and not below the majority baseline (re-judged by `targetVerdict`, also for old files). */
  targetMet: boolean | null;
  /** `met`, `baseline-higher`, `point-only`, `not-met` or `no-target` (null without an accuracy). */
  targetStatus: string | null;
  /** Out-of-sample log loss (nats) and Brier score of binary P(up) (a coin: 0.693 and 0.25); null when absent. */
  logLoss: number | null;
  brier: number | null;
  /** Expected calibration error of `calibration` (results.json), null when absent. */
  ece: number | null;
}

/** One column of the table: a mode of a run. */
export interface CompareColumn {
  runId: string;
  mode: string;
  /** e.g. `run-1 · progressive`. */
  label: string;
}

/** One row: a horizon and model, one cell per column (null where the column lacks it). */
export interface CompareRow {
  horizon: number;
  model: string;
  cells: Array<CompareCell | null>;
  /** Column index with the highest accuracy (descriptive only: it is not a significance claim). */
  best: number | null;
}

/** The comparison table. */
export interface ComparisonTable {
  runIds: string[];
  columns: CompareColumn[];
  rows: CompareRow[];
  /** Per column: summed training time (ms) and model size (bytes) over its rows. */
  totals: Array<{ trainMs: number; modelBytes: number }>;
  note: string;
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function cellOf(v: unknown): CompareCell | null {
  if (!isObj(v)) return null;
  const ci = Array.isArray(v.accuracyCI) && v.accuracyCI.length === 2 && v.accuracyCI.every((x) => typeof x === 'number') ? (v.accuracyCI as [number, number]) : null;
  const cell: CompareCell = {
    accuracy: num(v.accuracy),
    accuracyCI: ci,
    baselineAccuracy: num(v.baselineAccuracy),
    pValue: num(v.pValue),
    nTest: num(v.nTest),
    sharpe: num(v.sharpe),
    trainMs: num(v.trainMs),
    modelBytes: num(v.modelBytes),
    targetAccuracy: num(v.targetAccuracy),
    targetMet: null,
    targetStatus: null,
    logLoss: isObj(v.metrics) ? num(v.metrics.logLoss) : null,
    brier: isObj(v.metrics) ? num(v.metrics.brier) : null,
    ece: isObj(v.calibration) ? num(v.calibration.ece) : null,
  };
  const acc = cell.accuracy;
  if (acc !== null) {
    const verdict = targetVerdict({ accuracy: acc, accuracyCI: cell.accuracyCI, baselineAccuracy: cell.baselineAccuracy, targetAccuracy: cell.targetAccuracy });
    cell.targetMet = typeof v.targetMet === 'boolean' ? v.targetMet && verdict.met : verdict.met;
    cell.targetStatus = verdict.status;
  } else if (typeof v.targetMet === 'boolean') cell.targetMet = false;
  return cell;
}

/**
 * Builds the comparison table from results.json objects.
 * @param runs one or two `{runId, results}`; every mode found in each run's `modes` becomes a column
 * @returns columns (run × mode), rows (horizon × model, sorted by horizon then model) and per-column totals
 * @throws InputError when a results object has no `modes`
 */
export function comparisonTable(runs: Array<{ runId: string; results: unknown }>): ComparisonTable {
  const columns: CompareColumn[] = [];
  const modeData: Obj[] = [];
  for (const { runId, results } of runs) {
    const modes = isObj(results) ? results.modes : undefined;
    if (!isObj(modes)) throw inputError({ key: 'runIds', file: runId }, 'a run whose results.json has `modes`', 'none');
    for (const mode of Object.keys(modes).sort()) {
      const m = modes[mode];
      if (!isObj(m) || !isObj(m.horizons)) continue;
      columns.push({ runId, mode, label: runs.length > 1 ? `${runId} · ${mode}` : mode });
      modeData.push(m.horizons);
    }
  }
  const keys = new Map<string, { horizon: number; model: string }>();
  for (const hs of modeData) {
    for (const h of Object.keys(hs)) {
      const byModel = hs[h];
      if (!isObj(byModel)) continue;
      for (const model of Object.keys(byModel)) keys.set(`${h}\u0000${model}`, { horizon: Number(h), model });
    }
  }
  const rows: CompareRow[] = [...keys.values()]
    .sort((a, b) => a.horizon - b.horizon || (a.model < b.model ? -1 : a.model > b.model ? 1 : 0))
    .map(({ horizon, model }) => {
      const cells = modeData.map((hs) => {
        const byModel = hs[String(horizon)];
        return isObj(byModel) ? cellOf(byModel[model]) : null;
      });
      let best: number | null = null;
      cells.forEach((c, i) => {
        if (c?.accuracy != null && (best === null || c.accuracy > (cells[best]?.accuracy ?? -1))) best = i;
      });
      return { horizon, model, cells, best };
    });
  const totals = columns.map((_, i) => ({
    trainMs: rows.reduce((s, r) => s + (r.cells[i]?.trainMs ?? 0), 0),
    modelBytes: rows.reduce((s, r) => s + (r.cells[i]?.modelBytes ?? 0), 0),
  }));
  return {
    runIds: runs.map((r) => r.runId),
    columns,
    rows,
    totals,
    note: 'Accuracy is out-of-sample direction accuracy with its CI; pValue tests it against the majority-class rate. A higher accuracy in one column is not a significant difference without a paired test (see `workbench compare`).',
  };
}
