/** Persistence of studies and trials in the tracking store (tables `tracking.studies`, `tracking.trials`). */
import type { DuckDBConnection } from '@duckdb/node-api';
import { queryRows, withTrackingDb, type TrackingStoreOptions } from '../tracking/db';
import { markStaleOnConnection } from '../tracking/tracker';
import type { SearchSpace } from './space';
import type { Direction, FrozenTrial, TrialState } from './types';

/** A study's persisted definition. */
export interface StudyRecord {
  study: string;
  direction: Direction;
  space: SearchSpace;
  /** Sampler config, e.g. `{type: 'tpe', seed: 1}`. */
  sampler: Record<string, unknown>;
  /** Pruner config, e.g. `{type: 'median'}`. */
  pruner: Record<string, unknown>;
  experiment: string;
  createdMs: number;
}

function parseJson<T>(v: unknown): T {
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
}

function toTrial(r: Record<string, unknown>): FrozenTrial {
  const inter = parseJson<Record<string, number | null>>(r.intermediate);
  const intermediate: Record<number, number> = {};
  for (const [k, v] of Object.entries(inter)) intermediate[Number(k)] = v === null ? NaN : v;
  return {
    number: r.number as number,
    state: r.state as TrialState,
    params: parseJson(r.params),
    value: r.value === null || r.value === undefined ? undefined : (r.value as number),
    intermediate,
    runId: (r.run_id as string | null) ?? undefined,
    startedMs: r.started_ms as number,
    endedMs: (r.ended_ms as number | null) ?? undefined,
  };
}

/** Reads a study and its trials, or undefined when it does not exist. RUNNING trials of dead runs become FAIL. */
export function readStudy(name: string, options: TrackingStoreOptions): Promise<{ record: StudyRecord; trials: FrozenTrial[] } | undefined> {
  return withTrackingDb(options, async (c) => {
    const rows = await queryRows(c, 'SELECT study, direction, space::VARCHAR AS space, sampler::VARCHAR AS sampler, pruner::VARCHAR AS pruner, experiment, created_ms FROM tracking.studies WHERE study = $name', { name });
    if (!rows.length) return undefined;
    await markStaleOnConnection(c);
    await c.run(
      `UPDATE tracking.trials SET state = 'FAIL', ended_ms = $ms WHERE study = $name AND state = 'RUNNING'
       AND (run_id IS NULL OR run_id NOT IN (SELECT run_id FROM tracking.runs WHERE status = 'RUNNING'))`,
      { name, ms: Date.now() },
    );
    const r = rows[0];
    const record: StudyRecord = {
      study: r.study as string,
      direction: r.direction as Direction,
      space: parseJson(r.space),
      sampler: parseJson(r.sampler),
      pruner: parseJson(r.pruner ?? '{"type":"none"}'),
      experiment: r.experiment as string,
      createdMs: r.created_ms as number,
    };
    const trials = (await queryRows(c, 'SELECT study, number, state, params::VARCHAR AS params, value, intermediate::VARCHAR AS intermediate, run_id, started_ms, ended_ms FROM tracking.trials WHERE study = $name ORDER BY number', { name })).map(toTrial);
    return { record, trials };
  });
}

/** Inserts a new study definition. */
export function insertStudy(record: StudyRecord, options: TrackingStoreOptions): Promise<void> {
  return withTrackingDb(options, async (c) => {
    await c.run('INSERT INTO tracking.studies VALUES ($study, $direction, $space::JSON, $sampler::JSON, $pruner::JSON, $experiment, $created)', {
      study: record.study,
      direction: record.direction,
      space: JSON.stringify(record.space),
      sampler: JSON.stringify(record.sampler),
      pruner: JSON.stringify(record.pruner),
      experiment: record.experiment,
      created: record.createdMs,
    });
  });
}

function intermediateJson(t: FrozenTrial): string {
  const o: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(t.intermediate)) o[k] = Number.isFinite(v) ? v : null;
  return JSON.stringify(o);
}

/** Inserts or replaces a trial row (on an open connection). */
export async function upsertTrialOn(c: DuckDBConnection, study: string, t: FrozenTrial): Promise<void> {
  await c.run('INSERT OR REPLACE INTO tracking.trials VALUES ($study, $number, $state, $params::JSON, $value, $inter::JSON, $run, $started, $ended)', {
    study,
    number: t.number,
    state: t.state,
    params: JSON.stringify(t.params),
    value: t.value === undefined || !Number.isFinite(t.value) ? null : t.value,
    inter: intermediateJson(t),
    run: t.runId ?? null,
    started: t.startedMs,
    ended: t.endedMs ?? null,
  } as never);
}

/** Inserts or replaces a trial row. */
export function upsertTrial(study: string, t: FrozenTrial, options: TrackingStoreOptions): Promise<void> {
  return withTrackingDb(options, (c) => upsertTrialOn(c, study, t));
}

/** Names of every stored study, sorted. */
export function listStudies(options: TrackingStoreOptions = {}): Promise<string[]> {
  return withTrackingDb(options, async (c) => (await queryRows(c, 'SELECT study FROM tracking.studies ORDER BY study')).map((r) => r.study as string));
}
