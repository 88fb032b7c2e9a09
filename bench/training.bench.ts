/**
 * Training benchmarks: the cost of a warm-started progressive iteration against a from-scratch fit of the
 * same model on the same rows (with both validation accuracies), and the wall time of the default config.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadConfig, parseConfig } from '../src/config/load';
import { loadBars } from '../src/data/load';
import { trainRun } from '../src/training/run';
import { repoRoot } from '../src/util/fs';
import type { Bench, BenchResult } from './types';

async function iterationTwo(warm: boolean): Promise<Record<string, { ms: number; acc: number | null; action: string }>> {
  const bars = await loadBars('sample:sp500');
  const cfg = parseConfig({
    training: { max_iterations: 2, warm_start: warm, early_stop_patience: 100 },
    horizons: { enabled: [1], targets: {} },
    modes: { unified: false },
  });
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-bench-'));
  try {
    const { results } = await trainRun(cfg, { bars, home, runId: warm ? 'warm' : 'scratch', checkpoint: false });
    const out: Record<string, { ms: number; acc: number | null; action: string }> = {};
    for (const [m, e] of Object.entries(results.modes.progressive?.horizons['1'] ?? {})) {
      const it = e.iterations[1];
      out[m] = { ms: it.trainMs, acc: it.validationAccuracy, action: it.action };
    }
    return out;
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

export const benches: Bench[] = [
  {
    name: 'progressive.warm_vs_scratch',
    async run() {
      const warm = await iterationTwo(true);
      const scratch = await iterationTwo(false);
      const out: BenchResult[] = [];
      for (const m of Object.keys(warm)) {
        const w = warm[m];
        const s = scratch[m];
        out.push({
          bench: m === 'lstm' ? 'progressive.warm_vs_scratch' : `progressive.warm_vs_scratch.${m}`,
          metric: `${m}: trainMs of progressive iteration 2 warm-started / from scratch (sp500, h=1, default config)`,
          value: s.ms > 0 ? w.ms / s.ms : NaN,
          unit: 'ratio',
          extra: { target: 0.25, warmMs: w.ms, scratchMs: s.ms, warmValidationAccuracy: w.acc, scratchValidationAccuracy: s.acc, actions: [w.action, s.action] },
        });
      }
      return out;
    },
  },
  {
    name: 'train.default_config',
    async run() {
      const cfg = loadConfig(path.join(repoRoot(), 'configs', 'default.yaml'));
      const home = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-bench-'));
      try {
        const t0 = Date.now();
        const { results } = await trainRun(cfg, { home, runId: 'default' });
        const s = (Date.now() - t0) / 1000;
        const acc: Record<string, number> = {};
        for (const [mode, m] of Object.entries(results.modes)) for (const [h, ms] of Object.entries(m?.horizons ?? {})) for (const [k, e] of Object.entries(ms)) acc[`${mode}.h${h}.${k}`] = Math.round(e.accuracy * 1000) / 1000;
        return { metric: 'wall time of configs/default.yaml (sample:sp500, lstm+gbdt+logistic, h=1/7/30, 30 iterations, progressive+unified, checkpoints on)', value: s, unit: 's', extra: { target: 600, backend: results.backend, accuracy: acc } };
      } finally {
        fs.rmSync(home, { recursive: true, force: true });
      }
    },
  },
];
