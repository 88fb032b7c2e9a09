/** Stacked line panels sharing one x axis (price + Bollinger bands over RSI over MACD; forecasts over errors). */
import { inputError } from '../util/errors';
import { axis, baseLayout, paletteColor, type BaseFigureOptions, type Figure, type HLine, type Trace } from './figure';
import { lineFigure, type LineSeries } from './line';
import { withDefaults } from './options';

/** One panel of a {@link panelsFigure}. */
export interface Panel {
  /** Lines of this panel (x values as in {@link lineFigure}: numbers, or ISO date strings). */
  series: readonly LineSeries[];
  yTitle?: string;
  /** `linear` (default) or `log`. */
  yType?: 'linear' | 'log';
  /** Fixed y range, e.g. `[0, 100]` for RSI (default: automatic). */
  yRange?: [number, number];
  /** Horizontal reference lines inside this panel, e.g. RSI 30 / 70. */
  hlines?: readonly HLine[];
  /** Relative height of the panel (default 1). */
  weight?: number;
}

/** Options of {@link panelsFigure}. */
export interface PanelsOptions extends BaseFigureOptions {
  xTitle?: string;
  /** Vertical gap between panels as a fraction of the plot height (default 0.04). */
  gap?: number;
}

/** Defaults of {@link PanelsOptions}. */
export const panelsDefaults = { gap: 0.04 } as const;

/**
 * Line panels stacked top to bottom that share one x axis (zooming one zooms all).
 * @param panels panels, top first; each has at least one series
 * @param options title, height, `xTitle`, `gap` (default 0.04 of the plot height)
 * @returns a figure with one `scatter` trace per series (panel k's traces on y axis `y` for k = 0, `y{k+1}`
 *   otherwise, all on `x`), y axis domains proportional to the panel weights, the x axis anchored to the
 *   bottom panel, reference lines as shapes on their panel's axis
 */
export function panelsFigure(panels: readonly Panel[], options: PanelsOptions = {}): Figure {
  const o = withDefaults(panelsDefaults, options);
  if (panels.length === 0) throw inputError({ key: 'panels' }, 'at least one panel', 'an empty list');
  if (!(o.gap >= 0 && o.gap * (panels.length - 1) < 0.5)) throw inputError({ key: 'gap' }, `a gap >= 0 that leaves room for ${panels.length} panels`, String(o.gap));
  const weights = panels.map((p, k) => {
    const w = p.weight ?? 1;
    if (!(Number.isFinite(w) && w > 0)) throw inputError({ key: `panels[${k}].weight` }, 'a positive finite weight', String(w));
    return w;
  });
  const total = weights.reduce((a, b) => a + b, 0);
  const free = 1 - o.gap * (panels.length - 1);
  const data: Trace[] = [];
  const layoutAxes: Record<string, unknown> = {};
  const shapes: unknown[] = [];
  const annotations: unknown[] = [];
  let top = 1;
  let colorOffset = 0;
  let xType = 'linear';
  panels.forEach((p, k) => {
    if (p.series.length === 0) throw inputError({ key: `panels[${k}].series` }, 'at least one series', 'an empty list');
    const yName = k === 0 ? 'y' : `y${k + 1}`;
    const yKey = k === 0 ? 'yaxis' : `yaxis${k + 1}`;
    // Colours continue across panels so that no two lines of the figure share a default colour.
    const sub = lineFigure(
      p.series.map((s, i) => ({ ...s, color: s.color ?? paletteColor(colorOffset + i) })),
      {},
    );
    colorOffset += p.series.length;
    if ((sub.layout.xaxis as { type?: string }).type === 'date') xType = 'date';
    for (const t of sub.data) data.push({ ...t, xaxis: 'x', yaxis: yName });
    const height = (free * weights[k]) / total;
    const domain = [k === panels.length - 1 ? 0 : Math.max(0, top - height), top];
    top = domain[0] - o.gap;
    layoutAxes[yKey] = axis(p.yTitle, { domain, type: p.yType ?? 'linear', ...(p.yRange ? { range: [...p.yRange] } : {}) });
    for (const h of p.hlines ?? []) {
      shapes.push({ type: 'line', xref: 'paper', x0: 0, x1: 1, yref: yName, y0: h.y, y1: h.y, line: { color: '#888', dash: 'dot', width: 1 } });
      if (h.label) annotations.push({ xref: 'paper', x: 1, xanchor: 'right', yref: yName, y: h.y, yanchor: 'bottom', text: h.label, showarrow: false, font: { color: '#666' } });
    }
  });
  const bottom = panels.length === 1 ? 'y' : `y${panels.length}`;
  const layout = baseLayout(o, {
    ...layoutAxes,
    xaxis: axis(o.xTitle, { type: xType, anchor: bottom }),
    showlegend: data.length > 1,
    ...(shapes.length ? { shapes } : {}),
    ...(annotations.length ? { annotations } : {}),
  });
  return { data, layout };
}
