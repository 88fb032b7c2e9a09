/** `workbench evaluate --config <yaml> --scheme walk-forward|purged-kfold [--folds N] [--fast] [--out file]`. */
import { loadConfigRuns } from '../config/load';
import { inputError } from '../util/errors';
import { writeJsonAtomic } from '../util/fs';
import { evaluateScheme } from '../training/evaluate';
import { stringOption, valueSummary } from './train';
import type { Command } from './types';

/** The `evaluate` command. */
export const evaluateCommand: Command = {
  name: 'evaluate',
  summary: 'Score the configured models with purged walk-forward or purged k-fold splits',
  help: [
    'Usage: workbench evaluate --config <yaml> --scheme walk-forward|purged-kfold [--folds N] [--fast] [--out <file.json>]',
    '',
    'Fits every enabled model per horizon from scratch on each split (purged, with the config embargo),',
    'pools the out-of-sample predictions and prints accuracy with CI, the baseline, the p-value and Sharpe.',
    'A config with `profile: seed002` is evaluated part by part (regression: random-forest and gradient-boosting',
    'regressors scored by MSE / RMSE / R²; direction: the random-forest classifier), each line prefixed by its part;',
    'A config with `data.symbols` is evaluated symbol by symbol (parts named <SYMBOL> or <SYMBOL>-<part>).',
    '--out then writes {profile?, parts: {<part>: result}}.',
    '',
    'Options:',
    '  --config <yaml>   configuration file',
    '  --scheme <name>   walk-forward (expanding window after training.initial_end_date) or purged-kfold',
    '  --folds <N>       test blocks / folds (default 5)',
    '  --fast            smoke-test caps (see `workbench train --help`)',
    '  --out <file>      also write the result as JSON',
  ].join('\n'),
  options: { config: { type: 'string' }, scheme: { type: 'string' }, folds: { type: 'string' }, fast: { type: 'boolean' }, out: { type: 'string' } },
  async run(ctx) {
    const file = stringOption(ctx, 'config');
    if (!file) throw inputError({ key: '--config' }, 'a configuration file (--config <yaml>)', 'nothing');
    const scheme = stringOption(ctx, 'scheme') ?? 'walk-forward';
    if (scheme !== 'walk-forward' && scheme !== 'purged-kfold') throw inputError({ key: '--scheme' }, '`walk-forward` or `purged-kfold`', JSON.stringify(scheme));
    const foldsText = stringOption(ctx, 'folds');
    const folds = foldsText === undefined ? 5 : Number(foldsText);
    if (!Number.isInteger(folds) || folds < 2) throw inputError({ key: '--folds' }, 'an integer >= 2', JSON.stringify(foldsText));
    const pct = (v: number): string => (Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '--');
    // a profile (seed002) stands for several runs: every part is evaluated, as `train` trains every part
    const runs = loadConfigRuns(file);
    const results: Record<string, Awaited<ReturnType<typeof evaluateScheme>>> = {};
    for (const { name, config } of runs) {
      const result = await evaluateScheme(config, { scheme, folds, fast: ctx.values.fast === true ? true : undefined });
      results[name] = result;
      const tag = name ? `[${name}] ` : '';
      for (const [h, models] of Object.entries(result.horizons)) {
        for (const [m, e] of Object.entries(models)) {
          if (e.regression) {
            ctx.out(`${tag}${scheme} h=${h} ${m}: ${valueSummary(e.regression)}`);
            continue;
          }
          ctx.out(`${tag}${scheme} h=${h} ${m}: acc ${pct(e.accuracy)} [${pct(e.accuracyCI[0])}, ${pct(e.accuracyCI[1])}] baseline ${pct(e.baselineAccuracy)} p=${e.pValue.toPrecision(3)} n=${e.nTest} sharpe ${e.sharpe.toFixed(2)}`);
        }
      }
    }
    const out = stringOption(ctx, 'out');
    const profile = runs[0].config.profile;
    if (out) writeJsonAtomic(out, runs.length > 1 ? { ...(profile ? { profile } : {}), parts: results } : results['']);
    return 0;
  },
};
