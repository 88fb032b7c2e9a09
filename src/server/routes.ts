/** The API routes: training start/status/events/results/reliability/compare/cancel/resume, queue, run listing, health. */
import { coreCount } from '../execution/local';
import type { RedisQueueView } from '../execution/redis-status';
import type { FastifyInstance } from 'fastify';
import { defaultConfig } from '../config/load';
import '../models/index'; // registers every model family, so `models.enabled` is checked before a run starts
import { modelKeys } from '../models/registry';
import { inputError } from '../util/errors';
import * as path from 'path';
import { compareResults as pairedTests, readPredictionsCsv, type RunView } from '../training/compare';
import { comparisonTable } from './compare';
import { reliabilityView } from './reliability';
import { describeConfigSchema } from './form';
import type { RunManager, ServerStatus } from './manager';
import { schemas } from './schemas';
import { discoverRuns, loadRecord, readResults, runDir, type RunRecord } from './state';
import { checkStartInputs, validateRunId, validateStartConfig } from './validate';
import { profileOf } from '../config/profiles';
import type { WorkbenchConfig } from '../config/schema';
import { newRunId } from '../training/checkpoint';

/** What the routes need from the server. */
export interface RouteContext {
  manager: RunManager;
  dataDir: string;
  baseDir: string;
  /** Outbound destinations a start request may name (see `ServerOptions.allowedUrls`). */
  allowedUrls?: string[];
  /** Milliseconds between SSE heartbeats (comment lines). */
  heartbeatMs: number;
  /** Redis queue whose remote workers `/api/queue` lists (else the local pool). */
  queueView?: RedisQueueView;
}

type Q = Record<string, string | undefined>;

const truthy = (v: string | undefined): boolean => v === '1' || v === 'true';

function summary(r: RunRecord): Omit<RunRecord, 'config'> {
  const { config: _c, ...rest } = r;
  return rest;
}

function statusOf(ctx: RouteContext, runId: string | undefined): ServerStatus {
  const live = ctx.manager.status();
  if (runId === undefined || live.runId === runId) return live;
  const rec = loadRecord(ctx.manager.home, runId) ?? discoverRuns(ctx.manager.home).find((r) => r.runId === runId);
  if (!rec) throw Object.assign(inputError({ key: 'runId' }, 'the id of an existing run', JSON.stringify(runId)), { statusCode: 404 });
  return { state: rec.state, runId: rec.runId, mode: rec.mode, progress: rec.progress, error: rec.error };
}

function notFound(field: string, message: string): Error {
  return Object.assign(inputError({ key: field }, message), { statusCode: 404 });
}

/**
 * Registers the API routes on a fastify instance.
 * @param app the server
 * @param ctx run manager, data folder, base folder, SSE heartbeat
 */
export function registerRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/health', async () => ({ ok: true, busy: ctx.manager.busy, orphans: ctx.manager.orphans }));

  app.get('/api/config/schema', async () => ({ fields: describeConfigSchema(), defaults: defaultConfig() }));

  app.post('/api/ml/progressive/start', { schema: schemas.start }, async (req, reply) => {
    const q = req.query as Q;
    const runId = q.runId === undefined ? undefined : validateRunId(q.runId);
    const opts = { dataDir: ctx.dataDir, baseDir: ctx.baseDir, modelKeys: modelKeys(), allowedUrls: ctx.allowedUrls ?? [] };
    const profile = profileOf(req.body, 'request body');
    if (profile) {
      // a profile (seed002) is one run per part, as with `workbench train`: <runId>-<part>, all validated first
      const base = runId ?? newRunId();
      const parts: Array<[WorkbenchConfig, string]> = [];
      for (const r of profile.runs) parts.push([validateStartConfig(req.body, { ...opts, profileRun: r.name }), `${base}-${r.name}`]);
      for (const [cfg] of parts) await checkStartInputs(cfg, { dataDir: ctx.dataDir, baseDir: ctx.baseDir });
      const recs = ctx.manager.startAll(parts);
      const one = (rec: (typeof recs)[number]) => ({ runId: rec.runId, state: rec.state, mode: rec.mode, ...(rec.queuePosition ? { queuePosition: rec.queuePosition } : {}), status: `/api/ml/progressive/status?runId=${rec.runId}` });
      return reply.code(202).send({ ...one(recs[0]), events: '/api/ml/progressive/events', profile: (req.body as { profile: string }).profile, runs: recs.map((rec, i) => ({ part: profile.runs[i].name, ...one(rec) })) });
    }
    const cfg = validateStartConfig(req.body, opts);
    await checkStartInputs(cfg, { dataDir: ctx.dataDir, baseDir: ctx.baseDir });
    const rec = ctx.manager.start(cfg, runId);
    return reply.code(202).send({ runId: rec.runId, state: rec.state, mode: rec.mode, ...(rec.queuePosition ? { queuePosition: rec.queuePosition } : {}), status: `/api/ml/progressive/status?runId=${rec.runId}`, events: '/api/ml/progressive/events' });
  });

  app.get('/api/ml/progressive/status', { schema: schemas.status }, async (req) => {
    const q = req.query as Q;
    const s = statusOf(ctx, q.runId);
    return truthy(q.history) && s.runId === ctx.manager.status().runId ? { ...s, history: ctx.manager.history() } : s;
  });

  app.get('/api/ml/progressive/events', { schema: schemas.events }, (req, reply) => {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    const write = (event: string, data: unknown): void => {
      if (!res.writableEnded) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    };
    res.write(`retry: 2000\n\n`);
    write('status', ctx.manager.status());
    write('history', ctx.manager.history());
    const unsubscribe = ctx.manager.subscribe((s) => write('status', s));
    const beat = setInterval(() => !res.writableEnded && res.write(`: keep-alive\n\n`), ctx.heartbeatMs);
    beat.unref();
    const close = (): void => {
      clearInterval(beat);
      unsubscribe();
    };
    req.raw.on('close', close);
    res.on('close', close);
  });

  app.get('/api/ml/progressive/results', { schema: schemas.results }, async (req) => {
    const q = req.query as Q;
    let runId = q.runId;
    if (runId === undefined) {
      runId = discoverRuns(ctx.manager.home).find((r) => r.state === 'completed' && readResults(ctx.manager.home, r.runId) !== undefined)?.runId;
      if (!runId) throw notFound('runId', 'a completed run; none has results yet');
    }
    const results = readResults(ctx.manager.home, validateRunId(runId));
    if (results === undefined) throw notFound('runId', `a run with results.json; run ${runId} has none (yet)`);
    return results;
  });

  app.get('/api/ml/progressive/reliability', { schema: schemas.reliability }, async (req) => {
    const runId = validateRunId((req.query as Q).runId as string);
    const results = readResults(ctx.manager.home, runId);
    if (results === undefined) throw notFound('runId', `a run with results.json; run ${runId} has none (yet)`);
    return reliabilityView(runId, results);
  });

  app.post('/api/ml/progressive/compare', { schema: schemas.compare }, async (req) => {
    const ids = (req.body as { runIds: string[] }).runIds.map((id, i) => validateRunId(id, `runIds[${i}]`));
    const runs = ids.map((runId, i) => {
      const results = readResults(ctx.manager.home, runId);
      if (results === undefined) throw notFound(`runIds[${i}]`, `a run with results.json; run ${runId} has none`);
      return { runId, results };
    });
    const table = comparisonTable(runs);
    // Paired significance tests on the dates both sides scored (McNemar h=1, Diebold-Mariano h>1), from
    // the trainer's comparison; omitted when a run has no predictions.csv.
    let tests: unknown = null;
    try {
      const views = runs.map((r) => ({ results: r.results, predictions: readPredictionsCsv(path.join(runDir(ctx.manager.home, r.runId), 'predictions.csv')) }) as RunView);
      tests = pairedTests(views[0], views[1]);
    } catch {
      tests = null;
    }
    return { ...table, tests };
  });

  const emptyBodyOk = async (req: { body?: unknown }): Promise<void> => {
    if (req.body === undefined || req.body === null) req.body = {};
  };
  app.post('/api/ml/progressive/cancel', { schema: schemas.cancel, preValidation: emptyBodyOk }, async (req, reply) => {
    const body = (req.body ?? {}) as { runId?: string };
    const rec = ctx.manager.cancel(body.runId);
    return reply.code(202).send({ runId: rec.runId, state: rec.state === 'cancelled' ? 'cancelled' : 'cancelling' });
  });

  app.post('/api/ml/progressive/resume', { schema: schemas.resume }, async (req, reply) => {
    const runId = validateRunId((req.body as { runId: string }).runId);
    const rec = ctx.manager.resume(runId);
    return reply.code(202).send({ runId: rec.runId, state: rec.state, mode: rec.mode, ...(rec.queuePosition ? { queuePosition: rec.queuePosition } : {}) });
  });

  app.get('/api/queue', async () => ({
    ...ctx.manager.queue(),
    workers: ctx.queueView ? await ctx.queueView.status() : { backend: 'local', processes: coreCount() },
  }));

  app.get('/api/runs', { schema: schemas.runs }, async () => ({ runs: discoverRuns(ctx.manager.home).map(summary) }));

  app.get('/api/runs/:runId', { schema: schemas.run }, async (req) => {
    const runId = validateRunId((req.params as Q).runId);
    const rec = discoverRuns(ctx.manager.home).find((r) => r.runId === runId);
    if (!rec) throw notFound('runId', `an existing run; ${runId} is unknown`);
    return { ...rec, hasResults: readResults(ctx.manager.home, runId) !== undefined };
  });
}
