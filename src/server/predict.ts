/**
 * Serving routes: `GET /api/models` lists the registered model versions, `POST /api/predict` serves the
 * registry's Production (else `@champion`) bundle of each symbol through the same predictor as
 * `workbench predict --registry` — the probabilities the run evaluated — and logs them as pending.
 */
import * as path from 'path';
import type { FastifyInstance } from 'fastify';
import { Store } from '../data/store';
import { STORE_FILE_NAME } from '../data/store-db';
import { runPredict } from '../live/predictor';
import { registryModelSource } from '../live/registry-source';
import { listModelVersions } from '../tracking/model-registry';

const symbol = { type: 'string', pattern: '^[A-Za-z0-9^][A-Za-z0-9._^=-]{0,31}$' } as const;

/** Request schemas of the serving routes. */
export const predictSchemas = {
  models: { querystring: { type: 'object', properties: {}, additionalProperties: false } },
  predict: {
    body: {
      type: 'object',
      properties: {
        horizon: { type: 'integer', minimum: 1, maximum: 252 },
        symbols: { type: 'array', items: symbol, minItems: 1, maxItems: 500, uniqueItems: true },
      },
      additionalProperties: false,
    },
  },
} as const;

/**
 * Registers the serving routes.
 * @param app fastify instance
 * @param ctx the workbench home (store, registry and prediction log live under it)
 */
export function registerPredictRoutes(app: FastifyInstance, ctx: { home: string }): void {
  const where = () => ({ storePath: path.join(ctx.home, STORE_FILE_NAME), home: ctx.home });
  app.get('/api/models', { schema: predictSchemas.models }, async () => ({ versions: (await listModelVersions(undefined, where())).map(({ source: _source, path: _path, ...v }) => v) }));
  app.post('/api/predict', { schema: predictSchemas.predict }, async (req) => {
    const body = (req.body ?? {}) as { horizon?: number; symbols?: string[] };
    const w = where();
    const store = new Store({ path: w.storePath });
    return runPredict(store, { models: registryModelSource(w), horizon: body.horizon ?? 1, symbols: body.symbols, jsonl: path.join(ctx.home, 'live', 'predictions.jsonl') });
  });
}
