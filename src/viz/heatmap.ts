/** Heatmaps: generic, correlation matrix, confusion matrix. */
import { inputError } from '../util/errors';
import { axis, baseLayout, checkLength, type BaseFigureOptions, type Figure } from './figure';
import { withDefaults } from './options';

/** Options of {@link heatmapFigure}. */
export interface HeatmapOptions extends BaseFigureOptions {
  xTitle?: string;
  yTitle?: string;
  /** Colour scale bounds (default: the data's range). */
  zmin?: number;
  zmax?: number;
  /** Plotly colour scale name (default `Viridis`). */
  colorscale?: string;
  /** Reverse the colour scale (default false). */
  reversescale?: boolean;
  /** Write each cell's value in the cell: true, false, or `auto` = when there are at most 400 cells (default). */
  annotate?: boolean | 'auto';
  /** Decimals of the written values (default 2). */
  decimals?: number;
  /** Draw row 0 at the top, like a printed matrix (default true). */
  rowsTopDown?: boolean;
}

/** Defaults of {@link HeatmapOptions}. */
export const heatmapDefaults = { colorscale: 'Viridis', reversescale: false, annotate: 'auto', decimals: 2, rowsTopDown: true } as const;

/**
 * Heatmap of a matrix given as rows.
 * @param z rows of values, `z[row][col]`; NaN cells stay empty
 * @param xLabels one label per column; `yLabels` one per row
 * @param options titles, `zmin`/`zmax`, `colorscale` (default Viridis), `annotate` (default auto), `decimals` (2)
 * @returns a figure with one `heatmap` trace (`z` rows × columns); annotated cells carry `text` and
 *   `texttemplate: '%{text}'`
 */
export function heatmapFigure(
  z: ReadonlyArray<ArrayLike<number>>,
  xLabels: readonly string[],
  yLabels: readonly string[],
  options: HeatmapOptions = {},
): Figure {
  const o = withDefaults(heatmapDefaults, options);
  checkLength('yLabels', yLabels, z.length);
  const rows = z.map((row, i) => {
    checkLength(`z[${i}]`, row, xLabels.length);
    return Array.from(row, (v) => (Number.isFinite(v) ? v : null));
  });
  const annotate = o.annotate === 'auto' ? xLabels.length * yLabels.length <= 400 : o.annotate;
  const trace: Figure['data'][number] = {
    type: 'heatmap',
    x: Array.from(xLabels),
    y: Array.from(yLabels),
    z: rows,
    colorscale: o.colorscale,
    reversescale: o.reversescale,
    hoverongaps: false,
  };
  if (o.zmin !== undefined) trace.zmin = o.zmin;
  if (o.zmax !== undefined) trace.zmax = o.zmax;
  if (annotate) {
    trace.text = rows.map((r) => r.map((v) => (v === null ? '' : v.toFixed(o.decimals))));
    trace.texttemplate = '%{text}';
  }
  return {
    data: [trace],
    layout: baseLayout(o, {
      xaxis: axis(o.xTitle, { type: 'category', showgrid: false }),
      yaxis: axis(o.yTitle, { type: 'category', showgrid: false, ...(o.rowsTopDown ? { autorange: 'reversed' } : {}) }),
    }),
  };
}

/**
 * Correlation-matrix heatmap: red for positive, blue for negative, fixed scale [-1, 1].
 * @param names variable names (rows and columns, in order)
 * @param matrix square correlation matrix, `matrix[i][j]`
 * @returns a {@link heatmapFigure} with colorscale `RdBu` (plotly.js: blue at the low end, red at the high end),
 *   `zmin` -1, `zmax` 1
 */
export function correlationHeatmapFigure(names: readonly string[], matrix: ReadonlyArray<ArrayLike<number>>, options: HeatmapOptions = {}): Figure {
  return heatmapFigure(matrix, names, names, { colorscale: 'RdBu', reversescale: false, zmin: -1, zmax: 1, ...options });
}

/** Options of {@link confusionMatrixFigure}. */
export interface ConfusionOptions extends HeatmapOptions {
  /** `none` (counts, default) or `true` (each actual-class row sums to 1). */
  normalize?: 'none' | 'true';
}

/**
 * Confusion-matrix heatmap: rows are actual classes, columns predicted classes.
 * @param counts `counts[actual][predicted]`, square, k × k
 * @param classNames k class names (e.g. `['down', 'up']`)
 * @param options `normalize` (`none` default, or `true` for row shares), titles
 * @returns a {@link heatmapFigure} with x title `Predicted`, y title `Actual`, row 0 at the top, values written
 *   in the cells (counts with 0 decimals, shares with 2)
 */
export function confusionMatrixFigure(counts: ReadonlyArray<ArrayLike<number>>, classNames: readonly string[], options: ConfusionOptions = {}): Figure {
  const k = classNames.length;
  checkLength('counts', counts, k);
  const normalize = options.normalize ?? 'none';
  const z = counts.map((row, i) => {
    checkLength(`counts[${i}]`, row, k);
    const vals = Array.from(row);
    for (const v of vals) if (!(v >= 0)) throw inputError({ key: `counts[${i}]` }, 'non-negative counts', String(v));
    if (normalize === 'none') return vals;
    const sum = vals.reduce((a, b) => a + b, 0);
    return vals.map((v) => (sum > 0 ? v / sum : NaN));
  });
  return heatmapFigure(z, classNames, classNames, {
    xTitle: 'Predicted',
    yTitle: 'Actual',
    colorscale: 'Blues',
    reversescale: true, // plotly.js' Blues runs dark → light; reversed, larger counts are darker
    annotate: true,
    decimals: normalize === 'none' ? 0 : 2,
    ...(normalize === 'true' ? { zmin: 0, zmax: 1 } : {}),
    ...options,
  });
}
