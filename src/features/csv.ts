/** CSV text of a feature frame (plus optional extra columns such as labels), for files and notebooks. */
import { dayToIso } from '../util/dates';
import { inputError } from '../util/errors';
import type { FeatureFrame } from './frame';

/** Options of {@link frameToCsv}. */
export interface FrameCsvOptions {
  /** Extra `[name, column]` pairs aligned to the frame's rows (e.g. `labelColumns(labels)`). */
  extra?: Array<[string, ArrayLike<number>]>;
  /** First / last row to write, inclusive (default all rows). */
  fromRow?: number;
  toRow?: number;
  /** Instants of the rows (UTC ms, intraday bars): the first column is then `time` (ISO UTC) instead of `date`. */
  times?: ArrayLike<number>;
}

/** Defaults of {@link FrameCsvOptions}. */
export const frameCsvDefaults: Readonly<FrameCsvOptions> = {};

/**
 * Formats a frame as CSV: header `date,<names…>,<extra names…>` (`time` first for intraday rows), ISO dates/instants, numbers at full precision
 * (shortest round-trip form, never rounded), empty cells for NaN.
 * @param frame feature frame
 * @param options extra columns and row range
 * @returns CSV text ending with a newline
 * @throws InputError when an extra column name repeats a feature name or has the wrong length
 */
export function frameToCsv(frame: FeatureFrame, options: FrameCsvOptions = frameCsvDefaults): string {
  const extra = options.extra ?? [];
  const n = frame.dates.length;
  const names = [...frame.names];
  const cols: ArrayLike<number>[] = [...frame.columns];
  for (const [name, c] of extra) {
    if (names.includes(name)) throw inputError({ key: 'extra' }, 'extra column names distinct from the feature names', JSON.stringify(name));
    if (c.length !== n) throw inputError({ key: `extra.${name}` }, `a column of ${n} rows`, `${c.length}`);
    names.push(name);
    cols.push(c);
  }
  const from = Math.max(0, options.fromRow ?? 0);
  const to = Math.min(n - 1, options.toRow ?? n - 1);
  const times = options.times;
  if (times && times.length !== n) throw inputError({ key: 'times' }, `a column of ${n} instants`, `${times.length}`);
  const lines: string[] = [[times ? 'time' : 'date', ...names].join(',')];
  const cells: string[] = new Array(cols.length + 1);
  for (let i = from; i <= to; i++) {
    cells[0] = times ? new Date(times[i]).toISOString() : dayToIso(frame.dates[i]);
    for (let j = 0; j < cols.length; j++) {
      const v = cols[j][i];
      cells[j + 1] = Number.isNaN(v) ? '' : String(v);
    }
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}
