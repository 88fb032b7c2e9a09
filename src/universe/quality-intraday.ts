/**
 * Quality of an intraday universe member (issue 18 × 16): the session checks of `data/intraday/validate.ts`
 * (duplicated instants, order, bars outside the session, bars off the timeframe's grid) and OHLC logic are
 * errors; completeness is the seed-003 rule counted in bars — the share of the exchange's session instants
 * of the member's timeframe (between its first and last bar) without a bar must stay within `max_missing`.
 */
import type { Bars } from '../data/bars';
import { SessionCalendar, checkExchange } from '../data/intraday/sessions';
import { MINUTE_MS, TIMEFRAME_MINUTES } from '../data/intraday/timeframe';
import { checkIntraday } from '../data/intraday/validate';
import type { UniverseMember } from './members';
import type { MemberQuality } from './quality';

/**
 * Expected session instants of `bars`' timeframe between its first and last bar's days.
 * @param bars intraday bars (`times`, `timeframe`, `exchange`)
 * @returns count of expected bar instants
 */
export function expectedInstants(bars: Bars): number {
  const n = bars.dates.length;
  if (!n || !bars.times) return 0;
  const cal = new SessionCalendar(checkExchange(bars.exchange ?? 'NYSE'));
  const step = TIMEFRAME_MINUTES[bars.timeframe ?? '1h'] * MINUTE_MS;
  let total = 0;
  for (let d = bars.dates[0]; d <= bars.dates[n - 1]; d++) {
    const s = cal.session(d);
    if (s) total += Math.ceil((s.close - s.open) / step);
  }
  return total;
}

/**
 * One intraday member's line of the universe report.
 * @param bars the member's intraday bars
 * @param m member record
 * @param maxMissing largest share of missing session instants
 * @returns MemberQuality (`failed` names the failed checks: duplicates, order, outside_session, mixed_timeframe, ohlc, completeness)
 */
export function intradayMemberQuality(bars: Bars, m: UniverseMember, maxMissing: number): MemberQuality {
  const n = bars.dates.length;
  const failed: string[] = [];
  const check = n ? checkIntraday(bars, { timeframe: bars.timeframe }) : undefined;
  if (check) for (const k of ['duplicates', 'order', 'outside_session', 'mixed_timeframe'] as const) if (check.counts[k] > 0) failed.push(k);
  let ohlcBad = 0;
  for (let i = 0; i < n; i++) {
    const { open: o, high: h, low: l, close: c } = bars;
    if (!(l[i] > 0 && h[i] >= Math.max(o[i], c[i]) && l[i] <= Math.min(o[i], c[i]))) ohlcBad++;
  }
  if (ohlcBad) failed.push('ohlc');
  const expected = expectedInstants(bars);
  const valid = n - (check ? check.counts.duplicates + check.counts.order + check.counts.outside_session + check.counts.mixed_timeframe : 0);
  const missing = expected > 0 ? Math.max(0, 1 - valid / expected) : 1;
  if (missing > maxMissing) failed.push('completeness');
  const iso = (t: number): string => new Date(t).toISOString().slice(0, 16) + 'Z';
  return {
    symbol: m.symbol,
    sector: m.sector,
    assetClass: m.assetClass,
    market: m.market,
    rows: n,
    firstDate: n && bars.times ? iso(bars.times[0]) : '',
    lastDate: n && bars.times ? iso(bars.times[n - 1]) : '',
    missingFraction: missing,
    maxMissing,
    ok: failed.length === 0,
    failed,
  };
}
