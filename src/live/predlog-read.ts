/** Readers of the prediction log's derived tables (accuracy, weight history) and its JSON Lines export. */
import { writeFileAtomic } from '../util/fs';
import type { Store } from '../data/store';
import type { SymbolAccuracy } from './accuracy';
import { ensureLiveTables, listPredictions } from './predlog';

/**
 * The stored per-symbol accuracy (as last written by verify; NaN, stored as JSON null, is restored).
 * @returns one entry per symbol with verified daily predictions and one per symbol and timeframe with verified
 *   intraday ones (`timeframe` set), sorted by symbol (daily before intraday)
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
