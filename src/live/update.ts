/**
 * The daily incremental update (seed 002): append only bars newer than the stored last date, extend the
 * feature frame on the tail the longest window needs, refresh the statistical and ML profiles, and apply the
 * retrain rules. All symbols share one store connection. Nothing is retrained here (`retrain --auto` does).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { barCount, checkSymbol, sliceBars, type Bars } from '../data/bars';
import type { Store } from '../data/store';
import { readOnConnection } from '../data/store-read';
import { checkStorableBars, upsertOnConnection } from '../data/store-write';
import { dayToIso, isoToDay } from '../util/dates';
import { fillDefaults, inTransaction } from '../data/store-db';
import { buildFeatures } from '../features/registry';
import { appendFrames, extendFeatures, incrementalDefaults } from './incremental';
import type { LiveModelMeta, ModelSource } from './model-source';
import { listOnConnection } from './predlog';
import { statisticalProfile, type MlProfile } from './profiles';
import type { BarSource } from './sources';
import { readStateOn, writeStatesOn, type SymbolState } from './state';
import { decideRetrain, recentOutcomes, type RetrainRules } from './triggers';

/** Options of {@link dailyUpdate}. */
export interface UpdateOptions {
  /** Where new bars come from. */
  source: BarSource;
  /** Symbols to update. Default: every stored symbol. */
  symbols?: string[];
  /** Ignore the saved state and rebuild every symbol from its full history. Default false. */
  rebuild?: boolean;
  /** Feature set kept up to date. Default `full`. */
  featureSet?: string;
  /** Rows recomputed before the first new bar (see `incrementalDefaults`). Default 700. */
  lookback?: number;
  /** Feature rows kept in the state. Default 5. */
  keepRows?: number;
  /** Models, for the ML profile and the retrain decision. Default none. */
  models?: ModelSource;
  /** Horizons whose models are profiled. Default [1]. */
  horizons?: number[];
  /** Retrain rules. Default seed 002 (see `retrainRuleDefaults`). */
  rules?: RetrainRules;
  /** Also rebuild every symbol's features from its full history, to time it and check equality. Default false. */
  compareFull?: boolean;
  /** Clock. Default now. */
  now?: Date;
}

/** Defaults of {@link UpdateOptions} (except `source`). */
export const updateDefaults = { featureSet: 'full', lookback: incrementalDefaults.lookback, keepRows: 5, horizons: [1], compareFull: false, rebuild: false };

/** What happened to one symbol. */
export interface SymbolUpdate {
  symbol: string;
  /** Bars appended to the store. */
  newBars: number;
  /** Last stored date afterwards, ISO. */
  lastDate: string;
  /** `incremental` (tail recomputed), `full` (no usable state: full history), `unchanged` (nothing new). */
  mode: 'incremental' | 'full' | 'unchanged';
  /** Bar rows the feature build ran over. */
  rowsComputed: number;
  /** Rows of history stored. */
  totalRows: number;
  ms: number;
  /** Of which reading the bars and computing the features (the part a full rebuild repeats), ms. */
  featureMs: number;
  /** With compareFull: time of a full rebuild and the largest relative difference of the new rows. */
  fullMs?: number;
  maxDiff?: number;
  ml?: MlProfile;
}

/** Result of {@link dailyUpdate}. */
export interface UpdateReport {
  symbols: SymbolUpdate[];
  totalMs: number;
  /** With compareFull: summed full-rebuild time (read all bars + build features) and the fraction of that
   * time the incremental read + feature step saved. */
  fullMs?: number;
  saved?: number;
}

async function lastStoredDay(c: DuckDBConnection, symbol: string): Promise<number | undefined> {
  const r = await c.runAndReadAll(`SELECT max((date - DATE '1970-01-01')::INTEGER) FROM bars WHERE symbol = $symbol`, { symbol });
  const d = r.getRows()[0][0] as number | null;
  return d === null ? undefined : d;
}

/**
 * Appends the new bars of several symbols in one transaction (one multi-row INSERT); bars with `extra`
 * columns go through the store's own upsert (which also stores the extras).
 */
async function appendAll(c: DuckDBConnection, list: Bars[], source: string): Promise<void> {
  const plain = list.filter((b) => !b.extra || Object.keys(b.extra).length === 0);
  for (const b of list) if (!plain.includes(b)) await upsertOnConnection(c, b, { source });
  if (plain.length === 0) return;
  await inTransaction(c, async () => {
    const params: Record<string, string | number> = {};
    const rows: string[] = [];
    let k = 0;
    for (const b of plain) {
      for (let i = 0; i < barCount(b); i++, k++) {
        params[`s${k}`] = b.symbol;
        params[`d${k}`] = dayToIso(b.dates[i]);
        params[`o${k}`] = b.open[i];
        params[`h${k}`] = b.high[i];
        params[`l${k}`] = b.low[i];
        params[`c${k}`] = b.close[i];
        params[`a${k}`] = b.adjClose && Number.isFinite(b.adjClose[i]) ? b.adjClose[i] : NaN;
        params[`v${k}`] = b.volume[i];
        rows.push(`($s${k}, $d${k}::DATE, $o${k}, $h${k}, $l${k}, $c${k}, CASE WHEN isnan($a${k}::DOUBLE) THEN NULL ELSE $a${k}::DOUBLE END, $v${k})`);
      }
    }
    await c.run(
      `INSERT INTO bars (symbol, date, open, high, low, close, adj_close, volume) VALUES ${rows.join(', ')}
       ON CONFLICT (symbol, date) DO UPDATE SET open = excluded.open, high = excluded.high, low = excluded.low,
         close = excluded.close, adj_close = excluded.adj_close, volume = excluded.volume`,
      params,
    );
    const sym: Record<string, string> = { source };
    const sv = plain.map((b, j) => {
      sym[`y${j}`] = b.symbol;
      return `($y${j}, $source, now()::TIMESTAMP)`;
    });
    await c.run(`INSERT INTO symbols VALUES ${sv.join(', ')} ON CONFLICT (symbol) DO UPDATE SET source = excluded.source, updated_at = excluded.updated_at`, sym);
  });
}

async function tailStart(c: DuckDBConnection, symbol: string, rows: number): Promise<string | undefined> {
  const r = await c.runAndReadAll(
    `SELECT strftime(date, '%Y-%m-%d') FROM bars WHERE symbol = $symbol ORDER BY date DESC LIMIT 1 OFFSET $k`,
    { symbol, k: rows - 1 },
  );
  return (r.getRows()[0]?.[0] as string | undefined) ?? undefined;
}

function maxRelDiff(a: Float64Array[], b: Float64Array[], bOffset: number): number {
  let worst = 0;
  for (let j = 0; j < a.length; j++) {
    for (let i = 0; i < a[j].length; i++) {
      const x = a[j][i];
      const y = b[j][bOffset + i];
      if (Number.isNaN(x) && Number.isNaN(y)) continue;
      const e = Math.abs(x - y) / Math.max(1, Math.abs(y));
      worst = Number.isNaN(e) ? Infinity : Math.max(worst, e);
    }
  }
  return worst;
}

async function mlProfile(symbol: string, o: UpdateOptions, c: DuckDBConnection, bars: Bars, metas: Map<string, LiveModelMeta | undefined>): Promise<MlProfile | undefined> {
  if (!o.models) return undefined;
  const now = o.now ?? new Date();
  const models: MlProfile['models'] = [];
  const reasons: string[] = [];
  let retrain = false;
  const verified = await listOnConnection(c, { symbol, status: 'verified', timeframe: '1d' });
  for (const h of o.horizons ?? updateDefaults.horizons) {
    const meta = metas.get(`${symbol}|${h}`);
    // the last max(60, 8h) verified outcomes of this horizon: the decay test thins them to every h-th, >= 8 left
    const recent = recentOutcomes(verified, h, Math.max(60, 8 * h));
    if (!meta) {
      const d = decideRetrain({ noModel: true, newBars: 0, ageDays: 0 }, o.rules);
      retrain = true;
      reasons.push(...d.reasons.map((s) => `h${h}: ${s}`));
      continue;
    }
    models.push({ horizon: h, model: `${meta.name}@${meta.version}`, trainedAt: meta.trainedAt, trainEnd: meta.trainEnd, metrics: meta.metrics });
    const end = isoToDay(meta.trainEnd);
    let newBars = 0;
    for (let i = barCount(bars) - 1; i >= 0 && bars.dates[i] > end; i--) newBars++;
    const ageDays = (now.getTime() - Date.parse(meta.trainedAt)) / 86_400_000;
    const d = decideRetrain({ newBars, ageDays, recent }, o.rules);
    retrain ||= d.retrain;
    reasons.push(...d.reasons.map((s) => `h${h}: ${s}`));
  }
  return { symbol, models, retrain: { retrain, reasons } };
}

/**
 * Runs the daily update for the chosen symbols over one store connection.
 * @param store the market-data store
 * @param options source of new bars and settings (see {@link updateDefaults})
 * @returns per-symbol results and timings
 */
export async function dailyUpdate(store: Store, options: UpdateOptions): Promise<UpdateReport> {
  const o = fillDefaults(updateDefaults, options);
  const t0 = performance.now();
  const symbols = (o.symbols ?? (await store.listSymbols()).map((s) => s.symbol)).map((s) => checkSymbol(s));
  // model metadata is read before the store connection opens: a registry source uses the same store file
  const metas = new Map<string, LiveModelMeta | undefined>();
  if (o.models) for (const s of symbols) for (const h of o.horizons) metas.set(`${s}|${h}`, await o.models.describe(s, h));
  const results = await store.withConnection(async (c) => {
    const out: SymbolUpdate[] = [];
    const states: SymbolState[] = [];
    const prev = new Map<string, number | undefined>();
    const fetched = new Map<string, Bars>();
    const tf = performance.now();
    for (const symbol of symbols) {
      const prevLast = await lastStoredDay(c, symbol);
      const fresh = { ...(await o.source.newBars(symbol, prevLast)), symbol };
      checkStorableBars(fresh);
      prev.set(symbol, prevLast);
      fetched.set(symbol, fresh);
    }
    await appendAll(c, [...fetched.values()].filter((b) => barCount(b) > 0), o.source.name);
    const appendMs = (performance.now() - tf) / Math.max(1, symbols.length);
    for (const symbol of symbols) {
      const ts = performance.now() - appendMs;
      const prevLast = prev.get(symbol);
      const fresh = fetched.get(symbol) as Bars;
      const last = await lastStoredDay(c, symbol);
      if (last === undefined) continue;
      const state = o.rebuild ? undefined : await readStateOn(c, symbol);
      const usable = state && state.featureSet === o.featureSet && prevLast !== undefined && state.lastDate === dayToIso(prevLast);
      const k = barCount(fresh);
      let mode: SymbolUpdate['mode'];
      let bars: Bars;
      let frame;
      const tfeat = performance.now();
      if (usable && k === 0) {
        mode = 'unchanged';
        const from = await tailStart(c, symbol, Math.max(o.keepRows, 253));
        bars = await readOnConnection(c, symbol, { from, extras: true });
        frame = state.features;
      } else if (usable) {
        mode = 'incremental';
        const from = await tailStart(c, symbol, o.lookback + k);
        bars = await readOnConnection(c, symbol, { from, extras: true });
        const ext = extendFeatures(state.features, bars, { set: o.featureSet, lookback: o.lookback });
        frame = appendFrames(state.features, ext, o.keepRows);
      } else {
        mode = 'full';
        bars = await readOnConnection(c, symbol, { extras: true });
        const full = buildFeatures(bars, { set: o.featureSet });
        frame = appendFrames({ ...full, dates: full.dates.slice(0, 0), columns: full.columns.map((col) => col.slice(0, 0)) }, full, o.keepRows);
      }
      const featureMs = performance.now() - tfeat;
      const statistical = statisticalProfile(sliceBars(bars, -253), frame);
      const ml = await mlProfile(symbol, o, c, bars, metas);
      states.push({ symbol, featureSet: o.featureSet, lastDate: dayToIso(last), features: frame, statistical, ml, updatedAt: (o.now ?? new Date()).toISOString() });
      const entry: SymbolUpdate = { symbol, newBars: k, lastDate: dayToIso(last), mode, rowsComputed: mode === 'unchanged' ? 0 : barCount(bars), totalRows: 0, ms: performance.now() - ts, featureMs, ml };
      const cnt = await c.runAndReadAll('SELECT count(*)::INTEGER FROM bars WHERE symbol = $symbol', { symbol });
      entry.totalRows = cnt.getRows()[0][0] as number;
      if (o.compareFull) {
        const tf = performance.now();
        const all = await readOnConnection(c, symbol, { extras: true });
        const full = buildFeatures(all, { set: o.featureSet });
        entry.fullMs = performance.now() - tf;
        const rows = frame.dates.length;
        entry.maxDiff = maxRelDiff(frame.columns, full.columns, full.dates.length - rows);
      }
      out.push(entry);
    }
    await writeStatesOn(c, states);
    return out;
  });
  const report: UpdateReport = { symbols: results, totalMs: performance.now() - t0 };
  if (o.compareFull) {
    report.fullMs = results.reduce((s, r) => s + (r.fullMs ?? 0), 0);
    const inc = results.reduce((s, r) => s + r.featureMs, 0);
    report.saved = report.fullMs > 0 ? 1 - inc / report.fullMs : undefined;
  }
  return report;
}
