/** `workbench verify`: fill outcomes of pending predictions and update per-symbol accuracy. */
import { verifyPredictions } from '../live/predlog';
import { fmt, storeOption, table } from '../live/cli-options';
import type { Command } from './types';

/** The `verify` command. */
export const verifyCommand: Command = {
  name: 'verify',
  summary: 'Verify pending predictions whose target date has data; update per-symbol accuracy',
  help: [
    'Usage: workbench verify [--json]',
    '',
    'Fills the actual outcome (close, change, hit/miss, error) of every pending prediction whose target bar is',
    'stored, in one transaction, and rewrites the per-symbol accuracy (count, hits, rolling 20/60, Brier,',
    'calibration, 95% Wilson CI on the non-overlapping outcomes, the always-up baseline; for return forecasts MSE,',
    'RMSE, R² against the zero-return forecast and a Diebold–Mariano test) and the adaptive-weight history.',
    'Intraday predictions (logged by `predict` on 1h/30m/5m/1m models) resolve on the stored bars of their',
    'timeframe: the h-th bar after the one they were made on, the next session\'s first bar after a close; their',
    'accuracy is kept per symbol and timeframe. Verified predictions never change; running it twice is harmless.',
    '',
    'Options:',
    '  --store <file>  DuckDB store (default $WORKBENCH_HOME/store.duckdb)',
    '  --json          print {verified, stillPending, accuracy} as JSON',
  ].join('\n'),
  options: { store: { type: 'string' }, json: { type: 'boolean' } },
  async run(ctx) {
    const r = await verifyPredictions(storeOption(ctx.values));
    if (ctx.values.json) {
      ctx.out(JSON.stringify(r, null, 2));
      return 0;
    }
    ctx.out(`verified ${r.verified.length}, still pending ${r.stillPending}`);
    if (r.accuracy.length) {
      // intraday predictions have their own rows (symbol and timeframe: horizons count bars of it)
      const intraday = r.accuracy.some((a) => a.timeframe !== undefined);
      const t = [['symbol', ...(intraday ? ['tf'] : []), 'count', 'hits', 'accuracy', 'roll20', 'roll60', 'brier', '95% CI', 'always up']];
      for (const a of r.accuracy) {
        const ci = a.accuracyCi ? `[${fmt(a.accuracyCi[0])}, ${fmt(a.accuracyCi[1])}]` : '-';
        t.push([a.symbol, ...(intraday ? [a.timeframe ?? '1d'] : []), String(a.count), String(a.hits), fmt(a.accuracy), fmt(a.rolling20), fmt(a.rolling60), fmt(a.brier), ci, a.baseline ? fmt(a.baseline.accuracy) : '-']);
      }
      ctx.out(table(t));
      const f = r.accuracy.filter((a) => a.forecast);
      if (f.length) {
        // return forecasts: the forecast log return against the realised one, beside the zero-return forecast
        const ft = [['symbol', ...(intraday ? ['tf'] : []), 'n', 'mse', 'rmse', 'r2 vs 0', 'sign acc', 'mse of 0', 'DM p']];
        for (const a of f) {
          const s = a.forecast!;
          ft.push([a.symbol, ...(intraday ? [a.timeframe ?? '1d'] : []), String(s.n), fmt(s.mse, 8), fmt(s.rmse, 6), fmt(s.r2), fmt(s.signAccuracy), fmt(s.baselineMse, 8), s.dm ? fmt(s.dm.pValue) : '-']);
        }
        ctx.out(table(ft));
      }
    }
    return 0;
  },
};
