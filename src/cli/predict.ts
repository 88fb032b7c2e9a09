/** `workbench predict`: predict the next N trading days per symbol and log the predictions as pending. */
import { runPredict } from '../live/predictor';
import { fmt, intOption, modelSourceOption, storeOption, symbolsOption, table } from '../live/cli-options';
import type { Command } from './types';
import { checkTimeframe } from '../data/intraday/timeframe';

/** The `predict` command. */
export const predictCommand: Command = {
  name: 'predict',
  summary: 'Predict direction, expected change and confidence for the next N days; log them as pending',
  help: [
    'Usage: workbench predict [--symbols A,B] --horizon N [--registry | --models <dir>] [--json]',
    '',
    'Uses the Production (or champion) model of each symbol, combined with rule signals (RSI, MACD, MA cross,',
    'regime) by weights learned from verified outcomes dated before today, and appends each prediction to the',
    'prediction log with status `pending` (re-running on the same day logs nothing new).',
    '',
    'Options:',
    '  --horizon N        trading days ahead (default 1)',
    '  --symbols A,B      symbols (default: every stored symbol)',
    '  --models <dir>     live model folder (default $WORKBENCH_HOME/live/models: <SYMBOL>/h<N>/)',
    '  --registry         take models from the registry (<SYMBOL>-h<N>: Production, else @champion)',
    '  --template T       registry name template (default {symbol}-h{horizon}); a fixed name such as',
    '                     direction_gbdt serves a universe pipeline unit for each symbol of its universe',
    '                     (every member\'s bars must be in the store)',
    '  --timeframe TF     bars to serve: 1d, 1h, 30m, 5m, 1m (default: each model\'s own; intraday bars come from',
    '                     the store\'s intraday series, resampled from a finer one if needed). A model is only',
    '                     served bars of the timeframe it was trained on: anything else exits 2 naming both.',
    '                     Intraday predictions are dated by instants (UTC), their horizon counts bars of the',
    '                     timeframe, and they are logged with it (`verify` resolves them on the stored bars).',
    '  --store <file>     DuckDB store (default $WORKBENCH_HOME/store.duckdb)',
    '  --json             print the predictions as JSON',
    '',
    'Example:',
    '  workbench predict --horizon 1 --symbols AAPL,MSFT',
  ].join('\n'),
  options: {
    horizon: { type: 'string' },
    symbols: { type: 'string', multiple: true },
    models: { type: 'string' },
    registry: { type: 'boolean' },
    template: { type: 'string' },
    timeframe: { type: 'string' },
    store: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(ctx) {
    const v = ctx.values;
    const store = storeOption(v);
    const timeframe = v.timeframe === undefined ? undefined : checkTimeframe(v.timeframe, { key: '--timeframe' });
    const report = await runPredict(store, { models: modelSourceOption(v, store), horizon: intOption(v, 'horizon', 1), symbols: symbolsOption(v), ...(timeframe ? { timeframe } : {}) });
    if (v.json) {
      ctx.out(JSON.stringify(report, null, 2));
      return 0;
    }
    if (report.predictions.length) {
      const rows = [['symbol', 'made on', 'target', 'dir', 'p(up)', 'exp.chg %', 'conf', 'regime', 'signals']];
      // value models print their forecast in place of P(up): `ret` a log return, `vol` a daily realised vol
      if (report.predictions.some((p) => p.task !== undefined)) rows[0][4] = 'p(up)|forecast';
      for (const p of report.predictions) {
        if (p.task) {
          rows.push([p.symbol, p.madeOn, p.targetDate, p.task === 'volatility' ? '-' : p.direction, `${p.task === 'volatility' ? 'vol' : 'ret'} ${fmt(p.forecast, 5)}`, p.task === 'volatility' ? '-' : fmt(100 * p.expectedChange, 2), '-', p.regime, '-']);
          continue;
        }
        const sig = ['rsi', 'macd', 'ma_cross', 'regime'].map((k) => `${k}${p.signals[k] > 0 ? '+' : p.signals[k] < 0 ? '-' : '0'}`).join(' ');
        rows.push([p.symbol, p.madeOn, p.targetDate, p.direction, fmt(p.probUp), fmt(100 * p.expectedChange, 2), fmt(p.confidence), p.regime, sig]);
      }
      ctx.out(table(rows));
    }
    ctx.out(`logged ${report.inserted.length} new, ${report.skipped.length} already logged`);
    for (const m of report.missing) ctx.err(`${m.symbol}: no prediction: ${m.reason}`);
    // nothing predicted for any symbol: the user has something to fix (exit 2), and the hint says what
    return report.predictions.length === 0 && report.missing.length > 0 ? 2 : 0;
  },
};
