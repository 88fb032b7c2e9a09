/**
 * Leave-symbols-out evaluation ("does it work on new stocks?"): split the members of a universe into training
 * symbols and held-out symbols (seeded, stratified by sector), train on the first group only, score both groups
 * on the same test dates, and compare their ICs. The kept share = mean held-out IC / mean in-universe IC, with a
 * paired date-block bootstrap interval (the same resampled dates for both groups, blocks of at least h dates).
 */
import { inputError, show } from '../../util/errors';
import { Rng } from '../../util/rng';
import { checkInt, checkRange } from '../check';
import { blockBootstrap, defaultBlockLength } from '../significance/bootstrap';
import { icSeries, summarizeIc, type IcSeriesOptions, type IcSummary } from './ic';
import type { ScoredRow } from './panel';

/** A member as the split needs it. */
export interface SymbolMember {
  symbol: string;
  sector: string;
}

/** Options of {@link splitSymbols}. */
export interface SplitSymbolsOptions {
  /** Share of each sector held out (default 0.25), rounded; at least 1 and at most n − 1 per sector of n ≥ 2. */
  heldOutShare?: number;
  /** Seed (default 1). */
  seed?: number;
}

/** Train / held-out symbol groups. */
export interface SymbolSplit {
  train: string[];
  heldOut: string[];
}

function checkMembers(fn: string, members: readonly SymbolMember[]): Map<string, string[]> {
  if (!Array.isArray(members) || members.length < 2) throw inputError({ key: `${fn}(members)` }, 'at least 2 members {symbol, sector}', Array.isArray(members) ? `${members.length}` : show(members));
  const seen = new Set<string>();
  const bySector = new Map<string, string[]>();
  members.forEach((m, i) => {
    if (!m || typeof m.symbol !== 'string' || m.symbol === '') throw inputError({ key: `${fn}(members)[${i}].symbol` }, 'a non-empty string', show(m?.symbol));
    if (typeof m.sector !== 'string') throw inputError({ key: `${fn}(members)[${i}].sector` }, 'a string', show(m.sector));
    if (seen.has(m.symbol)) throw inputError({ key: `${fn}(members)[${i}].symbol` }, 'unique symbols', `a second ${m.symbol}`);
    seen.add(m.symbol);
    const g = bySector.get(m.sector) ?? [];
    g.push(m.symbol);
    bySector.set(m.sector, g);
  });
  return new Map([...bySector].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function shuffled(xs: string[], rng: Rng): string[] {
  const a = xs.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/**
 * Seeded split of members into training and held-out symbols, stratified by sector.
 * @param members symbols with sectors (unique symbols)
 * @param options heldOutShare (0.25), seed (1)
 * @returns train and heldOut symbol lists (each in member order)
 */
export function splitSymbols(members: readonly SymbolMember[], options: SplitSymbolsOptions = {}): SymbolSplit {
  const fn = 'splitSymbols';
  const share = options.heldOutShare ?? 0.25;
  checkRange(fn, 'options.heldOutShare', share, 0, 1, 'both');
  const bySector = checkMembers(fn, members);
  const rng = new Rng(options.seed ?? 1);
  const out = new Set<string>();
  for (const syms of bySector.values()) {
    const s = shuffled(syms, rng);
    const k = syms.length < 2 ? 0 : Math.min(syms.length - 1, Math.max(1, Math.round(share * syms.length)));
    for (let i = 0; i < k; i++) out.add(s[i]);
  }
  if (out.size === 0) throw inputError({ key: `${fn}(members)` }, 'a sector with at least 2 symbols to hold one out', 'every sector has one symbol');
  return { train: members.map((m) => m.symbol).filter((s) => !out.has(s)), heldOut: members.map((m) => m.symbol).filter((s) => out.has(s)) };
}

/**
 * Seeded symbol folds stratified by sector: each sector's symbols are shuffled and dealt in turn to the folds,
 * so every symbol is held out exactly once over the folds.
 * @param members symbols with sectors
 * @param options folds (default 4, at most the number of members), seed (1)
 * @returns the held-out symbols of each fold (member order inside a fold)
 */
export function symbolFolds(members: readonly SymbolMember[], options: { folds?: number; seed?: number } = {}): string[][] {
  const fn = 'symbolFolds';
  const folds = options.folds ?? 4;
  checkInt(fn, 'options.folds', folds, 2);
  const bySector = checkMembers(fn, members);
  if (folds > members.length) throw inputError({ key: `${fn}(options.folds)` }, `at most the number of members (${members.length})`, String(folds));
  const rng = new Rng(options.seed ?? 1);
  const fold = new Map<string, number>();
  let next = 0;
  for (const syms of bySector.values()) for (const s of shuffled(syms, rng)) fold.set(s, next++ % folds);
  return Array.from({ length: folds }, (_, f) => members.map((m) => m.symbol).filter((s) => fold.get(s) === f));
}

/** Options of {@link keptShare}. */
export interface KeptShareOptions extends Pick<IcSeriesOptions, 'method' | 'minSymbols'> {
  /** Label horizon h in dates (default 1): block length ≥ h and the IC summaries' HAC lag. */
  horizon?: number;
  /** Bootstrap resamples (default 1000). */
  resamples?: number;
  /** Seed (default 42). */
  seed?: number;
  /** Two-sided confidence (default 0.95). */
  confidence?: number;
}

/** Result of {@link keptShare}. */
export interface KeptShare {
  /** IC of the training symbols on the common dates. */
  inUniverse: IcSummary;
  /** IC of the held-out symbols on the common dates. */
  heldOut: IcSummary;
  /** mean held-out IC / mean in-universe IC. */
  share: number;
  /** Paired date-block bootstrap percentile interval of the share (resamples with in-universe IC ≤ 0 are left out). */
  ci: [number, number];
  /** Resamples left out of the interval. */
  invalid: number;
  /** Dates both groups have an IC on. */
  dates: number;
}

/**
 * Kept share of the IC on held-out symbols: mean IC(held out) / mean IC(in universe) over the dates both have.
 * @param inRows scored rows of the training symbols on the test dates
 * @param outRows scored rows of the held-out symbols on the same test dates (scored by the same model)
 * @param options method (`spearman`), minSymbols (3), horizon (1), resamples (1000), seed (42), confidence (0.95)
 * @returns {@link KeptShare}
 */
export function keptShare(inRows: readonly ScoredRow[], outRows: readonly ScoredRow[], options: KeptShareOptions = {}): KeptShare {
  const fn = 'keptShare';
  const h = options.horizon ?? 1;
  checkInt(fn, 'options.horizon', h, 1);
  const confidence = options.confidence ?? 0.95;
  const seriesOptions = { method: options.method ?? 'spearman', minSymbols: options.minSymbols ?? 3 } as const;
  const a = icSeries(inRows, seriesOptions);
  const b = icSeries(outRows, seriesOptions);
  const at = new Map(b.dates.map((d, i) => [d, i]));
  const ia: number[] = [];
  const ib: number[] = [];
  a.dates.forEach((d, i) => {
    const j = at.get(d);
    if (j !== undefined) (ia.push(i), ib.push(j));
  });
  const D = ia.length;
  if (D < 2) throw inputError({ key: `${fn}(outRows)` }, 'IC on at least 2 dates shared with inRows', `${D} shared dates`);
  const pick = (s: typeof a, idx: number[]) => ({ ...s, dates: idx.map((i) => s.dates[i]), ic: Float64Array.from(idx, (i) => s.ic[i]), symbols: Int32Array.from(idx, (i) => s.symbols[i]) });
  const sa = pick(a, ia);
  const sb = pick(b, ib);
  const ratio = (idx: Int32Array) => {
    let x = 0;
    let y = 0;
    for (let i = 0; i < idx.length; i++) {
      x += sa.ic[idx[i]];
      y += sb.ic[idx[i]];
    }
    return x > 0 ? y / x : NaN;
  };
  const boot = blockBootstrap(D, ratio, { blockLength: defaultBlockLength(D, h), resamples: options.resamples ?? 1000, seed: options.seed ?? 42, confidence });
  const summaryOptions = { horizon: h, confidence };
  const inUniverse = summarizeIc(sa, summaryOptions);
  const heldOut = summarizeIc(sb, summaryOptions);
  return { inUniverse, heldOut, share: heldOut.mean / inUniverse.mean, ci: boot.ci, invalid: boot.invalid, dates: D };
}
