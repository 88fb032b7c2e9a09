/**
 * Cross-sectional panel features (issue 16): for each market and date, the rank and z-score of a few
 * per-symbol features across the symbols that traded that day, the value relative to its sector's mean,
 * and the market's and VIX's state as context. Every value at (symbol, date t) is a function of features
 * at t of symbols of the same market (their bars close at the same time) and of context series as of t
 * (strictly before t when the context closes later than the symbol's market, e.g. NYSE context for an NSE
 * symbol), so nothing comes from after the symbol's close at t.
 */
import type { FeatureFrame } from '../features/frame';
import type { UniverseMember } from './members';

/** Per-symbol features ranked and z-scored across symbols (those a frame lacks are skipped). */
export const CROSS_SECTION_BASE = ['log_ret_1', 'log_ret_5', 'log_ret_20', 'ret_std_20', 'rsi_14', 'volume_ratio_20'];

/** Context features taken from the market index frame (as of each date). */
export const MARKET_CONTEXT = ['log_ret_1', 'log_ret_20', 'ret_std_20'];

/** Hour (UTC) each market closes, to decide whether a context value of the same date is known yet. */
const CLOSE_HOUR: Record<string, number> = { NSE: 10, NYSE: 21 };

/** One symbol's frame with its member record. */
export interface PanelFrameInput {
  member: UniverseMember;
  frame: FeatureFrame;
  /** Row keys (intraday: open instants in minutes since epoch); default `frame.dates`. */
  keys?: Int32Array;
}

/** Context series: the market index's frame and the VIX-like member's closes. */
export interface PanelContext {
  market?: { member: UniverseMember; frame: FeatureFrame; keys?: Int32Array };
  /** `dates`: the VIX's row keys (days, or instants in minutes for intraday panels). */
  vix?: { member: UniverseMember; dates: Int32Array; close: Float64Array };
  /**
   * Intraday panel: rows are keyed by bar open instants and every context value is taken as of the same
   * instant (bars of one timeframe: a context bar opening no later closes no later), never by close hour.
   */
  intraday?: boolean;
}

/** Cross-sectional columns per input frame, aligned with its rows. */
export interface CrossColumns {
  names: string[];
  /** `columns[i][j]`: column j of frame i. */
  columns: Float64Array[][];
}

/**
 * Index of the latest `dates` entry <= day (or < day when `strict`), or −1.
 * @param dates ascending days
 * @param day query day
 * @param strict exclude the same day
 */
function asOf(dates: Int32Array, day: number, strict: boolean): number {
  let lo = 0;
  let hi = dates.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (strict ? dates[mid] < day : dates[mid] <= day) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

function colOf(frame: FeatureFrame, name: string): Float64Array | undefined {
  const j = frame.names.indexOf(name);
  return j < 0 ? undefined : frame.columns[j];
}

/**
 * Cross-sectional features of a panel.
 * @param inputs pooled symbols' frames (each on its own calendar)
 * @param context market index frame and VIX closes (optional)
 * @returns column names and one column set per input, aligned with its rows (NaN where undefined)
 */
export function crossSectionFeatures(inputs: PanelFrameInput[], context: PanelContext = {}): CrossColumns {
  const base = CROSS_SECTION_BASE.filter((c) => inputs.every((x) => colOf(x.frame, c)));
  const names: string[] = [];
  for (const c of base) names.push(`xs_rank_${c}`, `xs_z_${c}`, `sec_rel_${c}`);
  const mkt = context.market ? MARKET_CONTEXT.filter((c) => colOf(context.market!.frame, c)) : [];
  for (const c of mkt) names.push(`mkt_${c}`);
  if (context.vix) names.push('vix_level', 'vix_chg_5');
  const trend = inputs.every((x) => colOf(x.frame, 'close_to_sma_50'));
  if (trend) names.push('breadth_sma50');
  const columns = inputs.map((x) => names.map(() => new Float64Array(x.frame.dates.length).fill(NaN)));

  // groups: same market and date → [input, row]
  const groups = new Map<string, Array<[number, number]>>();
  inputs.forEach((x, i) => {
    const d = x.keys ?? x.frame.dates;
    for (let r = 0; r < d.length; r++) {
      const key = `${x.member.market}:${d[r]}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = []));
      g.push([i, r]);
    }
  });
  const vals = base.map((c) => inputs.map((x) => colOf(x.frame, c)!));
  for (const g of groups.values()) {
    base.forEach((_, b) => {
      const v = vals[b];
      const ok = g.filter(([i, r]) => Number.isFinite(v[i][r]));
      if (ok.length < 2) return;
      let sum = 0;
      let sq = 0;
      for (const [i, r] of ok) sum += v[i][r];
      const mean = sum / ok.length;
      for (const [i, r] of ok) sq += (v[i][r] - mean) ** 2;
      const sd = Math.sqrt(sq / (ok.length - 1));
      const order = ok.slice().sort((a, c) => v[a[0]][a[1]] - v[c[0]][c[1]]);
      for (let k = 0; k < order.length; ) {
        let e = k;
        while (e + 1 < order.length && v[order[e + 1][0]][order[e + 1][1]] === v[order[k][0]][order[k][1]]) e++;
        const pct = (k + e) / 2 / (order.length - 1);
        for (let q = k; q <= e; q++) columns[order[q][0]][b * 3][order[q][1]] = pct;
        k = e + 1;
      }
      const sectors = new Map<string, { s: number; n: number }>();
      for (const [i, r] of ok) {
        const t = sectors.get(inputs[i].member.sector) ?? { s: 0, n: 0 };
        t.s += v[i][r];
        t.n += 1;
        sectors.set(inputs[i].member.sector, t);
      }
      for (const [i, r] of ok) {
        columns[i][b * 3 + 1][r] = sd > 0 ? (v[i][r] - mean) / sd : 0;
        const t = sectors.get(inputs[i].member.sector)!;
        columns[i][b * 3 + 2][r] = v[i][r] - t.s / t.n;
      }
    });
  }

  if (trend) {
    // breadth: share of the same market's symbols closing above their 50-day SMA that day
    const j = names.length - 1;
    const c = inputs.map((x) => colOf(x.frame, 'close_to_sma_50')!);
    for (const g of groups.values()) {
      const ok = g.filter(([i, r]) => Number.isFinite(c[i][r]));
      if (ok.length < 2) continue;
      const share = ok.filter(([i, r]) => c[i][r] > 0).length / ok.length;
      for (const [i, r] of ok) columns[i][j][r] = share;
    }
  }
  const at = base.length * 3;
  inputs.forEach((x, i) => {
    const d = x.keys ?? x.frame.dates;
    const hour = CLOSE_HOUR[x.member.market] ?? 21;
    if (context.market) {
      const m = context.market;
      const strict = !context.intraday && (CLOSE_HOUR[m.member.market] ?? 21) > hour;
      const cols = mkt.map((c) => colOf(m.frame, c)!);
      const mk = m.keys ?? m.frame.dates;
      for (let r = 0; r < d.length; r++) {
        const k = asOf(mk, d[r], strict);
        if (k >= 0) cols.forEach((c, j) => (columns[i][at + j][r] = c[k]));
      }
    }
    if (context.vix) {
      const v = context.vix;
      const strict = !context.intraday && (CLOSE_HOUR[v.member.market] ?? 21) > hour;
      const j = at + mkt.length;
      for (let r = 0; r < d.length; r++) {
        const k = asOf(v.dates, d[r], strict);
        if (k < 0) continue;
        columns[i][j][r] = v.close[k];
        if (k >= 5 && v.close[k - 5] > 0 && v.close[k] > 0) columns[i][j + 1][r] = Math.log(v.close[k] / v.close[k - 5]);
      }
    }
  });
  return { names, columns };
}
