/**
 * Per-symbol live state, kept in the store (table `live_state`) so it commits with the rest of the daily
 * update: the last rows of the feature frame (enough to extend it incrementally and to predict) and the
 * statistical and ML profiles. All symbols of an update are written in one transaction.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Store } from '../data/store';
import { inTransaction } from '../data/store-db';
import type { FeatureFrame } from '../features/frame';
import type { MlProfile, StatisticalProfile } from './profiles';

/** The saved state of one symbol. */
export interface SymbolState {
  symbol: string;
  /** Feature set of the cached frame. */
  featureSet: string;
  /** Last bar date covered, ISO. */
  lastDate: string;
  /** The last rows of the feature frame. */
  features: FeatureFrame;
  statistical?: StatisticalProfile;
  ml?: MlProfile;
  updatedAt: string;
}

const SCHEMA = `CREATE TABLE IF NOT EXISTS live_state (symbol VARCHAR PRIMARY KEY, feature_set VARCHAR NOT NULL,
  last_date VARCHAR NOT NULL, state VARCHAR NOT NULL)`;

const num = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** Serialises a state to JSON (NaN as null). */
export function stateToJson(state: SymbolState): string {
  const f = state.features;
  return JSON.stringify({
    ...state,
    features: { symbol: f.symbol, dates: Array.from(f.dates), names: f.names, columns: f.columns.map((c) => Array.from(c, num)) },
    statistical: state.statistical ? { ...state.statistical, indicators: Object.fromEntries(Object.entries(state.statistical.indicators).map(([k, v]) => [k, num(v)])) } : undefined,
  });
}

/** Parses {@link stateToJson} output (null back to NaN). */
export function stateFromJson(text: string): SymbolState {
  const j = JSON.parse(text);
  const f = j.features;
  const features: FeatureFrame = {
    symbol: f.symbol,
    dates: Int32Array.from(f.dates as number[]),
    names: f.names,
    columns: (f.columns as Array<Array<number | null>>).map((c) => Float64Array.from(c, (v) => (v === null ? NaN : v))),
  };
  if (j.statistical) for (const k of Object.keys(j.statistical.indicators)) j.statistical.indicators[k] ??= NaN;
  return { ...j, features } as SymbolState;
}

/**
 * Reads one symbol's state on an open connection.
 * @returns the state, or undefined when there is none
 */
export async function readStateOn(c: DuckDBConnection, symbol: string): Promise<SymbolState | undefined> {
  await c.run(SCHEMA);
  const r = await c.runAndReadAll('SELECT state FROM live_state WHERE symbol = $symbol', { symbol });
  const row = r.getRows()[0];
  return row ? stateFromJson(row[0] as string) : undefined;
}

/** Writes (replaces) the states of several symbols in one transaction on an open connection. */
export async function writeStatesOn(c: DuckDBConnection, states: SymbolState[]): Promise<void> {
  await c.run(SCHEMA);
  if (states.length === 0) return;
  await inTransaction(c, async () => {
    const params: Record<string, string> = {};
    const values = states.map((s, k) => {
      params[`s${k}`] = s.symbol;
      params[`f${k}`] = s.featureSet;
      params[`d${k}`] = s.lastDate;
      params[`j${k}`] = stateToJson(s);
      return `($s${k}, $f${k}, $d${k}, $j${k})`;
    });
    await c.run(
      `INSERT INTO live_state VALUES ${values.join(', ')} ON CONFLICT (symbol) DO UPDATE SET feature_set = excluded.feature_set,
         last_date = excluded.last_date, state = excluded.state`,
      params,
    );
  });
}

/**
 * Reads one symbol's live state (features tail, profiles) from the store.
 * @returns the state, or undefined when the symbol was never updated
 */
export async function readState(store: Store, symbol: string): Promise<SymbolState | undefined> {
  if (!store.exists()) return undefined;
  return store.withConnection((c) => readStateOn(c, symbol));
}
