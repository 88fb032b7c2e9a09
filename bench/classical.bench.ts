/** Benchmarks of the classical models: GARCH(1,1) maximum likelihood and L2 logistic regression. */
import { garchReturns } from '../src/data/synthetic';
import { fitGarch } from '../src/models/garch/garch';
import '../src/models/linear/index';
import { createModel } from '../src/models/registry';
import type { Dataset } from '../src/models/types';
import { Rng } from '../src/util/rng';
import { timeIt, type Bench } from './types';

/** 30,000 × 70 correlated features (one common factor, pairwise ρ ≈ 0.64), label from a sparse linear rule plus logistic noise. */
function logisticData(n: number, d: number, seed: number): Dataset {
  const rng = new Rng(seed);
  const x = new Float32Array(n * d);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    const common = rng.normal();
    for (let j = 0; j < d; j++) {
      const v = 0.8 * common + 0.6 * rng.normal();
      x[i * d + j] = v;
      if (j < 10) s += (j % 2 ? -0.3 : 0.3) * v;
    }
    const u = Math.min(Math.max(rng.next(), 1e-12), 1 - 1e-12);
    y[i] = s + Math.log(u / (1 - u)) > 0 ? 1 : 0;
  }
  return { x, shape: [n, d], featureNames: Array.from({ length: d }, (_, j) => `f${j}`), y };
}

export const benches: Bench[] = [
  {
    name: 'garch.fit_5000',
    async run() {
      const { returns } = garchReturns({ n: 5000, seed: 4 });
      fitGarch(returns.slice(0, 1000)); // warm up the JIT
      let fit = fitGarch(returns);
      const s = await timeIt(() => {
        fit = fitGarch(returns);
      }, 3);
      return { metric: 'fitGarch wall time, 5,000 returns (best of 3)', value: s, unit: 's', extra: { target: 0.5, iterations: fit.iterations, converged: fit.converged } };
    },
  },
  {
    name: 'logistic.fit_30000x70',
    async run() {
      const data = logisticData(30000, 70, 1);
      let iterations = 0;
      const s = await timeIt(async () => {
        const m = createModel('logistic', {});
        await m.fit(data);
        iterations = m.history().loss.length;
      }, 2);
      return { metric: 'logistic (binary, L-BFGS) fit wall time, 30,000 × 70 (best of 2)', value: s, unit: 's', extra: { iterations } };
    },
  },
];
