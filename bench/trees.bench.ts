/**
 * Tree-engine benchmarks: fit time on 30,000 × 70 synthetic binary data (generated untimed).
 * Targets (issue 5): gbdt 100 trees depth 6 <= 3 s single-thread (XGBoost 1.7 hist ≈ 1.6 s);
 * random_forest 100 trees depth 10 <= 10 s (scikit-learn ≈ 17 s).
 */
import { GbdtModel } from '../src/models/trees/gbdt';
import { RandomForestModel } from '../src/models/trees/forest';
import { makeClassification } from '../src/models/trees/synthetic';
import type { Dataset } from '../src/models/types';
import { timeIt, type Bench, type BenchResult } from './types';

function data(): Dataset {
  return makeClassification({ n: 30000, features: 70, informative: 10, seed: 3 });
}

async function timed(name: string, fit: () => Promise<unknown>, extra: Record<string, unknown>): Promise<BenchResult> {
  const cpu0 = process.cpuUsage();
  const s = await timeIt(fit);
  const cpu = process.cpuUsage(cpu0);
  return { bench: name, metric: 'fit wall time', value: Math.round(s * 1000) / 1000, unit: 's', extra: { ...extra, cpuS: Math.round((cpu.user + cpu.system) / 1000) / 1000 } };
}

export const benches: Bench[] = [
  {
    name: 'gbdt.fit_30000x70',
    async run() {
      const d = data();
      const out = [await timed('gbdt.fit_30000x70', () => new GbdtModel({ nRounds: 100, maxDepth: 6, learningRate: 0.3 }).fit(d), { trees: 100, maxDepth: 6, growPolicy: 'depthwise', targetS: 3 })];
      out.push(
        await timed('gbdt.fit_30000x70_leafwise63', () => new GbdtModel({ nRounds: 100, growPolicy: 'leafwise', maxLeaves: 63, maxDepth: 0, learningRate: 0.3 }).fit(d), {
          trees: 100, maxLeaves: 63, growPolicy: 'leafwise', targetS: 3,
        }),
      );
      return out;
    },
  },
  {
    name: 'random_forest.fit_30000x70',
    async run() {
      const d = data();
      return timed('random_forest.fit_30000x70', () => new RandomForestModel({ nTrees: 100, maxDepth: 10 }).fit(d), { trees: 100, maxDepth: 10, targetS: 10 });
    },
  },
];
