/**
 * Signal recovery: the default config's progressive training (models `logistic, gbdt`, 48 iterations of 28
 * days from a 2-year first window, 960 test days) on planted series whose answer is known. Per model and
 * series: out-of-sample accuracy, the Bayes accuracy, the captured share (acc − 0.5)/(Bayes − 0.5), log loss.
 * Series: AR(1) φ = 0.3 and 0.1, a nonlinear rule (interaction of log_ret_1 and volume_ratio_20), a regime-switching
 * series (signal in the calm regime only), a GARCH series (direction at chance; GARCH vs yesterday's |r| as
 * the volatility forecast, RMSE), random walks at h = 1, 7, 30 (must stay inside the 99 % chance band
 * ±2.576·0.5/√⌊n/h⌋ with log loss ≤ ln 2 + 0.01).
 * `SIGNAL_MODELS=logistic,gbdt,lstm npm run bench -- signal` changes the models.
 */
import { signalRecovery, volatilityRecovery, type SignalSeries } from '../src/training/signal';
import type { Bench, BenchResult } from './types';

const models = (process.env.SIGNAL_MODELS ?? 'logistic,gbdt').split(',').filter(Boolean);
const r4 = (v: number): number => Math.round(v * 10000) / 10000;

function label(s: SignalSeries): string {
  const extra = s.phi !== undefined ? ` phi=${s.phi}` : '';
  return `${s.kind}${extra} seed ${s.seed ?? 42}`;
}

function bench(name: string, series: SignalSeries, horizon = 1): Bench {
  return {
    name,
    async run(): Promise<BenchResult[]> {
      const scores = await signalRecovery(series, { models, horizon });
      return scores.map((s) => {
        const effective = Math.max(1, Math.floor(s.nTest / horizon));
        const chance = series.kind === 'random_walk' || series.kind === 'garch';
        return {
          bench: `${name}.${s.model}`,
          metric: `${s.model}: out-of-sample h=${horizon} accuracy on ${label(series)} (${s.nTest} test days)`,
          value: r4(s.accuracy),
          unit: 'accuracy',
          extra: {
            series: series.kind,
            model: s.model,
            horizon,
            bayes: r4(s.bayes),
            captured: Number.isFinite(s.captured) ? Math.round(s.captured * 1000) / 1000 : null,
            logLoss: s.logLoss === null ? null : r4(s.logLoss),
            brier: s.brier === null ? null : r4(s.brier),
            lastMove: r4(s.lastMove),
            chanceBand99: r4((2.576 * 0.5) / Math.sqrt(effective)),
            ...(chance ? { logLossBound: r4(Math.LN2 + 0.01), insideBand: Math.abs(s.accuracy - 0.5) <= (2.576 * 0.5) / Math.sqrt(effective) } : {}),
          },
        };
      });
    },
  };
}

const volatility: Bench = {
  name: 'signal.garch.volatility',
  async run(): Promise<BenchResult[]> {
    const v = volatilityRecovery(42);
    return [
      {
        bench: 'signal.garch.volatility',
        metric: `GARCH(1,1) refitted per iteration vs yesterday's |r|: RMSE of the forecast daily sd against the true conditional sd (${v.nTest} test days)`,
        value: r4(v.garchRmse * 100),
        unit: '% daily sd RMSE',
        extra: { naiveRmse: r4(v.naiveRmse * 100), garchRealisedRmse: r4(v.garchRealisedRmse * 100), naiveRealisedRmse: r4(v.naiveRealisedRmse * 100), ratio: r4(v.garchRmse / v.naiveRmse) },
      },
    ];
  },
};

export const benches: Bench[] = [
  bench('signal.ar1_0.3', { kind: 'ar1', phi: 0.3 }),
  bench('signal.ar1_0.1', { kind: 'ar1', phi: 0.1 }),
  bench('signal.nonlinear', { kind: 'nonlinear' }),
  bench('signal.regime', { kind: 'regime' }),
  bench('signal.garch.direction', { kind: 'garch' }),
  volatility,
  bench('signal.random_walk.h1.seed1', { kind: 'random_walk', seed: 1 }),
  bench('signal.random_walk.h1.seed2', { kind: 'random_walk', seed: 2 }),
  bench('signal.random_walk.h7.seed1', { kind: 'random_walk', seed: 1 }, 7),
  bench('signal.random_walk.h7.seed2', { kind: 'random_walk', seed: 2 }, 7),
  bench('signal.random_walk.h30.seed1', { kind: 'random_walk', seed: 1 }, 30),
  bench('signal.random_walk.h30.seed2', { kind: 'random_walk', seed: 2 }, 30),
];
