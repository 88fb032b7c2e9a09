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
    'calibration) and the adaptive-weight history. Verified predictions never change; running it twice is harmless.',
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
      const t = [['symbol', 'count', 'hits', 'accuracy', 'roll20', 'roll60', 'brier']];
      for (const a of r.accuracy) t.push([a.symbol, String(a.count), String(a.hits), fmt(a.accuracy), fmt(a.rolling20), fmt(a.rolling60), fmt(a.brier)]);
      ctx.out(table(t));
    }
    return 0;
  },
};
