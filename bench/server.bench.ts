/**
 * Server benchmarks: status latency while a real training run (logistic + the unified net, sample data,
 * fast mode) trains in the worker, polled 50×/s; and the time from `cancel` to the run being `cancelled`.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createServer } from '../src/server/app';
import type { Bench } from './types';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function json(url: string, init?: RequestInit): Promise<any> {
  return (await fetch(url, init)).json();
}

function post(url: string, body: unknown): Promise<any> {
  return json(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

function pct(xs: number[], p: number): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
}

export const benches: Bench[] = [
  {
    name: 'server.status_latency',
    async run() {
      const home = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-bench-server-'));
      const server = createServer({ port: 0, home });
      const url = await server.listen();
      try {
        const cfg = { models: { enabled: ['logistic'] }, horizons: { enabled: [1, 7, 30] }, training: { max_iterations: 3 }, runtime: { fast: true } };
        await post(`${url}/api/ml/progressive/start?runId=bench-1`, cfg);
        const lat: number[] = [];
        const t0 = Date.now();
        for (;;) {
          const q0 = performance.now();
          const s = await json(`${url}/api/ml/progressive/status`);
          lat.push(performance.now() - q0);
          if (s.state !== 'running') break;
          await sleep(Math.max(0, 20 - (performance.now() - q0)));
        }
        const runS = (Date.now() - t0) / 1000;
        // cancel latency on a longer run (non-fast, 30 iterations)
        await post(`${url}/api/ml/progressive/start?runId=bench-2`, { ...cfg, horizons: { enabled: [1] }, training: { max_iterations: 30, start_date: '2010-01-04' }, runtime: { fast: false }, modes: { unified: false } });
        for (;;) {
          const s = await json(`${url}/api/ml/progressive/status`);
          if ((s.progress?.unitsDone ?? 0) >= 2 || s.state !== 'running') break;
          await sleep(20);
        }
        const c0 = performance.now();
        await post(`${url}/api/ml/progressive/cancel`, {});
        let st: any;
        do {
          await sleep(10);
          st = await json(`${url}/api/ml/progressive/status`);
        } while (st.state === 'running');
        const cancelMs = performance.now() - c0;
        return [
          { metric: 'status p95 during training (50 polls/s)', value: Math.round(pct(lat, 0.95) * 10) / 10, unit: 'ms', extra: { p50: Math.round(pct(lat, 0.5) * 10) / 10, max: Math.round(Math.max(...lat) * 10) / 10, polls: lat.length, runSeconds: runS } },
          { bench: 'server.cancel_latency', metric: 'cancel → cancelled (real logistic run)', value: Math.round(cancelMs), unit: 'ms', extra: { state: st.state } },
        ];
      } finally {
        await server.close();
      }
    },
  },
];
