/** `workbench resume <run-id> [--quiet]`: continues a killed or interrupted training run from its checkpoint. */
import { inputError } from '../util/errors';
import { resumeOrRestart } from '../training/resume-any';
import { summaryLines, withProgress } from './train';
import type { Command } from './types';
import { executionOptions } from './worker';

/** The `resume` command. */
export const resumeCommand: Command = {
  name: 'resume',
  summary: 'Continue an interrupted training run from its last checkpoint',
  help: [
    'Usage: workbench resume <run-id> [--quiet]',
    '',
    'Continues the run from the checkpoint written after its last finished iteration; the final results',
    'equal those of an uninterrupted run with the same config and seed (timing fields aside).',
    'A finished run prints its summary again.',
    '',
    'Options:',
    '  --quiet          no progress bar',
    '  --workers <N>    local worker processes (default one per core)',
    '  --redis <url>    re-attach to the run\'s jobs on this Redis queue (a run started with --redis)',
    '  --queue <NAME>   queue name with --redis (default workbench)',
  ].join('\n'),
  options: { quiet: { type: 'boolean' }, redis: { type: 'string' }, workers: { type: 'string' }, queue: { type: 'string' } },
  async run(ctx) {
    const id = ctx.positionals[0];
    if (!id || ctx.positionals.length > 1) throw inputError({ key: 'run-id' }, 'exactly one run id', JSON.stringify(ctx.positionals));
    const outcome = await withProgress(ctx.values.quiet === true, (o) => resumeOrRestart(id, { ...o, execution: executionOptions(ctx) }));
    for (const l of summaryLines(outcome.results)) ctx.out(l);
    ctx.out(`results: ${outcome.dir}/results.json`);
    return 0;
  },
};
