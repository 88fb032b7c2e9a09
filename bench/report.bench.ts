/**
 * Benchmarks of the chart layer and the headless report pipeline:
 * figure building + HTML for the full S&P 500 sample, and rendering the quickstart notebook (fast and full mode).
 */
import { randomWalk } from '../src/data/synthetic';
import { findJupyterPython } from '../src/report/jupyter';
import { renderNotebooks } from '../src/report/render';
import { candlestickFigure } from '../src/viz/candlestick';
import { figureHtml, plotlyScriptTag } from '../src/viz/html';
import { lineFigure } from '../src/viz/line';
import { isoDates } from '../src/viz/figure';
import { tempDir } from '../test/helpers';
import { timeIt, type Bench, type BenchResult } from './types';

async function renderQuickstart(fast: boolean): Promise<BenchResult[]> {
  if (!findJupyterPython()) return [{ metric: 'skipped: Jupyter is not installed', value: 0, unit: 's' }];
  const outDir = tempDir('wb-bench-report-');
  const t0 = process.hrtime.bigint();
  const r = await renderNotebooks({ notebooks: ['00-quickstart'], outDir, fast });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const e = r.entries[0];
  return [
    { metric: `workbench report 00-quickstart (${fast ? 'fast' : 'full'} mode) wall time`, value: wall, unit: 's', extra: { kernelSeconds: e.seconds, charts: e.charts } },
    { bench: `report.quickstart_${fast ? 'fast' : 'full'}.size`, metric: 'report size', value: e.bytes / 1e6, unit: 'MB', extra: { limit: 6 } },
  ];
}

export const benches: Bench[] = [
  {
    name: 'viz.figures_5000',
    async run() {
      const bars = randomWalk({ n: 5104, seed: 1 });
      let bytes = 0;
      const build = (): void => {
        const c = figureHtml(candlestickFigure(bars), { id: 'c' });
        const l = figureHtml(lineFigure([{ name: 'close', x: isoDates(bars.dates), y: bars.close }]), { id: 'l' });
        bytes = c.length + l.length;
      };
      build();
      const s = await timeIt(build, 5);
      let tagBytes = 0;
      const gzipFirst = await timeIt(() => {
        tagBytes = plotlyScriptTag().length; // first compressed call: reads and gzips plotly.js
      });
      return [
        { metric: 'candlestick+volume and line figure of 5,104 bars, built and serialised to HTML (best of 5)', value: s, unit: 's', extra: { htmlBytes: bytes } },
        { bench: 'viz.plotly_tag', metric: 'inlined plotly.js script tag (gzip+base64), first call', value: gzipFirst, unit: 's', extra: { tagBytes } },
      ];
    },
  },
  { name: 'report.quickstart_fast', run: () => renderQuickstart(true) },
  { name: 'report.quickstart_full', run: () => renderQuickstart(false) },
];
