/**
 * `workbench features`: computes a feature set (and optionally labels) for one symbol and writes
 * date + feature columns (+ label columns) as CSV, or Parquet through DuckDB.
 */
import * as fs from 'fs';
import * as path from 'path';
import { checkSymbol, sliceBars, type Bars } from '../data/bars';
import { loadBars } from '../data/load';
import { Store } from '../data/store';
import { duckdb } from '../data/store-db';
import { checkTimeframe, type Timeframe } from '../data/intraday/timeframe';
import { buildFeatures, FEATURE_SETS } from '../features/registry';
import { frameToCsv } from '../features/csv';
import { buildLabels, labelColumns } from '../labels/build';
import { storedBarsOf } from '../live/intraday';
import { isoToDay, lowerBound, upperBound } from '../util/dates';
import { inputError } from '../util/errors';
import { writeFileAtomic } from '../util/fs';
import type { Command, CommandContext } from './types';

/** Where the command gets bars from (injectable for tests). */
export interface FeaturesCommandDeps {
  /** Bars of a stored symbol (the whole stored history). */
  readBars(symbol: string, storePath: string | undefined): Promise<Bars>;
  /** Bars of a stored symbol in an intraday timeframe (resampled from finer stored bars when needed). */
  readIntraday(symbol: string, timeframe: Timeframe, storePath: string | undefined): Promise<Bars>;
  /** Bars from a file or `sample:<name>`. */
  loadBars(source: string): Promise<Bars>;
  /** Writes CSV text as Parquet at `file` (atomic). */
  writeParquet(csvText: string, file: string): Promise<void>;
}

function str(ctx: CommandContext, name: string): string | undefined {
  const v = ctx.values[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw inputError({ key: `--${name}` }, 'a value', JSON.stringify(v));
  return v;
}

function isoOption(ctx: CommandContext, name: string): number | undefined {
  const v = str(ctx, name);
  if (v === undefined) return undefined;
  const d = isoToDay(v);
  if (Number.isNaN(d)) throw inputError({ key: `--${name}` }, 'an ISO date YYYY-MM-DD', JSON.stringify(v));
  return d;
}

function horizonsOption(ctx: CommandContext): number[] | undefined {
  const v = str(ctx, 'horizons');
  if (v === undefined) return undefined;
  const hs = v.split(',').map((s) => Number(s.trim()));
  if (!hs.length || hs.some((h) => !Number.isInteger(h) || h < 1)) throw inputError({ key: '--horizons' }, 'comma-separated whole numbers of days >= 1, e.g. 1,7,30', JSON.stringify(v));
  return hs;
}

/** Parquet through an in-memory DuckDB: the CSV goes to a temp file, COPY writes a temp parquet, rename. */
async function writeParquetWithDuckDb(csvText: string, file: string): Promise<void> {
  const dir = path.dirname(path.resolve(file));
  fs.mkdirSync(dir, { recursive: true });
  const stem = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}`);
  const csv = `${stem}.csv`;
  const tmp = `${stem}.parquet.tmp`;
  fs.writeFileSync(csv, csvText);
  const quote = (p: string) => `'${p.replace(/'/g, "''")}'`;
  const inst = await duckdb().DuckDBInstance.create(':memory:');
  const conn = await inst.connect();
  try {
    // every column but `date` is numeric, even when all its cells are empty (a short series)
    const header = csvText.slice(0, csvText.indexOf('\n')).split(',');
    const ident = (c: string) => `"${c.replace(/"/g, '""')}"`;
    const cast = (c: string): string => (c === 'date' ? 'DATE' : c === 'time' ? 'TIMESTAMPTZ' : 'DOUBLE');
    const select = header.map((c) => `CAST(${ident(c)} AS ${cast(c)}) AS ${ident(c)}`).join(', ');
    await conn.run(`COPY (SELECT ${select} FROM read_csv(${quote(csv)}, header = true, all_varchar = true)) TO ${quote(tmp)} (FORMAT parquet)`);
    fs.renameSync(tmp, file);
  } finally {
    conn.closeSync();
    inst.closeSync();
    fs.rmSync(csv, { force: true });
    fs.rmSync(tmp, { force: true });
  }
}

/** Default dependencies: the DuckDB store, the file/sample loader, DuckDB for Parquet. */
export const featuresCommandDeps: FeaturesCommandDeps = {
  readBars: (symbol, storePath) => new Store({ path: storePath }).readBars(symbol),
  readIntraday: (symbol, timeframe, storePath) => storedBarsOf(new Store({ path: storePath }), symbol, timeframe),
  loadBars: (source) => loadBars(source),
  writeParquet: writeParquetWithDuckDb,
};

/**
 * Builds the `features` command with the given dependencies (tests pass fakes).
 * @param deps where bars come from and how Parquet is written (default {@link featuresCommandDeps})
 * @returns the Command
 */
export function createFeaturesCommand(deps: FeaturesCommandDeps = featuresCommandDeps): Command {
  return {
    name: 'features',
    summary: 'Compute a feature set (and labels) for one symbol and write it as CSV or Parquet',
    help: [
      'Usage: workbench features (--symbol <S> | --source <file|sample:sp500>) [--set full] [--from D] [--to D]',
      '                          [--labels] [--horizons 1,7,30] [--out file.csv|file.parquet] [--store <file>]',
      '                          [--timeframe 1h|30m|5m|1m]',
      '',
      'Writes `date` plus one column per feature (NaN during warm-up is an empty cell), and with --labels the',
      'label columns dir_h*, ternary_h*, logret_h*, rvol_h*, end_index_h*, vol_target_20, regime_label.',
      '',
      'Options:',
      '  --symbol <S>      read the symbol from the store (see `workbench data import`)',
      '  --source <src>    read a CSV/JSON file or a bundled sample instead (e.g. sample:sp500)',
      `  --set <name>      feature set: ${Object.keys(FEATURE_SETS).join(', ')} (default full)`,
      '  --from / --to D   rows to write (ISO dates, inclusive). Features still use the history before',
      '                    --from for warm-up; nothing after --to is used, not even by labels',
      '  --labels          add label columns (they look h trading days ahead; the last h rows are empty)',
      '  --horizons <list> label horizons in trading days (default 1,7,30)',
      '  --out <file>      .csv or .parquet (Parquet is written through DuckDB); default: CSV on stdout',
      '  --store <file>    DuckDB store file (default: $WORKBENCH_HOME/store.duckdb)',
      '  --timeframe TF    with --symbol: the stored intraday bars of that timeframe (resampled from finer',
      '                    stored bars when needed; see `workbench data import --timeframe`). The first column',
      '                    is then `time` (ISO UTC), windows and --horizons count bars, --from/--to are dates',
      '',
      'Examples:',
      '  workbench features --source sample:sp500 --set minimal --from 2019-01-01 --out sp500.csv',
      '  workbench features --symbol AAPL --labels --out outputs/aapl_features.parquet',
    ].join('\n'),
    options: {
      symbol: { type: 'string' },
      source: { type: 'string' },
      set: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      out: { type: 'string' },
      labels: { type: 'boolean' },
      horizons: { type: 'string' },
      store: { type: 'string' },
      timeframe: { type: 'string' },
    },
    async run(ctx) {
      const symbol = str(ctx, 'symbol');
      const source = str(ctx, 'source');
      if ((symbol === undefined) === (source === undefined)) throw inputError({ key: '--symbol/--source' }, 'exactly one of --symbol <S> or --source <file|sample:name>', symbol && source ? 'both' : 'neither');
      const set = str(ctx, 'set') ?? 'full';
      if (!FEATURE_SETS[set]) throw inputError({ key: '--set' }, `one of ${Object.keys(FEATURE_SETS).join(', ')}`, JSON.stringify(set));
      const from = isoOption(ctx, 'from');
      const to = isoOption(ctx, 'to');
      if (from !== undefined && to !== undefined && from > to) throw inputError({ key: '--from/--to' }, '--from on or before --to', `${str(ctx, 'from')} > ${str(ctx, 'to')}`);
      const horizons = horizonsOption(ctx);
      const out = str(ctx, 'out');
      const ext = out ? path.extname(out).toLowerCase() : '.csv';
      if (ext !== '.csv' && ext !== '.parquet') throw inputError({ key: '--out' }, 'a file ending in .csv or .parquet', JSON.stringify(out));
      const tfText = str(ctx, 'timeframe');
      const timeframe = tfText === undefined ? undefined : checkTimeframe(tfText, { key: '--timeframe' });
      if (timeframe !== undefined && timeframe !== '1d' && symbol === undefined) throw inputError({ key: '--timeframe' }, '--symbol <S> with --timeframe (intraday bars are read from the store)', '--source');
      let bars: Bars;
      if (symbol === undefined) bars = await deps.loadBars(source!);
      else if (timeframe === undefined || timeframe === '1d') bars = await deps.readBars(checkSymbol(symbol, { key: '--symbol' }), str(ctx, 'store'));
      else bars = await deps.readIntraday(checkSymbol(symbol, { key: '--symbol' }), timeframe, str(ctx, 'store'));
      if (to !== undefined) bars = sliceBars(bars, 0, upperBound(bars.dates, to));
      const first = from === undefined ? 0 : lowerBound(bars.dates, from);
      const n = bars.dates.length;
      if (first >= n) throw inputError({ key: '--from/--to' }, 'a date range holding at least one bar', `${n} bars up to --to, none on or after --from`);
      const frame = buildFeatures(bars, { set });
      const extra = ctx.values.labels ? labelColumns(buildLabels(bars, horizons ? { horizons } : {})) : [];
      const text = frameToCsv(frame, { extra, fromRow: first, toRow: n - 1, ...(bars.times ? { times: bars.times } : {}) });
      const rows = n - first;
      const cols = frame.names.length + extra.length;
      if (!out) {
        ctx.out(text.trimEnd());
        return 0;
      }
      if (ext === '.parquet') await deps.writeParquet(text, out);
      else writeFileAtomic(out, text);
      ctx.err(`features: ${bars.symbol}${bars.times ? ` (${timeframe})` : ''}: ${rows} rows x ${cols} columns (set ${set}${extra.length ? ', with labels' : ''}) -> ${out}`);
      return 0;
    },
  };
}

/** The `features` command (wire into src/cli/commands.ts). */
export const featuresCommand: Command = createFeaturesCommand();
