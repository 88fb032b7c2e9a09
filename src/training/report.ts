/**
 * results.json (a stable contract, see docs/results.md): run id, config, data identity, backend, and per
 * mode, horizon and model the scored out-of-sample results with their iterations.
 */
import type { WorkbenchConfig } from '../config/schema';
import { configHash } from '../config/load';
import { activeBackend } from '../models/deep/backend';
import { dayToIso } from '../util/dates';
import type { RunState } from './checkpoint';
import type { PreparedData } from './prepare';
import { scoreTrack, type ModelResult } from './results';
import type { IterationWindow } from './schedule';

/** The results.json document. */
export interface RunResults {
  format: 'stock-ml-workbench/results@1';
  runId: string;
  createdAt: string;
  completedAt: string;
  durationMs: number;
  config: WorkbenchConfig;
  configHash: string;
  /** `timeframe` (and `exchange`) only for intraday runs: a daily run's results are unchanged. */
  data: { source: string; symbol: string; rows: number; firstDate: string; lastDate: string; sha256: string; timeframe?: string; exchange?: string };
  /** tfjs backend of the deep models, or `none` when no deep model ran. */
  backend: string;
  schedule: { iterations: number; firstTestDate: string | null; lastTestDate: string | null };
  /** `modes.<progressive|unified>.horizons.<h>.<modelKey>`. */
  modes: Partial<Record<'progressive' | 'unified', { horizons: Record<string, Record<string, ModelResult>> }>>;
}

/** Extra facts of {@link buildResults}. */
export interface ResultFacts {
  source: string;
  durationMs: number;
  schedule: IterationWindow[];
}

/**
 * Builds results.json from a finished run state.
 * @param cfg effective config
 * @param state run state with every track done
 * @param prep prepared data
 * @param facts source, duration, schedule
 * @returns RunResults
 */
export function buildResults(cfg: WorkbenchConfig, state: RunState, prep: PreparedData, facts: ResultFacts): RunResults {
  const modes: RunResults['modes'] = {};
  for (const t of state.tracks) {
    const mode = (modes[t.mode] = modes[t.mode] ?? { horizons: {} });
    for (const key of t.horizons) {
      const h = key.slice(1);
      const target = cfg.horizons.targets[h] ?? cfg.training.target_accuracy;
      const entry = scoreTrack(prep, t, key, { costBps: cfg.evaluation.cost_bps, resamples: cfg.evaluation.bootstrap_samples, confidence: cfg.evaluation.confidence, seed: cfg.training.seed, targetAccuracy: target });
      (mode.horizons[h] = mode.horizons[h] ?? {})[t.model] = entry;
    }
  }
  const d = prep.frame.dates;
  const usesDeep = state.tracks.some((t) => t.model.startsWith('lstm') || t.model === 'unified');
  const s = facts.schedule;
  return {
    format: 'stock-ml-workbench/results@1',
    runId: state.runId,
    createdAt: state.createdAt,
    completedAt: new Date().toISOString(),
    durationMs: facts.durationMs,
    config: cfg,
    configHash: configHash(cfg),
    data: { source: facts.source, symbol: prep.bars.symbol, rows: d.length, firstDate: dayToIso(d[0]), lastDate: dayToIso(d[d.length - 1]), sha256: state.dataSha256, ...intradayFacts(prep.bars) },
    backend: usesDeep ? activeBackend() ?? 'unknown' : 'none',
    schedule: { iterations: s.length, firstTestDate: s.length ? dayToIso(s[0].testStartDay) : null, lastTestDate: s.length ? dayToIso(Math.min(s[s.length - 1].testEndDay, d[d.length - 1])) : null },
    modes,
  };
}

/** `{timeframe, exchange}` of intraday bars (recorded in results.json), nothing for daily bars. */
function intradayFacts(bars: { timeframe?: string; exchange?: string }): { timeframe?: string; exchange?: string } {
  if (bars.timeframe === undefined || bars.timeframe === '1d') return {};
  return { timeframe: bars.timeframe, ...(bars.exchange ? { exchange: bars.exchange } : {}) };
}
