/**
 * Benchmarks of the job layer: the local pool's speed-up on a CPU-bound run (2 worker processes vs 1, with CPU
 * times so a busy machine can be told from a slow pool) and the Redis/BullMQ per-job overhead and throughput of
 * empty jobs on loopback (a private redis-server, as in the tests), plus Redis memory per queued track job.
 */
import { Queue, QueueEvents, Worker } from 'bullmq';
import * as fs from 'fs';
import * as os from 'os';
import { parseConfig } from '../src/config/load';
import { LocalBackend } from '../src/execution/local';
import type { JobBackend } from '../src/execution/types';
import { bullConnection, redisClient, redisSettings } from '../src/execution/redis-conn';
import { trainRun } from '../src/training/run';
import { startRedis } from '../test/execution/redis-server';
import { tempDir } from '../test/helpers';
import type { Bench, BenchResult } from './types';

/** CPU seconds (user + system) a live process has used so far (Linux /proc; 0 elsewhere or once it exited). */
function procCpuSeconds(pid: number): number {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
    return (Number(rest[11]) + Number(rest[12])) / 100; // utime + stime, clock ticks (USER_HZ = 100)
  } catch {
    return 0;
  }
}

/** 8 gbdt tracks of equal size (one per horizon, same rows, same trees): CPU-bound, ≈ 4 s each on an idle core. */
const HORIZONS = [1, 2, 3, 4, 5, 6, 8, 10];
const cpuBoundConfig = () =>
  parseConfig({
    data: { source: 'sample:sp500' },
    training: { start_date: '2012-01-03', initial_end_date: '2018-01-02', window_increment: 28, max_iterations: 6, warm_start: false, seed: 42 },
    models: { enabled: ['gbdt'], params: { gbdt: { nRounds: 300, maxDepth: 5 } } },
    horizons: { enabled: HORIZONS, targets: {} },
    modes: { unified: false },
    features: { set: 'technical' },
    evaluation: { bootstrap_samples: 200 },
  });

interface Timed {
  /** Wall seconds of the pool's start (processes forked and ready). */
  start: number;
  /** Wall seconds of the tracks on the started pool (backend.run), and of the whole run. */
  tracks: number;
  run: number;
  /** CPU seconds the worker processes and the coordinator used while the tracks ran. */
  workerCpu: number;
  coordCpu: number;
  loadAvg: number;
}

/** One run on a pool of `workers` processes started before the clock. */
async function timedRun(workers: number, home: string, runId: string): Promise<Timed> {
  const pool = new LocalBackend({ workers });
  const s0 = process.hrtime.bigint();
  await pool.start();
  const start = Number(process.hrtime.bigint() - s0) / 1e9;
  let tracks = 0;
  let workerCpu = 0;
  let coordCpu = 0;
  // times the tracks on the pool (the coordinator's feature build and results are serial work outside them)
  const timed: JobBackend = {
    kind: 'local',
    slots: pool.slots,
    supports: (m) => pool.supports(m),
    close: async () => undefined,
    async run(jobs, options) {
      const pids = pool.workerPids();
      const c0 = pids.map(procCpuSeconds);
      const u0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      try {
        return await pool.run(jobs, options);
      } finally {
        tracks = Number(process.hrtime.bigint() - t0) / 1e9;
        workerCpu = pids.reduce((s, p, i) => s + procCpuSeconds(p) - c0[i], 0);
        const u = process.cpuUsage(u0);
        coordCpu = (u.user + u.system) / 1e6;
      }
    },
  };
  const t0 = process.hrtime.bigint();
  await trainRun(cpuBoundConfig(), { home, runId, backend: timed, track: false });
  const run = Number(process.hrtime.bigint() - t0) / 1e9;
  await pool.close();
  return { start, tracks, run, workerCpu, coordCpu, loadAvg: os.loadavg()[0] };
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
      const load0 = os.loadavg()[0];
      const one = await timedRun(1, home, 'w1');
      const two = await timedRun(2, home, 'w2');
      fs.rmSync(home, { recursive: true, force: true });
      const work = (t: Timed) => t.workerCpu + t.coordCpu;
      return {
        metric: `wall-clock speed-up of a CPU-bound run's tracks (${HORIZONS.length} equal gbdt tracks, 6 iterations of 300 trees, S&P 500 sample) on the local pool, 2 worker processes vs 1, pools started before the clock`,
        value: one.tracks / two.tracks,
        unit: 'ratio',
        extra: {
          target: 1.7,
          tracks1S: one.tracks,
          tracks2S: two.tracks,
          // the pool's start included (fork + the job code loaded in each process): what a one-off CLI run sees
          coldSpeedup: (one.tracks + one.start) / (two.tracks + two.start),
          start1S: one.start,
          start2S: two.start,
          // the whole run: the coordinator's features and results (serial) included
          runSpeedup: one.run / two.run,
          run1S: one.run,
          run2S: two.run,
          workerCpu1S: one.workerCpu,
          workerCpu2S: two.workerCpu,
          coordCpu1S: one.coordCpu,
          coordCpu2S: two.coordCpu,
          // cores the 2-process tracks actually got (2 = both, on an idle machine) and the extra work of splitting
          parallelism2: two.workerCpu / two.tracks,
          workRatio: work(two) / work(one),
          // the speed-up 2 free cores would give for this split (8 equal tracks, 4 per process), from CPU times
          speedupIfIdle: work(one) > 0 && work(two) > 0 ? 2 / (work(two) / work(one)) : null,
          loadAvg1m: [load0, one.loadAvg, two.loadAvg],
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
