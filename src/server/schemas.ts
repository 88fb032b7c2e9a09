/**
 * JSON schemas of every request envelope (query, params, body). The config body itself is an object here
 * and validated in depth by `parseConfig` (key paths, types, ranges, unknown keys).
 */
import { RUN_ID_PATTERN } from './validate';

const runId = { type: 'string', pattern: RUN_ID_PATTERN, maxLength: 64 } as const;
const flag = { type: 'string', enum: ['0', '1', 'true', 'false'] } as const;

/** Query and body schemas, by route. */
export const schemas = {
  start: {
    querystring: { type: 'object', properties: { runId }, additionalProperties: false },
    body: { type: 'object', maxProperties: 32 },
  },
  status: {
    querystring: { type: 'object', properties: { runId, history: flag }, additionalProperties: false },
  },
  events: {
    querystring: { type: 'object', properties: {}, additionalProperties: false },
  },
  results: {
    querystring: { type: 'object', properties: { runId }, additionalProperties: false },
  },
  reliability: {
    querystring: { type: 'object', required: ['runId'], properties: { runId }, additionalProperties: false },
  },
  compare: {
    body: {
      type: 'object',
      required: ['runIds'],
      properties: { runIds: { type: 'array', items: runId, minItems: 1, maxItems: 2, uniqueItems: true } },
      additionalProperties: false,
    },
  },
  cancel: {
    body: { type: 'object', properties: { runId }, additionalProperties: false },
  },
  resume: {
    body: { type: 'object', required: ['runId'], properties: { runId }, additionalProperties: false },
  },
  runs: {
    querystring: { type: 'object', properties: {}, additionalProperties: false },
  },
  run: {
    params: { type: 'object', required: ['runId'], properties: { runId }, additionalProperties: false },
  },
} as const;

/** Options for fastify's ajv: report unknown fields (never strip them silently), never coerce types. */
export const ajvOptions = { removeAdditional: false, coerceTypes: false, useDefaults: false, allErrors: false } as const;
