/** Scatter plots (forecast vs realised, one metric vs another). */
import { inputError } from '../util/errors';
import { axis, baseLayout, checkLength, paletteColor, toJsonNumbers, type BaseFigureOptions, type Figure, type Trace } from './figure';
import { withDefaults } from './options';

/** One point cloud of a {@link scatterFigure}. */
export interface ScatterSeries {
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** Hover text per point (optional, same length). */
  text?: readonly string[];
  color?: string;
}

/** Options of {@link scatterFigure}. */
export interface ScatterOptions extends BaseFigureOptions {
  xTitle?: string;
  yTitle?: string;
  /** Draw the y = x line across the range of the drawn points (forecast-vs-actual plots). Default false. */
  diagonal?: boolean;
  /** Marker size in pixels (default 6). */
  markerSize?: number;
}

/** Defaults of {@link ScatterOptions}. */
export const scatterDefaults = { diagonal: false, markerSize: 6 } as const;

/**
 * Scatter plot of one or more point clouds.
 * @param series each with equal-length `x` and `y` (NaN points are dropped by Plotly as gaps)
 * @param options axis titles, `diagonal` (default false), `markerSize` (default 6)
 * @returns a figure with one `scatter` trace (mode `markers`) per series, plus a `y = x` line trace
 *   when `diagonal` is set
 */
export function scatterFigure(series: readonly ScatterSeries[], options: ScatterOptions = {}): Figure {
  const o = withDefaults(scatterDefaults, options);
  if (series.length === 0) throw inputError({ key: 'series' }, 'at least one series', 'an empty list');
  let lo = Infinity;
  let hi = -Infinity;
  const data: Trace[] = series.map((s, i) => {
    checkLength(`series[${i}].y`, s.y, s.x.length);
    if (s.text) checkLength(`series[${i}].text`, s.text, s.x.length);
    for (let k = 0; k < s.x.length; k++) {
      const a = s.x[k];
      const b = s.y[k];
      if (!Number.isFinite(a) || !Number.isFinite(b)) continue; // not a drawn point
      lo = Math.min(lo, a, b);
      hi = Math.max(hi, a, b);
    }
    const t: Trace = {
      type: 'scatter',
      mode: 'markers',
      name: s.name,
      x: toJsonNumbers(s.x),
      y: toJsonNumbers(s.y),
      marker: { color: s.color ?? paletteColor(i), size: o.markerSize, opacity: 0.7 },
    };
    if (s.text) t.text = Array.from(s.text);
    return t;
  });
  if (o.diagonal && lo <= hi) {
    data.push({ type: 'scatter', mode: 'lines', name: 'y = x', x: [lo, hi], y: [lo, hi], line: { color: '#999', dash: 'dash', width: 1 } });
  }
  return {
    data,
    layout: baseLayout(o, { xaxis: axis(o.xTitle), yaxis: axis(o.yTitle), showlegend: data.length > 1 }),
  };
}
