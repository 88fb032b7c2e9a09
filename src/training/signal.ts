/**
 * Signal recovery: run the progressive trainer on a synthetic series whose best possible next-day
 * direction accuracy is known (AR(1) returns: 1/2 + asin|φ|/π; a random walk: 1/2) and report how much
 * of the available edge each model captures out of sample. Used by `npm run bench -- signal` and by the
 * floors pinned in test/training/signal.test.ts.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseConfig } from '../config/load';
import { ar1BestAccuracy, ar1Returns, randomWalk } from '../data/synthetic';
import { fillDefaults } from '../util/options';
import { trainRun } from './run';

/** A synthetic series with a known answer. */
export interface SignalSeries {
  /** `ar1` (AR(1) log returns with coefficient `phi`) or `random_walk`. */
  kind: 'ar1' | 'random_walk';
  /** AR coefficient (ar1 only). */
  phi?: number;
  seed?: number;
}

/** Options of {@link signalRecovery}: the issue-14 shape by default. */
export interface SignalRecoveryOptions {
  /** Business days generated. Default 3000. */
  days: number;
  /** First generated day (ISO). Default `2005-01-03`. */
  start: string;
  /** Training start, first window end, increment (calendar days), iterations. Defaults 2006-01-01, 2008-01-01, 28, 48. */
  trainStart: string;
  initialEnd: string;
  increment: number;
  iterations: number;
  /** Models (registry keys), everything else from the default config. Default `['logistic', 'gbdt']`. */
  models: string[];
  /** Config sections merged over the run's (e.g. `{training: {early_stop_patience: 5}}`) — for experiments; the benchmark uses none. */
  overrides: Record<string, Record<string, unknown>>;
}

/** Defaults of {@link SignalRecoveryOptions}. */
export const signalRecoveryDefaults: SignalRecoveryOptions = {
  days: 3000,
  start: '2005-01-03',
  trainStart: '2006-01-01',
  initialEnd: '2008-01-01',
  increment: 28,
  iterations: 48,
  models: ['logistic', 'gbdt'],
  overrides: {},
};

/** What one model achieved on one series (h = 1, pooled out-of-sample predictions). */
export interface SignalScore {
  model: string;
  accuracy: number;
  /** Best possible accuracy (Bayes rule) of the series. */
  bayes: number;
  /** (accuracy − 0.5) / (bayes − 0.5); NaN for a random walk. */
  captured: number;
  logLoss: number | null;
  brier: number | null;
  nTest: number;
  /** Last-move baseline accuracy on the same rows. */
  lastMove: number;
}

/**
 * Trains the default config's progressive track (h = 1, unified mode off, no checkpoints, no tracking) on
 * a synthetic series and scores each model against the series' Bayes accuracy.
 * @param series the series (AR(1) or random walk) and its seed (default 42)
 * @param options shape of the run, see {@link signalRecoveryDefaults}
 * @returns one score per model
 */
export async function signalRecovery(series: SignalSeries, options: Partial<SignalRecoveryOptions> = {}): Promise<SignalScore[]> {
  const o = fillDefaults(signalRecoveryDefaults, options);
  const seed = series.seed ?? 42;
  const phi = series.phi ?? 0.3;
  const bars = series.kind === 'ar1' ? ar1Returns({ n: o.days, start: o.start, phi, seed }) : randomWalk({ n: o.days, start: o.start, seed });
  const bayes = series.kind === 'ar1' ? ar1BestAccuracy(phi) : 0.5;
  const base: Record<string, Record<string, unknown>> = {
    training: { start_date: o.trainStart, initial_end_date: o.initialEnd, window_increment: o.increment, max_iterations: o.iterations },
    models: { enabled: o.models },
    horizons: { enabled: [1] },
    modes: { unified: false },
  };
  for (const [k, v] of Object.entries(o.overrides)) base[k] = { ...(base[k] ?? {}), ...v };
  const cfg = parseConfig(base);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-signal-'));
  try {
    const { results } = await trainRun(cfg, { bars, home, runId: 'signal', checkpoint: false, track: false });
    const byModel = results.modes.progressive?.horizons['1'] ?? {};
    return Object.entries(byModel).map(([model, e]) => ({
      model,
      accuracy: e.accuracy,
      bayes,
      captured: bayes > 0.5 ? (e.accuracy - 0.5) / (bayes - 0.5) : NaN,
      logLoss: e.metrics.logLoss,
      brier: e.metrics.brier,
      nTest: e.iterations.reduce((a, it) => a + it.nTest, 0),
      lastMove: e.baselines.lastMove,
    }));
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}
