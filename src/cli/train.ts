/**
 * `workbench train --config <yaml> [--run-id ID] [--fast] [--quiet]`: a full training run (progressive and
 * unified modes) with a terminal progress bar; results go to `<home>/runs/<run-id>/results.json`.
 */
import { loadConfigRuns } from '../config/load';
import { inputError } from '../util/errors';
import { terminalProgress } from '../training/terminal';
import { trainRun, type RunOutcome, type TrainRunOptions } from '../training/run';
import type { RunResults } from '../training/report';
import type { RegressionResult } from '../training/results-values';
import type { ModelResult } from '../training/results';
import { COIN_REFERENCE } from '../training/compare';
import type { Command, CommandContext } from './types';
import { executionOptions } from './worker';

/**
 * A string option's value, or undefined; an InputError when given without a value.
 * @param ctx command context
 * @param name long option name
 * @returns the value or undefined
 */
export function stringOption(ctx: CommandContext, name: string): string | undefined {
  const v = ctx.values[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v === '') throw inputError({ key: `--${name}` }, 'a value', JSON.stringify(v));
  return v;
}

/**
 * Runs `fn` with a terminal progress bar fed by the run's events (none with `quiet`).
 * @param quiet no bar
 * @param fn starts the run with the given progress hooks
 * @returns what `fn` resolves to
 */
export async function withProgress(quiet: boolean, fn: (o: Pick<TrainRunOptions, 'onProgress' | 'onPlan'>) => Promise<RunOutcome>): Promise<RunOutcome> {
  if (quiet) return fn({});
  let bar: ReturnType<typeof terminalProgress> | undefined;
  try {
    return await fn({
      onPlan: (units) => {
        bar = terminalProgress(Math.max(1, units));
      },
      onProgress: (e) => bar?.onProgress(e),
    });
  } finally {
    bar?.stop();
  }
}

/**
 * One summary line per mode, horizon and model of a results document.
 * @param r results.json contents
 * @returns text lines (a header line first)
 */
export function summaryLines(r: RunResults): string[] {
  const lines = [`run ${r.runId}: ${r.data.symbol} ${r.data.rows} rows, ${r.schedule.iterations} iterations, backend ${r.backend}`];
  const pct = (v: number): string => (Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '--');
  for (const [mode, m] of Object.entries(r.modes)) {
    for (const [h, models] of Object.entries(m?.horizons ?? {})) {
      for (const [key, e] of Object.entries(models)) {
        if (e.regression) {
          lines.push(`${mode.padEnd(11)} h=${h.padEnd(3)} ${key.padEnd(22)} ${valueSummary(e.regression)}`);
          continue;
        }
        lines.push(
          `${mode.padEnd(11)} h=${h.padEnd(3)} ${key.padEnd(22)} acc ${pct(e.accuracy)} [${pct(e.accuracyCI[0])}, ${pct(e.accuracyCI[1])}] ` +
            `baseline ${pct(e.baselineAccuracy)} p=${e.pValue.toPrecision(3)} n=${e.nTest}${probLine(e)} sharpe ${e.sharpe.toFixed(2)} ` +
            `target ${e.targetAccuracy === null ? '--' : pct(e.targetAccuracy)} ${e.targetMet ? 'met' : e.targetStatus === 'point-only' ? 'not met (point estimate only)' : e.targetStatus === 'baseline-higher' ? 'not met (baseline higher)' : 'not met'}`,
        );
      }
    }
  }
  if (Object.values(r.modes).some((m) => Object.values(m?.horizons ?? {}).some((ms) => Object.values(ms).some((e) => typeof e.metrics?.logLoss === 'number')))) {
    lines.push(`logloss / brier / ece: lower is better; a coin (P(up) = 0.5) scores ${COIN_REFERENCE.logLoss.toFixed(3)} / ${COIN_REFERENCE.brier.toFixed(3)} / 0; noise = the ECE a calibrated model shows on the same rows by chance`);
  }
  return lines;
}

/**
 * The summary of a value forecast: RMSE with its CI, R² against the training mean with its CI, sign accuracy,
 * and per naive baseline its RMSE and the one-sided DM p-value of "the model's squared error is lower".
 * @param g the `regression` block of a results entry
 * @returns one line
 */
export function valueSummary(g: RegressionResult): string {
  const num = (v: number | null): string => (v !== null && Number.isFinite(v) ? v.toPrecision(4) : '--');
  const base = Object.entries(g.baselines).map(([b, v]) => `${b} ${num(v.rmse)} p=${v.dm.pValue === null ? '--' : v.dm.pValue.toPrecision(2)}`);
  const sign = g.signAccuracy === null ? '' : ` sign ${(g.signAccuracy * 100).toFixed(1)}%`;
  return `${g.task} rmse ${num(g.rmse)} [${num(g.ci.rmse[0])}, ${num(g.ci.rmse[1])}] r2 ${num(g.r2)} [${num(g.ci.r2[0])}, ${num(g.ci.r2[1])}]${sign} n=${g.n} | ${base.join(' | ')}${g.beatsBaselines ? ' | beats all' : ''}`;
}

/** ` logloss x brier y ece z` of a binary entry (empty when the entry has no log loss). */
function probLine(e: ModelResult): string {
  const f = (v: number | null | undefined): string => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(3) : '--');
  const noise = typeof e.calibration?.eceNoise === 'number' ? ` (noise ${f(e.calibration.eceNoise)})` : '';
  return typeof e.metrics?.logLoss === 'number' ? ` logloss ${f(e.metrics.logLoss)} brier ${f(e.metrics.brier)} ece ${f(e.calibration?.ece)}${noise}` : '';
}

/**
 * The ML-profile table of a profile's runs (seed 002): one line per model and horizon with the seed's
 * metrics — MSE, RMSE, R² (out of sample, against the training mean) beside the naive forecasts' RMSE for the
 * regressors; accuracy with its CI beside the majority and last-move baselines, precision, recall, F1 for the
 * classifiers.
 * @param runs `[name, results]` per run of the profile (of one symbol)
 * @param symbol with `data.symbols`: the symbol the table is for (named in the header)
 * @returns text lines (a header first)
 */
export function profileLines(profile: string, runs: Array<[string, RunResults]>, symbol?: string): string[] {
  const lines = [`profile ${profile}${symbol === undefined ? '' : ` ${symbol}`}: ${runs.map(([n, r]) => `${n} = run ${r.runId}`).join(', ')}`];
  const num = (v: number | null | undefined): string => (typeof v === 'number' && Number.isFinite(v) ? v.toPrecision(4) : '--');
  const pct = (v: number): string => (Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '--');
  for (const [name, r] of runs) {
    for (const [h, models] of Object.entries(r.modes.progressive?.horizons ?? {})) {
      for (const [key, e] of Object.entries(models)) {
        const label = `${name}_${key}`.padEnd(24);
        const g = e.regression;
        if (g) {
          const base = Object.entries(g.baselines).map(([b, v]) => `${b} rmse ${num(v.rmse)}`).join(', ');
          lines.push(`  ${label} h=${h} mse ${num(g.mse)} rmse ${num(g.rmse)} r2 ${num(g.r2)} [${num(g.ci.r2[0])}, ${num(g.ci.r2[1])}] n=${g.n} | ${base}`);
        } else {
          lines.push(`  ${label} h=${h} accuracy ${pct(e.accuracy)} [${pct(e.accuracyCI[0])}, ${pct(e.accuracyCI[1])}] majority ${pct(e.baselines.majority)} last-move ${pct(e.baselines.lastMove)} precision ${num(e.metrics.precision)} recall ${num(e.metrics.recall)} f1 ${num(e.metrics.f1)} n=${e.nTest}`);
        }
      }
    }
  }
  return lines;
}

/** The `train` command. */
export const trainCommand: Command = {
  name: 'train',
  summary: 'Train progressive and unified models from a config; writes runs/<id>/results.json',
  help: [
    'Usage: workbench train --config <yaml> [--run-id ID] [--fast] [--quiet]',
    '',
    'Runs the progressive trainer (per horizon and enabled model, warm-started week by week) and the',
    'unified model on the same out-of-sample dates, with a checkpoint after every iteration.',
    '',
    'Options:',
    '  --config <yaml>  configuration file (see docs/config.md)',
    '  --run-id <ID>    run id (default: generated); a killed run continues with `workbench resume <ID>`',
    '  --fast           smoke-test mode: at most 3 iterations, 2 epochs, 3 years of training data',
    '  --quiet          no progress bar',
    '  --workers <N>    local worker processes (default: config execution.workers, else one per core)',
    '  --redis <url>    run the tracks as jobs on this Redis queue (served by `workbench worker`)',
    '  --queue <NAME>   queue name with --redis (default workbench)',
    '',
    'Writes <home>/runs/<ID>/results.json, predictions.csv and comparison.{csv,json} (docs/results.md).',
    'A config with `profile: seed002` is one run per part of the profile: <ID>-regression (random-forest and',
    'gradient-boosting regressors) and <ID>-direction (random-forest classifier), then one metrics table.',
    'A config with `data.symbols: [A, B]` (and `data.source` naming each symbol\'s data with {symbol}, e.g.',
    'store:{symbol}) is one run per symbol, <ID>-A, <ID>-B (with a profile <ID>-A-regression, …), one table per symbol.',
    'Example: workbench train --config configs/fast.yaml --run-id demo',
  ].join('\n'),
  options: { config: { type: 'string' }, 'run-id': { type: 'string' }, fast: { type: 'boolean' }, quiet: { type: 'boolean' }, redis: { type: 'string' }, workers: { type: 'string' }, queue: { type: 'string' } },
  async run(ctx) {
    const file = stringOption(ctx, 'config');
    if (!file) throw inputError({ key: '--config' }, 'a configuration file (--config <yaml>)', 'nothing');
    const runs = loadConfigRuns(file);
    const runId = stringOption(ctx, 'run-id');
    const done: Array<{ symbol?: string; part: string; results: RunResults }> = [];
    for (const { name, config, symbol, part } of runs) {
      const id = runId !== undefined && name ? `${runId}-${name}` : runId;
      const outcome = await withProgress(ctx.values.quiet === true, (o) => trainRun(config, { runId: id, fast: ctx.values.fast === true ? true : undefined, execution: executionOptions(ctx), ...o }));
      for (const l of summaryLines(outcome.results)) ctx.out(l);
      ctx.out(`results: ${outcome.dir}/results.json`);
      done.push({ ...(symbol === undefined ? {} : { symbol }), part: part ?? name, results: outcome.results });
    }
    // a profile's table, one per symbol of `data.symbols` (the seed trains per symbol)
    const profile = runs[0].config.profile;
    if (profile) {
      for (const symbol of [...new Set(done.map((d) => d.symbol))]) {
        const mine = done.filter((d) => d.symbol === symbol).map((d): [string, RunResults] => [d.part, d.results]);
        for (const l of profileLines(profile, mine, symbol)) ctx.out(l);
      }
    }
    return 0;
  },
};
