/**
 * Direction accuracy of a scored panel per symbol, per sector and pooled, each with its baselines and a
 * confidence interval.
 *
 * Predicted direction = score > threshold; true direction = `label` when given, else realized > 0.
 * Baselines: `alwaysUp` (share of up moves) and `majority`: the constant class that the training data's majority
 * picks (`trainUpShare`), or, without it, the better constant in hindsight on the rows themselves — a stricter bar.
 * Intervals: per symbol, Wilson on ⌊n/h⌋ non-overlapping labels (see `accuracySummary`); per sector and pooled,
 * a date-block bootstrap (whole dates resampled in blocks of at least h), because symbols on the same date share
 * market and sector moves and are not independent trials. p-values: exact binomial against the majority
 * baseline on the effective n (per symbol) or on ⌊dates/h⌋ × mean symbols per date (groups; approximate).
 */
import { inputError, show } from '../../util/errors';
import { checkInt, checkRange } from '../check';
import { binomialTest, wilsonInterval } from '../significance/binomial';
import { blockBootstrap, defaultBlockLength } from '../significance/bootstrap';
import { groupByDate, type ScoredRow } from './panel';

/** Options of {@link directionAccuracy}. */
export interface DirectionAccuracyOptions {
  /** Predicted up when score > threshold (default 0; use 0.5 for probabilities). */
  threshold?: number;
  /** Label horizon h in dates (default 1). */
  horizon?: number;
  /** Two-sided confidence (default 0.95). */
  confidence?: number;
  /** Share of up labels in the training rows, for the majority baseline (default: hindsight majority). */
  trainUpShare?: number;
  /** Bootstrap resamples for the group intervals (default 500). */
  resamples?: number;
  /** Seed of the bootstrap (default 42). */
  seed?: number;
}

/** Defaults of {@link DirectionAccuracyOptions}. */
export const directionAccuracyDefaults = { threshold: 0, horizon: 1, confidence: 0.95, resamples: 500, seed: 42 } as const;

/** Accuracy of one group of rows. */
export interface GroupAccuracy {
  /** Symbol, sector name, or `pooled`. */
  group: string;
  n: number;
  /** Trials used by the interval and test. */
  nEffective: number;
  accuracy: number;
  ci: [number, number];
  ciMethod: 'wilson' | 'date-block-bootstrap';
  /** Share of up moves (the always-up baseline's accuracy). */
  upShare: number;
  /** Accuracy of the majority-class baseline. */
  baseline: number;
  /** One-sided exact binomial p-value of accuracy > baseline. */
  pValue: number;
}

/** Result of {@link directionAccuracy}. */
export interface DirectionAccuracy {
  pooled: GroupAccuracy;
  bySector: GroupAccuracy[];
  bySymbol: GroupAccuracy[];
}

interface Scored {
  date: number;
  hit: number;
  up: number;
}

function baselineOf(upShare: number, trainUpShare: number | undefined): number {
  if (trainUpShare === undefined) return Math.max(upShare, 1 - upShare);
  return trainUpShare >= 0.5 ? upShare : 1 - upShare;
}

/**
 * Direction accuracy per symbol, per sector (rows with a `sector`) and pooled.
 * @param rows scored rows; `label` (0/1) optional
 * @param options threshold (0), horizon (1), confidence (0.95), trainUpShare, resamples (500), seed (42)
 * @returns {@link DirectionAccuracy}; groups sorted by name
 */
export function directionAccuracy(rows: readonly ScoredRow[], options: DirectionAccuracyOptions = {}): DirectionAccuracy {
  const fn = 'directionAccuracy';
  const o = { ...directionAccuracyDefaults, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as typeof directionAccuracyDefaults & DirectionAccuracyOptions;
  checkInt(fn, 'options.horizon', o.horizon, 1);
  checkRange(fn, 'options.confidence', o.confidence, 0, 1, 'both');
  if (!Number.isFinite(o.threshold)) throw inputError({ key: `${fn}(options.threshold)` }, 'a finite number', show(o.threshold));
  if (o.trainUpShare !== undefined) checkRange(fn, 'options.trainUpShare', o.trainUpShare, 0, 1);
  groupByDate(fn, rows); // validates rows
  const bySymbol = new Map<string, Scored[]>();
  const bySector = new Map<string, Scored[]>();
  const all: Scored[] = [];
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (r.label !== undefined && r.label !== 0 && r.label !== 1) throw inputError({ key: `${fn}(rows)[${i}].label` }, '0 (down) or 1 (up)', show(r.label));
    const up = r.label ?? (r.realized > 0 ? 1 : 0);
    const pred = r.score > o.threshold ? 1 : 0;
    const s: Scored = { date: r.date, hit: pred === up ? 1 : 0, up };
    all.push(s);
    const sym = bySymbol.get(r.symbol) ?? [];
    sym.push(s);
    bySymbol.set(r.symbol, sym);
    if (r.sector !== undefined) {
      const sec = bySector.get(r.sector) ?? [];
      sec.push(s);
      bySector.set(r.sector, sec);
    }
  }
  const symbolAcc = (name: string, xs: Scored[]): GroupAccuracy => {
    const n = xs.length;
    const hits = xs.reduce((a, x) => a + x.hit, 0);
    const upShare = xs.reduce((a, x) => a + x.up, 0) / n;
    const nEff = Math.max(1, Math.floor(n / o.horizon));
    const kEff = Math.round((hits / n) * nEff);
    const baseline = baselineOf(upShare, o.trainUpShare);
    return {
      group: name,
      n,
      nEffective: nEff,
      accuracy: hits / n,
      ci: wilsonInterval(kEff, nEff, { confidence: o.confidence }),
      ciMethod: 'wilson',
      upShare,
      baseline,
      pValue: binomialTest(kEff, nEff, baseline).pValue,
    };
  };
  const groupAcc = (name: string, xs: Scored[]): GroupAccuracy => {
    const byDate = new Map<number, [number, number]>();
    for (const x of xs) {
      const c = byDate.get(x.date) ?? [0, 0];
      c[0] += x.hit;
      c[1] += 1;
      byDate.set(x.date, c);
    }
    const days = [...byDate.keys()].sort((a, b) => a - b).map((d) => byDate.get(d)!);
    const n = xs.length;
    const hits = xs.reduce((a, x) => a + x.hit, 0);
    const upShare = xs.reduce((a, x) => a + x.up, 0) / n;
    const baseline = baselineOf(upShare, o.trainUpShare);
    const D = days.length;
    const nEff = Math.max(1, Math.round(Math.floor(D / o.horizon) * (n / D)));
    const kEff = Math.round((hits / n) * nEff);
    let ci: [number, number];
    if (D >= 2) {
      const boot = blockBootstrap(
        D,
        (idx) => {
          let h = 0;
          let c = 0;
          for (let i = 0; i < idx.length; i++) {
            h += days[idx[i]][0];
            c += days[idx[i]][1];
          }
          return h / c;
        },
        { blockLength: defaultBlockLength(D, o.horizon), resamples: o.resamples, confidence: o.confidence, seed: o.seed },
      );
      ci = boot.ci;
    } else ci = wilsonInterval(kEff, nEff, { confidence: o.confidence });
    return { group: name, n, nEffective: nEff, accuracy: hits / n, ci, ciMethod: 'date-block-bootstrap', upShare, baseline, pValue: binomialTest(kEff, nEff, baseline).pValue };
  };
  const sortByName = (a: GroupAccuracy, b: GroupAccuracy) => (a.group < b.group ? -1 : a.group > b.group ? 1 : 0);
  return {
    pooled: groupAcc('pooled', all),
    bySector: [...bySector].map(([k, v]) => groupAcc(k, v)).sort(sortByName),
    bySymbol: [...bySymbol].map(([k, v]) => symbolAcc(k, v)).sort(sortByName),
  };
}
