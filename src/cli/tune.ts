/** `workbench tune`: hyperparameter search for one model family, a persisted and resumable study. */
import * as path from 'path';
import { configHash, loadConfigRuns } from '../config/load';
import type { WorkbenchConfig } from '../config/schema';
import { effectiveConfig } from '../training/plan';
import { tuningPlan } from '../tuning/config';
import { RedisBackend } from '../execution/redis';
import { WorkerPool } from '../tuning/parallel';
import { jobObjective } from '../tuning/trial-job';
import { openStudy, type Objective } from '../tuning/study';
import { objective as trainObjective, type TuneTask } from '../tuning/train-objective';
import type { FrozenTrial } from '../tuning/types';
import { inputError, show } from '../util/errors';
import { workbenchHome } from '../util/fs';
import { storeOption } from './runs';
import type { Command } from './types';
import { countOption, executionOptions } from './worker';

function positiveInt(v: unknown, key: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw inputError({ key }, 'a positive integer', show(v));
  return n;
}

function line(t: FrozenTrial): string {
  const params = Object.entries(t.params)
    .map(([k, v]) => `${k}=${typeof v === 'number' && !Number.isInteger(v) ? v.toPrecision(4) : v}`)
    .join(' ');
  return `trial ${t.number} ${t.state}${t.value === undefined ? '' : ` ${t.value.toFixed(4)}`} ${params}`;
}

/**
 * The config a study tunes: the file's one run, or, when the file stands for several (a profile such as seed 002:
 * `regression`, `direction`; a `data.symbols` list: one per symbol, `A-regression` …), the run named by `--part`,
 * else the only run that trains `model`. A study tunes one model on one task and one symbol, so several runs are
 * never tuned as a whole.
 * @throws InputError (`--part`) naming the runs when the choice is ambiguous, unknown or `--part` has nothing to pick
 */
function profilePart(file: string, model: string, part: unknown, note: (s: string) => void): WorkbenchConfig {
  const runs = loadConfigRuns(file);
  if (runs.length === 1) {
    if (part !== undefined) throw inputError({ key: '--part' }, `no --part for a config that is one run (${file} has no \`profile:\` and no \`data.symbols\`)`, show(part));
    return runs[0].config;
  }
  const profile = runs[0].config.profile;
  const what = profile ? `profile ${profile}` : 'data.symbols';
  const names = runs.map((r) => r.name);
  if (part !== undefined) {
    const r = runs.find((x) => x.name === part);
    if (!r) throw inputError({ key: '--part' }, `a part of ${what}: ${names.join(', ')}`, show(part));
    return r.config;
  }
  const training = runs.filter((r) => r.config.models.enabled.includes(model));
  if (training.length === 1) {
    note(`${what}: tuning ${model} in part ${training[0].name} (the only part that trains it)`);
    return training[0].config;
  }
  const which = training.length ? `${training.map((r) => r.name).join(' and ')} ${training.length === 2 ? 'both' : 'all'} train ${model}` : `no part trains ${model}`;
  const setting = profile ? `\`profile: ${profile}\`` : '`data.symbols`';
  throw inputError({ key: '--part' }, `--part ${names.join('|')} with ${setting} (a study tunes one model on one task; ${which}; parts: ${runs.map((r) => `${r.name} = ${r.config.models.enabled.join(' + ')} (${r.config.horizons.task})`).join(', ')})`, 'nothing');
}

/** The `tune` command. */
export const tuneCommand: Command = {
  name: 'tune',
  summary: 'Search hyperparameters of one model (TPE / random / grid, pruning, parallel trials)',
  help: [
    'Usage: workbench tune --config <yaml> --model <key> [--trials <n>] [--parallel <n>] [--study <name>]',
    '                      [--horizon <days>] [--part <name>] [--fast] [--json] [--store <file>]',
    '                      [--workers <N> | --redis <url> [--queue <name>]]',
    '',
    "Runs trials of the config's `tuning` section (search space `tuning.spaces.<model>`): each trial fits the",
    'model on the first progressive training window and scores it on that window\'s validation tail (never the',
    'test data). Every trial is a tracked run (experiment tune-<study>); the study is stored and resumes when',
    'run again with the same --study (default: <model>-h<horizon>-<config hash>).',
    '',
    'Options:',
    '  --config <yaml>    configuration file with a tuning section',
    '  --model <key>      model family to tune (gbdt, logistic, random_forest, lstm, …)',
    '  --trials <n>       new trials to run (default tuning.trials, 50)',
    '  --parallel <n>     trials at once (default tuning.parallel, 2; local: worker threads, 1 = in-process)',
    '  --workers <N>      local back end: N worker threads (same as --parallel N)',
    '  --redis <url>      run each trial as a job on this Redis queue, served by `workbench worker --redis <url>`',
    '                     (default: the config\'s execution.backend / execution.redis); the study store stays here',
    '  --queue <name>     queue name (default execution.redis.queue, workbench)',
    '  --study <name>     study name to create or resume',
    '  --horizon <days>   horizon to tune for (default: the first of horizons.enabled)',
    '  --part <name>      with `profile: seed002`: the part whose task and models the study tunes (regression or',
    '                     direction); may be left out when only one part trains --model (gbdt: regression);',
    '                     random_forest is in both, so it needs --part (else exit 2 naming the parts)',
    '  --fast             smaller data and fewer epochs (runtime.fast)',
    '  --json             print the study summary as JSON',
    '  --store <file>     DuckDB store file (default: $WORKBENCH_HOME/store.duckdb)',
    '',
    'Example:',
    '  workbench tune --config configs/default.yaml --model gbdt --trials 50 --parallel 2',
  ].join('\n'),
  options: {
    config: { type: 'string' },
    model: { type: 'string' },
    trials: { type: 'string' },
    parallel: { type: 'string' },
    study: { type: 'string' },
    horizon: { type: 'string' },
    part: { type: 'string' },
    fast: { type: 'boolean' },
    json: { type: 'boolean' },
    store: { type: 'string' },
    workers: { type: 'string' },
    redis: { type: 'string' },
    queue: { type: 'string' },
  },
  async run(ctx) {
    if (ctx.positionals.length) throw inputError({ key: 'arguments' }, 'no positional arguments', ctx.positionals.join(' '));
    if (typeof ctx.values.config !== 'string') throw inputError({ key: '--config' }, 'a configuration file with a tuning section', 'nothing');
    if (typeof ctx.values.model !== 'string') throw inputError({ key: '--model' }, 'a model registry key', 'nothing');
    const loaded = effectiveConfig(profilePart(ctx.values.config, ctx.values.model, ctx.values.part, ctx.err), ctx.values.fast === true ? true : undefined);
    // where trials run is not part of the study (nor of the jobs: execution.redis may hold a password)
    const exec = executionOptions(ctx) ?? loaded.execution;
    const cfg = { ...loaded, execution: undefined };
    const plan = tuningPlan(cfg, ctx.values.model, ctx.values.config);
    const horizon = positiveInt(ctx.values.horizon, '--horizon') ?? cfg.horizons.enabled[0];
    const trials = positiveInt(ctx.values.trials, '--trials') ?? plan.trials;
    const parallel = positiveInt(ctx.values.parallel, '--parallel') ?? countOption(ctx, 'workers') ?? plan.parallel;
    const redis = exec?.backend === 'redis' && exec.redis ? new RedisBackend(exec.redis) : undefined;
    // the default name hashes the config without its tuning section, so changing trials/parallel resumes the study
    const name = typeof ctx.values.study === 'string' ? ctx.values.study : `${plan.model}-h${horizon}-${configHash({ ...cfg, tuning: undefined }).slice(0, 8)}`;
    const home = workbenchHome();
    // an unreachable Redis (or a wrong password) fails before the study is created
    const serving = redis ? await redis.workerCount().catch(async (e: unknown) => {
      await redis.close();
      throw e;
    }) : 0;
    if (redis && serving === 0) ctx.err(`no worker serves queue ${redis.settings.queue} yet: start one with \`workbench worker --redis <url>\``);
    const study = await openStudy({ ...storeOption(ctx), home, name, space: plan.space, direction: plan.direction, sampler: plan.sampler, pruner: plan.pruner }).catch(async (e: unknown) => {
      await redis?.close();
      throw e;
    });
    const task: TuneTask = { config: cfg, model: plan.model, horizon, metric: plan.metric, direction: plan.direction };
    const before = study.trials.length;
    const where = redis ? ` as jobs on Redis queue ${redis.settings.queue}` : '';
    ctx.err(`study ${name}: ${before} earlier trial(s); running ${trials} more (${parallel} at a time${where}), metric ${plan.metric} (${plan.direction})`);
    let pool: WorkerPool | undefined;
    let fn: Objective = (t) => trainObjective({ params: t.params, report: t.report }, task);
    if (redis) {
      fn = jobObjective(redis, { studyId: name, task });
    } else if (parallel > 1) {
      pool = new WorkerPool({ module: path.join(__dirname, '..', 'tuning', 'train-objective.js'), size: parallel, data: task });
      fn = pool.objective;
    }
    // Ctrl-C / SIGTERM with trials on Redis: no new trial, queued trial jobs removed, running ones cancelled
    const ac = new AbortController();
    let cancelling: Promise<void> | undefined;
    const stop = (): void => {
      if (ac.signal.aborted) return;
      ac.abort();
      ctx.err(`study ${name}: stopping; removing its queued trial jobs and cancelling the running ones`);
      cancelling = redis?.cancelTrials().catch(() => undefined);
    };
    if (redis) {
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    }
    try {
      await study.optimize(fn, { nTrials: trials, parallel, onTrial: (t) => ctx.err(line(t)), signal: ac.signal });
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      await cancelling;
      await pool?.close();
      await redis?.close();
    }
    if (ac.signal.aborted) {
      ctx.err(`study ${name}: stopped; run the same command again to continue it`);
      return 130;
    }
    const all = study.trials;
    const best = study.bestTrial;
    const counts: Record<string, number> = {};
    for (const t of all) counts[t.state] = (counts[t.state] ?? 0) + 1;
    const summary = { study: name, model: plan.model, horizon, metric: plan.metric, direction: plan.direction, trials: all.length, states: counts, best: best ? { number: best.number, value: best.value, params: best.params, runId: best.runId } : null };
    if (ctx.values.json) ctx.out(JSON.stringify(summary, null, 2));
    else {
      ctx.out(`study ${name}: ${all.length} trial(s) (${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')})`);
      ctx.out(best ? `best: trial ${best.number}, ${plan.metric} = ${best.value!.toFixed(4)}, params ${JSON.stringify(best.params)}` : 'no trial completed');
    }
    return 0;
  },
};
