/**
 * What a Redis/BullMQ queue looks like from outside: the `workbench worker` processes connected to it and its
 * job counts — the dashboard's and `GET /api/queue`'s view of remote workers (`workbench serve --redis URL`).
 */
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { redisOptions, type RedisSettings } from './redis-conn';

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
 * An open view of one queue for a long-lived reader (the server's `GET /api/queue`): one connection kept for the
 * reader's life (reconnecting after an outage) instead of one per request. Close it with {@link close}.
 */
export class RedisQueueView {
  private readonly queue: Queue;
  private readonly client: IORedis;
  private readonly base: Pick<RedisQueueStatus, 'backend' | 'queue' | 'server'>;

  /**
   * @param s Redis settings (`execution.redis`, or `redisSettings(url)` from a CLI `--redis`)
   * @param timeoutMs a status read gives up after this long (default 2000) and reports the error
   * @param reconnect keep reconnecting after a lost connection (default true; false for a one-shot read)
   */
  constructor(
    s: RedisSettings,
    private readonly timeoutMs = 2000,
    reconnect = true,
  ) {
    const u = new URL(s.url);
    this.base = { backend: 'redis', queue: s.queue, server: `${u.hostname}:${u.port || 6379}` };
    // The view owns its connection (BullMQ leaves a passed-in client alone): its error listener stays for the
    // client's whole life, so an outage is reported by status() and never printed as ioredis's "Unhandled error
    // event", and close() can stop the reconnect loop even while Redis is down (quit() would wait for it).
    this.client = new IORedis({ ...redisOptions(s), connectTimeout: timeoutMs, enableOfflineQueue: false, ...(reconnect ? {} : { retryStrategy: () => null }) });
    this.client.on('error', () => undefined);
    this.queue = new Queue(s.queue, { connection: this.client as never });
    this.queue.on('error', () => undefined);
  }

  /**
   * The workers connected to the queue and its job counts.
   * @returns the status; never throws (an unreadable Redis gives `error` and empty workers/counts)
   */
  async status(): Promise<RedisQueueStatus> {
    const empty = { waiting: 0, active: 0, delayed: 0, failed: 0, completed: 0 };
    let timer: NodeJS.Timeout | undefined;
    try {
      const read = (async () => {
        await this.queue.waitUntilReady();
        const [ws, c] = await Promise.all([this.queue.getWorkers(), this.queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed')]);
        const workers = ws.map((w) => ({ name: String(w.name ?? ''), addr: String(w.addr ?? ''), idleS: Number(w.idle ?? 0) }));
        return { ...this.base, workers, counts: { ...empty, ...c } };
      })();
      read.catch(() => undefined); // a read that loses the race must not become an unhandled rejection
      const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer from Redis within ${this.timeoutMs} ms`)), this.timeoutMs)));
      return await Promise.race([read, late]);
    } catch (e) {
      return { ...this.base, workers: [], counts: empty, error: String((e as Error)?.message ?? e).split('\n')[0] };
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  /** Closes the connection. */
  async close(): Promise<void> {
    if (this.client.status === 'ready') await this.queue.close().catch(() => undefined);
    this.client.disconnect();
  }
}

/**
 * One read of the workers connected to the queue and its job counts (opens and closes its own connection).
 * @param s Redis settings
 * @param timeoutMs give up after this long (default 2000) and report the error instead of throwing
 * @returns the status; never throws
 */
export async function redisQueueStatus(s: RedisSettings, timeoutMs = 2000): Promise<RedisQueueStatus> {
  const view = new RedisQueueView(s, timeoutMs, false);
  try {
    return await view.status();
  } finally {
    await view.close();
  }
}
