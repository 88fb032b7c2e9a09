/**
 * Intraday data sources for runs (`data.timeframe` other than `1d`): `csv:<path>` (checked against the sessions,
 * resampled when the file is finer than the run's timeframe) and `store:<symbol>` (the stored bars of that
 * timeframe, else the finest stored finer timeframe resampled).
 */
import { inputError, show } from '../../util/errors';
import type { Bars } from '../bars';
import { Store } from '../store';
import { readIntradayCsv } from './parse';
import { resampleBars } from './resample';
import { checkExchange, type Exchange } from './sessions';
import { listIntraday, readIntradayBars } from './store';
import { TIMEFRAME_MINUTES, canResample, type Timeframe } from './timeframe';
import { assertIntraday } from './validate';

/** The intraday fields of a config's `data` section. */
export interface IntradaySourceOptions {
  timeframe?: Timeframe;
  exchange?: Exchange;
  zone?: string;
  symbol?: string;
  storePath?: string;
}

/**
 * Picks the intraday fields of a config's `data` section (an empty object for daily runs).
 * @param data `cfg.data`
 */
export function intradaySourceOptions(data: { timeframe?: Timeframe; exchange?: Exchange; zone?: string }): IntradaySourceOptions {
  if (data.timeframe === undefined || data.timeframe === '1d') return {};
  return { timeframe: data.timeframe, ...(data.exchange ? { exchange: data.exchange } : {}), ...(data.zone ? { zone: data.zone } : {}) };
}

function toTimeframe(bars: Bars, tf: Timeframe, key: string): Bars {
  const have = bars.timeframe ?? '1d';
  if (have === tf) return bars;
  if (!canResample(have, tf)) throw inputError({ key }, `bars of ${tf} or a finer timeframe that divides it`, `${have} bars`);
  return resampleBars(bars, tf);
}

/**
 * Loads the bars of an intraday run.
 * @param source `csv:<path>` or `store:<symbol>`
 * @param options timeframe (required), exchange, zone, symbol, store path
 * @returns bars of `timeframe` with `times`, local `dates`, `exchange`
 * @throws InputError (key `data.source` / `data.timeframe`) for other sources or unusable data
 */
export async function resolveIntradaySource(source: string, options: IntradaySourceOptions): Promise<Bars> {
  const tf = options.timeframe;
  if (!tf || tf === '1d') throw inputError({ key: 'data.timeframe' }, 'an intraday timeframe', JSON.stringify(tf));
  const m = /^(csv|store):(.+)$/.exec(source);
  if (!m) throw inputError({ key: 'data.source' }, `csv:<path> or store:<symbol> for a ${tf} run (intraday bars)`, show(source));
  if (m[1] === 'csv') {
    const p = await readIntradayCsv(m[2], { exchange: options.exchange ? checkExchange(options.exchange) : undefined, zone: options.zone, symbol: options.symbol ?? 'CSV' });
    const check = assertIntraday(p.bars, m[2], { lines: p.lines });
    return toTimeframe({ ...p.bars, timeframe: check.timeframe }, tf, 'data.timeframe');
  }
  const store = new Store({ path: options.storePath });
  const symbol = m[2];
  const stored = (await listIntraday(store)).filter((s) => s.symbol === symbol).map((s) => s.timeframe);
  const pick = stored.includes(tf) ? tf : stored.filter((s) => canResample(s, tf)).sort((a, b) => TIMEFRAME_MINUTES[b] - TIMEFRAME_MINUTES[a])[0];
  if (!pick) throw inputError({ key: 'data.source' }, `a symbol with ${tf} (or finer) bars in the store`, `${show(symbol)}${stored.length ? ` (stored: ${stored.join(', ')})` : ''}`);
  const bars = await readIntradayBars(store, symbol, pick);
  return toTimeframe(options.symbol ? { ...bars, symbol: options.symbol } : bars, tf, 'data.timeframe');
}
