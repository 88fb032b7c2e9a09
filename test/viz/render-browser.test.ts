/**
 * Every figure builder's output renders in a real browser: one offline page with one chart per builder,
 * opened in headless Chromium; each container must hold Plotly SVG and the console must stay clean.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { randomWalk, regimeSwitching } from '../../src/data/synthetic';
import { barFigure } from '../../src/viz/bar';
import { candlestickFigure } from '../../src/viz/candlestick';
import { confusionMatrixFigure, correlationHeatmapFigure } from '../../src/viz/heatmap';
import { standaloneHtml } from '../../src/viz/html';
import { equityCurveFigure, lineFigure, lossCurveFigure } from '../../src/viz/line';
import { regimePriceFigure } from '../../src/viz/regime';
import { reliabilityFigure } from '../../src/viz/reliability';
import { rocFigure } from '../../src/viz/roc';
import { scatterFigure } from '../../src/viz/scatter';
import { tableFigure } from '../../src/viz/table';
import { Rng } from '../../src/util/rng';
import { tempDir } from '../helpers';
import { browserUnavailable, renderInBrowser } from './browser';

function gallery() {
  const bars = randomWalk({ n: 120, seed: 11 });
  const rs = regimeSwitching({ n: 200, seed: 5 });
  const rng = new Rng(9);
  const labels = Array.from({ length: 200 }, () => (rng.next() < 0.5 ? 1 : 0));
  const scores = labels.map((l) => 0.3 * l + 0.7 * rng.next());
  return [
    candlestickFigure(bars, { title: 'candlestick' }),
    lineFigure([{ name: 'a', y: [0.5, 0.52, 0.51] }, { name: 'b', y: [0.49, 0.5, 0.53] }], { title: 'lines', hlines: [{ y: 0.5, label: 'chance' }] }),
    lossCurveFigure({ loss: [0.7, 0.69, 0.68], valLoss: [0.7, 0.7, 0.69] }),
    equityCurveFigure({ dates: bars.dates, curves: { 'buy & hold': bars.close } }, { yType: 'log' }),
    barFigure(['h=1', 'h=7', 'h=30'], [{ name: 'lstm', values: [0.51, 0.53, 0.55], lower: [0.49, 0.5, 0.5], upper: [0.53, 0.56, 0.6] }]),
    correlationHeatmapFigure(['x', 'y', 'z'], [[1, 0.2, -0.4], [0.2, 1, 0.1], [-0.4, 0.1, 1]]),
    confusionMatrixFigure([[40, 12], [9, 39]], ['down', 'up'], { normalize: 'true' }),
    rocFigure([{ name: 'model', scores, labels }]),
    reliabilityFigure([{ name: 'model', labels, probabilities: scores }]),
    scatterFigure([{ name: 'vol', x: [1, 2, 3], y: [1.2, 1.9, 3.3] }], { diagonal: true }),
    regimePriceFigure({ dates: rs.bars.dates, close: rs.bars.close, regime: rs.regime, names: rs.regimes.map((r) => r.name) }),
    tableFigure(['model', 'accuracy', 'p-value'], [['lstm', 0.5234, 0.04], ['gbdt', 0.51, 0.3]]),
  ];
}

test('every figure builder renders Plotly SVG in headless Chromium, offline, without console errors', async () => {
  const why = browserUnavailable();
  if (why) {
    console.log(`SKIP browser render check: ${why}`);
    return;
  }
  const dir = tempDir('wb-viz-browser-');
  const file = path.join(dir, 'gallery.html');
  const figures = gallery();
  fs.writeFileSync(file, standaloneHtml(figures, { title: 'viz gallery' }));
  const r = await renderInBrowser(file, { screenshot: path.join(dir, 'gallery.png') });
  assert.is(r.charts.length, figures.length);
  r.svgPerChart.forEach((n, i) => assert.ok(n > 0, `chart ${i} (${String(figures[i].data[0].type)}) has no .main-svg`));
  assert.equal(r.errors, []);
  assert.equal(r.external, []);
  assert.ok(fs.statSync(path.join(dir, 'gallery.png')).size > 10_000);
  console.log(`  browser gallery: ${figures.length} charts in ${r.seconds.toFixed(1)} s, screenshot ${path.join(dir, 'gallery.png')}`);
});

test.run();
