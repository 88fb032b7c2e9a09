/**
 * A universe as one stacked {@link PreparedData}: each pooled symbol's rows form a contiguous block (its own
 * trading days, its own features and labels), with cross-sectional columns appended. Because it is a
 * PreparedData, the one fit → predict → score path (training/fit.ts) trains pooled models on it unchanged;
 * a sequence window never crosses a block (rows whose window would are not usable), and a label's end row
 * is in the symbol's own block, so purging by end row purges per symbol.
 */
import { allocBars, type Bars } from '../data/bars';
import type { FeatureFrame } from '../features/frame';
import { prepareData, type PrepareOptions, type PreparedData } from '../training/prepare';
import { inputError } from '../util/errors';
import { dayToIso } from '../util/dates';
import { EXCHANGE_INFO } from '../data/intraday/sessions';
import { MINUTE_MS, TIMEFRAME_MINUTES, type Timeframe } from '../data/intraday/timeframe';
import { crossSectionFeatures, type PanelContext } from './cross';
import type { Universe, UniverseMember } from './members';

/** Options of {@link preparePanel}. */
export interface PanelOptions extends PrepareOptions {
  /** Asset classes pooled into the training panel. Default equity and index. */
  pool?: Array<UniverseMember['assetClass']>;
  /** Append cross-sectional and context columns. Default true. */
  crossSection?: boolean;
  /** Append a one-hot sector encoding. Default false. */
  sectorEncoding?: boolean;
}

/** Defaults of {@link PanelOptions} beyond prepareData's. */
export const panelDefaults = { pool: ['equity', 'index'] as Array<UniverseMember['assetClass']>, crossSection: true, sectorEncoding: false };

/** A stacked panel: the prepared data plus which symbol each row belongs to. */
export interface PanelData {
  prep: PreparedData;
  /** Pooled members, in block order. */
  members: UniverseMember[];
  /** Member index (into `members`) of each row. */
  symbolOf: Int32Array;
  /** Block start row of each member, plus the total row count at the end. */
  offsets: Int32Array;
  /** Names of the appended cross-sectional / context / sector columns. */
  crossNames: string[];
  /**
   * Bar timeframe of the members; absent = `1d`. For an intraday panel, `prep.frame.dates` (the row key every
   * split, purge and per-date score uses) holds each bar's open instant in **minutes since 1970-01-01 UTC**
   * (see {@link rowKeys}), so rows group by instant, not by day.
   */
  timeframe?: Timeframe;
}

/**
 * The panel row key of each bar: the trading day for daily bars, the open instant in whole minutes since
 * 1970-01-01 UTC for intraday bars (fits an Int32 until the year 6053), so members align by instant.
 * @param bars one member's bars
 * @returns Int32Array, one key per bar, increasing
 */
export function rowKeys(bars: Bars): Int32Array {
  if (!bars.times) return bars.dates;
  return Int32Array.from(bars.times, (t) => Math.floor(t / MINUTE_MS));
}

/**
 * A panel row key as text: `YYYY-MM-DD` for a daily panel, `YYYY-MM-DDTHH:MMZ` for an intraday one.
 * @param panel the panel (its timeframe)
 * @param key a value of `prep.frame.dates`
 */
export function panelKeyIso(panel: Pick<PanelData, 'timeframe'>, key: number): string {
  if (!panel.timeframe || panel.timeframe === '1d') return dayToIso(key);
  return `${new Date(key * MINUTE_MS).toISOString().slice(0, 16)}Z`;
}

/**
 * Rows per year of one member, for annualising per-period figures (ICIR): 252 sessions for a daily panel; for an
 * intraday one, 252 × the bars of a regular NYSE session (1h: 7, the last one partial; 5m: 78).
 * @param panel the panel (its timeframe)
 */
export function panelPeriodsPerYear(panel: Pick<PanelData, 'timeframe'>): number {
  if (!panel.timeframe || panel.timeframe === '1d') return 252;
  const nyse = EXCHANGE_INFO.NYSE;
  return 252 * Math.ceil((nyse.closeMinute - nyse.openMinute) / TIMEFRAME_MINUTES[panel.timeframe]);
}

/** The members' common timeframe (absent = 1d); refuses a universe mixing timeframes. */
export function universeTimeframe(u: Universe): Timeframe | undefined {
  const tfs = [...new Set(u.members.map((m) => u.bars[m.symbol]?.timeframe ?? '1d'))];
  if (tfs.length > 1) throw inputError({ key: 'data.timeframe' }, 'members of one timeframe', `${tfs.join(', ')} (${u.members.map((m) => `${m.symbol} ${u.bars[m.symbol]?.timeframe ?? '1d'}`).join(', ')})`);
  return tfs[0] === '1d' ? undefined : (tfs[0] as Timeframe);
}

/** The market index used as context: the first NYSE index member (else the first index member). */
export function marketMember(u: Universe): UniverseMember | undefined {
  const idx = u.members.filter((m) => m.assetClass === 'index');
  return idx.find((m) => m.market === 'NYSE') ?? idx[0];
}

/** The VIX-like member, if any. */
export function vixMember(u: Universe): UniverseMember | undefined {
  return u.members.find((m) => m.assetClass === 'volatility');
}

/**
 * The VIX closes joined as of each bar's date (strictly earlier dates for a market closing before the VIX's)
 * into `extra.vix`, so regime features read it; bars unchanged when there is no VIX member.
 */
export function withVix(bars: Bars, member: UniverseMember, u: Universe): Bars {
  const vm = vixMember(u);
  if (!vm || vm.symbol === member.symbol) return bars;
  const v = u.bars[vm.symbol];
  // intraday: as of the bar's open instant (bars of one timeframe close in the same order they open)
  const strict = !bars.times && member.market === 'NSE' && vm.market === 'NYSE';
  const own = rowKeys(bars);
  const vk = rowKeys(v);
  const out = new Float64Array(bars.dates.length).fill(NaN);
  let j = -1;
  for (let i = 0; i < bars.dates.length; i++) {
    while (j + 1 < vk.length && (strict ? vk[j + 1] < own[i] : vk[j + 1] <= own[i])) j++;
    if (j >= 0 && v.close[j] > 0) out[i] = v.close[j];
  }
  return { ...bars, extra: { ...(bars.extra ?? {}), vix: out } };
}

/**
 * Prepares a universe as a stacked panel.
 * @param u loaded universe
 * @param options prepareData options (feature set, horizons, steps, task, band) + pool, crossSection, sectorEncoding
 * @returns PanelData
 * @throws InputError when no member is pooled
 */
export function preparePanel(u: Universe, options: PanelOptions = {}): PanelData {
  const o = { ...panelDefaults, ...options };
  const members = u.members.filter((m) => o.pool.includes(m.assetClass));
  if (!members.length) throw inputError({ key: 'data.universe' }, `members of asset class ${o.pool.join(' / ')}`, 'none');
  const timeframe = universeTimeframe(u);
  const preps = members.map((m) => prepareData(withVix(u.bars[m.symbol], m, u), o));
  const keysOf = preps.map((p) => rowKeys(p.bars));
  const baseNames = preps[0].frame.names;
  let cross: { names: string[]; columns: Float64Array[][] } = { names: [], columns: preps.map(() => []) };
  if (o.crossSection) {
    const ctx: PanelContext = {};
    const mm = marketMember(u);
    if (mm) ctx.market = { member: mm, frame: preps[members.indexOf(mm)]?.frame ?? prepareData(u.bars[mm.symbol], o).frame, ...(timeframe ? { keys: rowKeys(u.bars[mm.symbol]) } : {}) };
    const vm = vixMember(u);
    if (vm) ctx.vix = { member: vm, dates: rowKeys(u.bars[vm.symbol]), close: u.bars[vm.symbol].close };
    if (timeframe) ctx.intraday = true;
    cross = crossSectionFeatures(members.map((m, i) => ({ member: m, frame: preps[i].frame, ...(timeframe ? { keys: keysOf[i] } : {}) })), ctx);
  }
  if (o.sectorEncoding) {
    const sectors = [...new Set(members.map((m) => m.sector))].sort();
    cross.names.push(...sectors.map((s) => `sector_${s}`));
    members.forEach((m, i) => {
      for (const s of sectors) cross.columns[i].push(new Float64Array(preps[i].frame.dates.length).fill(m.sector === s ? 1 : 0));
    });
  }
  const names = [...baseNames, ...cross.names];
  const f = names.length;
  const offsets = new Int32Array(members.length + 1);
  preps.forEach((p, i) => (offsets[i + 1] = offsets[i] + p.frame.dates.length));
  const n = offsets[members.length];
  const matrix = new Float32Array(n * f);
  const dates = new Int32Array(n);
  const symbolOf = new Int32Array(n);
  const usable = new Uint8Array(n);
  const keys = Object.keys(preps[0].target);
  const target: Record<string, Float64Array> = {};
  const endIndex: Record<string, Int32Array> = {};
  const forwardReturn: Record<string, Float64Array> = {};
  for (const k of keys) {
    target[k] = new Float64Array(n);
    endIndex[k] = new Int32Array(n);
    forwardReturn[k] = new Float64Array(n);
  }
  const stacked = allocBars('PANEL', n);
  preps.forEach((p, i) => {
    const o0 = offsets[i];
    const rows = p.frame.dates.length;
    const fb = p.features;
    const xs = cross.columns[i];
    let badRun = 0;
    for (let r = 0; r < rows; r++) {
      const at = (o0 + r) * f;
      matrix.set(p.matrix.subarray(r * fb, (r + 1) * fb), at);
      let bad = false;
      for (let j = 0; j < xs.length; j++) {
        const v = xs[j][r];
        matrix[at + fb + j] = v;
        if (!Number.isFinite(v)) bad = true;
      }
      badRun = bad ? 0 : badRun + 1;
      usable[o0 + r] = p.usable[r] && badRun >= p.steps ? 1 : 0;
      dates[o0 + r] = keysOf[i][r];
      symbolOf[o0 + r] = i;
    }
    for (const k of keys) {
      target[k].set(p.target[k], o0);
      forwardReturn[k].set(p.forwardReturn[k], o0);
      endIndex[k].set(Int32Array.from(p.endIndex[k], (e) => (e < 0 ? -1 : e + o0)), o0);
    }
    for (const c of ['open', 'high', 'low', 'close', 'volume'] as const) stacked[c].set(p.bars[c], o0);
  });
  stacked.dates.set(dates);
  const columns = Array.from({ length: f }, (_, j) => Float64Array.from({ length: n }, (_, r) => matrix[r * f + j]));
  const frame: FeatureFrame = { symbol: 'PANEL', dates, names, columns };
  const labels = { ...preps[0].labels };
  const prep: PreparedData = { bars: stacked, frame, labels, matrix, features: f, steps: preps[0].steps, task: preps[0].task, usable, target, endIndex, forwardReturn };
  return { prep, members, symbolOf, offsets, crossNames: cross.names, ...(timeframe ? { timeframe } : {}) };
}
