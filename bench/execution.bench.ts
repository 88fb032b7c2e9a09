/**
 * Benchmarks of the job layer: the local pool's speed-up on a CPU-bound run (2 worker processes vs 1, with CPU
 * times so a busy machine can be told from a slow pool) and the Redis/BullMQ per-job overhead and throughput of
 * empty jobs on loopback (a private redis-server, as in the tests), plus Redis memory per queued track job.
 */
import { Queue, QueueEvents, Worker } from 'bullmq';
import * as fs from 'fs';
import { parseConfig } from '../src/config/load';
import { LocalBackend } from '../src/execution/local';
import { bullConnection, redisClient, redisSettings } from '../src/execution/redis-conn';
import { trainRun } from '../src/training/run';
import { planTracks } from '../src/training/plan';
import { startRedis } from '../test/execution/redis-server';
import { tempDir } from '../test/helpers';
import type { Bench, BenchResult } from './types';

/** CPU seconds used so far by this process's waited-for children (Linux /proc; 0 elsewhere). */
function childCpuSeconds(): number {
  try {
    const f = fs.readFileSync('/proc/self/stat', 'utf8');
    const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
    return (Number(rest[13]) + Number(rest[14])) / 100; // cutime + cstime, clock ticks (USER_HZ = 100)
  } catch {
    return 0;
  }
}

const cpuBoundConfig = () =>
  parseConfig({
    data: { source: 'sample:sp500' },
    training: { start_date: '2012-01-03', initial_end_date: '2018-01-02', window_increment: 28, max_iterations: 4, warm_start: false, seed: 42 },
    models: { enabled: ['gbdt'], params: { gbdt: { nRounds: 300, maxDepth: 5 } } },
    horizons: { enabled: [1, 5, 7, 10], targets: {} },
    modes: { unified: false },
    features: { set: 'technical' },
    evaluation: { bootstrap_samples: 200 },
  });

async function timedRun(workers: number, home: string, runId: string): Promise<{ wall: number; cpu: number }> {
  const backend = new LocalBackend({ workers });
  const c0 = childCpuSeconds();
  const t0 = process.hrtime.bigint();
  await trainRun(cpuBoundConfig(), { home, runId, backend, track: false });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  await backend.close();
  await new Promise((r) => setTimeout(r, 500)); // let the children exit and be reaped (their CPU lands in cutime)
  return { wall, cpu: childCpuSeconds() - c0 };
}

function pct(xs: number[], q: number): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

export const benches: Bench[] = [
  {
    name: 'execution.local_speedup',
    async run(): Promise<BenchResult> {
      const home = tempDir();
      const tracks = planTracks(cpuBoundConfig()).length;
      const one = await timedRun(1, home, 'w1');
      const two = await timedRun(2, home, 'w2');
      fs.rmSync(home, { recursive: true, force: true });
      return {
        metric: `wall-clock speed-up of a CPU-bound run (${tracks} gbdt tracks, S&P 500 sample) on the local pool, 2 worker processes vs 1`,
        value: one.wall / two.wall,
        unit: 'ratio',
        extra: {
          target: 1.7,
          wall1S: one.wall,
          wall2S: two.wall,
          cpu1S: one.cpu,
          cpu2S: two.cpu,
          // cores the 2-process run actually got (2 = both, on an idle machine) and the extra work of splitting
          parallelism2: two.cpu / two.wall,
          workRatio: two.cpu / one.cpu,
          // the speed-up 2 free cores would give for this work split (4 equal tracks: 2 per process), from CPU times
          speedupIfIdle: one.cpu > 0 && two.cpu > 0 ? 2 / (two.cpu / one.cpu) : null,
          loadAvg1m: require('os').loadavg()[0],
        },
      };
    },
  },
  {
    name: 'execution.redis_overhead',
    async run(): Promise<BenchResult[]> {
      const redis = await startRedis();
      const s = redisSettings(redis.url, { queue: 'bench' });
      const connection = bullConnection(s);
      const queue = new Queue('bench', { connection });
      const events = new QueueEvents('bench', { connection });
      await events.waitUntilReady();
      const worker = new Worker('bench', async () => ({ ok: 1 }), { connection, concurrency: 64 });
      await worker.waitUntilReady();
      const done = new Map<string, () => void>();
      events.on('completed', ({ jobId }) => done.get(jobId)?.());
      const wait = (id: string) => new Promise<void>((r) => done.set(id, r));
      // per-job overhead: enqueue → started by a worker → result seen by the coordinator, one job at a time
      const lat: number[] = [];
      for (let i = 0; i < 300; i++) {
        const id = `lat-${i}`;
        const w = wait(id);
        const t0 = process.hrtime.bigint();
        await queue.add('empty', { i }, { jobId: id, removeOnComplete: true });
        await w;
        if (i >= 20) lat.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
      // throughput of empty jobs: 5,000 queued at once, 64 concurrent
      const n = 5000;
      let seen = 0;
      const all = new Promise<void>((r) => events.on('completed', () => ++seen >= n && r()));
      const t1 = process.hrtime.bigint();
      for (let k = 0; k < n; k += 1000) await queue.addBulk(Array.from({ length: 1000 }, (_, j) => ({ name: 'empty', data: { j: k + j }, opts: { removeOnComplete: true } })));
      await all;
      const rate = n / (Number(process.hrtime.bigint() - t1) / 1e9);
      // memory of queued track jobs with a realistic payload (the default config, ~3 KB of JSON)
      await worker.close();
      const client = redisClient(s);
      const mem = async () => Number(/used_memory:(\d+)/.exec(await client.info('memory'))?.[1] ?? 0);
      const m0 = await mem();
      const payload = { kind: 'track', config: parseConfig({}), dataSha256: 'f'.repeat(64), runId: 'run-x', home: '/shared/home', trackId: 'progressive-h7-gbdt' };
      const bytes = JSON.stringify(payload).length;
      for (let k = 0; k < 2000; k += 500) await queue.addBulk(Array.from({ length: 500 }, (_, j) => ({ name: 'track', data: { ...payload, id: `m-${k + j}` }, opts: { jobId: `m-${k + j}` } })));
      const perJob = ((await mem()) - m0) / 2000;
      client.disconnect();
      await events.close();
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
      await redis.stop();
      return [
        { bench: 'execution.redis_overhead', metric: 'per-job overhead enqueue → start → result collected, empty job, loopback (p50 of 280)', value: pct(lat, 0.5), unit: 'ms', extra: { target: 20, p95: pct(lat, 0.95), max: Math.max(...lat) } },
        { bench: 'execution.redis_throughput', metric: 'empty jobs completed per second (5,000 queued, 64 concurrent, one worker process)', value: rate, unit: 'jobs/s', extra: { target: 500 } },
        { bench: 'execution.redis_memory', metric: 'Redis memory per queued track job (default config payload)', value: perJob, unit: 'bytes', extra: { payloadBytes: bytes } },
      ];
    },
  },
];
