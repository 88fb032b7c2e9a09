/**
 * Intraday features (bars with `times`): time of day, session open/close effects, the overnight gap and realised
 * variance from the bars' own returns. Every column at bar t uses bar t's instant, the exchange schedule (known in
 * advance) and prices up to bar t's close only. On daily bars the family is empty, except `realized_vol` /
 * `realized_vol_5` when the bars carry `extra.realized_var` (a `1d` resample of minute bars, see
 * `resampleBars(…, '1d', {realizedVariance: true})`): daily volatility features fed by minute returns.
 */
import { SessionCalendar, checkExchange } from '../data/intraday/sessions';
import { MINUTE_MS, TIMEFRAME_MINUTES } from '../data/intraday/timeframe';
import type { FeatureContext } from './context';

/** Column names of the intraday family on intraday bars, in build order. */
export const INTRADAY_FEATURES = ['tod_sin', 'tod_cos', 'min_since_open', 'min_to_close', 'session_open', 'session_close', 'overnight_gap', 'ret_since_open', 'rv_intraday', 'rv_prev_day'] as const;

/** Column names of the intraday family on daily bars carrying `extra.realized_var`. */
export const DAILY_RV_FEATURES = ['realized_vol', 'realized_vol_5'] as const;

function dailyRv(rv: Float64Array): Array<[string, Float64Array]> {
  const n = rv.length;
  const vol = new Float64Array(n);
  const vol5 = new Float64Array(n).fill(NaN);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    vol[i] = Math.sqrt(rv[i]);
    sum += vol[i];
    if (i >= 5) sum -= vol[i - 5];
    if (i >= 4) vol5[i] = sum / 5;
  }
  return [
    ['realized_vol', vol],
    ['realized_vol_5', vol5],
  ];
}

/**
 * The intraday family.
 * @param ctx feature context of one symbol's bars
 * @returns `[name, column]` pairs as long as the bars (empty for plain daily bars)
 */
export function intradayFeatures(ctx: FeatureContext): Array<[string, Float64Array]> {
  const b = ctx.bars;
  if (!b.times) return b.extra?.realized_var ? dailyRv(b.extra.realized_var) : [];
  const t = b.times;
  const n = t.length;
  const cal = new SessionCalendar(checkExchange(b.exchange ?? 'NYSE'));
  const stepMs = TIMEFRAME_MINUTES[b.timeframe ?? '1m'] * MINUTE_MS;
  const cols = INTRADAY_FEATURES.map(() => new Float64Array(n));
  const [tsin, tcos, since, toClose, isOpen, isClose, gap, sinceOpen, rvIntra, rvPrev] = cols;
  let day = NaN;
  let open = 0;
  let close = 0;
  let dayOpenPrice = NaN;
  let rv = 0;
  let prevRv = NaN;
  let prevClose = NaN;
  let dayGap = NaN;
  const trig = new Map<number, [Float64Array, Float64Array]>(); // session length (ms) → sin/cos per bar offset
  let sinCache = new Float64Array(0);
  let cosCache = new Float64Array(0);
  for (let i = 0; i < n; i++) {
    if (b.dates[i] !== day) {
      if (i > 0) {
        prevRv = rv;
        prevClose = b.close[i - 1];
      }
      day = b.dates[i];
      const s = cal.session(day);
      open = s ? s.open : t[i];
      close = s ? s.close : t[i] + stepMs;
      const slots = Math.min(4096, Math.max(0, Math.floor((close - open) / stepMs) + 1));
      const cached = trig.get(close - open);
      if (cached) [sinCache, cosCache] = cached;
      else {
        sinCache = new Float64Array(slots).fill(NaN);
        cosCache = new Float64Array(slots).fill(NaN);
        trig.set(close - open, [sinCache, cosCache]);
      }
      dayOpenPrice = b.open[i];
      dayGap = Math.log(b.open[i] / prevClose);
      rv = 0;
      isOpen[i] = 1;
    }
    const off = t[i] - open;
    const slot = off / stepMs;
    if (slot >= 0 && slot < sinCache.length && slot === Math.floor(slot)) {
      // every session of the same length repeats the same offsets: compute each sin/cos once
      if (Number.isNaN(sinCache[slot])) {
        const frac = off / (close - open);
        sinCache[slot] = Math.sin(2 * Math.PI * frac);
        cosCache[slot] = Math.cos(2 * Math.PI * frac);
      }
      tsin[i] = sinCache[slot];
      tcos[i] = cosCache[slot];
    } else {
      const frac = off / (close - open);
      tsin[i] = Math.sin(2 * Math.PI * frac);
      tcos[i] = Math.cos(2 * Math.PI * frac);
    }
    since[i] = (t[i] - open) / MINUTE_MS;
    toClose[i] = (close - t[i]) / MINUTE_MS;
    isClose[i] = t[i] + stepMs >= close ? 1 : 0;
    gap[i] = dayGap;
    const r = Math.log(b.close[i] / (isOpen[i] === 1 ? b.open[i] : b.close[i - 1]));
    rv += r * r;
    rvIntra[i] = rv;
    rvPrev[i] = prevRv;
    sinceOpen[i] = Math.log(b.close[i] / dayOpenPrice);
  }
  return INTRADAY_FEATURES.map((name, k) => [name, cols[k]] as [string, Float64Array]);
}
