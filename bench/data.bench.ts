/** Data-loading benchmarks: parse + validate throughput of the streaming CSV loader. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { timeIt, type Bench, type BenchResult } from './types';
import { randomWalk } from '../src/data/synthetic';
import { dayToIso } from '../src/util/dates';
import { loadBarsWithReport } from '../src/data/load';

/** Writes an n-row Yahoo-format CSV of a seeded random walk (not timed). */
function writeSyntheticCsv(file: string, n: number): void {
  const b = randomWalk({ n, seed: 1, sigma: 0.002, start: '1900-01-01', symbol: 'BENCH' });
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, 'Date,Open,High,Low,Close,Adj Close,Volume\n');
    let batch: string[] = [];
    for (let i = 0; i < n; i++) {
      const c = b.close[i].toFixed(4);
      batch.push(`${dayToIso(b.dates[i])},${b.open[i].toFixed(4)},${b.high[i].toFixed(4)},${b.low[i].toFixed(4)},${c},${c},${b.volume[i]}\n`);
      if (batch.length === 10000) {
        fs.writeSync(fd, batch.join(''));
        batch = [];
      }
    }
    fs.writeSync(fd, batch.join(''));
  } finally {
    fs.closeSync(fd);
  }
}

export const benches: Bench[] = [
  {
    name: 'csv.parse_validate',
    async run(): Promise<BenchResult[]> {
      const n = 1_000_000;
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-bench-'));
      const file = path.join(dir, 'BENCH.csv');
      try {
        writeSyntheticCsv(file, n);
        const mb = fs.statSync(file).size / 1e6;
        let rows = 0;
        let ok = false;
        const seconds = await timeIt(async () => {
          const { bars, report } = await loadBarsWithReport(file);
          rows = bars.dates.length;
          ok = report.checks.every((c) => c.name === 'calendar' || c.passed);
        }, 3);
        if (rows !== n || !ok) throw new Error(`bench: expected ${n} clean rows, loaded ${rows} (checks ok: ${ok})`);
        return [
          { metric: 'parse+validate throughput (1M-row Yahoo CSV, strict, NYSE calendar)', value: Math.round(n / seconds), unit: 'rows/s', extra: { seconds: +seconds.toFixed(3), fileMb: +mb.toFixed(1) } },
        ];
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  },
];
