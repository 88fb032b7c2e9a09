/** In-memory buffer of metric points, flushed to `tracking.metrics` in DuckDB data chunks through an appender. */
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { duckdb } from '../data/store-db';

const CHUNK = 2048;

/** Columnar buffer of metric points of one run. */
export class MetricBuffer {
  keys: string[] = [];
  values: number[] = [];
  steps: number[] = [];
  times: number[] = [];

  /** Number of buffered points. */
  get length(): number {
    return this.keys.length;
  }

  /** Adds one point (the caller has checked its fields). */
  push(key: string, value: number, step: number, timestampMs: number): void {
    this.keys.push(key);
    this.values.push(value);
    this.steps.push(step);
    this.times.push(timestampMs);
  }

  /** Moves the buffered points out (the buffer is empty afterwards). */
  take(): MetricBuffer {
    const out = new MetricBuffer();
    out.keys = this.keys;
    out.values = this.values;
    out.steps = this.steps;
    out.times = this.times;
    this.keys = [];
    this.values = [];
    this.steps = [];
    this.times = [];
    return out;
  }
}

/**
 * Appends buffered points of `runId` to `tracking.metrics` (one appender, chunks of 2048 rows).
 * @param c open connection
 * @param runId the run the points belong to
 * @param buf the points (not modified)
 */
export async function appendMetrics(c: DuckDBConnection, runId: string, buf: MetricBuffer): Promise<void> {
  const n = buf.length;
  if (n === 0) return;
  const d = duckdb();
  const types = [d.VARCHAR, d.VARCHAR, d.DOUBLE, d.BIGINT, d.BIGINT];
  const appender = await c.createAppender('metrics', 'tracking');
  try {
    for (let off = 0; off < n; off += CHUNK) {
      const m = Math.min(CHUNK, n - off);
      const run = new Array<DuckDBValue>(m).fill(runId);
      const key = buf.keys.slice(off, off + m);
      const value = new Array<DuckDBValue>(m);
      const step = new Array<DuckDBValue>(m);
      const time = new Array<DuckDBValue>(m);
      for (let i = 0; i < m; i++) {
        const v = buf.values[off + i];
        value[i] = Number.isNaN(v) ? null : v;
        step[i] = BigInt(buf.steps[off + i]);
        time[i] = BigInt(buf.times[off + i]);
      }
      const chunk = d.DuckDBDataChunk.create(types, m);
      chunk.setColumns([run, key, value, step, time]);
      appender.appendDataChunk(chunk);
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}
