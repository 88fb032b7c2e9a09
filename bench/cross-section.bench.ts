/**
 * Cross-sectional evaluation benchmarks on the synthetic universe (26 symbols × 1,260 days):
 * - `xsec.ic_portfolio_26x1260`: time of IC + rank IC report and the top-5 / bottom-5 long-short portfolio
 *   (plus the 500-permutation chance band and direction accuracy as extra timings);
 * - `xsec.recovery.planted` / `xsec.recovery.random_walk`: a pooled gbdt learns from 'minimal' features plus the
 *   cross-sectional z-score and rank of log_ret_5 on the first 60 % of dates (last quarter of those for
 *   validation, one date purged at each boundary), label = "beats the cross-sectional median next day";
 *   out-of-sample rank IC (HAC t), long-short portfolio with its chance band, and leave-symbols-out kept share
 *   (a second model trained on 15 symbols scores the 5 held-out ones on the same test dates). The random-walk
 *   panel (signal 0) runs on seeds 1–5, one JSON line each.
 */
import { Bench, BenchResult, timeIt } from './types';
import { syntheticPanel, type SyntheticPanel } from '../src/data/panel-synthetic';
import { buildFeatures } from '../src/features/registry';
import { createModel } from '../src/models/index';
import type { Dataset } from '../src/models/types';
import {
  directionAccuracy,
  icReport,
  keptShare,
  longShortChanceBand,
  longShortPortfolio,
  splitSymbols,
  type ScoredRow,
} from '../src/evaluation/index';

const round = (v: number, d = 4) => Math.round(v * 10 ** d) / 10 ** d;

/** Every member, score = −log_ret_5, realized = next-day simple return. */
function reversalRows(p: SyntheticPanel): ScoredRow[] {
  const rows: ScoredRow[] = [];
  for (const m of p.members) {
    const c = p.bars[m.symbol].close;
    for (let i = 5; i < c.length - 1; i++) rows.push({ date: p.bars[m.symbol].dates[i], symbol: m.symbol, sector: m.sector, score: -Math.log(c[i] / c[i - 5]), realized: c[i + 1] / c[i] - 1 });
  }
  return rows;
}

interface PanelRow {
  date: number;
  symbol: string;
  sector: string;
  x: number[];
  realized: number;
  label: number;
}

/** Pooled equity rows: per-symbol features + cross-sectional z-score and rank of log_ret_5; label = beats the date's median. */
function panelDataset(p: SyntheticPanel): { rows: PanelRow[]; names: string[] } {
  const eq = p.members.filter((m) => m.assetClass === 'equity');
  const byDate = new Map<number, PanelRow[]>();
  let names: string[] = [];
  for (const m of eq) {
    const b = p.bars[m.symbol];
    const f = buildFeatures(b, { set: 'minimal' });
    names = f.names;
    const r5 = f.columns[f.names.indexOf('log_ret_5')];
    for (let i = 0; i < b.close.length - 1; i++) {
      const x = f.columns.map((c) => c[i]);
      if (!x.every(Number.isFinite) || !Number.isFinite(r5[i])) continue;
      const row: PanelRow = { date: b.dates[i], symbol: m.symbol, sector: m.sector, x, realized: b.close[i + 1] / b.close[i] - 1, label: 0 };
      const g = byDate.get(row.date) ?? [];
      g.push(row);
      byDate.set(row.date, g);
    }
  }
  const rows: PanelRow[] = [];
  const k = names.indexOf('log_ret_5');
  for (const d of [...byDate.keys()].sort((a, b) => a - b)) {
    const g = byDate.get(d)!;
    const v = g.map((r) => r.x[k]);
    const mu = v.reduce((a, b) => a + b, 0) / v.length;
    const sd = Math.sqrt(v.reduce((a, b) => a + (b - mu) ** 2, 0) / Math.max(1, v.length - 1)) || 1;
    const order = v.map((_, i) => i).sort((a, b) => v[a] - v[b]);
    const rank = new Array<number>(v.length);
    order.forEach((i, pos) => (rank[i] = v.length > 1 ? pos / (v.length - 1) : 0.5));
    const med = [...g.map((r) => r.realized)].sort((a, b) => a - b)[Math.floor(g.length / 2)];
    g.forEach((r, i) => {
      r.x.push((v[i] - mu) / sd, rank[i]);
      r.label = r.realized > med ? 1 : 0;
      rows.push(r);
    });
  }
  return { rows, names: [...names, 'xs_z_log_ret_5', 'xs_rank_log_ret_5'] };
}

function toDataset(rows: PanelRow[], names: string[]): Dataset {
  const f = names.length;
  const x = new Float32Array(rows.length * f);
  rows.forEach((r, i) => x.set(r.x, i * f));
  return { x, shape: [rows.length, f], featureNames: names, y: Float32Array.from(rows, (r) => r.label), dates: Int32Array.from(rows, (r) => r.date) };
}

async function scoreRows(train: PanelRow[], valid: PanelRow[], test: PanelRow[], names: string[]): Promise<ScoredRow[]> {
  const model = createModel('gbdt', { task: 'binary', seed: 7 });
  await model.fit(toDataset(train, names), { validation: toDataset(valid, names) });
  const proba = await model.predictProba(toDataset(test, names));
  return test.map((r, i) => ({ date: r.date, symbol: r.symbol, sector: r.sector, score: proba[2 * i + 1], realized: r.realized }));
}

async function recovery(name: string, signal: number, seed: number): Promise<BenchResult[]> {
  const p = syntheticPanel({ signal, seed });
  const { rows, names } = panelDataset(p);
  const dates = [...new Set(rows.map((r) => r.date))].sort((a, b) => a - b);
  const cut = Math.floor(dates.length * 0.6);
  const vcut = Math.floor(cut * 0.75);
  const trainD = new Set(dates.slice(0, vcut - 1));
  const validD = new Set(dates.slice(vcut, cut - 1));
  const testD = new Set(dates.slice(cut));
  const sel = (ds: Set<number>, syms?: Set<string>) => rows.filter((r) => ds.has(r.date) && (!syms || syms.has(r.symbol)));
  const t0 = Date.now();
  const scored = await scoreRows(sel(trainD), sel(validD), sel(testD), names);
  const ic = icReport(scored, {});
  const pf = longShortPortfolio(scored, { k: 5, costBps: 10 });
  const band = longShortChanceBand(scored, { k: 5, permutations: 500, seed: 1 });
  const acc = directionAccuracy(scored, { threshold: 0.5 });
  const split = splitSymbols(p.members.filter((m) => m.assetClass === 'equity'), { seed: 1 });
  const tr = new Set(split.train);
  const ho = new Set(split.heldOut);
  const lso = await scoreRows(sel(trainD, tr), sel(validD, tr), sel(testD), names);
  const kept = keptShare(lso.filter((r) => tr.has(r.symbol)), lso.filter((r) => ho.has(r.symbol)), { resamples: 1000 });
  const r = ic.rankIc;
  return [
    {
      bench: name,
      metric: `gbdt pooled, out-of-sample mean rank IC (signal ${signal}, seed ${seed}, ${r.dates} test dates × ${round(r.meanSymbols, 1)} symbols)`,
      value: round(r.mean),
      unit: 'rank IC',
      extra: {
        tStat: round(r.tStat, 2),
        within2Se: Math.abs(r.mean) <= 2 * r.se,
        se: round(r.se),
        chanceBand: r.chanceBand.map((v) => round(v)),
        icir: round(r.icir, 3),
        pearsonIc: round(ic.ic.mean),
        bayesRankIc: round(p.truth.bayesRankIc ?? 0),
        longShortAnnualised: round(pf.longShort.annualisedReturn),
        longShortIR: round(pf.longShort.ratio, 2),
        meanTurnover: round(pf.meanTurnover, 2),
        grossMeanDaily: round(band.observed, 5),
        chanceBandDaily: band.band.map((v) => round(v, 5)),
        insideBand: band.inside,
        excessIR: round(pf.excess.ratio, 2),
        pooledOutperformAccuracy: round(acc.pooled.accuracy),
        keptShare: round(kept.share, 3),
        keptShareCI: kept.ci.map((v) => round(v, 3)),
        heldOutRankIc: round(kept.heldOut.mean),
        inUniverseRankIc: round(kept.inUniverse.mean),
        seconds: round((Date.now() - t0) / 1000, 1),
      },
    },
  ];
}

export const benches: Bench[] = [
  {
    name: 'xsec.ic_portfolio_26x1260',
    async run() {
      const rows = reversalRows(syntheticPanel());
      const s = await timeIt(() => {
        icReport(rows, {});
        longShortPortfolio(rows, { k: 5 });
      }, 5);
      const band = await timeIt(() => longShortChanceBand(rows, { permutations: 500 }), 2);
      const acc = await timeIt(() => directionAccuracy(rows), 2);
      return {
        metric: `IC + rank IC report and top-5/bottom-5 long-short portfolio, 26 symbols × 1,260 days (${rows.length} rows)`,
        value: round(s * 1e3, 1),
        unit: 'ms',
        extra: { chanceBand500Ms: round(band * 1e3, 1), directionAccuracyMs: round(acc * 1e3, 1) },
      };
    },
  },
  { name: 'xsec.recovery.planted', run: () => recovery('xsec.recovery.planted', 0.2, 1) },
  {
    // five seeds: at the 95 % level about one in twenty runs falls outside by chance
    name: 'xsec.recovery.random_walk',
    async run() {
      const out: BenchResult[] = [];
      for (let seed = 1; seed <= 5; seed++) out.push(...(await recovery(`xsec.recovery.random_walk.seed${seed}`, 0, seed)));
      return out;
    },
  },
];
