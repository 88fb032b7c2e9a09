/**
 * Purged k-fold cross-validation with embargo and combinatorial purged cross-validation (CPCV),
 * after López de Prado, "Advances in Financial Machine Learning" (2018), ch. 7 and 12.
 *
 * Test blocks are contiguous groups of rows. Training is every other row, minus rows whose label span
 * [i, endIndex[i]] meets a test block's span (before AND after the block), minus the `embargo` rows
 * right AFTER each test block (their features overlap the test labels' period; López de Prado's embargo).
 */
import { inputError, show } from '../../util/errors';
import { IndexSplit } from './forward';
import { LabelSpanOptions, labelledRows, purgeRows, PurgeOptions, resolveEndIndex, resolvePurge, RowBlock } from './purge';

/** Options of {@link purgedKFold}. */
export interface PurgedKFoldOptions extends LabelSpanOptions, PurgeOptions {
  /** Number of folds k (contiguous test groups), 2..n; default 5. */
  k?: number;
}

/** Defaults of {@link PurgedKFoldOptions}. */
export const purgedKFoldDefaults = { k: 5 } as const;

/** One k-fold split (validation is always empty; carve one from `train` with a forward split if needed). */
export interface KFoldSplit extends IndexSplit {
  fold: number;
  /** First and last row of the test group (inclusive; `test` holds its labelled rows). */
  testStart: number;
  testEnd: number;
}

/**
 * Contiguous groups of n rows, sizes differing by at most one (the first n mod k groups get one more).
 * @param n rows
 * @param k groups, 1..n
 * @returns k blocks [start, end)
 */
export function groupBlocks(n: number, k: number): RowBlock[] {
  if (!Number.isInteger(k) || k < 1 || k > n) throw inputError({ key: 'split(options.k)' }, `a number of groups in 1..n = ${n}`, show(k));
  const out: RowBlock[] = [];
  const base = Math.floor(n / k);
  const extra = n % k;
  let s = 0;
  for (let g = 0; g < k; g++) {
    const len = base + (g < extra ? 1 : 0);
    out.push({ start: s, end: s + len });
    s += len;
  }
  return out;
}

function allRows(n: number): Int32Array {
  const r = new Int32Array(n);
  for (let i = 0; i < n; i++) r[i] = i;
  return r;
}

/** The labelled rows of the blocks, ascending. */
function rowsOf(endIndex: Int32Array, blocks: RowBlock[]): Int32Array {
  const parts = blocks.map((b) => labelledRows(endIndex, b.start, b.end));
  const out = new Int32Array(parts.reduce((a, p) => a + p.length, 0));
  let j = 0;
  for (const p of parts) {
    out.set(p, j);
    j += p.length;
  }
  return out;
}

/**
 * Purged k-fold with embargo: fold f tests group f and trains on all other rows, purged and embargoed.
 * @param n number of samples (row i = sample i), >= 2
 * @param options k (5), endIndex / forecastHorizon (1), purge (true), embargo (0, rows after each test group)
 * @returns k {@link KFoldSplit}s in group order
 */
export function purgedKFold(n: number, options: PurgedKFoldOptions = {}): KFoldSplit[] {
  const endIndex = resolveEndIndex(n, options);
  const { purge, embargo } = resolvePurge(options);
  const k = options.k ?? purgedKFoldDefaults.k;
  if (!Number.isInteger(k) || k < 2 || k > n) throw inputError({ key: 'purgedKFold(options.k)' }, `an integer in 2..n = ${n}`, show(k));
  const rows = allRows(n);
  return groupBlocks(n, k).map((block, fold) => {
    const r = purgeRows(rows, endIndex, [block], { purge, embargoAfter: embargo });
    return { fold, ...r, validation: new Int32Array(0), test: rowsOf(endIndex, [block]), testStart: block.start, testEnd: block.end - 1 };
  });
}

/** Options of {@link combinatorialPurgedCV}. */
export interface CombinatorialOptions extends LabelSpanOptions, PurgeOptions {
  /** Number of groups N, 2..n; default 6. */
  groups?: number;
  /** Test groups per split k, 1..N−1; default 2. */
  testGroups?: number;
}

/** Defaults of {@link CombinatorialOptions}. */
export const combinatorialDefaults = { groups: 6, testGroups: 2 } as const;

/** One CPCV split: the test is the union of `testGroups`. */
export interface CombinatorialSplit extends IndexSplit {
  split: number;
  /** Indices of the groups tested, ascending. */
  testGroups: number[];
}

/** The splits of a CPCV and the backtest paths they form. */
export interface CombinatorialCV {
  /** Group g covers rows [groups[g].start, groups[g].end). */
  groups: RowBlock[];
  /** C(N, k) splits in lexicographic order of their test groups. */
  splits: CombinatorialSplit[];
  /**
   * φ = k·C(N, k)/N backtest paths; `paths[p][g]` is the split whose predictions on group g form path p
   * (for each group, the splits testing it are assigned to paths in order).
   */
  paths: number[][];
}

function combinations(N: number, k: number): number[][] {
  const out: number[][] = [];
  const cur: number[] = [];
  const rec = (from: number): void => {
    if (cur.length === k) {
      out.push(cur.slice());
      return;
    }
    for (let g = from; g <= N - (k - cur.length); g++) {
      cur.push(g);
      rec(g + 1);
      cur.pop();
    }
  };
  rec(0);
  return out;
}

/**
 * Combinatorial purged cross-validation: the n rows form N contiguous groups; every choice of k test
 * groups is a split whose training rows are the other groups, purged against each test group and
 * embargoed after each.
 * @param n number of samples, >= groups
 * @param options groups N (6), testGroups k (2), endIndex / forecastHorizon (1), purge (true), embargo (0)
 * @returns {groups, splits (C(N, k)), paths (k·C(N, k)/N paths of N split indices)}
 */
export function combinatorialPurgedCV(n: number, options: CombinatorialOptions = {}): CombinatorialCV {
  const endIndex = resolveEndIndex(n, options);
  const { purge, embargo } = resolvePurge(options);
  const N = options.groups ?? combinatorialDefaults.groups;
  const k = options.testGroups ?? combinatorialDefaults.testGroups;
  if (!Number.isInteger(N) || N < 2 || N > n) throw inputError({ key: 'combinatorialPurgedCV(options.groups)' }, `an integer in 2..n = ${n}`, show(N));
  if (!Number.isInteger(k) || k < 1 || k >= N) throw inputError({ key: 'combinatorialPurgedCV(options.testGroups)' }, `an integer in 1..${N - 1}`, show(k));
  const groups = groupBlocks(n, N);
  const rows = allRows(n);
  const combos = combinations(N, k);
  const splits = combos.map((testGroups, split) => {
    const blocks = testGroups.map((g) => groups[g]);
    const r = purgeRows(rows, endIndex, blocks, { purge, embargoAfter: embargo });
    return { split, testGroups, ...r, validation: new Int32Array(0), test: rowsOf(endIndex, blocks) };
  });
  const nPaths = (k * combos.length) / N;
  const paths: number[][] = Array.from({ length: nPaths }, () => new Array<number>(N).fill(-1));
  for (let g = 0; g < N; g++) {
    let p = 0;
    combos.forEach((c, s) => {
      if (c.includes(g)) paths[p++][g] = s;
    });
  }
  return { groups, splits, paths };
}
