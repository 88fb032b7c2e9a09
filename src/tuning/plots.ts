/**
 * Plot data for notebooks (plain series; the chart builders live in `src/viz`): optimisation history,
 * parameter importance (fANOVA-lite main effects) and parallel coordinates.
 */
import type { SearchSpace } from './space';
import { better, type Direction, type FrozenTrial } from './types';

/** Series of {@link optimizationHistory}. */
export interface OptimizationHistory {
  /** Trial numbers of COMPLETE trials, ascending. */
  number: number[];
  /** Their objective values. */
  value: number[];
  /** Best value so far after each of them. */
  best: number[];
}

/**
 * The objective value of each COMPLETE trial and the running best.
 * @param trials study trials (any order, not modified)
 * @param direction optimisation direction
 */
export function optimizationHistory(trials: readonly FrozenTrial[], direction: Direction): OptimizationHistory {
  const done = trials.filter((t) => t.state === 'COMPLETE' && t.value !== undefined).sort((a, b) => a.number - b.number);
  const out: OptimizationHistory = { number: [], value: [], best: [] };
  let best = NaN;
  for (const t of done) {
    if (Number.isNaN(best) || better(t.value!, best, direction)) best = t.value!;
    out.number.push(t.number);
    out.value.push(t.value!);
    out.best.push(best);
  }
  return out;
}

/** Options of {@link paramImportance}. */
export interface ParamImportanceOptions {
  /** Quantile bins per numeric parameter. Default 5 (fewer when there are fewer distinct values). */
  bins?: number;
}

/**
 * fANOVA-lite: for each parameter, the share of the objective's variance explained by that parameter alone
 * (between-group variance of the values grouped by category or by quantile bin of the parameter, over
 * the total variance), normalised to sum to 1. Uses COMPLETE trials only.
 * @param trials study trials
 * @param space the search space (decides categorical vs numeric)
 * @param options `bins` (default 5)
 * @returns importance per parameter, sorted descending (all 0 when the values do not vary)
 */
export function paramImportance(trials: readonly FrozenTrial[], space: SearchSpace, options: ParamImportanceOptions = {}): { param: string; importance: number }[] {
  const bins = options.bins ?? 5;
  const done = trials.filter((t) => t.state === 'COMPLETE' && t.value !== undefined && Number.isFinite(t.value));
  const ys = done.map((t) => t.value!);
  const mean = ys.reduce((a, b) => a + b, 0) / Math.max(1, ys.length);
  const total = ys.reduce((a, y) => a + (y - mean) ** 2, 0);
  const raw: { param: string; importance: number }[] = [];
  for (const name of Object.keys(space).sort()) {
    const rows = done.filter((t) => name in t.params);
    const groups = new Map<string, number[]>();
    if (space[name].type === 'categorical') {
      for (const t of rows) groups.set(String(t.params[name]), [...(groups.get(String(t.params[name])) ?? []), t.value!]);
    } else {
      const sorted = [...rows].sort((a, b) => (a.params[name] as number) - (b.params[name] as number));
      const k = Math.max(1, Math.min(bins, sorted.length));
      sorted.forEach((t, i) => {
        const g = String(Math.floor((i * k) / sorted.length));
        groups.set(g, [...(groups.get(g) ?? []), t.value!]);
      });
    }
    let between = 0;
    for (const vals of groups.values()) {
      const m = vals.reduce((a, b) => a + b, 0) / vals.length;
      between += vals.length * (m - mean) ** 2;
    }
    raw.push({ param: name, importance: total > 0 ? between / total : 0 });
  }
  const sum = raw.reduce((a, r) => a + r.importance, 0);
  return raw.map((r) => ({ param: r.param, importance: sum > 0 ? r.importance / sum : 0 })).sort((a, b) => b.importance - a.importance || a.param.localeCompare(b.param));
}

/** One axis of a parallel-coordinates chart. */
export interface ParallelAxis {
  label: string;
  /** Numeric values per trial (categorical parameters: the index of the choice). */
  values: number[];
  /** Tick labels for categorical axes (choice text by index). */
  ticktext?: string[];
}

/**
 * Parallel-coordinates data: one axis per parameter plus the objective, one line per COMPLETE trial.
 * @param trials study trials
 * @param space the search space
 * @returns `{axes, trialNumbers}`; the last axis is `objective`
 */
export function parallelCoordinates(trials: readonly FrozenTrial[], space: SearchSpace): { axes: ParallelAxis[]; trialNumbers: number[] } {
  const done = trials.filter((t) => t.state === 'COMPLETE' && t.value !== undefined).sort((a, b) => a.number - b.number);
  const axes: ParallelAxis[] = [];
  for (const name of Object.keys(space).sort()) {
    const spec = space[name];
    if (spec.type === 'categorical') {
      axes.push({ label: name, values: done.map((t) => spec.choices.indexOf(t.params[name])), ticktext: spec.choices.map(String) });
    } else {
      axes.push({ label: name, values: done.map((t) => (name in t.params ? (t.params[name] as number) : NaN)) });
    }
  }
  axes.push({ label: 'objective', values: done.map((t) => t.value!) });
  return { axes, trialNumbers: done.map((t) => t.number) };
}
