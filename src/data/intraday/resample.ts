/**
 * Resampling of intraday bars to a coarser timeframe: buckets aligned to each day's session open (an NYSE hour
 * bar covers 09:30–10:30, …, and a last partial 15:30–16:00), OHLCV aggregated as first open, highest high,
 * lowest low, last close, summed volume. `1d` gives one bar per trading day (the daily `Bars` shape, with `times`
 * dropped). Pure: the input is not modified.
 */
import { inputError } from '../../util/errors';
import type { Bars } from '../bars';
import { SessionCalendar, checkExchange } from './sessions';
import { MINUTE_MS, TIMEFRAME_MINUTES, canResample, type Timeframe } from './timeframe';

/** Options of {@link resampleBars}. */
export interface ResampleOptions {
  /** With `to: '1d'`: attach each day's realised variance of the source bars as `extra.realized_var`. Default false. */
  realizedVariance?: boolean;
}

/**
 * Aggregates intraday bars into `to` bars.
 * @param bars intraday bars (`times`, `timeframe`, `dates` = local days), strictly increasing
 * @param to target timeframe, coarser than the bars' and a whole multiple of it (or `1d`)
 * @param options `realizedVariance` (1d only)
 * @returns new bars of timeframe `to` (for `1d`: no `times`, `timeframe` absent, like every daily series)
 * @throws InputError when the bars are not intraday or `to` is not a coarser multiple
 */
export function resampleBars(bars: Bars, to: Timeframe, options: ResampleOptions = {}): Bars {
  const from = bars.timeframe ?? '1d';
  if (!bars.times || from === '1d') throw inputError({ key: 'timeframe' }, 'intraday bars to resample', 'daily bars');
  if (!canResample(from, to)) throw inputError({ key: 'timeframe' }, `a timeframe coarser than ${from} and a whole multiple of it`, JSON.stringify(to));
  const cal = new SessionCalendar(checkExchange(bars.exchange ?? 'NYSE'));
  const t = bars.times;
  const n = t.length;
  const step = TIMEFRAME_MINUTES[to] * MINUTE_MS;
  const key = new Float64Array(n); // bucket start instant (1d: the day number)
  let day = NaN;
  let open = 0;
  for (let i = 0; i < n; i++) {
    if (bars.dates[i] !== day) {
      day = bars.dates[i];
      const s = cal.session(day);
      open = s ? s.open : Math.floor(t[i] / MINUTE_MS) * MINUTE_MS;
    }
    key[i] = to === '1d' ? day : open + Math.floor((t[i] - open) / step) * step;
  }
  let m = 0;
  for (let i = 0; i < n; i++) if (i === 0 || key[i] !== key[i - 1]) m++;
  const out: Bars = {
    symbol: bars.symbol,
    dates: new Int32Array(m),
    open: new Float64Array(m),
    high: new Float64Array(m),
    low: new Float64Array(m),
    close: new Float64Array(m),
    volume: new Float64Array(m),
  };
  const times = to === '1d' ? undefined : new Float64Array(m);
  let j = -1;
  for (let i = 0; i < n; i++) {
    if (i === 0 || key[i] !== key[i - 1]) {
      j++;
      out.dates[j] = bars.dates[i];
      if (times) times[j] = key[i];
      out.open[j] = bars.open[i];
      out.high[j] = bars.high[i];
      out.low[j] = bars.low[i];
      out.volume[j] = 0;
    } else {
      if (bars.high[i] > out.high[j]) out.high[j] = bars.high[i];
      if (bars.low[i] < out.low[j]) out.low[j] = bars.low[i];
    }
    out.close[j] = bars.close[i];
    out.volume[j] += bars.volume[i];
  }
  if (to === '1d' && options.realizedVariance) out.extra = { realized_var: dailyRealizedVariance(bars).rv };
  if (times) {
    out.times = times;
    out.timeframe = to;
    if (bars.exchange !== undefined) out.exchange = bars.exchange;
  }
  return out;
}

/**
 * Realised variance of each trading day from the bars' log returns inside the day (the overnight return is
 * left out): `rv[d] = Σ ln(close_i / close_{i-1})²` over consecutive bars of day d, the first bar's return taken
 * from its own open. A daily volatility feature can use it (e.g. `extra.rv` on the `1d` resample).
 * @param bars intraday bars
 * @returns `{dates, rv}`: one entry per trading day, in order
 */
export function dailyRealizedVariance(bars: Bars): { dates: Int32Array; rv: Float64Array } {
  const n = bars.dates.length;
  let m = 0;
  for (let i = 0; i < n; i++) if (i === 0 || bars.dates[i] !== bars.dates[i - 1]) m++;
  const dates = new Int32Array(m);
  const rv = new Float64Array(m);
  let j = -1;
  for (let i = 0; i < n; i++) {
    const first = i === 0 || bars.dates[i] !== bars.dates[i - 1];
    if (first) dates[++j] = bars.dates[i];
    const r = Math.log(bars.close[i] / (first ? bars.open[i] : bars.close[i - 1]));
    rv[j] += r * r;
  }
  return { dates, rv };
}
