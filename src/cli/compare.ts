/**
 * `workbench compare <run-id> [<run-id>] [--out <prefix>]`: progressive vs unified per horizon inside one
 * run, or the same entries of two runs; prints a table and writes CSV + JSON.
 */
import * as fs from 'fs';
import * as path from 'path';
import { inputError } from '../util/errors';
import { writeFileAtomic, writeJsonAtomic } from '../util/fs';
import { runDir } from '../training/checkpoint';
import { comparisonCsv, compareResults, readPredictionsCsv, type RunView } from '../training/compare';
import type { RunResults } from '../training/report';
import { stringOption } from './train';
import type { Command } from './types';

/**
 * Reads a finished run's results.json and predictions.csv.
 * @param runId run id under `<home>/runs`
 * @returns RunView
 */
export function readRunView(runId: string): RunView {
  const dir = runDir(runId);
  const file = path.join(dir, 'results.json');
  if (!fs.existsSync(file)) throw inputError({ key: 'run-id' }, `a finished run (${file})`, JSON.stringify(runId));
  return { results: JSON.parse(fs.readFileSync(file, 'utf8')) as RunResults, predictions: readPredictionsCsv(path.join(dir, 'predictions.csv')) };
}

/** The `compare` command. */
export const compareCommand: Command = {
  name: 'compare',
  summary: 'Compare progressive vs unified (one run) or two runs: accuracy, CI, p-value, time, size',
  help: [
    'Usage: workbench compare <run-id> [<run-id>] [--out <prefix>]',
    '',
    'One run: every progressive model against the unified model, per horizon. Two runs: each',
    'mode/horizon/model of the first against the same entry of the second.',
    'p-value: McNemar (h = 1) or Diebold-Mariano with an EWC variance and t(nu) reference (h > 1) on the',
    'common dates; below 8 non-overlapping h-day windows no test is run ("too few independent windows").',
    '`better` is named only when p < 0.05. "target met" needs the lower CI bound at or above the target and',
    'the majority baseline not above the model.',
    '',
    'Options:',
    '  --out <prefix>   write <prefix>.csv and <prefix>.json (default: <first run>/comparison[-<second>])',
  ].join('\n'),
  options: { out: { type: 'string' } },
  async run(ctx) {
    const ids = ctx.positionals;
    if (ids.length < 1 || ids.length > 2) throw inputError({ key: 'run-id' }, 'one or two run ids', JSON.stringify(ids));
    const a = readRunView(ids[0]);
    const b = ids[1] ? readRunView(ids[1]) : undefined;
    const rows = compareResults(a, b);
    const prefix = stringOption(ctx, 'out') ?? path.join(runDir(ids[0]), ids[1] ? `comparison-${ids[1]}` : 'comparison');
    writeFileAtomic(`${prefix}.csv`, comparisonCsv(rows));
    writeJsonAtomic(`${prefix}.json`, rows);
    const pct = (v: number): string => (Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '--');
    for (const r of rows) {
      const s = (x: typeof r.a): string =>
        x.rmse !== undefined
          ? `${x.mode}/${x.model} rmse ${x.rmse.toPrecision(4)} r2 ${(x.r2 ?? NaN).toPrecision(3)} ${(x.trainMs / 1000).toFixed(1)}s ${(x.modelBytes / 1024).toFixed(0)}KiB`
          : `${x.mode}/${x.model} ${pct(x.accuracy)} [${pct(x.accuracyCI[0])}, ${pct(x.accuracyCI[1])}] ${(x.trainMs / 1000).toFixed(1)}s ${(x.modelBytes / 1024).toFixed(0)}KiB target ${x.targetMet ? 'met' : 'not met'}`;
      const test = r.test === 'none' ? `no test (${r.reason})` : `${r.test} p=${Number.isFinite(r.pValue) ? r.pValue.toPrecision(3) : '--'}`;
      ctx.out(`h=${r.horizon}: ${s(r.a)} vs ${s(r.b)}: n=${r.nCommon} ${test} better: ${r.better}`);
    }
    ctx.out(`comparison: ${prefix}.csv, ${prefix}.json`);
    return 0;
  },
};
