/** Table figures (Plotly `table` traces) for metric tables inside reports. */
import { inputError } from '../util/errors';
import { baseLayout, checkLength, type BaseFigureOptions, type Figure } from './figure';
import { withDefaults } from './options';

/** A table cell: text, a number (formatted with `decimals`), or null/undefined (empty). */
export type Cell = string | number | boolean | null | undefined;

/** Options of {@link tableFigure}. */
export interface TableOptions extends BaseFigureOptions {
  /** Decimals for non-integer numbers (default 4); integers print without decimals. */
  decimals?: number;
  /** Alignment of every column: `left` (default for text), `right` (default for numbers), or per column. */
  align?: 'left' | 'right' | 'center' | ReadonlyArray<'left' | 'right' | 'center'>;
  /** Relative column widths, one per column (e.g. `[1, 1, 4]` gives the last column 4 shares); default equal. */
  columnWidths?: readonly number[];
}

/** Defaults of {@link TableOptions}. */
export const tableDefaults = { decimals: 4 } as const;

/**
 * Formats one table cell: integers as is, other finite numbers with `decimals`, NaN as `—`.
 * @returns the printed text
 */
export function formatCell(v: Cell, decimals: number = tableDefaults.decimals): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return '—';
    if (!Number.isFinite(v)) return v > 0 ? '∞' : '-∞';
    return Number.isInteger(v) ? String(v) : v.toFixed(decimals);
  }
  return String(v);
}

/**
 * A table as a figure, so it sits in a report beside the charts.
 * @param columns header names
 * @param rows row-major cells, each row one cell per column
 * @param options title, height (default: 28 px per row + header), `decimals` (default 4), `align`,
 *   `columnWidths` (relative, default equal)
 * @returns a figure with one `table` trace: `header.values` = columns, `cells.values` column-major
 *   (one string array per column, one entry per row)
 */
export function tableFigure(columns: readonly string[], rows: ReadonlyArray<readonly Cell[]>, options: TableOptions = {}): Figure {
  const o = withDefaults(tableDefaults, options);
  if (columns.length === 0) throw inputError({ key: 'columns' }, 'at least one column', 'an empty list');
  rows.forEach((r, i) => checkLength(`rows[${i}]`, r, columns.length));
  const values = columns.map((_, c) => rows.map((r) => formatCell(r[c], o.decimals)));
  const align =
    o.align === undefined
      ? columns.map((_, c) => (rows.length > 0 && rows.every((r) => typeof r[c] === 'number' || r[c] == null) ? 'right' : 'left'))
      : typeof o.align === 'string'
        ? columns.map(() => o.align as string)
        : Array.from(o.align);
  if (align.length !== columns.length) throw inputError({ key: 'align' }, `${columns.length} alignments (one per column)`, String(align.length));
  if (o.columnWidths !== undefined) {
    checkLength('columnWidths', o.columnWidths, columns.length);
    o.columnWidths.forEach((w, c) => {
      if (!(Number.isFinite(w) && w > 0)) throw inputError({ key: `columnWidths[${c}]` }, 'a positive finite width', String(w));
    });
  }
  const height = o.height ?? Math.min(900, 40 + 28 * (rows.length + 1) + (o.title ? 40 : 0));
  return {
    data: [
      {
        type: 'table',
        header: { values: Array.from(columns), align, fill: { color: '#f0f0f0' }, font: { size: 12 }, height: 28 },
        cells: { values, align, height: 26, line: { color: '#e0e0e0' } },
        ...(o.columnWidths !== undefined ? { columnwidth: Array.from(o.columnWidths) } : {}),
      },
    ],
    layout: baseLayout({ ...o, height }, { margin: { l: 10, r: 10, t: o.title ? 40 : 10, b: 10 } }),
  };
}
