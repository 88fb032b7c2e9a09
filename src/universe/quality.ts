/**
 * Validation report of a universe (seed 003, "Data Quality Requirements"): the per-symbol quality report
 * (OHLC logic, price jumps, volume, duplicate / missing dates) with completeness measured on each member's
 * own market calendar, and a universe summary (members passing, worst missing share, common date span).
 */
import type { QualityReport } from '../data/quality';
import { validateBars } from '../data/validate';
import { dayToIso } from '../util/dates';
import type { Universe } from './members';
import { intradayMemberQuality } from './quality-intraday';

/** One member's line of the universe report. */
export interface MemberQuality {
  symbol: string;
  sector: string;
  assetClass: string;
  market: string;
  rows: number;
  firstDate: string;
  lastDate: string;
  /** Share of expected trading days without a bar (own market's calendar). */
  missingFraction: number;
  /** Threshold used for this member. */
  maxMissing: number;
  ok: boolean;
  /** Failed error checks, by name (e.g. `completeness`, `ohlc`). */
  failed: string[];
}

/** The universe validation report. */
export interface UniverseQuality {
  members: MemberQuality[];
  symbols: number;
  passing: number;
  ok: boolean;
  worstMissing: { symbol: string; missingFraction: number };
  totalBars: number;
  commonFrom: string;
  commonTo: string;
}

/**
 * NSE members are measured against Monday–Friday (their holidays are not in a shipped calendar), so their
 * allowance grows by the share of weekdays an Indian exchange is closed (about 14 days a year, 5.5 %).
 */
export const NSE_HOLIDAY_ALLOWANCE = 0.06;

/**
 * Validates every member and summarises the universe.
 * @param u loaded universe
 * @param maxMissing largest share of missing expected days per member (seed 003: 0.05)
 * @returns report (`ok` when every member passes every error check)
 */
export function universeQuality(u: Universe, maxMissing = 0.05): UniverseQuality {
  const members: MemberQuality[] = [];
  let worst = { symbol: '', missingFraction: -1 };
  let from = -Infinity;
  let to = Infinity;
  let total = 0;
  for (const m of u.members) {
    const b = u.bars[m.symbol];
    if (b.times) {
      // intraday member: session checks and missing instants of its timeframe (the exchange's real sessions)
      const q = intradayMemberQuality(b, m, maxMissing);
      members.push(q);
      if (q.missingFraction > worst.missingFraction) worst = { symbol: m.symbol, missingFraction: q.missingFraction };
      total += b.dates.length;
      if (b.dates.length) {
        from = Math.max(from, b.dates[0]);
        to = Math.min(to, b.dates[b.dates.length - 1]);
      }
      continue;
    }
    const limit = m.market === 'NSE' ? Math.min(1, maxMissing + NSE_HOLIDAY_ALLOWANCE) : maxMissing;
    const r: QualityReport = validateBars(b, { calendar: m.market === 'NSE' ? 'weekdays' : 'nyse', maxMissingFraction: limit, source: m.symbol });
    const failed = r.checks.filter((c) => c.severity === 'error' && !c.passed).map((c) => c.name);
    members.push({
      symbol: m.symbol,
      sector: m.sector,
      assetClass: m.assetClass,
      market: m.market,
      rows: r.rows,
      firstDate: r.firstDate ?? '',
      lastDate: r.lastDate ?? '',
      missingFraction: r.completeness.missingFraction,
      maxMissing: limit,
      ok: r.ok,
      failed,
    });
    if (r.completeness.missingFraction > worst.missingFraction) worst = { symbol: m.symbol, missingFraction: r.completeness.missingFraction };
    total += b.dates.length;
    if (b.dates.length) {
      from = Math.max(from, b.dates[0]);
      to = Math.min(to, b.dates[b.dates.length - 1]);
    }
  }
  const passing = members.filter((m) => m.ok).length;
  return {
    members,
    symbols: members.length,
    passing,
    ok: passing === members.length,
    worstMissing: worst,
    totalBars: total,
    commonFrom: Number.isFinite(from) ? dayToIso(from) : '',
    commonTo: Number.isFinite(to) ? dayToIso(to) : '',
  };
}

/**
 * The report as text lines (one per member, then a summary line).
 * @param q report
 * @returns lines
 */
export function formatUniverseQuality(q: UniverseQuality): string[] {
  const lines = ['symbol       class       sector        market  bars  first       last        missing  ok'];
  for (const m of q.members) {
    lines.push(
      `${m.symbol.padEnd(12)} ${m.assetClass.padEnd(11)} ${m.sector.slice(0, 13).padEnd(13)} ${m.market.padEnd(6)} ${String(m.rows).padStart(5)}  ${m.firstDate}  ${m.lastDate}  ${(m.missingFraction * 100).toFixed(1).padStart(5)}%  ${m.ok ? 'yes' : `NO (${m.failed.join(', ')})`}`,
    );
  }
  lines.push(`universe: ${q.passing}/${q.symbols} symbols pass, ${q.totalBars} bars, common span ${q.commonFrom} … ${q.commonTo}, worst missing ${q.worstMissing.symbol} ${(q.worstMissing.missingFraction * 100).toFixed(1)}%`);
  return lines;
}
