/** Line charts: one or many series (equity curves, loss curves, accuracy per iteration). */
import type { TrainHistory } from '../models/types';
import { inputError } from '../util/errors';
import { axis, baseLayout, checkLength, isoDates, paletteColor, toJsonNumbers, referenceLines, type BaseFigureOptions, type HLine, type Figure, type Trace } from './figure';
import { withDefaults } from './options';

/** One line of a {@link lineFigure}. */
export interface LineSeries {
  name: string;
  /** Values, one per x. NaN draws a gap. */
  y: ArrayLike<number>;
  /** x values (numbers, or strings such as ISO dates); default 1..n (iterations, epochs). */
  x?: ArrayLike<number> | readonly string[];
  /** `solid` (default), `dash`, `dot`, `dashdot`. */
  dash?: 'solid' | 'dash' | 'dot' | 'dashdot';
  /** CSS colour; default: the palette colour of the series' position. */
  color?: string;
  /** Draw markers on the points as well (default false). */
  markers?: boolean;
}

/** Options of {@link lineFigure}. */
export interface LineOptions extends BaseFigureOptions {
  xTitle?: string;
  yTitle?: string;
  /** `linear` (default) or `log` y axis. */
  yType?: 'linear' | 'log';
  /** x axis type; default `date` when x values are ISO date strings, else `linear`. */
  xType?: 'linear' | 'date' | 'category';
  /** Horizontal reference lines, e.g. `[{y: 0.5, label: 'chance'}]`. */
  hlines?: readonly HLine[];
}

/** Defaults of {@link LineOptions}. */
export const lineDefaults = { yType: 'linear' } as const;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}/;

/**
 * Line chart of one or more series.
 * @param series the lines; each `y` must match its `x` in length (x defaults to 1..n)
 * @param options axis titles, `yType` (default linear), `xType` (auto), reference `hlines`
 * @returns a figure with one `scatter` trace (mode `lines`) per series, in order
 */
export function lineFigure(series: readonly LineSeries[], options: LineOptions = {}): Figure {
  const o = withDefaults(lineDefaults, options);
  if (series.length === 0) throw inputError({ key: 'series' }, 'at least one series', 'an empty list');
  let sawDates = false;
  const data: Trace[] = series.map((s, i) => {
    let x: Array<number | string | null>;
    if (s.x === undefined) {
      x = Array.from({ length: s.y.length }, (_, k) => k + 1);
    } else {
      checkLength(`series[${i}].y`, s.y, s.x.length);
      if (s.x.length > 0 && typeof s.x[0] === 'string') {
        x = Array.from(s.x as readonly string[]);
        if (ISO_DATE.test(x[0] as string)) sawDates = true;
      } else {
        x = toJsonNumbers(s.x as ArrayLike<number>);
      }
    }
    return {
      type: 'scatter',
      mode: s.markers ? 'lines+markers' : 'lines',
      name: s.name,
      x,
      y: toJsonNumbers(s.y),
      line: { color: s.color ?? paletteColor(i), dash: s.dash ?? 'solid', width: 2 },
    };
  });
  const xType = o.xType ?? (sawDates ? 'date' : 'linear');
  const layout = baseLayout(o, {
    xaxis: axis(o.xTitle, { type: xType }),
    yaxis: axis(o.yTitle, { type: o.yType }),
    showlegend: series.length > 1,
  });
  if (o.hlines && o.hlines.length) Object.assign(layout, referenceLines(o.hlines));
  return { data, layout };
}

/**
 * Loss curves of a training history: `loss`, `valLoss` and every other `loss*` series (per-head losses).
 * @param history per-epoch (or per-round) series from `Model.history()`
 * @param options title, height, `xTitle` (default `Epoch`), `yTitle` (default `Loss`)
 * @returns a {@link lineFigure}: training series solid, validation (`val*`) series dashed in their
 *   training series' colour, x = 1..epochs
 */
export function lossCurveFigure(history: TrainHistory, options: LineOptions = {}): Figure {
  const names = Object.keys(history).filter((k) => /loss/i.test(k) && history[k] !== undefined && history[k]!.length > 0);
  if (names.length === 0) throw inputError({ key: 'history' }, 'a `loss` series with at least one value', `series ${JSON.stringify(Object.keys(history))}`);
  names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const bases: string[] = [];
  const series: LineSeries[] = names.map((k) => {
    const base = k.replace(/^val([A-Z])/, (_m, c: string) => c.toLowerCase());
    if (!bases.includes(base)) bases.push(base);
    return { name: k, y: history[k]!, dash: /^val[A-Z]/.test(k) ? 'dash' : 'solid', color: paletteColor(bases.indexOf(base)) };
  });
  return lineFigure(series, { xTitle: 'Epoch', yTitle: 'Loss', ...options });
}

function rank(name: string): number {
  return name === 'loss' ? 0 : name === 'valLoss' ? 1 : 2;
}

/** Input of {@link equityCurveFigure}. */
export interface EquityCurves {
  /** Trading days (days since 1970-01-01), one per value. */
  dates: ArrayLike<number>;
  /** Equity per strategy (e.g. `{model: …, 'buy & hold': …}`), each the same length as `dates`. */
  curves: Record<string, ArrayLike<number>>;
}

/**
 * Equity curves over time (strategies vs buy-and-hold).
 * @param input trading days and one equity series per strategy name
 * @param options title, height, `yType` (`log` suits long periods), `yTitle` (default `Equity`)
 * @returns a {@link lineFigure} with one line per strategy, x = ISO dates, date axis
 */
export function equityCurveFigure(input: EquityCurves, options: LineOptions = {}): Figure {
  const x = isoDates(input.dates);
  const series = Object.entries(input.curves).map(([name, y]) => ({ name, x, y }));
  return lineFigure(series, { yTitle: 'Equity', xType: 'date', ...options });
}
