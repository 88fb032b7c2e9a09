/**
 * The API server: fastify with JSON-schema validation of every request, a bearer token when bound beyond
 * loopback, a body size limit, `{error, field}` error bodies without stack traces, and the dashboard.
 */
import * as fs from 'fs';
import * as path from 'path';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { InputError, inputError } from '../util/errors';
import { repoRoot, workbenchHome } from '../util/fs';
import { ConflictError, RunManager, type RunManagerOptions } from './manager';
import { registerRoutes } from './routes';
import { registerPredictRoutes } from './predict';
import { authorize } from './auth';
import { ajvOptions } from './schemas';
import { errorField } from './validate';
import type { TrainerSpec } from './worker';
import type { RedisSettings } from '../execution/redis-conn';
import { RedisQueueView } from '../execution/redis-status';

/** Options of {@link createServer}. */
export interface ServerOptions {
  /** Interface to bind (default 127.0.0.1). Anything but loopback requires `token`. */
  host?: string;
  /** TCP port (default 8080; 0 = any free port). */
  port?: number;
  /** Bearer token required on every path but the dashboard shell and /health (default $WORKBENCH_TOKEN; empty = none). */
  token?: string;
  /** Workbench home: runs, server records, logs (default workbenchHome()). */
  home?: string;
  /** Folder `csv:`/`json:` config paths must be inside (default `<repo>/data`). */
  dataDir?: string;
  /** Folder relative config paths are resolved against (default the repository root). */
  baseDir?: string;
  /**
   * Outbound destinations a request may name (default: $WORKBENCH_ALLOWED_URLS, comma-separated; empty = none):
   * origins such as `https://mlflow.internal:5000` for `tracking.uri`, and `yahoo` for `yahoo:` data sources.
   */
  allowedUrls?: string[];
  /** Largest accepted request body, bytes (default 64 KiB). */
  bodyLimit?: number;
  /** Fastify request logging (default false). */
  logger?: boolean;
  /** Training entry points (default: the training layer; tests use a stub). */
  trainer?: TrainerSpec;
  /** Replaces the worker launcher (tests). */
  start?: RunManagerOptions['start'];
  /** Milliseconds between SSE heartbeats (default 15000). */
  heartbeatMs?: number;
  /**
   * A Redis/BullMQ queue whose `workbench worker` processes `GET /api/queue` and the dashboard list (CLI
   * `serve --redis URL`); default none (the local pool is shown).
   */
  redis?: RedisSettings;
  /** Receives internal errors (default: one line on stderr); responses only say "internal error". */
  onInternalError?: (err: unknown) => void;
}

/** Defaults of {@link ServerOptions}. */
export const serverDefaults = { host: '127.0.0.1', port: 8080, bodyLimit: 64 * 1024, logger: false, heartbeatMs: 15000 } as const;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/**
 * Refuses to bind beyond loopback without a token.
 * @param host interface to bind
 * @param token bearer token ('' or undefined = none)
 * @throws InputError naming `--host` when the host is not loopback and there is no token
 */
export function assertBindAllowed(host: string, token: string | undefined): void {
  if (!LOOPBACK.has(host) && !token) {
    throw inputError({ key: '--host' }, 'set WORKBENCH_TOKEN (clients send it as `Authorization: Bearer <token>`) to bind beyond 127.0.0.1', JSON.stringify(host));
  }
}

/**
 * Paths served without a token: the dashboard shell (files of `publicDir`), `/`, `/health` and the Plotly bundle.
 * @param publicDir the dashboard folder
 */
export function publicPaths(publicDir: string): Set<string> {
  const files = fs.existsSync(publicDir) ? fs.readdirSync(publicDir).filter((f) => fs.statSync(path.join(publicDir, f)).isFile()) : [];
  return new Set(['/', '/health', '/vendor/plotly.min.js', ...files.map((f) => `/${f}`)]);
}

function errorBody(err: FastifyError & { location?: unknown }, bodyLimit: number): { status: number; body: { error: string; field?: string } } {
  if (err instanceof InputError) return { status: (err as { statusCode?: number }).statusCode ?? 400, body: { error: err.message, field: errorField(err) } };
  if (err instanceof ConflictError) return { status: 409, body: { error: err.message } };
  if (err.validation) {
    const v = err.validation[0];
    const where = `${err.validationContext ?? 'request'}${v?.instancePath ? v.instancePath.replace(/\//g, '.') : ''}`;
    let msg = v?.message ?? err.message;
    if (v?.keyword === 'additionalProperties') msg = `unknown field \`${(v.params as { additionalProperty?: string }).additionalProperty}\``;
    const field = v?.keyword === 'additionalProperties' ? (v.params as { additionalProperty?: string }).additionalProperty : v?.instancePath.replace(/^\//, '').replace(/\//g, '.') || undefined;
    if (v?.keyword === 'type' && !v.instancePath) msg = `${msg} (send a JSON object with content-type application/json)`;
    return { status: 400, body: { error: `${where}: ${msg}`, field } };
  }
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return { status: 413, body: { error: `request body too large: at most ${bodyLimit} bytes` } };
  if (err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (err instanceof SyntaxError && err.statusCode === 400)) return { status: 400, body: { error: `malformed JSON body: ${err.message}` } };
  if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return { status: 415, body: { error: 'unsupported content type; send application/json' } };
  if (err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return { status: 400, body: { error: 'empty JSON body; send an object ({} for defaults)' } };
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return { status: err.statusCode, body: { error: err.message } };
  return { status: 500, body: { error: 'internal error (see the server log)' } };
}

/** A created server: the fastify app, its run manager, and `listen`/`close`. */
export interface WorkbenchServer {
  app: FastifyInstance;
  manager: RunManager;
  /** Binds and resolves to the base URL, e.g. `http://127.0.0.1:8080`. */
  listen(): Promise<string>;
  /** Cancels the active run (it checkpoints), then closes the server. */
  close(): Promise<void>;
}

/**
 * Builds the API server and dashboard (not listening yet). Marks runs orphaned by a previous server as interrupted.
 * @param options host, port, token, home, data folder, body limit, trainer, logger (see {@link serverDefaults})
 * @returns the server; call `listen()` to bind
 * @throws InputError when binding beyond loopback without a token
 */
export function createServer(options: ServerOptions = {}): WorkbenchServer {
  const host = options.host ?? serverDefaults.host;
  const token = options.token ?? process.env.WORKBENCH_TOKEN ?? '';
  assertBindAllowed(host, token);
  const root = repoRoot();
  const home = options.home ?? workbenchHome();
  const queueView = options.redis ? new RedisQueueView(options.redis) : undefined;
  const manager = new RunManager({ home, trainer: options.trainer, start: options.start });
  const app = Fastify({ logger: options.logger ?? serverDefaults.logger, bodyLimit: options.bodyLimit ?? serverDefaults.bodyLimit, forceCloseConnections: true, requestTimeout: 30000, ajv: { customOptions: ajvOptions } });
  const onInternal = options.onInternalError ?? ((e: unknown) => process.stderr.write(`workbench serve: internal error: ${(e as Error)?.stack ?? String(e)}\n`));

  const publicDir = path.join(root, 'src', 'server', 'public');
  const publicSet = publicPaths(publicDir);
  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('content-security-policy', "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'");
    // One decision for every route (API, SSE, static, unknown) on the decoded path, before routing; default deny.
    if (authorize(req.raw.url ?? '/', req.headers.authorization, token, publicSet) !== 'ok') {
      return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'missing or wrong bearer token (Authorization: Bearer <WORKBENCH_TOKEN>)' });
    }
  });
  app.setErrorHandler((err: FastifyError, _req, reply) => {
    const { status, body } = errorBody(err, options.bodyLimit ?? serverDefaults.bodyLimit);
    if (status >= 500) onInternal(err);
    return reply.code(status).send(body);
  });
  app.setNotFoundHandler((req, reply) => reply.code(404).send({ error: `no route ${req.method} ${req.url.split('?')[0]}` }));

  const allowedUrls = options.allowedUrls ?? (process.env.WORKBENCH_ALLOWED_URLS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  registerRoutes(app, { allowedUrls, manager, dataDir: options.dataDir ?? path.join(root, 'data'), baseDir: options.baseDir ?? root, heartbeatMs: options.heartbeatMs ?? serverDefaults.heartbeatMs, queueView });
  registerPredictRoutes(app, { home: manager.home });

  const plotlyFile = path.join(root, 'node_modules', 'plotly.js-dist-min', 'plotly.min.js');
  app.get('/vendor/plotly.min.js', (_req, reply) => {
    if (!fs.existsSync(plotlyFile)) return reply.code(404).send({ error: 'plotly.js-dist-min is not installed' });
    return reply.header('content-type', 'application/javascript; charset=utf-8').header('cache-control', 'public, max-age=86400').send(fs.createReadStream(plotlyFile));
  });
  app.register(fastifyStatic, { root: publicDir, prefix: '/', index: ['index.html'] });

  return {
    app,
    manager,
    async listen() {
      return app.listen({ host, port: options.port ?? serverDefaults.port });
    },
    async close() {
      await manager.close();
      await app.close();
      await queueView?.close();
    },
  };
}
