/** Store benchmarks: bulk upsert, re-import, read-back and the open/close cost of one call. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Store } from '../src/data/store';
import { randomWalk } from '../src/data/synthetic';
import { loadBars } from '../src/data/load';
import { timeIt, type Bench } from './types';

function freshStore(): Store {
  return new Store({ path: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wb-bench-store-')), 'store.duckdb') });
}

export const benches: Bench[] = [
  {
    name: 'store.upsert_5104',
    async run() {
      const bars = randomWalk({ n: 5104, symbol: 'SPX' });
      // first import into a fresh file (includes creating the schema), best of 3 fresh files
      const first = await timeIt(() => freshStore().upsertBars(bars), 3);
      const store = freshStore();
      await store.upsertBars(bars);
      const again = await timeIt(() => store.upsertBars(bars), 3);
      const read = await timeIt(() => store.readBars('SPX'), 5);
      const list = await timeIt(() => store.listSymbols(), 5);
      const big = randomWalk({ n: 100_000, symbol: 'BIG' });
      const bigT = await timeIt(() => freshStore().upsertBars(big), 1);
      const sample = await loadBars('sample:sp500');
      const sampleT = await timeIt(() => freshStore().upsertBars(sample), 3);
      return [
        { bench: 'store.upsert_sp500', metric: `upsert of sample:sp500 (${sample.dates.length} bars, fresh file)`, value: sampleT, unit: 's' },
        { bench: 'store.upsert_5104', metric: 'first import of 5,104 bars (fresh file)', value: first, unit: 's' },
        { bench: 'store.reimport_5104', metric: 're-import of the same 5,104 bars (all unchanged)', value: again, unit: 's' },
        { bench: 'store.read_5104', metric: 'readBars of 5,104 bars', value: read, unit: 's' },
        { bench: 'store.list', metric: 'listSymbols (one open/close of the file)', value: list, unit: 's' },
        { bench: 'store.upsert_100k', metric: 'import throughput, 100,000 bars', value: Math.round(100_000 / bigT), unit: 'rows/s' },
      ];
    },
  },
];
