/**
 * Label spans, purging and embargo shared by every split.
 *
 * Sample i is row i; its label is known once row `endIndex[i]` has closed (endIndex[i] = i + h for an
 * h-day label), so its information span is the rows [i, endIndex[i]]. A training sample leaks into a
 * test block [a, b) when its span meets the block's span [a, max_{j in block} endIndex[j]]:
 * endIndex[i] >= a and i <= maxEnd. Purging removes such samples; the embargo removes, in addition,
 * the `embargo` rows right after a block (k-fold) or right before it (forward splits).
 *
 * endIndex[i] = −1 marks a sample without a label (the labels module's convention for the last h rows):
 * such rows are never put in train, validation or test, and count as neither purged nor embargoed.
 * A block's span always covers its own rows, [a, max(b − 1, max endIndex)]: a block with no labelled row
 * (e.g. the last rows of a series scored as a test block) still purges every training label ending at or after a.
 */
import { inputError, show } from '../../util/errors';

/** How a split finds each sample's label end: an explicit `endIndex`, or i + `forecastHorizon`. */
export interface LabelSpanOptions {
  /**
   * Row index of the last row each sample's label uses (t + h), length n, endIndex[i] >= i, or −1 for a
   * sample without a label (left out of every block). Overrides `forecastHorizon`.
   */
  endIndex?: Int32Array;
  /** Label horizon h in rows when `endIndex` is not given: endIndex[i] = i + h. Default 1. */
  forecastHorizon?: number;
}

/** Purge and embargo switches shared by all splits. */
export interface PurgeOptions {
  /** Remove training (and validation) samples whose label span meets the held-out block; default true. */
  purge?: boolean;
  /** Rows next to each held-out block removed from training regardless of their labels; default 0. */
  embargo?: number;
}

/** Defaults of {@link LabelSpanOptions} and {@link PurgeOptions}. */
export const purgeDefaults = { forecastHorizon: 1, purge: true, embargo: 0 } as const;

/** A contiguous block of rows [start, end) (end exclusive). */
export interface RowBlock {
  start: number;
  end: number;
}

/**
 * The label end row of every sample, validated.
 * @param n number of samples
 * @param options `endIndex` (length n, integers >= i) or `forecastHorizon` (default 1)
 * @returns Int32Array of length n (the caller's array when given; never mutated)
 */
export function resolveEndIndex(n: number, options: LabelSpanOptions = {}): Int32Array {
  if (!Number.isInteger(n) || n < 0) throw inputError({ key: 'split(n)' }, 'a sample count (integer >= 0)', show(n));
  if (options.endIndex !== undefined) {
    const e = options.endIndex;
    if (!(e instanceof Int32Array) || e.length !== n) {
      throw inputError({ key: 'split(options.endIndex)' }, `an Int32Array of length n = ${n}`, e instanceof Int32Array ? `length ${e.length}` : show(e));
    }
    for (let i = 0; i < n; i++) {
      if (e[i] < i && e[i] !== -1) {
        throw inputError({ key: `split(options.endIndex)[${i}]` }, `a label end row >= the sample row ${i} (or −1: no label)`, show(e[i]));
      }
    }
    return e;
  }
  const h = options.forecastHorizon ?? purgeDefaults.forecastHorizon;
  if (!Number.isInteger(h) || h < 0) throw inputError({ key: 'split(options.forecastHorizon)' }, 'an integer >= 0 (rows)', show(h));
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i + h;
  return out;
}

/**
 * Validated purge switches.
 * @param options purge (true), embargo (0 rows)
 * @returns {purge, embargo}
 */
export function resolvePurge(options: PurgeOptions): { purge: boolean; embargo: number } {
  const purge = options.purge ?? purgeDefaults.purge;
  const embargo = options.embargo ?? purgeDefaults.embargo;
  if (typeof purge !== 'boolean') throw inputError({ key: 'split(options.purge)' }, 'true or false', show(purge));
  if (!Number.isInteger(embargo) || embargo < 0) throw inputError({ key: 'split(options.embargo)' }, 'an integer >= 0 (rows)', show(embargo));
  return { purge, embargo };
}

/**
 * max endIndex over the rows of a block (the block's span end).
 * @param endIndex label end row per sample
 * @param block rows [start, end)
 * @returns max endIndex over the block (−1 if none is labelled)
 */
export function blockSpanEnd(endIndex: Int32Array, block: RowBlock): number {
  let m = -1;
  for (let j = block.start; j < block.end; j++) if (endIndex[j] > m) m = endIndex[j];
  return m;
}

/**
 * The rows of [start, end) that have a label (endIndex >= 0), ascending.
 * @param endIndex label end row per sample (−1 = no label)
 * @param start first row
 * @param end row after the last
 * @returns Int32Array of labelled rows
 */
export function labelledRows(endIndex: Int32Array, start: number, end: number): Int32Array {
  const out: number[] = [];
  for (let i = start; i < end; i++) if (endIndex[i] >= 0) out.push(i);
  return Int32Array.from(out);
}

/**
 * Splits sorted row indices into maximal runs of consecutive rows.
 * @param rows row indices, ascending
 * @returns blocks [start, end) in order
 */
export function contiguousBlocks(rows: ArrayLike<number>): RowBlock[] {
  const out: RowBlock[] = [];
  for (let i = 0; i < rows.length; ) {
    let j = i;
    while (j + 1 < rows.length && rows[j + 1] === rows[j] + 1) j++;
    out.push({ start: rows[i], end: rows[j] + 1 });
    i = j + 1;
  }
  return out;
}

/** Options of {@link purgeRows}. */
export interface PurgeRowsOptions {
  /** Purge overlapping samples; default true. */
  purge?: boolean;
  /** Rows right after each block removed (k-fold embargo); default 0. */
  embargoAfter?: number;
  /** Rows right before each block removed (forward-split embargo); default 0. */
  embargoBefore?: number;
}

/** Training rows kept after purge and embargo, with the counts removed for each reason. */
export interface PurgeResult {
  train: Int32Array;
  /** Candidates removed because their label span meets a block (checked first). */
  purged: number;
  /** Candidates removed by the embargo only. */
  embargoed: number;
}

/**
 * The information span end of a held-out block: the last row its rows or their labels touch,
 * max(block.end − 1, {@link blockSpanEnd}). Unlike blockSpanEnd it is never −1, so a block without
 * labelled rows still purges the training labels that reach into it.
 * @param endIndex label end row per sample (−1 = no label)
 * @param block rows [start, end)
 * @returns a row index >= block.end − 1
 */
export function heldOutSpanEnd(endIndex: Int32Array, block: RowBlock): number {
  return Math.max(block.end - 1, blockSpanEnd(endIndex, block));
}

/**
 * Removes from candidate training rows those inside a held-out block, those whose label span meets a
 * block's span (purge), and those within the embargo rows after/before a block.
 * For building custom splits (e.g. date-based progressive windows) with the same rules as the splits here.
 * @param candidates candidate training rows (any order; not mutated)
 * @param endIndex label end row per sample (see {@link resolveEndIndex})
 * @param blocks held-out blocks [start, end)
 * @param options purge (true), embargoAfter (0), embargoBefore (0)
 * @returns {train (ascending), purged, embargoed}; rows inside a block or without a label are dropped and not counted
 */
export function purgeRows(candidates: ArrayLike<number>, endIndex: Int32Array, blocks: RowBlock[], options: PurgeRowsOptions = {}): PurgeResult {
  const purge = options.purge ?? true;
  const after = options.embargoAfter ?? 0;
  const before = options.embargoBefore ?? 0;
  const spans = blocks.map((b) => ({ ...b, spanEnd: heldOutSpanEnd(endIndex, b) }));
  const kept: number[] = [];
  let purged = 0;
  let embargoed = 0;
  for (let c = 0; c < candidates.length; c++) {
    const i = candidates[c];
    if (endIndex[i] < 0 || spans.some((b) => i >= b.start && i < b.end)) continue;
    if (purge && spans.some((b) => endIndex[i] >= b.start && i <= b.spanEnd)) {
      purged++;
      continue;
    }
    if (spans.some((b) => (i >= b.end && i < b.end + after) || (i < b.start && i >= b.start - before))) {
      embargoed++;
      continue;
    }
    kept.push(i);
  }
  return { train: Int32Array.from(kept).sort(), purged, embargoed };
}

/**
 * Training rows that leak into the held-out rows: rows of `train` whose label span [i, endIndex[i]]
 * meets the span of any contiguous run of `heldOut`. Empty for every split here with `purge: true`;
 * use it in tests to show that disabling the purge lets overlapping samples through.
 * @param train training rows (disjoint from `heldOut`)
 * @param heldOut test (or validation) rows, ascending
 * @param endIndex label end row per sample
 * @returns the leaking training rows, ascending
 */
export function overlappingRows(train: ArrayLike<number>, heldOut: ArrayLike<number>, endIndex: Int32Array): Int32Array {
  const spans = contiguousBlocks(heldOut).map((b) => ({ start: b.start, spanEnd: heldOutSpanEnd(endIndex, b) }));
  const out: number[] = [];
  for (let c = 0; c < train.length; c++) {
    const i = train[c];
    if (endIndex[i] >= 0 && spans.some((b) => endIndex[i] >= b.start && i <= b.spanEnd)) out.push(i);
  }
  return Int32Array.from(out).sort();
}
