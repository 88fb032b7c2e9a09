/**
 * Signal recovery: the default config's progressive training (h = 1, models `logistic, gbdt`, 48 iterations
 * of 28 days from a 2-year first window, 960 test days) on series with a known answer. Per model and series:
 * out-of-sample accuracy, the Bayes accuracy, the captured share (acc − 0.5)/(Bayes − 0.5) and log loss.
 * Random walks must stay at chance (99 % band ±2.576·0.5/√n) with log loss ≤ ln 2 + 0.01.
 * `SIGNAL_MODELS=logistic,gbdt,random_forest npm run bench -- signal` changes the models.
 */
import { signalRecovery, type SignalSeries } from '../src/training/signal';
import type { Bench, BenchResult } from './types';

const models = (process.env.SIGNAL_MODELS ?? 'logistic,gbdt').split(',').filter(Boolean);

function bench(name: string, series: SignalSeries): Bench {
  return {
    name,
    async run(): Promise<BenchResult[]> {
      const scores = await signalRecovery(series, { models });
      return scores.map((s) => ({
        bench: `${name}.${s.model}`,
        metric: `${s.model}: out-of-sample h=1 accuracy on ${series.kind}${series.phi !== undefined ? ` phi=${series.phi}` : ''} seed ${series.seed ?? 42} (${s.nTest} test days)`,
        value: Math.round(s.accuracy * 10000) / 10000,
        unit: 'accuracy',
        extra: {
          bayes: Math.round(s.bayes * 10000) / 10000,
          captured: Number.isFinite(s.captured) ? Math.round(s.captured * 1000) / 1000 : null,
          logLoss: s.logLoss === null ? null : Math.round(s.logLoss * 10000) / 10000,
          brier: s.brier === null ? null : Math.round(s.brier * 10000) / 10000,
          lastMove: Math.round(s.lastMove * 10000) / 10000,
          chanceBand99: Math.round((2.576 * 0.5) / Math.sqrt(Math.max(1, s.nTest)) * 10000) / 10000,
          logLossBound: series.kind === 'random_walk' ? Math.round((Math.LN2 + 0.01) * 10000) / 10000 : undefined,
        },
      }));
    },
  };
}

export const benches: Bench[] = [
  bench('signal.ar1_0.3', { kind: 'ar1', phi: 0.3 }),
  bench('signal.ar1_0.1', { kind: 'ar1', phi: 0.1 }),
  bench('signal.random_walk.seed1', { kind: 'random_walk', seed: 1 }),
  bench('signal.random_walk.seed2', { kind: 'random_walk', seed: 2 }),
  bench('signal.random_walk.seed3', { kind: 'random_walk', seed: 3 }),
];
