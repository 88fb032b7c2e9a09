/**
 * Date splits of a stacked panel (issue 16): training / validation / test by calendar date for all symbols
 * together, purged per symbol (a row whose label ends on or after the next segment's first date is dropped;
 * its end row lies in the symbol's own block, so each symbol is purged on its own calendar), and
 * progressive iteration windows by date. Rows of a symbol set can be selected for leave-symbols-out.
 */
import { inputError } from '../util/errors';
import type { PanelData } from './panel';

/** Rows of one segment per horizon key. */
export interface PanelSplit {
  train: Int32Array;
  validation: Int32Array;
  test: Int32Array;
  /** Last training date, last validation date, last test date (days since epoch). */
  trainEnd: number;
  validationEnd: number;
  testEnd: number;
}

/** Options of {@link splitPanelByDate}. */
export interface PanelSplitOptions {
  /** Share of the dates (of the common span) in training. Default 0.8. */
  trainFraction?: number;
  /** Share in validation. Default 0.1 (the rest is the test period). */
  validationFraction?: number;
  /** Symbols (member indices) whose rows are used; default all. */
  symbols?: Set<number>;
  /** Rows of the test segment for these members only (default `symbols`). */
  testSymbols?: Set<number>;
}

/**
 * The sorted distinct dates on which at least one pooled symbol has a usable, labelled row.
 * @param panel stacked panel
 * @param key horizon key
 * @returns ascending days
 */
export function panelDates(panel: PanelData, key: string): Int32Array {
  const { prep } = panel;
  const set = new Set<number>();
  const y = prep.target[key];
  for (let r = 0; r < y.length; r++) if (prep.usable[r] && Number.isFinite(y[r])) set.add(prep.frame.dates[r]);
  return Int32Array.from([...set].sort((a, b) => a - b));
}

/**
 * Rows with a usable window and a known label of `key`, dated in (from, to], whose label ends on or before `purgeBefore`
 * (a date; rows whose label's last day is later are purged).
 */
export function rowsBetween(panel: PanelData, key: string, from: number, to: number, purgeBefore: number, symbols?: Set<number>): Int32Array {
  const { prep } = panel;
  const y = prep.target[key];
  const end = prep.endIndex[key];
  const d = prep.frame.dates;
  const out: number[] = [];
  for (let r = 0; r < y.length; r++) {
    if (!prep.usable[r] || !Number.isFinite(y[r]) || end[r] < 0) continue;
    if (d[r] <= from || d[r] > to) continue;
    if (d[end[r]] > purgeBefore) continue;
    if (symbols && !symbols.has(panel.symbolOf[r])) continue;
    out.push(r);
  }
  return Int32Array.from(out);
}

/**
 * Chronological train / validation / test split by date over all symbols, purged per symbol.
 * @param panel stacked panel
 * @param key horizon key (e.g. `h1`)
 * @param options fractions, symbol subsets
 * @returns rows of each segment (ascending) and the segment end dates
 * @throws InputError when a segment would be empty
 */
export function splitPanelByDate(panel: PanelData, key: string, options: PanelSplitOptions = {}): PanelSplit {
  const tf = options.trainFraction ?? 0.8;
  const vf = options.validationFraction ?? 0.1;
  if (!(tf > 0 && vf > 0 && tf + vf < 1)) throw inputError({ key: 'pipeline.train_fraction' }, 'train and validation fractions > 0 with a sum < 1', `${tf} + ${vf}`);
  const dates = panelDates(panel, key);
  if (dates.length < 30) throw inputError({ key: 'data.universe' }, 'at least 30 dates with usable, labelled rows', `${dates.length}`);
  const trainEnd = dates[Math.floor(tf * dates.length) - 1];
  const validationEnd = dates[Math.floor((tf + vf) * dates.length) - 1];
  const testEnd = dates[dates.length - 1];
  const first = dates[0] - 1;
  const train = rowsBetween(panel, key, first, trainEnd, trainEnd, options.symbols);
  const validation = rowsBetween(panel, key, trainEnd, validationEnd, validationEnd, options.symbols);
  const test = rowsBetween(panel, key, validationEnd, testEnd, testEnd, options.testSymbols ?? options.symbols);
  for (const [k, v] of Object.entries({ train, validation, test })) {
    if (!v.length) throw inputError({ key: 'pipeline' }, `rows in the ${k} segment`, '0 rows');
  }
  return { train, validation, test, trainEnd, validationEnd, testEnd };
}

/** One progressive iteration of a panel: training up to `trainEnd`, test block (trainEnd, testEnd]. */
export interface PanelWindow {
  iteration: number;
  trainEnd: number;
  testEnd: number;
}

/**
 * Progressive windows by date: the first training window ends at `initialEnd`, each iteration adds
 * `step` dates and tests on the next `step` dates (all symbols together).
 * @param dates ascending panel dates
 * @param initialEnd index into `dates` of the first training window's last date
 * @param step dates per iteration
 * @param maxIterations cap
 * @returns windows
 */
export function panelWindows(dates: Int32Array, initialEnd: number, step: number, maxIterations: number): PanelWindow[] {
  const out: PanelWindow[] = [];
  for (let i = 0, end = initialEnd; i < maxIterations && end + 1 < dates.length; i++, end += step) {
    out.push({ iteration: i + 1, trainEnd: dates[end], testEnd: dates[Math.min(dates.length - 1, end + step)] });
  }
  return out;
}
