/** Tracking benchmarks: logging 100,000 metric points (start run → log → end, including the flushes). */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { startRun } from '../src/tracking/tracker';
import { runMetrics } from '../src/tracking/query';
import { timeIt, type Bench } from './types';

function fresh(): { storePath: string; home: string } {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-bench-track-'));
  return { storePath: path.join(home, 'store.duckdb'), home };
}

export const benches: Bench[] = [
  {
    name: 'tracking.log_100k_metrics',
    async run() {
      const n = 100_000;
      let runId = '';
      let where = fresh();
      const seconds = await timeIt(async () => {
        where = fresh();
        const run = await startRun({ ...where, gitCommit: null });
        runId = run.runId;
        for (let i = 0; i < n; i++) run.logMetric(i % 2 ? 'loss' : 'val_loss', Math.sin(i), i >> 1);
        await run.end();
      }, 3);
      const points = (await runMetrics(runId, 'loss', where)).length + (await runMetrics(runId, 'val_loss', where)).length;
      if (points !== n) throw new Error(`expected ${n} stored points, found ${points}`);
      // the per-call cost of logMetric alone (buffering), to size the overhead on a training loop
      const run = await startRun({ ...fresh(), gitCommit: null, flushEvery: 10_000_000 });
      const logOnly = await timeIt(() => {
        for (let i = 0; i < n; i++) run.logMetric('m', i, i);
      }, 1);
      return [
        { metric: 'start + log + flush + end of 100k points (best of 3)', value: seconds, unit: 's', extra: { target: 2 } },
        { bench: 'tracking.log_metric_call', metric: 'logMetric() per call, buffered', value: (logOnly / n) * 1e6, unit: 'µs' },
      ];
    },
  },
];
