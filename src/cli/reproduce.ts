/** `workbench reproduce <run-id> [--run-id NEW] [--all] [--quiet]`: re-runs a run and checks its results match. */
import { reproduceRun, type ResultComparison, type Reproduction } from '../tracking/reproduce';
import { inputError } from '../util/errors';
import { stringOption, withProgress } from './train';
import type { Command } from './types';

function fmt(v: number | null): string {
  return v === null ? 'null' : String(v);
}

/**
 * The comparison as aligned text lines: `key  original  reproduced  difference`.
 * @param rows comparison rows (see `compareRunResults`)
 * @returns header + one line per row
 */
export function comparisonTable(rows: ResultComparison[]): string[] {
  const cells = rows.map((r) => [r.key, fmt(r.original), fmt(r.reproduced), r.same ? '0' : r.original !== null && r.reproduced !== null ? String(r.reproduced - r.original) : 'missing']);
  const head = ['metric', 'original', 'reproduced', 'difference'];
  const width = head.map((h, j) => Math.max(h.length, ...cells.map((c) => c[j].length)));
  const line = (c: string[]): string => c.map((x, j) => x.padEnd(width[j])).join('  ').trimEnd();
  return [line(head), ...cells.map(line)];
}

/** The `reproduce` command. */
export const reproduceCommand: Command = {
  name: 'reproduce',
  summary: 'Re-run a finished run from its recorded config and seed; check the results match',
  help: [
    'Usage: workbench reproduce <run-id> [--run-id NEW] [--all] [--quiet]',
    '',
    'Trains again from the config recorded in runs/<run-id>/results.json, with the same seed, on the same',
    'data (its sha256 must equal the recorded one, else exit 2), into a new run id, and compares every',
    'accuracy, pValue and sharpe (per mode, horizon and model) with the original. On the same backend the',
    'values are expected to match bit for bit.',
    '',
    'Options:',
    '  --run-id <NEW>  id of the reproduction (default <run-id>-repro, -repro2, …)',
    '  --all           print every compared value, not only the differences',
    '  --quiet         no progress bar',
    '',
    'Exit status: 0 identical, 1 some value differs, 2 bad input (unknown run, changed data).',
    'Example: workbench reproduce demo',
  ].join('\n'),
  options: { 'run-id': { type: 'string' }, all: { type: 'boolean' }, quiet: { type: 'boolean' } },
  async run(ctx) {
    const id = ctx.positionals[0];
    if (!id || ctx.positionals.length > 1) throw inputError({ key: 'run-id' }, 'exactly one run id', JSON.stringify(ctx.positionals));
    let rep: Reproduction | undefined;
    await withProgress(ctx.values.quiet === true, async (o) => {
      rep = await reproduceRun(id, { newRunId: stringOption(ctx, 'run-id'), ...o });
      return rep.outcome;
    });
    const r = rep as Reproduction;
    const diff = r.comparisons.filter((c) => !c.same);
    ctx.out(`reproduction: ${r.outcome.runId} (results: ${r.outcome.dir}/results.json)`);
    if (r.backends.original !== r.backends.reproduced) ctx.out(`note: backend ${r.backends.original} originally, ${r.backends.reproduced} now: bit-for-bit equality is not expected`);
    const shown = ctx.values.all === true ? r.comparisons : diff;
    if (shown.length) for (const l of comparisonTable(shown)) ctx.out(l);
    ctx.out(r.identical ? `identical: all ${r.comparisons.length} values match the original run ${id}` : `DIFFERENT: ${diff.length} of ${r.comparisons.length} values differ from the original run ${id}`);
    return r.identical ? 0 : 1;
  },
};
