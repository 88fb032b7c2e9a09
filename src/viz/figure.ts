/**
 * The Plotly figure JSON every builder in `viz/` returns, plus the small shared helpers they use:
 * array conversion (typed arrays → plain JSON arrays, NaN → null), length checks, axis titles, colours.
 * Builders are pure: data in, a fresh `{data, layout}` object out; they never mutate their inputs.
 */
import { dayToIso } from '../util/dates';
import { inputError } from '../util/errors';

/** One Plotly trace (`type` is `scatter`, `candlestick`, `bar`, `heatmap`, `table`, …). */
export interface Trace {
  type: string;
  name?: string;
  [key: string]: unknown;
}

/** Plotly layout object (titles, axes, legend, annotations, …). */
export type Layout = Record<string, unknown>;

/** A Plotly figure as JSON: what `Plotly.newPlot(el, figure.data, figure.layout, figure.config)` takes. */
export interface Figure {
  data: Trace[];
  layout: Layout;
  /** Plotly config (responsive, mode bar…); {@link figureHtml} fills sensible defaults when absent. */
  config?: Record<string, unknown>;
}

/** Options every builder accepts. */
export interface BaseFigureOptions {
  /** Figure title (none by default). */
  title?: string;
  /** Height in CSS pixels written into the layout (Plotly default when absent). */
  height?: number;
}

/** Colour cycle shared by all builders (Plotly's default "D3" palette), so series colours match across charts. */
export const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

/** Colours of rising and falling candles (and their volume bars). */
export const UP_COLOR = '#26a69a';
export const DOWN_COLOR = '#ef5350';

/** Significant digits kept in figure data (charts do not need 17; this keeps reports small). */
export const FIGURE_DIGITS = 7;

/**
 * A plain number array for JSON (typed arrays serialise as objects); NaN and ±Infinity become null,
 * which Plotly draws as a gap. Values are rounded to `digits` significant digits.
 * @param values any array-like of numbers
 * @param digits significant digits, 1..17 (default {@link FIGURE_DIGITS} = 7; 17 keeps every value exactly)
 * @returns a new `(number | null)[]` of the same length
 */
export function toJsonNumbers(values: ArrayLike<number>, digits: number = FIGURE_DIGITS): Array<number | null> {
  const exact = digits >= 17;
  const out = new Array<number | null>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = Number.isFinite(v) ? (exact || v === 0 ? v : Number(v.toPrecision(digits))) : null;
  }
  return out;
}

/**
 * ISO `YYYY-MM-DD` strings for trading-day numbers (days since 1970-01-01, as in `Bars.dates`).
 * @returns a new string array of the same length
 */
export function isoDates(days: ArrayLike<number>): string[] {
  const out = new Array<string>(days.length);
  for (let i = 0; i < days.length; i++) out[i] = dayToIso(days[i]);
  return out;
}

/**
 * Throws an InputError unless `values` has exactly `expected` entries.
 * @param where name of the argument, e.g. `series[2].y` (used as the error's key path)
 */
export function checkLength(where: string, values: ArrayLike<unknown>, expected: number): void {
  if (values.length !== expected) throw inputError({ key: where }, `${expected} values (one per x value)`, `${values.length}`);
}

/**
 * A Plotly axis object with the shared grid style.
 * @param title axis title (none when undefined)
 * @param extra more axis fields (`type`, `range`, `domain`, …), which win over the defaults
 * @returns a new axis object; its title is `{text}` when given
 */
export function axis(title: string | undefined, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const a: Record<string, unknown> = { gridcolor: '#e6e6e6', zerolinecolor: '#c8c8c8', automargin: true, ...extra };
  if (title !== undefined) a.title = { text: title };
  return a;
}

/**
 * The layout fields every builder shares: title, height, white background, compact margins, legend below.
 * @param extra builder-specific layout fields (they win over the shared ones)
 * @returns a new layout object
 */
export function baseLayout(options: BaseFigureOptions, extra: Layout): Layout {
  const layout: Layout = {
    paper_bgcolor: '#ffffff',
    plot_bgcolor: '#ffffff',
    font: { family: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif', size: 12 },
    margin: { l: 60, r: 30, t: options.title ? 50 : 20, b: 50 },
    legend: { orientation: 'h', y: -0.15 },
    ...extra,
  };
  if (options.title) layout.title = { text: options.title };
  if (options.height !== undefined) layout.height = options.height;
  return layout;
}

/** Colour `i` of {@link PALETTE}, cycling. */
export function paletteColor(i: number): string {
  return PALETTE[((i % PALETTE.length) + PALETTE.length) % PALETTE.length];
}

/** A horizontal reference line, e.g. `{y: 0.5, label: 'chance'}`. */
export interface HLine {
  y: number;
  label?: string;
}

/**
 * Layout `shapes` and `annotations` drawing dotted horizontal lines across the plot.
 * @param hlines the lines (y in data units)
 * @returns `{shapes, annotations}` to spread into a layout (both empty arrays when `hlines` is empty)
 */
export function referenceLines(hlines: readonly HLine[]): { shapes: unknown[]; annotations: unknown[] } {
  return {
    shapes: hlines.map((h) => ({ type: 'line', xref: 'paper', x0: 0, x1: 1, y0: h.y, y1: h.y, line: { color: '#888', dash: 'dot', width: 1 } })),
    annotations: hlines
      .filter((h) => h.label)
      .map((h) => ({ xref: 'paper', x: 1, xanchor: 'right', y: h.y, yanchor: 'bottom', text: h.label, showarrow: false, font: { color: '#666' } })),
  };
}
