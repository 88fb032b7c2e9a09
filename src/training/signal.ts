/**
 * Signal recovery: run the progressive trainer on a synthetic series whose best possible next-day
 * direction accuracy is known (src/training/signal-series.ts: AR(1), nonlinear rule, regime switching, GARCH,
 * random walk) and report how much of the available edge each model captures out of sample; GARCH
 * volatility forecasts against the truth ({@link volatilityRecovery}). Used by `npm run bench -- signal` and by the
 * floors pinned in test/training/signal.test.ts.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseConfig } from '../config/load';
import { fitGarch, garchFilter } from '../models/garch/garch';
import { isoToDay, lowerBound, upperBound } from '../util/dates';
import { fillDefaults } from '../util/options';
import { progressiveSchedule } from './schedule';
import { trainRun } from './run';
import { plantedSeries, type SignalSeries } from './signal-series';

export type { SignalSeries } from './signal-series';

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
  /** Label horizon in days. Default 1 (Bayes accuracies are for h = 1; other horizons serve the chance checks). */
  horizon: number;
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
  horizon: 1,
  overrides: {},
};

/** What one model achieved on one series (pooled out-of-sample predictions). */
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
 * Trains the default config's progressive track (horizon `options.horizon`, default 1; unified mode off, no
 * checkpoints, no tracking) on a planted series and scores each model against the series' Bayes accuracy (0.5 for h > 1: chance checks).
 * @param series the planted series (see {@link SignalSeries}) and its seed (default 42)
 * @param options shape of the run, see {@link signalRecoveryDefaults}
 * @returns one score per model
 */
export async function signalRecovery(series: SignalSeries, options: Partial<SignalRecoveryOptions> = {}): Promise<SignalScore[]> {
  const o = fillDefaults(signalRecoveryDefaults, options);
  const planted = plantedSeries(series, { n: o.days, start: o.start });
  const bars = planted.bars;
  const base: Record<string, Record<string, unknown>> = {
    training: { start_date: o.trainStart, initial_end_date: o.initialEnd, window_increment: o.increment, max_iterations: o.iterations },
    models: { enabled: o.models },
    horizons: { enabled: [o.horizon] },
    modes: { unified: false },
  };
  for (const [k, v] of Object.entries(o.overrides)) base[k] = { ...(base[k] ?? {}), ...v };
  const cfg = parseConfig(base);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-signal-'));
  try {
    const { results } = await trainRun(cfg, { bars, home, runId: 'signal', checkpoint: false, track: false });
    const byModel = results.modes.progressive?.horizons[String(o.horizon)] ?? {};
    return Object.entries(byModel).map(([model, e]) => {
      const its = e.iterations.filter((it) => it.nTest > 0);
      const from = lowerBound(bars.dates, isoToDay(its[0]?.testStart ?? o.initialEnd));
      const to = upperBound(bars.dates, isoToDay(its[its.length - 1]?.testEnd ?? o.initialEnd));
      const bayes = o.horizon === 1 ? planted.bayes(from, to) : 0.5;
      return {
        model,
        accuracy: e.accuracy,
        bayes,
        captured: bayes > 0.5 ? (e.accuracy - 0.5) / (bayes - 0.5) : NaN,
        logLoss: e.metrics.logLoss,
        brier: e.metrics.brier,
        nTest: e.iterations.reduce((a, it) => a + it.nTest, 0),
        lastMove: e.baselines.lastMove,
      };
    });
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

/** Out-of-sample one-day volatility forecasts against the truth (the `garch` planted series). */
export interface VolatilityScore {
  /** RMSE of the forecast daily sd against the true conditional sd (GARCH refitted every iteration). */
  garchRmse: number;
  /** RMSE of yesterday's absolute return as the forecast sd (the naive forecast). */
  naiveRmse: number;
  /** RMSE against the realised |r| of the day, for GARCH and naive. */
  garchRealisedRmse: number;
  naiveRealisedRmse: number;
  nTest: number;
}

/**
 * Walk-forward volatility on the `garch` planted series, on the progressive schedule of
 * {@link signalRecoveryDefaults}: each iteration fits GARCH(1,1) on returns up to its trainEnd, filters
 * forward (each variance uses returns before its day only, started from the training returns' variance)
 * and forecasts its test block; the naive forecast of day t's sd is |r_{t−1}|.
 * @param seed series seed (default 42)
 * @param options schedule shape (days, start, trainStart, initialEnd, increment, iterations)
 * @returns RMSEs of both forecasts over the test days
 */
export function volatilityRecovery(seed = 42, options: Partial<SignalRecoveryOptions> = {}): VolatilityScore {
  const o = fillDefaults(signalRecoveryDefaults, options);
  const planted = plantedSeries({ kind: 'garch', seed }, { n: o.days, start: o.start });
  const { bars, returns: r } = planted;
  const truth = planted.variance as Float64Array;
  const schedule = progressiveSchedule(bars.dates, { startDate: o.trainStart, initialEndDate: o.initialEnd, windowIncrement: o.increment, maxIterations: o.iterations });
  const acc = { g: 0, nv: 0, gr: 0, nr: 0, n: 0 };
  for (const w of schedule) {
    const a = lowerBound(bars.dates, w.trainStartDay);
    const b = upperBound(bars.dates, w.trainEndDay);
    const train = r.subarray(a, b);
    const fit = fitGarch(train);
    let v0 = 0;
    for (const x of train) v0 += (x - fit.mu) ** 2;
    const h = garchFilter(fit, r.subarray(a), v0 / train.length);
    const t1 = upperBound(bars.dates, w.testEndDay);
    for (let t = b; t < t1; t++) {
      const g = Math.sqrt(h[t - a]);
      const naive = Math.abs(r[t - 1]);
      const sd = Math.sqrt(truth[t]);
      acc.g += (g - sd) ** 2;
      acc.nv += (naive - sd) ** 2;
      acc.gr += (g - Math.abs(r[t])) ** 2;
      acc.nr += (naive - Math.abs(r[t])) ** 2;
      acc.n++;
    }
  }
  const rm = (x: number) => Math.sqrt(x / Math.max(1, acc.n));
  return { garchRmse: rm(acc.g), naiveRmse: rm(acc.nv), garchRealisedRmse: rm(acc.gr), naiveRealisedRmse: rm(acc.nr), nTest: acc.n };
}
