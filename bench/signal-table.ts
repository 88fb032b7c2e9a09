/**
 * Writes the signal benchmark's feature table and walk-forward (the default config's `full` features and h = 1
 * labels on a planted series, and the train / validation / test rows of every progressive iteration) as JSON,
 * for bench/sklearn_reference.py. Usage: `node dist/bench/signal-table.js <out.json> [kind] [seed] [phi]`.
 */
import * as fs from 'fs';
import { parseConfig } from '../src/config/load';
import { prepareData } from '../src/training/prepare';
import { iterationRows, progressiveSchedule } from '../src/training/schedule';
import { signalRecoveryDefaults as d } from '../src/training/signal';
import { plantedSeries, type SignalSeries } from '../src/training/signal-series';

const [out, kind = 'ar1', seed = '42', phi] = process.argv.slice(2);
if (!out) {
  console.error('usage: node dist/bench/signal-table.js <out.json> [ar1|random_walk|nonlinear|regime|garch] [seed] [phi]');
  process.exit(2);
}
const series: SignalSeries = { kind: kind as SignalSeries['kind'], seed: Number(seed), ...(phi ? { phi: Number(phi) } : {}) };
const planted = plantedSeries(series, { n: d.days, start: d.start });
const cfg = parseConfig({});
const prep = prepareData(planted.bars, { featureSet: cfg.features.set, horizons: [1], steps: 1 });
const schedule = progressiveSchedule(planted.bars.dates, { startDate: d.trainStart, initialEndDate: d.initialEnd, windowIncrement: d.increment, maxIterations: d.iterations });
const opts = { validationFraction: cfg.training.validation_fraction, purge: cfg.training.purge, embargo: cfg.training.embargo };
const iterations = schedule.map((w) => {
  const r = iterationRows(prep, w, 'h1', opts);
  return { iteration: w.iteration, train: Array.from(r.train), validation: Array.from(r.validation), test: Array.from(r.test) };
});
const f = prep.features;
const rows = new Set(iterations.flatMap((it) => [...it.train, ...it.validation, ...it.test]));
const x: Record<number, number[]> = {};
for (const r of rows) x[r] = Array.from(prep.matrix.subarray(r * f, (r + 1) * f));
const y: Record<number, number> = {};
for (const r of rows) y[r] = prep.target.h1[r];
const tmp = `${out}.tmp`;
fs.writeFileSync(tmp, JSON.stringify({ series, features: prep.frame.names, x, y, iterations }));
fs.renameSync(tmp, out);
