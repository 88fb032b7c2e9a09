/** `workbench serve`: the REST API and dashboard, until SIGINT/SIGTERM. */
import { inputError } from '../util/errors';
import { probeRedis, redisSettings } from '../execution/redis-conn';
import { createServer, serverDefaults } from '../server/app';
import type { Command } from './types';

function parsePort(v: unknown): number {
  if (v === undefined) return serverDefaults.port;
  const n = Number(v);
  if (typeof v !== 'string' || !/^\d+$/.test(v) || n > 65535) throw inputError({ key: '--port' }, 'a port number 0-65535', JSON.stringify(v));
  return n;
}

/** The `serve` command. */
export const serveCommand: Command = {
  name: 'serve',
  summary: 'Start the REST API and the dashboard (http://127.0.0.1:8080 by default)',
  help: [
    'Usage: workbench serve [--host 127.0.0.1] [--port 8080] [--redis URL]',
    '',
    'Serves the dashboard at / and the API under /api (see docs/api.md). Training runs in a child process;',
    'one run at a time: a second start is queued (202 with its queue position; at most 50 wait, then 409).',
    'Ctrl-C cancels the active run (it checkpoints) and every queued run, and stops.',
    'Runs left "running" by a previous server are marked interrupted and can be resumed from the dashboard',
    'or with POST /api/ml/progressive/resume.',
    '',
    'Options:',
    '  --host <addr>  interface to bind (default 127.0.0.1); any other address requires WORKBENCH_TOKEN,',
    '                 which clients then send as `Authorization: Bearer <token>`',
    '  --port <n>     TCP port (default 8080; 0 = any free port)',
    '  --redis <url>  list the `workbench worker` processes of this Redis/BullMQ queue (and its job counts) in',
    '                 GET /api/queue and the dashboard, e.g. redis://:password@host:6379 (runs whose config has',
    '                 execution.backend: redis send their tracks there); default: the local pool is shown',
    '  --queue <name> queue name on that Redis (default workbench)',
    '',
    'Environment: WORKBENCH_HOME (runs, logs), WORKBENCH_TOKEN (bearer token), WORKBENCH_ALLOWED_URLS',
    '(comma-separated origins a request may name in tracking.uri, plus `yahoo` for yahoo: sources; default none).',
    '',
    'Example:',
    '  workbench serve --port 8080',
  ].join('\n'),
  options: {
    host: { type: 'string' },
    port: { type: 'string' },
    redis: { type: 'string' },
    queue: { type: 'string' },
  },
  async run(ctx) {
    const host = typeof ctx.values.host === 'string' ? ctx.values.host : serverDefaults.host;
    const port = parsePort(ctx.values.port);
    if (typeof ctx.values.queue === 'string' && !/^[A-Za-z0-9_-]{1,64}$/.test(ctx.values.queue)) throw inputError({ key: '--queue' }, '1-64 letters, digits, `_` or `-`', JSON.stringify(ctx.values.queue));
    const redis = typeof ctx.values.redis === 'string' ? redisSettings(ctx.values.redis, typeof ctx.values.queue === 'string' ? { queue: ctx.values.queue } : {}) : undefined;
    if (redis) await probeRedis(redis, '--redis');
    const server = createServer({ host, port, ...(redis ? { redis } : {}) });
    const url = await server.listen();
    for (const id of server.manager.orphans) ctx.err(`run ${id} was interrupted by a previous server; resume it from the dashboard`);
    ctx.out(`workbench: dashboard and API at ${url} (Ctrl-C to stop)`);
    await new Promise<void>((resolve) => {
      const stop = (): void => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    ctx.err('workbench serve: stopping (the active run, if any, checkpoints first)');
    await server.close();
    return 0;
  },
};
