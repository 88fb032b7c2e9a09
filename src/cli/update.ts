/** `workbench update`: the daily incremental update (new bars, features on the tail, profiles, retrain decision). */
import { LIMITS } from '../util/limits';
import { inputError } from '../util/errors';
import * as fs from 'fs';
import { csvFolderSource, fileSource, yahooSource } from '../live/sources';
import { dailyUpdate } from '../live/update';
import { intradayRetrainProfile } from '../live/intraday';
import { fmt, horizonsOption, modelSourceOption, storeOption, symbolsOption, table } from '../live/cli-options';
import type { Command } from './types';
import { INTRADAY_HELP, intradayOptionSpecs, runIntradayImport, wantsIntraday } from './data-intraday';

/** The `update` command. */
export const updateCommand: Command = {
  name: 'update',
  summary: 'Append new bars, extend features incrementally, refresh profiles and the retrain decision',
  help: [
    'Usage: workbench update (--from <folder|file|sample:NAME> | --yahoo) [--symbols A,B] [--compare-full] [--json]',
    '',
    'Appends only the bars newer than each symbol\'s last stored date, recomputes features on the tail the',
    'longest window needs (not the whole history), updates the statistical profile (latest indicators,',
    'volatility, max drawdown, VaR 95 %, regime) and the ML profile with the retrain decision',
    '(< 100 new bars: keep; model older than 7 days: retrain; significant decay: retrain). Nothing is retrained',
    'here; run `workbench retrain --auto` for that.',
    '',
    'An intraday CSV (--from <file> with a time of day in its first row, or --timeframe 1m|5m|30m|1h) appends',
    'the bars after the last stored instant of that symbol and timeframe, after the session checks, then prints',
    'the retrain decision of each model of the symbol with its new bars counted in the MODEL\'s timeframe',
    '(a 5m model counts 5-minute bars after its training end, a daily model days; seed 002: < 100 keep,',
    'older than 7 days retrain).',
    '',
    'Options:',
    ...INTRADAY_HELP,
    '  --from <folder>    CSV drop folder with <SYMBOL>.csv files (history or latest rows)',
    '  --from <file>      one data file (or sample:sp500): new bars of the symbol it holds',
    '  --yahoo            fetch new bars from Yahoo Finance (needs network)',
    '  --symbols A,B      symbols to update (default: every stored symbol)',
    '  --models <dir>     live model folder for the ML profile (default $WORKBENCH_HOME/live/models)',
    '  --registry         take models from the registry (<SYMBOL>-h<N>: Production, else @champion)',
    '  --horizons 1,5     horizons profiled (default 1)',
    '  --compare-full     also rebuild from full history: report the time saved and check equality',
    '  --store <file>     DuckDB store (default $WORKBENCH_HOME/store.duckdb)',
    '  --json             print the report as JSON',
    '',
    'Example:',
    '  workbench update --from data/drop --compare-full',
  ].join('\n'),
  options: {
    from: { type: 'string' },
    yahoo: { type: 'boolean' },
    symbols: { type: 'string', multiple: true },
    models: { type: 'string' },
    registry: { type: 'boolean' },
    template: { type: 'string' },
    horizons: { type: 'string' },
    'compare-full': { type: 'boolean' },
    store: { type: 'string' },
    json: { type: 'boolean' },
    ...intradayOptionSpecs,
  },
  async run(ctx) {
    const v = ctx.values;
    if (!v.from === !v.yahoo) throw inputError({ key: '--from' }, 'exactly one source: --from <folder|file|sample:NAME> or --yahoo', v.from ? 'both' : 'neither');
    const raw = v.symbols;
    const given = raw === undefined || typeof raw === 'boolean' ? [] : (Array.isArray(raw) ? raw : [raw]).flatMap((s) => s.split(','));
    if (given.length > LIMITS.maxSymbols) throw inputError({ key: '--symbols' }, `at most ${LIMITS.maxSymbols} symbols`, `${given.length}`);
    if (typeof v.from === 'string' && wantsIntraday(ctx, v.from)) {
      // intraday: append the bars after the last stored instant of the symbol and timeframe
      if (given.length > 1) throw inputError({ key: '--symbols' }, 'at most one symbol for an intraday file', given.join(','));
      const models = modelSourceOption(v, storeOption(v));
      const horizons = horizonsOption(v);
      return runIntradayImport(ctx, v.from, { onlyNew: true, symbol: given[0], after: (store, symbol) => intradayRetrainProfile(store, symbol, { models, horizons }) });
    }
    const symbols = symbolsOption(v);
    const store = storeOption(v);
    if (symbols) {
      const stored = new Set((await store.listSymbols()).map((s) => s.symbol));
      const unknown = [...new Set(symbols)].filter((s) => !stored.has(s));
      if (unknown.length) {
        throw inputError({ key: '--symbols' }, `symbols in the store (${stored.size ? [...stored].slice(0, 10).join(', ') : 'none yet'})`, `unknown ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ` and ${unknown.length - 5} more` : ''}`);
      }
    }
    const from = v.from;
    const source = typeof from === 'string' ? (fs.existsSync(from) && fs.statSync(from).isDirectory() ? csvFolderSource(from) : fileSource(from)) : yahooSource();
    const report = await dailyUpdate(store, {
      source,
      symbols: symbols ? [...new Set(symbols)] : undefined,
      models: modelSourceOption(v, store),
      horizons: horizonsOption(v),
      compareFull: Boolean(v['compare-full']),
    });
    if (v.json) {
      ctx.out(JSON.stringify(report, null, 2));
      return 0;
    }
    if (report.symbols.length === 0) {
      ctx.out(symbols ? 'Nothing to update: no new bars for the given symbols.' : 'Nothing to update: the store has no symbols (import some with `workbench data import`).');
      return 0;
    }
    const rows = [['symbol', 'new', 'last', 'mode', 'rows', 'ms', 'retrain']];
    for (const s of report.symbols) {
      rows.push([s.symbol, String(s.newBars), s.lastDate, s.mode, String(s.rowsComputed), fmt(s.ms, 0), s.ml?.retrain ? `${s.ml.retrain.retrain ? 'yes' : 'no'}: ${s.ml.retrain.reasons.join('; ')}` : '-']);
    }
    ctx.out(table(rows));
    ctx.out(`total ${fmt(report.totalMs, 0)} ms${report.fullMs !== undefined ? `; full rebuild ${fmt(report.fullMs, 0)} ms, saved ${fmt(100 * (report.saved ?? NaN), 0)} %` : ''}`);
    return 0;
  },
};
