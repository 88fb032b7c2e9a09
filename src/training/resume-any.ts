/**
 * Resume after a kill at any instant: a run killed before (or during) its first checkpoint write has a
 * config but no `checkpoint/state.json`; it is restarted from iteration 0 under the same id, which gives
 * the results an uninterrupted run gives. Stale temp files of interrupted atomic writes are removed first.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseConfig } from '../config/load';
import { inputError } from '../util/errors';
import { cleanStaleTemps, runDir } from './checkpoint';
import { resumeRun, trainRun, type RunOutcome, type TrainRunOptions } from './run';
import { loadRunBars } from './validate-run';

/**
 * Continues a run from its checkpoint, or restarts it when it was killed before its first checkpoint.
 * @param runId id of a run started by `trainRun`
 * @param options as `resumeRun`
 * @returns {runId, dir, results}
 */
export async function resumeOrRestart(runId: string, options: TrainRunOptions = {}): Promise<RunOutcome> {
  const dir = runDir(runId, options.home);
  const cfgFile = path.join(dir, 'config.json');
  if (!fs.existsSync(cfgFile)) throw inputError({ key: 'run-id' }, `an existing run under ${path.dirname(dir)}`, JSON.stringify(runId));
  cleanStaleTemps(dir);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(cfgFile, 'utf8'));
  } catch (e) {
    throw inputError({ file: cfgFile }, 'the run\'s saved config (JSON)', (e as Error).message);
  }
  const cfg = parseConfig(raw, cfgFile);
  // the VIX series is joined onto the bars the same way a fresh run joins it
  const opts = cfg.data.vix !== undefined && !options.bars ? { ...options, bars: await loadRunBars(cfg) } : options;
  const hasState = fs.existsSync(path.join(dir, 'checkpoint', 'state.json'));
  if (!hasState && !fs.existsSync(path.join(dir, 'results.json'))) return trainRun(cfg, { ...opts, runId });
  return resumeRun(runId, opts);
}
