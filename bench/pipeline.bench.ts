/**
 * `pipeline.universe_26x1260`: the seed-003 pipeline (`--stage full`) on a 26-symbol × 1,260-day offline
 * universe (the synthetic panel: 20 equities in 5 sectors + 6 indices incl. a VIX-like and two NSE-calendar
 * ones) with configs/universe.yaml's models (gbdt 200 rounds, lstm 32 units 5 epochs, GARCH per symbol,
 * lstm_vol 32 units, random forest 100 trees). Target ≤ 10 minutes on the 2-core machine (seed 003 estimates 45).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseConfig } from '../src/config/load';
import { runPipeline } from '../src/universe/pipeline';
import type { Bench, BenchResult } from './types';

export const benches: Bench[] = [
  {
    name: 'pipeline.universe_26x1260',
    async run(): Promise<BenchResult> {
      const home = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-bench-pipeline-'));
      process.env.WORKBENCH_HOME = home;
      const cfg = parseConfig(
        {
          data: { universe: { source: 'synthetic:1', synthetic: { symbols: 20, days: 1260, signal: 0.2, indices: true } } },
          models: { epochs: 5, batch_size: 256, params: { gbdt: { nRounds: 200, maxDepth: 4 }, lstm: { units: 32 }, lstm_vol: { units: 32 }, random_forest: { nTrees: 100, maxDepth: 10 } } },
          horizons: { task: 'ternary', neutral_band: 0.001 },
          features: { set: 'full', sequence_length: 20 },
          pipeline: { direction_models: ['gbdt', 'lstm'], volatility_models: ['garch', 'lstm_vol'], regime_model: 'random_forest' },
        },
        'bench:pipeline',
      );
      const lines: string[] = [];
      const t0 = Date.now();
      await runPipeline(cfg, { stage: 'full', dir: path.join(home, 'pipelines', 'bench'), home, log: (l) => lines.push(l) });
      const seconds = (Date.now() - t0) / 1000;
      const validation = JSON.parse(fs.readFileSync(path.join(home, 'pipelines', 'bench', 'validation.json'), 'utf8'));
      fs.rmSync(home, { recursive: true, force: true });
      return {
        metric: 'wall seconds of workbench pipeline --stage full (26 symbols x 1260 days, 5 models)',
        value: Math.round(seconds * 10) / 10,
        unit: 's',
        extra: { targetSeconds: 600, log: lines, validation: validation.units.map((u: { unit: string; value: number; baseline: number; status: string }) => ({ unit: u.unit, value: u.value, baseline: u.baseline, status: u.status })) },
      };
    },
  },
];
