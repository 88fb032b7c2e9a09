/**
 * Per-symbol runs from one config (`data.symbols: [A, B]`): seed 002 trains its models per symbol, so a config
 * may list several symbols and name their data with a `{symbol}` placeholder in `data.source`
 * (`store:{symbol}`, `csv:data/{symbol}.csv`, `yahoo:{symbol}`). Each symbol is then one run (or one run per
 * part of a profile) of the normal trainer: the config with `data.symbol: A` and the placeholder filled in.
 * The expansion happens on the raw config, before validation; `data.symbols` never reaches the schema.
 */
import { inputError, show } from '../util/errors';

/** Symbols a per-symbol list may hold: they become part of run ids. */
const SYMBOL = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;
/** At most this many symbols in one config. */
export const MAX_CONFIG_SYMBOLS = 50;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The symbols a raw config lists under `data.symbols`, checked.
 * @param raw the parsed config file
 * @param source file name for errors
 * @returns the symbols, or undefined when the config lists none
 * @throws InputError (`data.symbols[i]`, `data.symbol`, `data.source`) for a bad list, a repeated symbol,
 *   `data.symbol` beside it, or a source without the `{symbol}` placeholder
 */
export function symbolsOf(raw: unknown, source = 'config'): string[] | undefined {
  if (!isObject(raw) || !isObject(raw.data) || raw.data.symbols === undefined) return undefined;
  const list = raw.data.symbols;
  if (!Array.isArray(list) || list.length === 0 || list.length > MAX_CONFIG_SYMBOLS) {
    throw inputError({ file: source, key: 'data.symbols' }, `a list of 1 to ${MAX_CONFIG_SYMBOLS} symbols`, show(list));
  }
  list.forEach((s, i) => {
    if (typeof s !== 'string' || !SYMBOL.test(s)) throw inputError({ file: source, key: `data.symbols[${i}]` }, 'a symbol of letters, digits, `.`, `_` or `-` (at most 32 characters)', show(s));
    if (list.indexOf(s) !== i) throw inputError({ file: source, key: `data.symbols[${i}]` }, 'each symbol once', show(s));
  });
  if (raw.data.symbol !== undefined) throw inputError({ file: source, key: 'data.symbol' }, 'no `data.symbol` beside `data.symbols` (each run takes its symbol from the list)', show(raw.data.symbol));
  const src = raw.data.source;
  if (typeof src !== 'string' || !src.includes('{symbol}')) {
    throw inputError({ file: source, key: 'data.source' }, 'a source naming each symbol\'s data with `{symbol}` when `data.symbols` is set (e.g. `store:{symbol}` or `csv:data/{symbol}.csv`)', show(src));
  }
  return list as string[];
}

/**
 * The raw config of one symbol of the list: `data.symbol` set, `{symbol}` filled in `data.source`,
 * `data.symbols` removed.
 * @param raw the parsed config file (not modified)
 * @param symbol one of {@link symbolsOf}'s symbols
 * @returns a new raw config
 */
export function applySymbol(raw: unknown, symbol: string): unknown {
  const r = raw as Record<string, unknown>;
  const { symbols: _s, ...data } = r.data as Record<string, unknown>;
  return { ...r, data: { ...data, symbol, source: (data.source as string).split('{symbol}').join(symbol) } };
}
