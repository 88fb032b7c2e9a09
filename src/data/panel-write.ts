/** Writes a synthetic universe (see `panel-synthetic.ts`) as a folder of CSV files plus universe.json. */
import * as path from 'path';
import { inputError } from '../util/errors';
import { dayToIso } from '../util/dates';
import { writeFileAtomic, writeJsonAtomic } from '../util/fs';
import { checkSymbol, type Bars } from './bars';
import type { SyntheticPanel } from './panel-synthetic';

const fmt = (v: number) => (Math.abs(v) >= 1 ? v.toFixed(4) : v.toPrecision(6));

/** The bars of one symbol in Yahoo CSV layout (`Date,Open,High,Low,Close,Adj Close,Volume`), ISO dates. */
export function panelBarsCsv(b: Bars): string {
  const lines = ['Date,Open,High,Low,Close,Adj Close,Volume'];
  for (let i = 0; i < b.dates.length; i++) {
    const d = dayToIso(b.dates[i]);
    const c = fmt(b.close[i]);
    lines.push(`${d},${fmt(b.open[i])},${fmt(b.high[i])},${fmt(b.low[i])},${c},${c},${Math.round(b.volume[i])}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Writes a synthetic universe to a folder: `<dir>/<SYMBOL>.csv` per member (Yahoo CSV layout, readable by
 * `loadBars`) and `<dir>/universe.json` = `{ "members": UniverseMember[], "truth": {signalFeature, description,
 * bayesRankIc, signal} }`. Each file is written atomically (temp file + rename); universe.json is written last.
 * @param dir target folder (created if missing)
 * @param panel from {@link syntheticPanel}
 */
export function writeSyntheticUniverse(dir: string, panel: SyntheticPanel): void {
  for (const m of panel.members) {
    checkSymbol(m.symbol, { key: 'members[].symbol' });
    const b = panel.bars[m.symbol];
    if (!b) throw inputError({ key: `bars.${m.symbol}` }, 'bars for every member', 'none');
    writeFileAtomic(path.join(dir, `${m.symbol}.csv`), panelBarsCsv(b));
  }
  const { signalFeature, description, bayesRankIc, signal } = panel.truth;
  writeJsonAtomic(path.join(dir, 'universe.json'), { members: panel.members, truth: { signalFeature, description, bayesRankIc, signal } });
}
