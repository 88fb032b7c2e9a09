/**
 * `workbench worker --redis <url> [--concurrency N] [--queue NAME] [--home DIR]`: serves the track jobs of
 * runs started with `execution.backend: redis` until stopped (Ctrl-C / SIGTERM finish the current jobs first).
 */
import * as path from 'path';
import type { ExecutionConfig } from '../config/schema';
import { redisSettings } from '../execution/redis-conn';
import { startRedisWorker } from '../execution/redis-worker';
import { inputError } from '../util/errors';
import { stringOption } from './train';
import type { Command, CommandContext } from './types';

/**
 * An integer option ≥ 1, or undefined.
 * @param ctx command context
 * @param name long option name
 * @returns the value or undefined
 */
export function countOption(ctx: CommandContext, name: string): number | undefined {
  const v = stringOption(ctx, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw inputError({ key: `--${name}` }, 'an integer from 1 to 256', JSON.stringify(v));
  return n;
}

/**
 * The `execution` of a `--redis <url>` / `--workers N` pair of CLI options (undefined when neither is given).
 * @param ctx command context
 * @returns execution settings or undefined
 */
export function executionOptions(ctx: CommandContext): ExecutionConfig | undefined {
  const url = stringOption(ctx, 'redis');
  const workers = countOption(ctx, 'workers');
  if (url) return { backend: 'redis', workers: 'auto', redis: redisSettings(url, { ...(stringOption(ctx, 'queue') ? { queue: stringOption(ctx, 'queue') } : {}) }) };
  if (workers) return { backend: 'local', workers };
  return undefined;
}

/** The `worker` command. */
export const workerCommand: Command = {
  name: 'worker',
  summary: 'Serve the jobs of runs on a Redis queue (BullMQ) from this machine',
  help: [
    'Usage: workbench worker --redis <url> [--concurrency N] [--queue NAME] [--home DIR] [--lock-ms MS]',
    '',
    'Takes track jobs (`workbench train`) and trial jobs (`workbench tune`) from the queue of runs and studies',
    'started with `execution: {backend: redis}` (or --redis) and runs them.',
    'The run folders (checkpoints) must be reachable here at the same path, or at --home; the data must hash',
    'the same as the coordinator\'s (a worker with different data refuses the job and exits with code 2).',
    '',
    'Options:',
    '  --redis <url>      redis://[:password@]host:port[/db] or rediss:// (TLS)',
    '  --concurrency <N>  jobs at once (default 1; the wasm backend uses one core per job)',
    '  --queue <NAME>     queue name (default workbench; must match execution.redis.queue)',
    '  --home <DIR>       workbench home holding runs/ (default: the path each job names)',
    '  --lock-ms <MS>     job lock; a worker silent this long loses its job to another (default 30000)',
    '',
    'Example: workbench worker --redis redis://10.0.0.5:6379 --concurrency 2',
  ].join('\n'),
  options: { redis: { type: 'string' }, concurrency: { type: 'string' }, queue: { type: 'string' }, home: { type: 'string' }, 'lock-ms': { type: 'string' } },
  async run(ctx) {
    const url = stringOption(ctx, 'redis');
    if (!url) throw inputError({ key: '--redis' }, 'the Redis URL of the queue (--redis redis://host:6379)', 'nothing');
    const lock = stringOption(ctx, 'lock-ms');
    if (lock !== undefined && !(Number.isInteger(Number(lock)) && Number(lock) >= 1000)) throw inputError({ key: '--lock-ms' }, 'an integer >= 1000', JSON.stringify(lock));
    const queue = stringOption(ctx, 'queue');
    const settings = redisSettings(url, { ...(queue ? { queue } : {}), ...(lock ? { lock_ms: Number(lock) } : {}) });
    let refused: string | undefined;
    const worker = await startRedisWorker(settings, {
      // one processor for both kinds of jobs: training tracks and tuning trials
      processor: path.join(__dirname, '..', 'tuning', 'job-sandbox.js'),
      concurrency: countOption(ctx, 'concurrency') ?? 1,
      home: stringOption(ctx, 'home'),
      log: (l) => ctx.err(`worker: ${l}`),
      onRefuse: (e) => {
        refused ??= e.message;
        setTimeout(() => void worker.close(), 50);
      },
    });
    ctx.err(`worker: serving queue ${settings.queue} on ${new URL(url).host} (concurrency ${countOption(ctx, 'concurrency') ?? 1}); Ctrl-C stops after the current jobs`);
    await new Promise<void>((resolve) => {
      const stop = (): void => void worker.close().finally(resolve);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      worker.once('closed', () => resolve());
    });
    if (refused) {
      ctx.err(`workbench worker: ${refused}`);
      return 2;
    }
    return 0;
  },
};
