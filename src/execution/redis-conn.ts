/**
 * Redis connection settings of the job layer (`execution.redis`) and a probe that turns an unreachable
 * server, a wrong password or a too-old Redis into an {@link InputError} naming the key to fix.
 */
import IORedis, { type RedisOptions } from 'ioredis';
import type { ConnectionOptions } from 'bullmq';
import type { ExecutionConfig } from '../config/schema';
import { inputError } from '../util/errors';

/** The `execution.redis` section. */
export type RedisSettings = NonNullable<ExecutionConfig['redis']>;

/** Defaults of the optional `execution.redis` keys. */
export const redisDefaults = { queue: 'workbench', lock_ms: 30000, attempts: 3 } as const;

/**
 * Settings from a bare URL (CLI `--redis`), defaults filled in.
 * @param url redis:// or rediss:// URL (a password may be in it: redis://:pw@host:6379)
 * @param extra password, tls, queue, lock_ms, attempts overrides
 * @returns settings
 */
export function redisSettings(url: string, extra: Partial<RedisSettings> = {}): RedisSettings {
  if (!/^rediss?:\/\/[^\s]+$/.test(url)) throw inputError({ key: '--redis' }, 'a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379', JSON.stringify(url));
  return { ...redisDefaults, ...extra, url };
}

/**
 * ioredis options of the settings (BullMQ needs `maxRetriesPerRequest: null` on its own connections).
 * @param s settings
 * @returns options
 */
export function redisOptions(s: RedisSettings): RedisOptions {
  const u = new URL(s.url);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  const tls = s.tls ?? u.protocol === 'rediss:';
  return {
    host: u.hostname || '127.0.0.1',
    port: u.port ? Number(u.port) : 6379,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(s.password !== undefined ? { password: s.password } : u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(Number.isInteger(db) && db > 0 ? { db } : {}),
    ...(tls ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
  };
}

function where(s: RedisSettings): string {
  const u = new URL(s.url);
  return `${u.protocol}//${u.hostname}:${u.port || 6379}`;
}

/**
 * A plain ioredis connection of the settings (cancel flags, benchmarks); the caller disconnects it.
 * @param s settings
 * @returns connection
 */
export function redisClient(s: RedisSettings): IORedis {
  const c = new IORedis(redisOptions(s));
  c.on('error', () => undefined);
  return c;
}

/** The settings as BullMQ connection options. */
export function bullConnection(s: RedisSettings): ConnectionOptions {
  return redisOptions(s) as ConnectionOptions;
}

/**
 * Connects once, authenticates, checks the server version (BullMQ needs Redis ≥ 6.2) and disconnects.
 * @param s settings
 * @param key config key named in errors (default `execution.redis.url`)
 * @throws InputError unreachable / refused password / too old
 */
export async function probeRedis(s: RedisSettings, key = 'execution.redis.url'): Promise<void> {
  const conn = new IORedis({ ...redisOptions(s), lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 3000, enableOfflineQueue: false });
  let seen: Error | undefined;
  conn.on('error', (e: Error) => (seen ??= e));
  try {
    await conn.connect();
    const info = await conn.info('server');
    const v = /redis_version:(\d+)\.(\d+)/.exec(info);
    if (v && (Number(v[1]) < 6 || (Number(v[1]) === 6 && Number(v[2]) < 2))) throw inputError({ key }, 'Redis 6.2 or newer (BullMQ needs it)', `Redis ${v[1]}.${v[2]} at ${where(s)}`);
  } catch (e) {
    const err = e as Error & { code?: string };
    const msg = `${String(err?.message ?? err)} ${seen ? String(seen.message) : ''}`.trim();
    if (err?.name === 'InputError') throw err;
    if (/WRONGPASS|NOAUTH|invalid password|AUTH/i.test(msg)) {
      throw inputError({ key: 'execution.redis.password' }, `the password of the Redis server at ${where(s)} (config execution.redis.password, or redis://:<password>@host in --redis)`, `a refused login (${(/(WRONGPASS|NOAUTH)[^\n]*/.exec(msg) ?? [msg])[0]})`);
    }
    throw inputError({ key }, `a reachable Redis server at ${where(s)} (start redis-server there, or fix the URL / firewall)`, `${err?.code ?? (seen as Error & { code?: string })?.code ?? 'an error'}: ${(seen?.message ?? msg).split('\n')[0]}`);
  } finally {
    conn.disconnect();
  }
}
