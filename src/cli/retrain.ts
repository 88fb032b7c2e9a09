/** `workbench retrain --auto`: evaluate triggers, retrain, validate against Production, promote or keep; `--rollback`. */
import { inputError } from '../util/errors';
import { autoRetrain } from '../live/retrain';
import { rollbackLiveModel } from '../live/versions';
import { horizonsOption, intOption, modelsRootOption, storeOption, symbolsOption } from '../live/cli-options';
import type { Command } from './types';
import { checkTimeframe } from '../data/intraday/timeframe';

/** The `retrain` command. */
export const retrainCommand: Command = {
  name: 'retrain',
  summary: 'Automated retraining with triggers, validation against Production, promotion and rollback',
  help: [
    'Usage: workbench retrain --auto [--symbols A,B] [--horizons 1,5] [--force] [--model K] [--register] [--json]',
    '       workbench retrain --rollback --symbols S [--horizon N]',
    '',
    'For each symbol and horizon: evaluates the triggers (performance decay with a binomial test, model age with',
    '>= 100 new bars, PSI/KS feature drift, prediction drift); when one fires, trains a candidate on data before',
    'the comparison window, compares it with Production on the same recent out-of-sample window and promotes it',
    'only if it is not worse. Every decision is appended with its reasons to $WORKBENCH_HOME/live/decisions.jsonl.',
    'Scheduler-friendly: exit code 0 whether or not anything was retrained.',
    '',
    'Options:',
    '  --auto             evaluate triggers and act',
    '  --rollback         restore the previous Production version of --symbols S at --horizon N',
    '  --symbols A,B      symbols (default: every stored symbol)',
    '  --horizons 1,5     horizons (default 1)',
    '  --force            retrain even when no trigger fires',
    '  --model K          candidate model registry key (default logistic)',
    '  --feature-set S    candidate feature set (default minimal)',
    '  --timeframe TF     bars of first models: 1d (default), 1h, 30m, 5m, 1m (intraday: the store\'s intraday',
    '                     series); an existing model keeps its own timeframe, and its triggers count its bars',
    '  --register         also register promoted models in the registry as <SYMBOL>-h<N> (Production, @champion)',
    '  --models <dir>     live model folder (default $WORKBENCH_HOME/live/models)',
    '  --store <file>     DuckDB store (default $WORKBENCH_HOME/store.duckdb)',
    '  --json             print the decisions as JSON',
  ].join('\n'),
  options: {
    auto: { type: 'boolean' },
    rollback: { type: 'boolean' },
    symbols: { type: 'string', multiple: true },
    horizons: { type: 'string' },
    horizon: { type: 'string' },
    force: { type: 'boolean' },
    model: { type: 'string' },
    'feature-set': { type: 'string' },
    timeframe: { type: 'string' },
    register: { type: 'boolean' },
    models: { type: 'string' },
    store: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(ctx) {
    const v = ctx.values;
    if (!v.auto === !v.rollback) throw inputError({ key: '--auto' }, 'exactly one of --auto or --rollback', v.auto ? 'both' : 'neither');
    const root = modelsRootOption(v);
    if (v.rollback) {
      const symbols = symbolsOption(v);
      if (!symbols || symbols.length !== 1) throw inputError({ key: '--symbols' }, 'one symbol to roll back', JSON.stringify(symbols ?? []));
      const e = await rollbackLiveModel(root, symbols[0], intOption(v, 'horizon', 1));
      ctx.out(v.json ? JSON.stringify(e, null, 2) : `${symbols[0]}: Production is version ${e.version} again (${e.reason})`);
      return 0;
    }
    const store = storeOption(v);
    const decisions = await autoRetrain(store, {
      modelsRoot: root,
      symbols: symbolsOption(v),
      horizons: horizonsOption(v),
      force: Boolean(v.force),
      ...(v.timeframe === undefined ? {} : { timeframe: checkTimeframe(v.timeframe, { key: '--timeframe' }) }),
      train: { model: typeof v.model === 'string' ? v.model : undefined, featureSet: typeof v['feature-set'] === 'string' ? v['feature-set'] : undefined },
      registry: v.register ? { storePath: store.path } : undefined,
    });
    if (v.json) ctx.out(JSON.stringify(decisions, null, 2));
    else for (const d of decisions) ctx.out(`${d.symbol} h${d.horizon}: ${d.action} — ${d.reasons.join('; ')}`);
    return 0;
  },
};
