/** Feature-matrix speed: the full set (70+ columns) for 26 symbols, 1,260 and 12,600 days each. */
import { timeIt, type Bench, type BenchResult } from './types';
import { randomWalk } from '../src/data/synthetic';
import { buildFeatures, featureNames } from '../src/features/registry';
import { buildLabels } from '../src/labels/build';

async function fullSet(days: number, repeats: number): Promise<BenchResult> {
  const symbols = Array.from({ length: 26 }, (_, k) => randomWalk({ n: days, seed: 100 + k, symbol: `S${k}` }));
  buildFeatures(symbols[0], { set: 'full' }); // warm up the JIT
  const s = await timeIt(() => {
    for (const b of symbols) buildFeatures(b, { set: 'full' });
  }, repeats);
  const columns = featureNames('full').length;
  return { metric: `full feature set, 26 symbols x ${days} days, single thread (best of ${repeats})`, value: s, unit: 's', extra: { columns, rows: 26 * days, rowsPerSecond: Math.round((26 * days) / s) } };
}

export const benches: Bench[] = [
  { name: 'features.full_26x1260', run: () => fullSet(1260, 5) },
  { name: 'features.full_26x12600', run: () => fullSet(12600, 2) },
  {
    name: 'features.labels_26x1260',
    async run() {
      const symbols = Array.from({ length: 26 }, (_, k) => randomWalk({ n: 1260, seed: 100 + k }));
      const s = await timeIt(() => {
        for (const b of symbols) buildLabels(b);
      }, 3);
      return { metric: 'labels h=1,7,30 + vol target + regime, 26 symbols x 1260 days', value: s, unit: 's' };
    },
  },
];
