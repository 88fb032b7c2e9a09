/** Price chart coloured by regime (bull / bear / sideways / high volatility, or any labelling). */
import { inputError } from '../util/errors';
import { axis, baseLayout, checkLength, isoDates, paletteColor, type BaseFigureOptions, type Figure, type Trace } from './figure';

/** Input of {@link regimePriceFigure}. */
export interface RegimeSeries {
  /** Trading days (days since 1970-01-01). */
  dates: ArrayLike<number>;
  /** Price per day. */
  close: ArrayLike<number>;
  /** Regime index per day, 0..names.length-1; -1 or NaN = unknown (drawn grey). */
  regime: ArrayLike<number>;
  /** Regime names, by index. */
  names: readonly string[];
}

/** Options of {@link regimePriceFigure}. */
export interface RegimePriceOptions extends BaseFigureOptions {
  /** Colour per regime name; the defaults colour bull/bear/sideways/high_vol, other names use the palette. */
  colors?: Record<string, string>;
  /** `linear` (default) or `log` price axis. */
  yType?: 'linear' | 'log';
}

/** Default colours of the standard regime names. */
export const REGIME_COLORS: Readonly<Record<string, string>> = { bull: '#2ca02c', bear: '#d62728', sideways: '#7f7f7f', high_vol: '#9467bd' };

const UNKNOWN_COLOR = '#c7c7c7';

/**
 * Price line whose segments take the colour of the regime of the day they end on.
 * @param input dates, prices, regime index per day and regime names
 * @param options title, height, `colors` by regime name, `yType` (default linear)
 * @returns a figure with one `scatter` line trace per regime (named by the regime; y is null outside
 *   the regime, so every trace has one value per day) plus an `unknown` trace when some days have no regime
 */
export function regimePriceFigure(input: RegimeSeries, options: RegimePriceOptions = {}): Figure {
  const n = input.dates.length;
  checkLength('close', input.close, n);
  checkLength('regime', input.regime, n);
  if (input.names.length === 0) throw inputError({ key: 'names' }, 'at least one regime name', 'an empty list');
  const k = input.names.length;
  const code = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const r = input.regime[i];
    if (Number.isNaN(r) || r === -1) code[i] = k;
    else if (Number.isInteger(r) && r >= 0 && r < k) code[i] = r;
    else throw inputError({ key: `regime[${i}]` }, `a regime index in 0..${k - 1}, -1 or NaN`, String(r));
  }
  const x = isoDates(input.dates);
  const colors = { ...REGIME_COLORS, ...options.colors };
  const data: Trace[] = [];
  for (let g = 0; g <= k; g++) {
    const y = new Array<number | null>(n).fill(null);
    let any = false;
    for (let i = 0; i < n; i++) {
      // a segment (i-1, i) belongs to the regime of day i, so a run also draws its previous day
      if (code[i] === g || (i + 1 < n && code[i + 1] === g)) {
        const v = input.close[i];
        y[i] = Number.isFinite(v) ? v : null;
        if (code[i] === g) any = true;
      }
    }
    if (g === k && !any) continue;
    const name = g === k ? 'unknown' : input.names[g];
    data.push({
      type: 'scatter',
      mode: 'lines',
      name,
      x,
      y,
      connectgaps: false,
      line: { color: g === k ? UNKNOWN_COLOR : colors[name] ?? paletteColor(g), width: 1.5 },
    });
  }
  return {
    data,
    layout: baseLayout(options, {
      xaxis: axis(undefined, { type: 'date' }),
      yaxis: axis('Price', { type: options.yType ?? 'linear' }),
      showlegend: true,
    }),
  };
}
