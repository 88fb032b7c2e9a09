/** Test helper: scored rows from a synthetic panel's equities (score = a function of the bars up to t, realized = t → t+h). */
import type { SyntheticPanel } from '../../../src/data/panel-synthetic';
import type { ScoredRow } from '../../../src/evaluation/cross-section/panel';
import { Rng } from '../../../src/util/rng';

/** Which score: the planted oracle, a seeded random number, or minus the 5-day log return. */
export type ScoreKind = 'oracle' | 'random' | 'reversal';

/**
 * One row per equity and date from bar 5 to n − 1 − h.
 * @param panel synthetic panel
 * @param kind score kind
 * @param h horizon (bars)
 * @param symbols optional subset of symbols
 */
export function panelRows(panel: SyntheticPanel, kind: ScoreKind, h = 1, symbols?: string[]): ScoredRow[] {
  const rng = new Rng(99);
  const rows: ScoredRow[] = [];
  for (const m of panel.members) {
    if (m.assetClass !== 'equity' || (symbols && !symbols.includes(m.symbol))) continue;
    const b = panel.bars[m.symbol];
    for (let i = 5; i < b.close.length - h; i++) {
      const score = kind === 'oracle' ? panel.truth.expected[m.symbol][i] : kind === 'random' ? rng.normal() : -Math.log(b.close[i] / b.close[i - 5]);
      if (!Number.isFinite(score)) continue;
      rows.push({ date: b.dates[i], symbol: m.symbol, sector: m.sector, score, realized: b.close[i + h] / b.close[i] - 1 });
    }
  }
  return rows;
}
