/** Where new bars come from in a daily update: a CSV drop folder, Yahoo (when online), or anything injected. */
import * as fs from 'fs';
import * as path from 'path';
import { barCount, sliceBars, type Bars } from '../data/bars';
import { loadBars } from '../data/load';
import { fetchYahoo, type YahooClient } from '../data/yahoo';
import { dayToIso, upperBound } from '../util/dates';

/** A provider of bars newer than a day. */
export interface BarSource {
  /** Recorded as the bars' `source` in the store, e.g. `csv:/data/drop` or `yahoo`. */
  name: string;
  /**
   * Bars of `symbol` strictly after `afterDay` (days since epoch; undefined = full history).
   * Empty bars when there is nothing new.
   */
  newBars(symbol: string, afterDay: number | undefined): Promise<Bars>;
}

/**
 * Keeps only the bars strictly after `afterDay`.
 * @returns a view of `bars` (no copy)
 */
export function barsAfter(bars: Bars, afterDay: number | undefined): Bars {
  return afterDay === undefined ? bars : sliceBars(bars, upperBound(bars.dates, afterDay), barCount(bars));
}

/**
 * A CSV (or JSON) drop folder: `<dir>/<SYMBOL>.csv` (or `.json`/`.txt`) holds the symbol's history or its latest rows.
 * A symbol without a file yields no new bars.
 * @param dir the drop folder
 * @returns BarSource named `csv:<dir>`
 */
export function csvFolderSource(dir: string): BarSource {
  return {
    name: `csv:${dir}`,
    async newBars(symbol, afterDay) {
      for (const ext of ['.csv', '.json', '.txt']) {
        const file = path.join(dir, `${symbol}${ext}`);
        if (fs.existsSync(file)) return barsAfter(await loadBars(file, { symbol }), afterDay);
      }
      return sliceBars({ symbol, dates: new Int32Array(0), open: new Float64Array(0), high: new Float64Array(0), low: new Float64Array(0), close: new Float64Array(0), volume: new Float64Array(0) }, 0);
    },
  };
}

/**
 * One data file or sample (`sample:sp500`, `data/AAPL.csv`): its bars, for the symbol they belong to (the
 * file name, or SP500 for the sample); other symbols get no new bars. Loaded once, on first use.
 * @param spec a file path or `sample:NAME`
 * @returns BarSource named after the spec
 */
export function fileSource(spec: string): BarSource {
  let loaded: Promise<Bars> | undefined;
  return {
    name: spec,
    async newBars(symbol, afterDay) {
      const bars = await (loaded ??= loadBars(spec));
      return bars.symbol === symbol ? barsAfter(bars, afterDay) : sliceBars(bars, 0, 0);
    },
  };
}

/**
 * Yahoo Finance (needs network and `yahoo-finance2`, or an injected client in tests).
 * @param client optional client (default: the `yahoo-finance2` package)
 * @returns BarSource named `yahoo`
 */
export function yahooSource(client?: YahooClient): BarSource {
  return {
    name: 'yahoo',
    async newBars(symbol, afterDay) {
      const from = afterDay === undefined ? undefined : dayToIso(afterDay + 1);
      return barsAfter(await fetchYahoo(symbol, { from, client }), afterDay);
    },
  };
}

/**
 * An in-memory source over full histories (for tests, simulations and benchmarks): reveals the bars up to
 * `asOf` (inclusive; default everything).
 * @param histories bars per symbol
 * @returns BarSource named `memory` with a settable `asOf` day
 */
export function memorySource(histories: Bars[]): BarSource & { asOf: number } {
  const map = new Map(histories.map((b) => [b.symbol, b]));
  const src = {
    name: 'memory',
    asOf: Infinity,
    async newBars(symbol: string, afterDay: number | undefined): Promise<Bars> {
      const b = map.get(symbol);
      if (!b) return barsAfter(sliceBars(histories[0], 0, 0), undefined);
      const visible = sliceBars(b, 0, upperBound(b.dates, src.asOf));
      return { ...barsAfter(visible, afterDay), symbol };
    },
  };
  return src;
}
