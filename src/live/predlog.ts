/**
 * The prediction log: an append-only table `live_predictions` in the store (plus a JSONL export).
 * Rows are inserted `pending` and change exactly once, to `verified`, inside one transaction that also
 * rewrites the per-symbol accuracy (`live_accuracy`) and the adaptive weight history (`live_weight_history`).
 * A crash mid-verify rolls the whole transaction back; a rerun then verifies the same rows.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { dayToIso, isoToDay, lowerBound } from '../util/dates';
import { inputError } from '../util/errors';
import { writeFileAtomic } from '../util/fs';
import { inTransaction } from '../data/store-db';
import { readOnConnection } from '../data/store-read';
import type { Store } from '../data/store';
import { accuracyTable, type SymbolAccuracy } from './accuracy';
import { predictionId, type NewPrediction, type PredictionRecord, type PredictionStatus } from './types';
import { weightHistoryFor } from './adaptive';

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

/** Creates the live tables when missing. */
export async function ensureLiveTables(c: DuckDBConnection): Promise<void> {
  for (const sql of SCHEMA) await c.run(sql);
}

const COLS = `id, symbol, made_on, horizon, target_date, model, direction, prob_up, expected_change, confidence, regime,
  signals, base_close, status, created_at, actual_date, actual_close, actual_change, hit, error, verified_at`;

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
  return r;
}

/** Filters of {@link listPredictions}. */
export interface ListPredictionsOptions {
  status?: PredictionStatus;
  symbol?: string;
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
           confidence, regime, signals, base_close, status, created_at)
         VALUES ($id, $symbol, $madeOn, $horizon, $targetDate, $model, $direction, $probUp, $expectedChange, $confidence,
           $regime, $signals, $baseClose, 'pending', $createdAt) ON CONFLICT DO NOTHING RETURNING id`,
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
}

/** What a verify run did. */
export interface VerifyResult {
  /** Ids verified by this run. */
  verified: string[];
  /** Pending predictions whose target bar is not stored yet. */
  stillPending: number;
  /** Accuracy of the symbols touched by this run, after it. */
  accuracy: SymbolAccuracy[];
}

/**
 * Verifies every pending prediction whose horizon-th bar after `madeOn` is stored, in ONE transaction:
 * actual close/change, hit/miss and error are filled, status becomes `verified`, and the per-symbol accuracy
 * and weight history of the touched symbols are rewritten. Verified rows are never touched again, so a second
 * run changes nothing; a crash before COMMIT leaves the log exactly as before.
 * @param c open connection
 * @param options clock and test hook
 * @returns verified ids, the number still pending, accuracy of touched symbols
 */
export async function verifyOnConnection(c: DuckDBConnection, options: VerifyOptions = {}): Promise<VerifyResult> {
  await ensureLiveTables(c);
  const now = (options.now ?? new Date()).toISOString();
  return inTransaction(c, async () => {
    const pending = await listOnConnection(c, { status: 'pending' });
    const bySymbol = new Map<string, PredictionRecord[]>();
    for (const p of pending) bySymbol.set(p.symbol, [...(bySymbol.get(p.symbol) ?? []), p]);
    const verified: string[] = [];
    const touched: string[] = [];
    for (const [symbol, list] of bySymbol) {
      const from = list.reduce((m, p) => (p.madeOn < m ? p.madeOn : m), list[0].madeOn);
      const known = await c.runAndReadAll('SELECT count(*)::INTEGER FROM bars WHERE symbol = $symbol', { symbol });
      if ((known.getRows()[0][0] as number) === 0) continue;
      const bars = await readOnConnection(c, symbol, { from, extras: false });
      let any = false;
      for (const p of list) {
        const i = lowerBound(bars.dates, isoToDay(p.madeOn));
        if (i >= bars.dates.length || dayToIso(bars.dates[i]) !== p.madeOn) continue;
        const t = i + p.horizon;
        if (t >= bars.dates.length) continue;
        const actualClose = bars.close[t];
        const actualChange = actualClose / p.baseClose - 1;
        const hit = (p.direction === 'up') === actualChange > 0;
        await c.run(
          `UPDATE live_predictions SET status = 'verified', actual_date = $d, actual_close = $ac, actual_change = $ch,
             hit = $hit, error = $err, verified_at = $now WHERE id = $id AND status = 'pending'`,
          { d: dayToIso(bars.dates[t]), ac: actualClose, ch: actualChange, hit, err: p.expectedChange - actualChange, now, id: p.id },
        );
        verified.push(p.id);
        any = true;
      }
      if (any) touched.push(symbol);
    }
    const accuracy: SymbolAccuracy[] = [];
    for (const symbol of touched) {
      const all = await listOnConnection(c, { symbol });
      const acc = accuracyTable(all)[0];
      accuracy.push(acc);
      await c.run('DELETE FROM live_accuracy WHERE symbol = $symbol', { symbol });
      await c.run('INSERT INTO live_accuracy VALUES ($symbol, $stats)', { symbol, stats: JSON.stringify(acc) });
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
    }
    if (options.beforeCommit) await options.beforeCommit();
    return { verified, stillPending: pending.length - verified.length, accuracy };
  });
}

/**
 * Verifies pending predictions (see {@link verifyOnConnection}).
 * @param store the store
 * @param options clock and test hook
 * @returns {verified, stillPending, accuracy}
 */
export async function verifyPredictions(store: Store, options: VerifyOptions = {}): Promise<VerifyResult> {
  if (!store.exists()) return { verified: [], stillPending: 0, accuracy: [] };
  return store.withConnection((c) => verifyOnConnection(c, options));
}

/**
 * The stored per-symbol accuracy (as last written by verify; NaN, stored as JSON null, is restored).
 * @returns one entry per symbol with verified predictions, sorted by symbol
 */
export async function storedAccuracy(store: Store): Promise<SymbolAccuracy[]> {
  if (!store.exists()) return [];
  return store.withConnection(async (c) => {
    await ensureLiveTables(c);
    const r = await c.runAndReadAll('SELECT stats FROM live_accuracy ORDER BY symbol');
    return r.getRows().map((row) => JSON.parse(row[0] as string, (_k, v) => (v === null ? NaN : v)) as SymbolAccuracy);
  });
}

/**
 * The stored adaptive weight history of a symbol: one entry per verified outcome, grouped by horizon (h ascending;
 * each entry's id names its horizon) and in target-date order within a horizon.
 * @returns entries `{seq, id, targetDate, weights}`
 */
export async function storedWeightHistory(store: Store, symbol: string): Promise<Array<{ seq: number; id: string; targetDate: string; weights: number[] }>> {
  if (!store.exists()) return [];
  return store.withConnection(async (c) => {
    await ensureLiveTables(c);
    const r = await c.runAndReadAll('SELECT seq, id, target_date, weights FROM live_weight_history WHERE symbol = $symbol ORDER BY seq', { symbol });
    return r.getRows().map((row) => ({ seq: Number(row[0]), id: row[1] as string, targetDate: row[2] as string, weights: JSON.parse(row[3] as string) as number[] }));
  });
}

/**
 * Writes the whole log as JSON Lines (one record per line, log order) atomically.
 * @param store the store
 * @param file target path
 * @returns number of lines written
 */
export async function exportPredictionsJsonl(store: Store, file: string): Promise<number> {
  const rows = await listPredictions(store);
  writeFileAtomic(file, rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : ''));
  return rows.length;
}
