/**
 * The pipeline's state file (`<pipeline dir>/state.json`): which stages and train units are done, for the
 * config hash they were done with. Every write is atomic (temp file + rename), and a stage or unit is marked
 * done only after its outputs are written, so a process killed at any point (kill -9) resumes at the first
 * stage or unit not marked done. A different config hash starts over.
 */
import * as fs from 'fs';
import * as path from 'path';
import { inputError } from '../util/errors';
import { writeJsonAtomic } from '../util/fs';

/** Stages in order. */
export const PIPELINE_STAGES = ['ingest', 'features', 'train', 'validate', 'deploy'] as const;

/** A stage name. */
export type PipelineStage = (typeof PIPELINE_STAGES)[number];

/** Contents of state.json. */
export interface PipelineState {
  format: 'stock-ml-workbench/pipeline-state@1';
  configHash: string;
  /** ISO time each stage finished. */
  stages: Partial<Record<PipelineStage, string>>;
  /** ISO time each train unit finished (unit name, e.g. `direction_gbdt`). */
  units: Record<string, string>;
}

/**
 * Reads the state of a pipeline folder (a fresh state when none, or when the config changed).
 * @param dir pipeline folder
 * @param configHash hash of the effective config
 * @returns state
 */
export function readPipelineState(dir: string, configHash: string): PipelineState {
  const file = path.join(dir, 'state.json');
  const fresh: PipelineState = { format: 'stock-ml-workbench/pipeline-state@1', configHash, stages: {}, units: {} };
  if (!fs.existsSync(file)) return fresh;
  let s: PipelineState;
  try {
    s = JSON.parse(fs.readFileSync(file, 'utf8')) as PipelineState;
  } catch (e) {
    throw inputError({ file }, 'a readable pipeline state (delete the folder to start over)', (e as Error).message);
  }
  if (s.format !== fresh.format) throw inputError({ file, key: 'format' }, JSON.stringify(fresh.format), JSON.stringify(s.format));
  return s.configHash === configHash ? s : fresh;
}

/**
 * Writes the state atomically.
 * @param dir pipeline folder
 * @param state state
 */
export function writePipelineState(dir: string, state: PipelineState): void {
  writeJsonAtomic(path.join(dir, 'state.json'), state);
}

/**
 * The stages a `--stage` value runs: one stage (after checking the earlier ones are done) or all for `full`.
 * @param stage `full` or a stage name
 * @param state current state
 * @returns stages to run, in order
 * @throws InputError for an unknown stage or a stage whose predecessors are not done
 */
export function stagesToRun(stage: string, state: PipelineState): PipelineStage[] {
  if (stage === 'full') return PIPELINE_STAGES.filter((s) => !state.stages[s]);
  const i = PIPELINE_STAGES.indexOf(stage as PipelineStage);
  if (i < 0) throw inputError({ key: '--stage' }, `one of ${PIPELINE_STAGES.join(', ')}, full`, JSON.stringify(stage));
  const missing = PIPELINE_STAGES.slice(0, i).filter((s) => !state.stages[s]);
  if (missing.length) throw inputError({ key: '--stage' }, `stage ${stage} after ${missing.join(', ')} (run --stage ${missing[0]} first, or --stage full on daily bars)`, `${missing.join(', ')} not done`);
  return [stage as PipelineStage];
}

/**
 * Test-only crash point: when `WORKBENCH_TEST=1` and `WORKBENCH_TEST_KILL_AT` equals `point`
 * (e.g. `ingest:1`, `deploy:registered:2`), the process kills itself with SIGKILL right here, so the
 * kill tests hit the same spot on every run. A no-op otherwise.
 * @param point name of the crash point
 */
export function testKillPoint(point: string): void {
  if (process.env.WORKBENCH_TEST === '1' && process.env.WORKBENCH_TEST_KILL_AT === point) process.kill(process.pid, 'SIGKILL');
}
