/**
 * One resolver for the config's `data.source` syntax: `sample:<name>`, `store:<symbol>`, `csv:<path>`,
 * `json:<path>`, `yahoo:<symbol>`, plus a content hash of the bars so every run records what it trained on.
 */
import * as crypto from 'crypto';
import type { Bars } from '../data/bars';
import { loadBars } from '../data/load';
import { Store } from '../data/store';
import { fetchYahoo } from '../data/yahoo';
import { inputError, show } from '../util/errors';
import { resolveIntradaySource, type IntradaySourceOptions } from '../data/intraday/source';

/** Options of {@link resolveDataSource}. */
export interface DataSourceOptions {
  /** Symbol to record (files default to their base name, samples to their own). */
  symbol?: string;
  /** Store file for `store:` sources (default `<workbenchHome()>/store.duckdb`). */
  storePath?: string;
  /** Intraday runs: `data.timeframe` (other than 1d), exchange, zone (see `intradaySourceOptions`). */
  timeframe?: IntradaySourceOptions['timeframe'];
  exchange?: IntradaySourceOptions['exchange'];
  zone?: string;
}

/** Defaults of {@link DataSourceOptions} (none: every field is optional). */
export const dataSourceDefaults: Readonly<DataSourceOptions> = {};

/**
 * Loads the bars a config's `data.source` names.
 * @param source `sample:<name>` | `store:<symbol>` | `csv:<path>` | `json:<path>` | `yahoo:<symbol>`
 * @param options symbol to record, store path
 * @returns the bars (validated by the loaders; dates strictly increasing)
 * @throws InputError for an unknown prefix or a source the loaders reject
 */
export async function resolveDataSource(source: string, options: DataSourceOptions = dataSourceDefaults): Promise<Bars> {
  const m = /^(sample|store|csv|json|yahoo):(.+)$/.exec(typeof source === 'string' ? source : '');
  if (!m) throw inputError({ key: 'data.source' }, 'one of sample:<name>, store:<symbol>, csv:<path>, json:<path>, yahoo:<symbol>', show(source));
  if (options.timeframe !== undefined && options.timeframe !== '1d') return resolveIntradaySource(source, options);
  const [, kind, rest] = m;
  if (kind === 'sample') return loadBars(source, options.symbol ? { symbol: options.symbol } : {});
  if (kind === 'csv' || kind === 'json') return loadBars(rest, { format: kind === 'json' ? 'json' : 'auto', ...(options.symbol ? { symbol: options.symbol } : {}) });
  if (kind === 'store') return new Store({ path: options.storePath }).readBars(rest);
  return fetchYahoo(rest);
}

/**
 * sha256 of the bars' contents (dates and OHLCV bytes, in that order), so results name the exact data.
 * @param bars bars to hash (not modified)
 * @returns hex digest
 */
export function barsSha256(bars: Bars): string {
  const h = crypto.createHash('sha256');
  for (const a of [bars.dates, bars.open, bars.high, bars.low, bars.close, bars.volume]) h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return h.digest('hex');
}
