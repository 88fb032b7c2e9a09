/**
 * What a Redis/BullMQ queue looks like from outside: the `workbench worker` processes connected to it and its
 * job counts — the dashboard's and `GET /api/queue`'s view of remote workers (`workbench serve --redis URL`).
 */
import { Queue } from 'bullmq';
import { bullConnection, type RedisSettings } from './redis-conn';

/** One connected worker as Redis reports it (CLIENT LIST of the queue's worker connections). */
export interface RemoteWorker {
  /** Client name BullMQ gave the worker's connection. */
  name: string;
  /** host:port the worker connects from. */
  addr: string;
  /** Seconds since the connection's last command. */
  idleS: number;
}

/** The queue's workers and job counts, or the reason they could not be read. */
export interface RedisQueueStatus {
  backend: 'redis';
  queue: string;
  /** Redis host:port (never the password). */
  server: string;
  workers: RemoteWorker[];
  counts: { waiting: number; active: number; delayed: number; failed: number; completed: number };
  /** Set when Redis could not be asked (unreachable, refused login); workers and counts are then empty. */
  error?: string;
}

/**
 * Reads the workers connected to the queue and its job counts.
 * @param s Redis settings (`execution.redis`, or `redisSettings(url)` from a CLI `--redis`)
 * @param timeoutMs give up after this long (default 2000) and report the error instead of throwing
 * @returns the status; never throws
 */
export async function redisQueueStatus(s: RedisSettings, timeoutMs = 2000): Promise<RedisQueueStatus> {
  const u = new URL(s.url);
  const base = { backend: 'redis' as const, queue: s.queue, server: `${u.hostname}:${u.port || 6379}` };
  const empty = { waiting: 0, active: 0, delayed: 0, failed: 0, completed: 0 };
  const queue = new Queue(s.queue, { connection: { ...(bullConnection(s) as object), connectTimeout: timeoutMs, retryStrategy: () => null, enableOfflineQueue: false } as never });
  queue.on('error', () => undefined);
  let timer: NodeJS.Timeout | undefined;
  try {
    const read = (async () => {
      const [ws, c] = await Promise.all([queue.getWorkers(), queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed')]);
      const workers = ws.map((w) => ({ name: String(w.name ?? ''), addr: String(w.addr ?? ''), idleS: Number(w.idle ?? 0) }));
      return { ...base, workers, counts: { ...empty, ...c } };
    })();
    const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer from Redis within ${timeoutMs} ms`)), timeoutMs)));
    return await Promise.race([read, late]);
  } catch (e) {
    return { ...base, workers: [], counts: empty, error: String((e as Error)?.message ?? e).split('\n')[0] };
  } finally {
    if (timer) clearTimeout(timer);
    await queue.close().catch(() => undefined);
  }
}
