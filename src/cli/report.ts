/** `workbench report`: executes the notebooks headlessly and writes `reports/<name>.html` + `reports/index.html`. */
import { inputError } from '../util/errors';
import { NotebookError } from '../report/jupyter';
import { NotebooksFailedError, renderNotebooks, type RenderOptions, type RenderResult } from '../report/render';
import type { Command } from './types';

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/**
 * Builds the `report` command around a renderer.
 * @param render the renderer (tests inject a fake one); default {@link renderNotebooks}
 * @returns the command
 */
export function makeReportCommand(render: (o: RenderOptions) => Promise<RenderResult> = renderNotebooks): Command {
  return {
    name: 'report',
    summary: 'Execute the notebooks headlessly and write HTML reports (reports/<name>.html, reports/index.html)',
    help: [
      'Usage: workbench report [--notebooks a,b] [--fast] [--source <src>] [--out <dir>] [--timeout <s>] [--json]',
      '',
      'Runs every notebook in notebooks/ (or the ones named) with the tslab kernel through Jupyter',
      '(nbclient/nbconvert, cwd notebooks/), writes one offline HTML report per notebook (plotly.js inlined once)',
      'and an index linking them with run ids and dates. A failing cell fails the command (exit 1) with the',
      "notebook, the cell number and the cell's error message; the other notebooks are still rendered.",
      'Needs Jupyter and the tslab kernel: `npm run setup` installs both.',
      '',
      'Options:',
      '  --notebooks LIST   comma-separated names (00-quickstart) or .ipynb paths; default: all',
      '  --fast             fast mode (WORKBENCH_FAST=1): small data, few epochs (what CI runs)',
      '  --source SRC       data source for the notebooks (WORKBENCH_SOURCE; default sample:sp500)',
      '  --out DIR          output folder (default: reports/)',
      '  --timeout S        seconds one cell may run (default 900)',
      '  --json             print the report entries as JSON',
      '',
      'Examples:',
      '  workbench report --fast',
      '  workbench report --notebooks 00-quickstart,01-data --source data/AAPL.csv',
    ].join('\n'),
    options: {
      notebooks: { type: 'string' },
      fast: { type: 'boolean' },
      source: { type: 'string' },
      out: { type: 'string' },
      timeout: { type: 'string' },
      json: { type: 'boolean' },
    },
    async run(ctx) {
      if (ctx.positionals.length) throw inputError({ key: 'arguments' }, 'no positional arguments (use --notebooks a,b)', JSON.stringify(ctx.positionals.join(' ')));
      const list = str(ctx.values.notebooks);
      const notebooks = list === undefined ? undefined : list.split(',').map((s) => s.trim()).filter(Boolean);
      if (notebooks && notebooks.length === 0) throw inputError({ key: '--notebooks' }, 'a comma-separated list of notebook names', JSON.stringify(list));
      const timeout = str(ctx.values.timeout);
      let cellTimeoutS: number | undefined;
      if (timeout !== undefined) {
        cellTimeoutS = Number(timeout);
        if (!Number.isInteger(cellTimeoutS) || cellTimeoutS <= 0) throw inputError({ key: '--timeout' }, 'a positive whole number of seconds', JSON.stringify(timeout));
      }
      const options: RenderOptions = { fast: ctx.values.fast === true, onLog: (l) => ctx.err(l) };
      if (notebooks) options.notebooks = notebooks;
      if (str(ctx.values.source) !== undefined) options.source = str(ctx.values.source);
      if (str(ctx.values.out) !== undefined) options.outDir = str(ctx.values.out);
      if (cellTimeoutS !== undefined) options.cellTimeoutS = cellTimeoutS;
      let result: RenderResult;
      try {
        result = await render(options);
      } catch (e) {
        if (e instanceof NotebookError || e instanceof NotebooksFailedError) {
          ctx.err(`workbench report: ${e.message}`);
          return 1;
        }
        throw e;
      }
      if (ctx.values.json === true) {
        ctx.out(JSON.stringify({ index: result.indexFile, reports: result.entries }, null, 2));
      } else {
        for (const e of result.entries) {
          ctx.out(`${e.name}: ${result.files[e.name]} (${(e.bytes / 1e6).toFixed(1)} MB, ${e.charts} charts, ${e.seconds.toFixed(1)} s)`);
        }
        ctx.out(`index: ${result.indexFile}`);
      }
      return 0;
    },
  };
}

/** The `workbench report` command (wire into src/cli/commands.ts). */
export const reportCommand: Command = makeReportCommand();
