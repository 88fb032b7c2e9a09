/** The shape of a benchmark module: `export const benches: Bench[]` in `bench/<area>.bench.ts`. */
export interface BenchResult {
  /** Overrides the bench name (for benches that report several named figures). */
  bench?: string;
  /** What was measured, e.g. `parse+validate throughput`. */
  metric: string;
  value: number;
  /** `s`, `rows/s`, `ratio`, … */
  unit: string;
  /** Extra fields copied into the JSON line. */
  extra?: Record<string, unknown>;
}

export interface Bench {
  name: string;
  run(): Promise<BenchResult | BenchResult[]>;
}

/** Wall-clock seconds of `fn` (best of `repeats`). */
export async function timeIt(fn: () => unknown | Promise<unknown>, repeats = 1): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < repeats; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return best;
}
