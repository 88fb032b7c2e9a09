/** Grouped bar charts with optional confidence-interval error bars (accuracy per horizon, per model). */
import { inputError } from '../util/errors';
import { axis, baseLayout, checkLength, paletteColor, toJsonNumbers, referenceLines, type BaseFigureOptions, type HLine, type Figure, type Trace } from './figure';

/** One group of bars (one colour) in a {@link barFigure}. */
export interface BarSeries {
  name: string;
  /** One value per category. */
  values: ArrayLike<number>;
  /** Lower ends of the confidence intervals, one per category (optional, with `upper`). */
  lower?: ArrayLike<number>;
  /** Upper ends of the confidence intervals, one per category (optional, with `lower`). */
  upper?: ArrayLike<number>;
  color?: string;
}

/** Options of {@link barFigure}. */
export interface BarOptions extends BaseFigureOptions {
  xTitle?: string;
  yTitle?: string;
  /** Fixed y range, e.g. `[0.4, 0.7]` for accuracies (default: automatic). */
  yRange?: [number, number];
  /** Horizontal reference lines, e.g. `[{y: 0.5, label: 'chance'}]`. */
  hlines?: readonly HLine[];
  /** Print each value above its bar with this many decimals (default: no labels). */
  labelDecimals?: number;
}

/**
 * Grouped bar chart; series with `lower`/`upper` get asymmetric error bars spanning the interval.
 * @param categories x categories (e.g. `['h=1', 'h=7', 'h=30']`)
 * @param series one entry per bar group; every array has one value per category
 * @param options axis titles, `yRange`, reference `hlines`, `labelDecimals`
 * @returns a figure with one `bar` trace per series (`error_y.array` = upper − value,
 *   `error_y.arrayminus` = value − lower when intervals are given), `barmode: 'group'`
 */
export function barFigure(categories: readonly string[], series: readonly BarSeries[], options: BarOptions = {}): Figure {
  if (series.length === 0) throw inputError({ key: 'series' }, 'at least one series', 'an empty list');
  const data: Trace[] = series.map((s, i) => {
    checkLength(`series[${i}].values`, s.values, categories.length);
    const trace: Trace = {
      type: 'bar',
      name: s.name,
      x: Array.from(categories),
      y: toJsonNumbers(s.values),
      marker: { color: s.color ?? paletteColor(i) },
    };
    if (s.lower !== undefined || s.upper !== undefined) {
      if (s.lower === undefined || s.upper === undefined) {
        throw inputError({ key: `series[${i}]` }, 'both `lower` and `upper` (or neither)', s.lower === undefined ? 'only `upper`' : 'only `lower`');
      }
      checkLength(`series[${i}].lower`, s.lower, categories.length);
      checkLength(`series[${i}].upper`, s.upper, categories.length);
      const plus = new Array<number | null>(categories.length);
      const minus = new Array<number | null>(categories.length);
      for (let k = 0; k < categories.length; k++) {
        const v = s.values[k];
        const lo = s.lower[k];
        const hi = s.upper[k];
        if (lo > v || hi < v) {
          throw inputError({ key: `series[${i}]`, column: categories[k] }, 'lower <= value <= upper', `lower=${lo} value=${v} upper=${hi}`);
        }
        plus[k] = Number.isFinite(hi - v) ? hi - v : null;
        minus[k] = Number.isFinite(v - lo) ? v - lo : null;
      }
      trace.error_y = { type: 'data', symmetric: false, array: plus, arrayminus: minus, visible: true, color: '#444', thickness: 1.5 };
    }
    if (options.labelDecimals !== undefined) {
      const d = options.labelDecimals;
      trace.text = Array.from(s.values, (v) => (Number.isFinite(v) ? v.toFixed(d) : ''));
      trace.textposition = 'outside';
    }
    return trace;
  });
  const layout = baseLayout(options, {
    barmode: 'group',
    xaxis: axis(options.xTitle, { type: 'category' }),
    yaxis: axis(options.yTitle, options.yRange ? { range: [...options.yRange] } : {}),
    showlegend: series.length > 1,
  });
  if (options.hlines && options.hlines.length) Object.assign(layout, referenceLines(options.hlines));
  return { data, layout };
}
