/**
 * Live-loop benchmark: the daily update of 26 symbols with one new bar each (store append, incremental
 * features on the tail, profiles, state files; no retraining), beside a full rebuild of the same symbols.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Store } from '../src/data/store';
import { sliceBars, type Bars } from '../src/data/bars';
import { ar1Returns } from '../src/data/synthetic';
import { memorySource } from '../src/live/sources';
import { dailyUpdate } from '../src/live/update';
import type { Bench } from './types';

const SYMBOLS = 26;
const HISTORY = 2520; // ten years of daily bars

export const benches: Bench[] = [
  {
    name: 'live.daily_update_26',
    async run() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-bench-live-'));
      const store = new Store({ path: path.join(dir, 'store.duckdb') });
      const all: Bars[] = [];
      for (let s = 0; s < SYMBOLS; s++) {
        const b = ar1Returns({ n: HISTORY + 6, seed: 100 + s, symbol: `S${String(s).padStart(2, '0')}` });
        all.push(b);
        await store.upsertBars(sliceBars(b, 0, HISTORY));
      }
      const source = memorySource(all);
      // first run builds every symbol's state from its full history (not timed as the daily update)
      source.asOf = all[0].dates[HISTORY - 1];
      await dailyUpdate(store, { source });
      // the measured days: one new bar per symbol, incremental (best of 3 days)
      let incSeconds = Infinity;
      for (let d = 0; d < 3; d++) {
        source.asOf = all[0].dates[HISTORY + d];
        const inc = await dailyUpdate(store, { source });
        if (!inc.symbols.every((s) => s.mode === 'incremental' && s.newBars === 1)) throw new Error('expected 26 incremental updates of 1 bar');
        incSeconds = Math.min(incSeconds, inc.totalMs / 1000);
      }
      // the next day with compareFull: incremental again, plus a timed full rebuild and an equality check
      source.asOf = all[0].dates[HISTORY + 3];
      const cmp = await dailyUpdate(store, { source, compareFull: true });
      const worst = Math.max(...cmp.symbols.map((s) => s.maxDiff ?? Infinity));
      if (!(worst < 1e-9)) throw new Error(`incremental features differ from the full rebuild: ${worst}`);
      // the same update rebuilding every symbol from its full history, ignoring the saved state (best of 2 days)
      let fullSeconds = Infinity;
      for (let d = 4; d < 6; d++) {
        source.asOf = all[0].dates[HISTORY + d];
        fullSeconds = Math.min(fullSeconds, (await dailyUpdate(store, { source, rebuild: true })).totalMs / 1000);
      }
      fs.rmSync(dir, { recursive: true, force: true });
      return [
        { metric: `daily update, ${SYMBOLS} symbols x 1 new bar (${HISTORY}-bar histories), no retraining`, value: incSeconds, unit: 's', extra: { target: 2, best_of: 3 } },
        { bench: 'live.full_rebuild_26', metric: `same update rebuilding every symbol from full history`, value: fullSeconds, unit: 's', extra: { best_of: 2 } },
        { bench: 'live.features_saved', metric: 'read + feature time saved vs reading and rebuilding full history (compareFull)', value: cmp.saved ?? NaN, unit: 'ratio', extra: { maxRelDiff: worst } },
      ];
    },
  },
];
