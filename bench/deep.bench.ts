/**
 * Deep-model speed: one training epoch on 2048 windows × 30 steps × 16 features, batch 64, Adam, on wasm
 * (override with WORKBENCH_BACKEND). Targets on a 2-core CPU: lstm ≤ 0.8 s, lstm_cnn and
 * lstm_transformer_cnn ≤ 2 s, unified (3 heads) ≤ 1 s. `value` is the best of two `fit({epochs: 1})` after a
 * warm-up fit on a tiny set (backend and kernels initialised); `steadyEpochS` is one more epoch via finetune;
 * `cpuS` is the process CPU time of that fit (fairer than wall time on a shared machine); `topKernels` is a
 * tf.profile of one batch (kernel × calls: ms). `fused` says whether the LSTM ran on the WebAssembly SIMD kernel
 * (`WORKBENCH_FUSED=0` measures the tfjs path). When a Python with torch is found (`WORKBENCH_PYTHON`, `none` to
 * skip; else /usr/bin/python3, else python3), bench/torch_reference.py runs the same epoch on one PyTorch thread in the same
 * run: `torchS` (wall, best of 2), `torchCpuS`, and `vsTorch` = value / torchS, `cpuVsTorch` = cpuS / torchCpuS.
 * `deep.default_config` trains configs/default.yaml's deep part (see there; several minutes).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { loadConfig } from '../src/config/load';
import { trainRun } from '../src/training/run';
import { repoRoot } from '../src/util/fs';
import { Rng } from '../src/util/rng';
import { initBackend } from '../src/models/deep/backend';
import { DeepSequenceModel } from '../src/models/deep/model';
import { useFusedLstm } from '../src/models/deep/wasm/lstm-fused';
import type { Dataset } from '../src/models/types';
import { timeIt, type Bench, type BenchResult } from './types';

function syntheticData(n: number, steps: number, f: number, seed: number): Dataset {
  const rng = new Rng(seed);
  const x = new Float32Array(n * steps * f);
  for (let i = 0; i < x.length; i++) x[i] = rng.normal();
  const y = new Float32Array(n);
  const h7 = new Float32Array(n);
  const h30 = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = x[(i * steps + steps - 1) * f] + 0.5 * rng.normal() > 0 ? 1 : 0;
    h7[i] = i < n - 7 ? rng.int(2) : NaN;
    h30[i] = i < n - 30 ? rng.int(2) : NaN;
  }
  return { x, shape: [n, steps, f], featureNames: Array.from({ length: f }, (_, j) => `f${j}`), y, targets: { h1: y, h7, h30 } };
}

/** PyTorch one-thread figures for the same epoch, or undefined when no Python with torch is available. */
function torchReference(key: string): { seconds: number; cpuS: number; torch: string } | undefined {
  const script = path.join(__dirname, '..', '..', 'bench', 'torch_reference.py');
  const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  const choice = process.env.WORKBENCH_PYTHON;
  if (choice === 'none') return undefined;
  for (const py of choice ? [choice] : ['/usr/bin/python3', 'python3']) {
    if (!py) continue;
    const r = spawnSync(py, [script, key], { encoding: 'utf8', env, timeout: 300_000 });
    if (r.status !== 0) continue;
    try {
      return JSON.parse(r.stdout.trim().split('\n').pop() as string);
    } catch {
      continue;
    }
  }
  return undefined;
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;

/** CPU seconds of this process's finished (waited-for) child processes — the run's training workers — on Linux, else 0. */
function childCpuSeconds(): number {
  try {
    const f = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(f[13]) + Number(f[14])) / 100; // cutime + cstime, in clock ticks (USER_HZ = 100)
  } catch {
    return 0;
  }
}

const widths: Record<string, Record<string, unknown>> = {
  lstm: { units: 64 },
  lstm_cnn: { units: 64, convFilters: 64 },
  lstm_transformer_cnn: { units: 64, convFilters: 64, attentionHeads: 4, ffDim: 128 },
  unified: { units: 64 },
};

function epochBench(key: string): Bench {
  return {
    name: `${key}.epoch`,
    async run(): Promise<BenchResult> {
      const backend = await initBackend({ backend: process.env.WORKBENCH_BACKEND || 'wasm' });
      const data = syntheticData(2048, 30, 16, 1);
      const params = { ...widths[key], epochs: 1, batchSize: 64, patience: 0, dropout: 0.1 };
      const warm = syntheticData(128, 30, 16, 2);
      (await new DeepSequenceModel(key, params).fit(warm)).dispose();
      let model: DeepSequenceModel | undefined;
      const cpu0 = process.cpuUsage();
      const seconds = await timeIt(async () => {
        model?.dispose();
        model = await new DeepSequenceModel(key, params).fit(data);
      }, 2);
      const cpu = process.cpuUsage(cpu0);
      // (CPU time of both timed fits, halved.)
      // tfjs-wasm is single-threaded: on an idle machine CPU time ≈ wall time; on a shared one it is the fairer figure.
      const cpuS = (cpu.user + cpu.system) / 2e6;
      const m = model as DeepSequenceModel;
      const steady = await timeIt(() => m.finetune(data, { epochs: 1 }));
      const oneBatch = { ...syntheticData(64, 30, 16, 3) };
      const prof = await tf.profile(async () => {
        await m.finetune(oneBatch, { epochs: 1 });
        return tf.scalar(0);
      });
      const agg = new Map<string, { calls: number; ms: number }>();
      for (const k of prof.kernels) {
        const a = agg.get(k.name) ?? { calls: 0, ms: 0 };
        a.calls++;
        a.ms += Number(k.kernelTimeMs) || 0;
        agg.set(k.name, a);
      }
      const topKernels = [...agg.entries()]
        .sort((a, b) => b[1].ms - a[1].ms)
        .slice(0, 6)
        .map(([name, a]) => `${name}×${a.calls}:${a.ms.toFixed(1)}ms`);
      const params_ = (m as unknown as { net: { parameterCount(): number } }).net.parameterCount();
      m.dispose();
      const torch = torchReference(key);
      const ref = torch
        ? { torchS: torch.seconds, torchCpuS: torch.cpuS, torch: torch.torch, vsTorch: round3(seconds / torch.seconds), cpuVsTorch: round3(cpuS / torch.cpuS) }
        : { torch: 'not found' };
      return {
        metric: 'one training epoch, 2048×30×16, batch 64, Adam',
        value: Math.round(seconds * 1000) / 1000,
        unit: 's',
        extra: { backend, fused: useFusedLstm(), cpuS: round3(cpuS), steadyEpochS: round3(steady), parameters: params_, ...ref, topKernels },
      };
    },
  };
}

/**
 * configs/default.yaml's deep part: the whole run (sample:sp500, h = 1/7/30, 30 progressive iterations and the
 * unified mode, checkpoints on) with `models.enabled: [lstm]`. Prints wall time, this process's CPU time (`cpuS`),
 * the CPU time of the worker processes the run trains in (`childCpuS`, Linux) and every track's accuracy with its
 * interval and test size (to compare fused and reference paths, or two commits).
 */
const defaultConfigBench: Bench = {
  name: 'deep.default_config',
  async run(): Promise<BenchResult> {
    const cfg = loadConfig(path.join(repoRoot(), 'configs', 'default.yaml'));
    cfg.models.enabled = ['lstm'];
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-bench-'));
    try {
      const cpu0 = process.cpuUsage();
      const child0 = childCpuSeconds();
      const t0 = process.hrtime.bigint();
      const { results } = await trainRun(cfg, { home, runId: 'default-deep' });
      const childCpuS = childCpuSeconds() - child0;
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const cpu = process.cpuUsage(cpu0);
      const accuracy: Record<string, { accuracy: number; ci: [number, number]; nTest: number }> = {};
      for (const [mode, m] of Object.entries(results.modes)) {
        for (const [h, tracks] of Object.entries(m?.horizons ?? {})) {
          for (const [k, e] of Object.entries(tracks)) accuracy[`${mode}.h${h}.${k}`] = { accuracy: round3(e.accuracy), ci: [round3(e.accuracyCI[0]), round3(e.accuracyCI[1])], nTest: e.nTest };
        }
      }
      return {
        metric: 'configs/default.yaml with models [lstm] (sample:sp500, h = 1/7/30, progressive + unified)',
        value: round3(seconds),
        unit: 's',
        extra: { cpuS: round3((cpu.user + cpu.system) / 1e6), childCpuS: round3(childCpuS), backend: results.backend, fused: useFusedLstm(), accuracy },
      };
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  },
};

export const benches: Bench[] = [...['lstm', 'lstm_cnn', 'lstm_transformer_cnn', 'unified'].map(epochBench), defaultConfigBench];
