/**
 * The prediction log: an append-only table `live_predictions` in the store (plus a JSONL export).
 * Rows are inserted `pending` and change exactly once, to `verified`, inside one transaction that also
 * rewrites the per-symbol accuracy (`live_accuracy`) and the adaptive weight history (`live_weight_history`).
 * A crash mid-verify rolls the whole transaction back; a rerun then verifies the same rows.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { dayToIso, isoToDay, lowerBound } from '../util/dates';
import { inputError } from '../util/errors';
import { inTransaction } from '../data/store-db';
import { readOnConnection } from '../data/store-read';
import type { Store } from '../data/store';
import { accuracyTable, type SymbolAccuracy } from './accuracy';
import { predictionId, type NewPrediction, type PredictionRecord, type PredictionStatus } from './types';
import { weightHistoryFor } from './adaptive';
import { intradayOutcome, intradayVerifyBars, seriesKey } from './verify-intraday';
import type { Bars } from '../data/bars';

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS live_predictions (
     id VARCHAR PRIMARY KEY, symbol VARCHAR NOT NULL, made_on VARCHAR NOT NULL, horizon INTEGER NOT NULL,
     target_date VARCHAR NOT NULL, model VARCHAR NOT NULL, direction VARCHAR NOT NULL, prob_up DOUBLE NOT NULL,
     expected_change DOUBLE NOT NULL, confidence DOUBLE NOT NULL, regime VARCHAR NOT NULL, signals VARCHAR NOT NULL,
     base_close DOUBLE NOT NULL, status VARCHAR NOT NULL, created_at VARCHAR NOT NULL,
     actual_date VARCHAR, actual_close DOUBLE, actual_change DOUBLE, hit BOOLEAN, error DOUBLE, verified_at VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS live_accuracy (symbol VARCHAR PRIMARY KEY, stats VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS live_weight_history (symbol VARCHAR NOT NULL, seq INTEGER NOT NULL, id VARCHAR NOT NULL,
     target_date VARCHAR NOT NULL, weights VARCHAR NOT NULL, PRIMARY KEY (symbol, seq))`,
];

/**
 * Columns added after the first log format (nullable: a log written before them reads as before). `timeframe`:
 * NULL for daily predictions, `1h`/`30m`/`5m`/`1m` for intraday ones; `task`: `regression` for return forecasts,
 * NULL for direction models.
 */
const ADDED = ['timeframe', 'task'];

/** Creates the live tables when missing, and the columns added since (old logs keep their rows). */
export async function ensureLiveTables(c: DuckDBConnection): Promise<void> {
  for (const sql of SCHEMA) await c.run(sql);
  const r = await c.runAndReadAll(`SELECT count(*)::INTEGER FROM information_schema.columns WHERE table_name = 'live_predictions' AND column_name IN (${ADDED.map((a) => `'${a}'`).join(', ')})`);
  if ((r.getRows()[0][0] as number) < ADDED.length) for (const col of ADDED) await c.run(`ALTER TABLE live_predictions ADD COLUMN IF NOT EXISTS ${col} VARCHAR`);
}

const COLS = `id, symbol, made_on, horizon, target_date, model, direction, prob_up, expected_change, confidence, regime,
  signals, base_close, status, created_at, actual_date, actual_close, actual_change, hit, error, verified_at, timeframe, task`;

function toRecord(row: unknown[]): PredictionRecord {
  const r: PredictionRecord = {
    id: row[0] as string,
    symbol: row[1] as string,
    madeOn: row[2] as string,
    horizon: Number(row[3]),
    targetDate: row[4] as string,
    model: row[5] as string,
    direction: row[6] as 'up' | 'down',
    probUp: row[7] as number,
    expectedChange: row[8] as number,
    confidence: row[9] as number,
    regime: row[10] as string,
    signals: JSON.parse(row[11] as string) as Record<string, number>,
    baseClose: row[12] as number,
    status: row[13] as PredictionStatus,
    createdAt: row[14] as string,
  };
  if (row[15] !== null) {
    r.actualDate = row[15] as string;
    r.actualClose = row[16] as number;
    r.actualChange = row[17] as number;
    r.hit = row[18] as boolean;
    r.error = row[19] as number;
    r.verifiedAt = row[20] as string;
  }
  if (row[21] !== null && row[21] !== undefined) r.timeframe = row[21] as string;
  if (row[22] === 'regression') {
    r.task = 'regression';
    r.forecast = r.signals.forecast;
  }
  return r;
}

/** Filters of {@link listPredictions}. */
export interface ListPredictionsOptions {
  status?: PredictionStatus;
  symbol?: string;
  /** Only predictions on bars of this timeframe (`1d`: daily ones). Default all. */
  timeframe?: string;
}

/** Reads prediction records on an open connection, ordered by made-on date, symbol, horizon, model. */
export async function listOnConnection(c: DuckDBConnection, options: ListPredictionsOptions = {}): Promise<PredictionRecord[]> {
  await ensureLiveTables(c);
  const where: string[] = [];
  const params: Record<string, string> = {};
  if (options.status) {
    where.push('status = $status');
    params.status = options.status;
  }
  if (options.symbol) {
    where.push('symbol = $symbol');
    params.symbol = options.symbol;
  }
  if (options.timeframe === '1d') where.push('timeframe IS NULL');
  else if (options.timeframe !== undefined) {
    where.push('timeframe = $timeframe');
    params.timeframe = options.timeframe;
  }
  const r = await c.runAndReadAll(
    `SELECT ${COLS} FROM live_predictions ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY made_on, symbol, horizon, model`,
    params,
  );
  return r.getRows().map((row) => toRecord(row as unknown[]));
}

/**
 * Lists logged predictions.
 * @param store the store
 * @param options `status` (pending|verified) and `symbol` filters
 * @returns records ordered by made-on date, symbol, horizon, model ([] when the store does not exist)
 */
export async function listPredictions(store: Store, options: ListPredictionsOptions = {}): Promise<PredictionRecord[]> {
  if (options.status && options.status !== 'pending' && options.status !== 'verified') {
    throw inputError({ key: 'status' }, '`pending` or `verified`', JSON.stringify(options.status));
  }
  if (!store.exists()) return [];
  return store.withConnection((c) => listOnConnection(c, options));
}

/**
 * Appends new predictions as `pending` on an open connection. A prediction whose id (symbol, made-on, horizon,
 * model) is already logged is left untouched (never overwritten), so re-running predict is harmless.
 * @returns ids inserted and ids skipped as already logged
 */
export async function appendOnConnection(c: DuckDBConnection, predictions: NewPrediction[], now = new Date()): Promise<{ inserted: string[]; skipped: string[] }> {
  await ensureLiveTables(c);
  const inserted: string[] = [];
  const skipped: string[] = [];
  await inTransaction(c, async () => {
    for (const p of predictions) {
      const id = predictionId(p);
      const r = await c.runAndReadAll(
        `INSERT INTO live_predictions (id, symbol, made_on, horizon, target_date, model, direction, prob_up, expected_change,
           confidence, regime, signals, base_close, status, created_at, timeframe, task)
         VALUES ($id, $symbol, $madeOn, $horizon, $targetDate, $model, $direction, $probUp, $expectedChange, $confidence,
           $regime, $signals, $baseClose, 'pending', $createdAt, $timeframe, $task) ON CONFLICT DO NOTHING RETURNING id`,
        {
          id,
          symbol: p.symbol,
          madeOn: p.madeOn,
          horizon: p.horizon,
          targetDate: p.targetDate,
          model: p.model,
          direction: p.direction,
          probUp: p.probUp,
          expectedChange: p.expectedChange,
          confidence: p.confidence,
          regime: p.regime,
          signals: JSON.stringify(p.signals),
          baseClose: p.baseClose,
          createdAt: now.toISOString(),
          timeframe: p.timeframe === undefined || p.timeframe === '1d' ? null : p.timeframe,
          task: p.task === 'regression' ? 'regression' : null,
        },
      );
      (r.currentRowCount > 0 ? inserted : skipped).push(id);
    }
  });
  return { inserted, skipped };
}

/** Options of {@link verifyPredictions}. */
export interface VerifyOptions {
  /** Clock for `verifiedAt`. Default now. */
  now?: Date;
  /** Test hook: called inside the transaction after the updates, before COMMIT. */
  beforeCommit?: () => Promise<void> | void;
  /**
   * Stored bars of the pending intraday predictions, keyed `symbol|timeframe` (`intradayVerifyBars`; read before
   * the transaction). {@link verifyPredictions} reads them; without them intraday predictions stay pending.
   */
  intraday?: Map<string, Bars>;
}

/** What a verify run did. */
export interface VerifyResult {
  /** Ids verified by this run. */
  verified: string[];
  /** Pending predictions whose target bar is not stored yet. */
  stillPending: number;
  /** Accuracy of the symbols (intraday: symbol and timeframe) touched by this run, after it. */
  accuracy: SymbolAccuracy[];
}

/** Fills one prediction's outcome (only while it is pending). */
async function writeOutcome(c: DuckDBConnection, p: PredictionRecord, actualDate: string, actualClose: number, now: string): Promise<void> {
  const actualChange = actualClose / p.baseClose - 1;
  const hit = (p.direction === 'up') === actualChange > 0;
  await c.run(
    `UPDATE live_predictions SET status = 'verified', actual_date = $d, actual_close = $ac, actual_change = $ch,
       hit = $hit, error = $err, verified_at = $now WHERE id = $id AND status = 'pending'`,
    { d: actualDate, ac: actualClose, ch: actualChange, hit, err: p.expectedChange - actualChange, now, id: p.id },
  );
}

/** Rewrites the stored accuracy of one symbol (daily) or one symbol and timeframe (intraday) and, for daily, its weight history. */
async function rewriteAccuracy(c: DuckDBConnection, symbol: string, timeframe: string | undefined): Promise<SymbolAccuracy> {
  const all = await listOnConnection(c, { symbol, timeframe: timeframe ?? '1d' });
  const acc = accuracyTable(all)[0];
  const key = timeframe === undefined ? symbol : seriesKey(symbol, timeframe);
  await c.run('DELETE FROM live_accuracy WHERE symbol = $key', { key });
  await c.run('INSERT INTO live_accuracy VALUES ($key, $stats)', { key, stats: JSON.stringify(acc) });
  // the adaptive weights blend daily experts: intraday outcomes do not enter them
  if (timeframe !== undefined) return acc;
  await c.run('DELETE FROM live_weight_history WHERE symbol = $symbol', { symbol });
  // one history per horizon (weights learn only from outcomes of their own horizon), h ascending
  const horizons = [...new Set(all.map((r) => r.horizon))].sort((a, b) => a - b);
  const history = horizons.flatMap((horizon) => weightHistoryFor(all, { horizon }));
  for (let off = 0; off < history.length; off += 200) {
    const chunk = history.slice(off, off + 200);
    const params: Record<string, string | number> = { symbol };
    const values = chunk.map((h, k) => {
      params[`q${k}`] = off + k;
      params[`i${k}`] = String(h.id);
      params[`t${k}`] = dayToIso(h.targetDay);
      params[`w${k}`] = JSON.stringify(h.weights);
      return `($symbol, $q${k}, $i${k}, $t${k}, $w${k})`;
    });
    await c.run(`INSERT INTO live_weight_history VALUES ${values.join(', ')}`, params);
  }
  return acc;
}

/**
 * Verifies every pending prediction whose horizon-th bar after `madeOn` is stored, in ONE transaction:
 * actual close/change, hit/miss and error are filled, status becomes `verified`, and the per-symbol accuracy
 * and weight history of the touched symbols are rewritten. Verified rows are never touched again, so a second
 * run changes nothing; a crash before COMMIT leaves the log exactly as before. Daily predictions count daily
 * bars; intraday ones (with a `timeframe`) count stored bars of their timeframe (`options.intraday`), and their
 * accuracy is kept per symbol and timeframe.
 * @param c open connection
 * @param options clock, intraday bars, test hook
 * @returns verified ids, the number still pending, accuracy of touched symbols
 */
export async function verifyOnConnection(c: DuckDBConnection, options: VerifyOptions = {}): Promise<VerifyResult> {
  await ensureLiveTables(c);
  const now = (options.now ?? new Date()).toISOString();
  return inTransaction(c, async () => {
    const pending = await listOnConnection(c, { status: 'pending' });
    const bySymbol = new Map<string, PredictionRecord[]>();
    for (const p of pending) if (p.timeframe === undefined) bySymbol.set(p.symbol, [...(bySymbol.get(p.symbol) ?? []), p]);
    const verified: string[] = [];
    const touched = new Map<string, [string, string | undefined]>();
    for (const [symbol, list] of bySymbol) {
      const from = list.reduce((m, p) => (p.madeOn < m ? p.madeOn : m), list[0].madeOn);
      const known = await c.runAndReadAll('SELECT count(*)::INTEGER FROM bars WHERE symbol = $symbol', { symbol });
      if ((known.getRows()[0][0] as number) === 0) continue;
      const bars = await readOnConnection(c, symbol, { from, extras: false });
      for (const p of list) {
        const i = lowerBound(bars.dates, isoToDay(p.madeOn));
        if (i >= bars.dates.length || dayToIso(bars.dates[i]) !== p.madeOn) continue;
        const t = i + p.horizon;
        if (t >= bars.dates.length) continue;
        await writeOutcome(c, p, dayToIso(bars.dates[t]), bars.close[t], now);
        verified.push(p.id);
        touched.set(symbol, [symbol, undefined]);
      }
    }
    for (const p of pending) {
      if (p.timeframe === undefined) continue;
      const key = seriesKey(p.symbol, p.timeframe);
      const bars = options.intraday?.get(key);
      const got = bars && intradayOutcome(p, bars);
      if (!got) continue;
      await writeOutcome(c, p, got.actualDate, got.actualClose, now);
      verified.push(p.id);
      touched.set(key, [p.symbol, p.timeframe]);
    }
    const accuracy: SymbolAccuracy[] = [];
    for (const key of [...touched.keys()].sort()) {
      const [symbol, timeframe] = touched.get(key)!;
      accuracy.push(await rewriteAccuracy(c, symbol, timeframe));
    }
    if (options.beforeCommit) await options.beforeCommit();
    return { verified, stillPending: pending.length - verified.length, accuracy };
  });
}

/**
 * Verifies pending predictions (see {@link verifyOnConnection}); the bars of pending intraday predictions are
 * read from the store's intraday series first.
 * @param store the store
 * @param options clock and test hook
 * @returns {verified, stillPending, accuracy}
 */
export async function verifyPredictions(store: Store, options: VerifyOptions = {}): Promise<VerifyResult> {
  if (!store.exists()) return { verified: [], stillPending: 0, accuracy: [] };
  let intraday = options.intraday;
  if (!intraday) {
    const pending = (await listPredictions(store, { status: 'pending' })).filter((p) => p.timeframe !== undefined);
    intraday = pending.length ? await intradayVerifyBars(store, pending) : new Map();
  }
  return store.withConnection((c) => verifyOnConnection(c, { ...options, intraday }));
}

export { storedAccuracy, storedWeightHistory, exportPredictionsJsonl } from './predlog-read';
