/** Candlestick chart of daily bars with a volume subplot underneath. */
import { barCount, type Bars } from '../data/bars';
import { inputError } from '../util/errors';
import { axis, baseLayout, DOWN_COLOR, isoDates, toJsonNumbers, UP_COLOR, type BaseFigureOptions, type Figure } from './figure';
import { withDefaults } from './options';

/** Options of {@link candlestickFigure}. */
export interface CandlestickOptions extends BaseFigureOptions {
  /** Draw the volume subplot (default true). */
  volume?: boolean;
  /** Show only the last `lastN` bars (default: all). */
  lastN?: number;
  /** Share of the plot height given to the volume panel, 0.05..0.6 (default 0.22). */
  volumeShare?: number;
  /** Hide weekends on the date axis so bars sit side by side (default true). */
  skipWeekends?: boolean;
}

/** Defaults of {@link CandlestickOptions}. */
export const candlestickDefaults = { volume: true, volumeShare: 0.22, skipWeekends: true } as const;

/**
 * Candlestick figure of OHLC bars, with volume bars coloured by candle direction in a panel below.
 * @param bars daily bars (not modified)
 * @param options title, height, `volume` (default true), `lastN` (default all), `volumeShare` (default 0.22)
 * @returns a figure with one `candlestick` trace (y axis `y`) and, with volume, one `bar` trace on `y2`;
 *   every trace has one point per shown bar, x values are ISO dates
 */
export function candlestickFigure(bars: Bars, options: CandlestickOptions = {}): Figure {
  const o = withDefaults(candlestickDefaults, options);
  const n = barCount(bars);
  if (n === 0) throw inputError({ key: 'bars' }, 'at least one bar', '0 bars');
  if (o.lastN !== undefined && !(Number.isInteger(o.lastN) && o.lastN > 0)) {
    throw inputError({ key: 'lastN' }, 'a positive integer', String(o.lastN));
  }
  if (!(o.volumeShare >= 0.05 && o.volumeShare <= 0.6)) throw inputError({ key: 'volumeShare' }, 'a number in [0.05, 0.6]', String(o.volumeShare));
  const start = o.lastN === undefined ? 0 : Math.max(0, n - o.lastN);
  const x = isoDates(bars.dates.subarray(start));
  const open = bars.open.subarray(start);
  const close = bars.close.subarray(start);
  const data: Figure['data'] = [
    {
      type: 'candlestick',
      name: bars.symbol,
      x,
      open: toJsonNumbers(open),
      high: toJsonNumbers(bars.high.subarray(start)),
      low: toJsonNumbers(bars.low.subarray(start)),
      close: toJsonNumbers(close),
      increasing: { line: { color: UP_COLOR } },
      decreasing: { line: { color: DOWN_COLOR } },
      xaxis: 'x',
      yaxis: 'y',
    },
  ];
  const xaxis = axis(undefined, {
    type: 'date',
    rangeslider: { visible: false },
    ...(o.skipWeekends ? { rangebreaks: [{ bounds: ['sat', 'mon'] }] } : {}),
  });
  if (!o.volume) {
    return { data, layout: baseLayout(o, { xaxis, yaxis: axis('Price'), showlegend: false }) };
  }
  const colors = new Array<string>(close.length);
  for (let i = 0; i < close.length; i++) colors[i] = close[i] >= open[i] ? UP_COLOR : DOWN_COLOR;
  data.push({
    type: 'bar',
    name: 'Volume',
    x,
    y: toJsonNumbers(bars.volume.subarray(start)),
    marker: { color: colors },
    xaxis: 'x',
    yaxis: 'y2',
  });
  const gap = 0.04;
  return {
    data,
    layout: baseLayout(o, {
      xaxis: { ...xaxis, anchor: 'y2' },
      yaxis: axis('Price', { domain: [o.volumeShare + gap, 1] }),
      yaxis2: axis('Volume', { domain: [0, o.volumeShare] }),
      showlegend: false,
      bargap: 0,
    }),
  };
}
