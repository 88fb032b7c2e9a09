/**
 * Reproducing a run: train again from the config recorded in its results.json, on data whose sha256 must
 * equal the recorded one, with the same seed, into a new run id; then compare every accuracy, pValue and
 * sharpe with the original (bit-for-bit on the same backend).
 */
import { intradaySourceOptions } from '../data/intraday/source';
import * as fs from 'fs';
import * as path from 'path';
import { parseConfig } from '../config/load';
import type { Bars } from '../data/bars';
import type { TrainProgress } from '../models/types';
import { checkRunId, runDir } from '../training/checkpoint';
import type { RunResults } from '../training/report';
import { trainRun, type RunOutcome } from '../training/run';
import { barsSha256, resolveDataSource } from '../training/source';
import { inputError } from '../util/errors';

/** The metrics compared by {@link compareRunResults}, per mode/horizon/model. */
export const REPRODUCED_METRICS = ['accuracy', 'pValue', 'sharpe'] as const;

/** One compared value. */
export interface ResultComparison {
  /** `<mode>.h<h>.<model>.<metric>`, e.g. `progressive.h1.gbdt.accuracy`. */
  key: string;
  original: number | null;
  reproduced: number | null;
  /** true when both are the same number (bit-for-bit; null equals null). */
  same: boolean;
}

const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

/**
 * Compares every accuracy, pValue and sharpe of two results.json documents (entries missing on one side
 * compare as null).
 * @param original results of the original run
 * @param reproduced results of the reproduction
 * @returns one row per (mode, horizon, model, metric), sorted by key
 */
export function compareRunResults(original: RunResults, reproduced: RunResults): ResultComparison[] {
  const rows = new Map<string, ResultComparison>();
  const visit = (r: RunResults, side: 'original' | 'reproduced'): void => {
    for (const [mode, m] of Object.entries(r.modes ?? {})) {
      for (const [h, byModel] of Object.entries(m?.horizons ?? {})) {
        for (const [model, e] of Object.entries(byModel ?? {})) {
          for (const metric of REPRODUCED_METRICS) {
            const key = `${mode}.h${h}.${model}.${metric}`;
            const row = rows.get(key) ?? { key, original: null, reproduced: null, same: false };
            row[side] = num((e as unknown as Record<string, unknown>)[metric]);
            rows.set(key, row);
          }
        }
      }
    }
  };
  visit(original, 'original');
  visit(reproduced, 'reproduced');
  const out = [...rows.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const r of out) r.same = r.original === null ? r.reproduced === null : r.reproduced !== null && Object.is(r.original, r.reproduced);
  return out;
}

/** Options of {@link reproduceRun}. */
export interface ReproduceOptions {
  /** Id of the reproduction (default `<run-id>-repro`, `-repro2`, … the first unused). */
  newRunId?: string;
  /** Workbench home (default `$WORKBENCH_HOME` or `<repo>/outputs`). */
  home?: string;
  /** Bars to use instead of resolving the recorded `data.source` (their sha256 must still match). */
  bars?: Bars;
  /** Record the reproduction in the tracking store (default true). */
  track?: boolean;
  onProgress?: (event: TrainProgress) => void;
  onPlan?: (unitsTotal: number) => void;
}

/** Defaults of {@link ReproduceOptions}. */
export const reproduceDefaults: Readonly<ReproduceOptions> = { track: true };

/** What {@link reproduceRun} returns. */
export interface Reproduction {
  original: RunResults;
  outcome: RunOutcome;
  comparisons: ResultComparison[];
  /** true when every compared value is the same. */
  identical: boolean;
  /** Backends of the original and the reproduction (bit-for-bit equality is only expected when they agree). */
  backends: { original: string; reproduced: string };
}

function freshId(base: string, home: string | undefined): string {
  const stem = base.slice(0, 70);
  for (let n = 1; ; n++) {
    const id = `${stem}-repro${n === 1 ? '' : n}`;
    if (!fs.existsSync(runDir(id, home))) return id;
  }
}

/**
 * Re-runs a finished run from its recorded config and seed and compares the results.
 * @param runId id of a finished run (its `results.json` must exist)
 * @param options new run id, home, injected bars, tracking switch, progress callbacks
 * @returns the original results, the new outcome, the comparison table and whether it is identical
 * @throws InputError when the run has no results.json or its data changed (sha256 differs)
 */
export async function reproduceRun(runId: string, options: ReproduceOptions = reproduceDefaults): Promise<Reproduction> {
  const dir = runDir(checkRunId(runId), options.home);
  const file = path.join(dir, 'results.json');
  if (!fs.existsSync(file)) throw inputError({ key: 'run-id' }, `a finished run with ${path.join('runs', runId, 'results.json')} under ${path.dirname(path.dirname(dir))}`, JSON.stringify(runId));
  let original: RunResults;
  try {
    original = JSON.parse(fs.readFileSync(file, 'utf8')) as RunResults;
  } catch (err) {
    throw inputError({ file }, 'valid JSON', (err as Error).message);
  }
  if (!original.config || !original.data || typeof original.data.sha256 !== 'string') throw inputError({ file }, 'results.json with `config` and `data.sha256`', 'a document without them');
  const cfg = parseConfig(original.config, `${file}: config`);
  const bars = options.bars ?? (await resolveDataSource(cfg.data.source, { ...intradaySourceOptions(cfg.data), symbol: cfg.data.symbol }));
  const sha = barsSha256(bars);
  if (sha !== original.data.sha256) {
    throw inputError(
      { file, key: 'data.sha256' },
      `the data run ${runId} was trained on (${cfg.data.source}, sha256 ${original.data.sha256}); the data changed since, so the run cannot be reproduced`,
      `sha256 ${sha}`,
    );
  }
  const newRunId = options.newRunId ?? freshId(runId, options.home);
  const outcome = await trainRun(cfg, { runId: newRunId, home: options.home, bars, fast: false, track: options.track, onProgress: options.onProgress, onPlan: options.onPlan });
  const comparisons = compareRunResults(original, outcome.results);
  return {
    original,
    outcome,
    comparisons,
    identical: comparisons.every((c) => c.same),
    backends: { original: original.backend, reproduced: outcome.results.backend },
  };
}
