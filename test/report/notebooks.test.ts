/**
 * Every notebook in notebooks/ executed headlessly in fast mode, ONE render shared by all assertions:
 * each report has its expected chart containers, no error output, plotly.js inlined once, ≤ 6 MB, a computed
 * conclusion, and renders its charts in headless Chromium offline without console errors.
 * Skipped with a message when Jupyter is not installed (scripts/setup.sh installs it).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { findJupyterPython } from '../../src/report/jupyter';
import { inspectReport } from '../../src/report/inspect';
import { listNotebooks, renderNotebooks } from '../../src/report/render';
import { repoRoot } from '../../src/util/fs';
import { tempDir } from '../helpers';
import { browserUnavailable, renderInBrowser } from '../viz/browser';

const jupyter = findJupyterPython();
const notebooks = listNotebooks(path.join(repoRoot(), 'notebooks')).map((f) => path.basename(f, '.ipynb'));

/** Fewest charts each notebook must show (notebooks not listed: at least one). */
const MIN_CHARTS: Record<string, number> = {
  '00-quickstart': 3,
  '01-data': 5,
  '02-features': 6,
  '03-models': 10,
  '04-progressive': 6,
  '05-unified': 3,
  '06-compare': 6,
  '07-regime-volatility': 6,
  '08-universe': 6,
};

const out = tempDir('wb-notebooks-');
let files: Record<string, string> | undefined;
let renderSeconds = 0;

test('every notebook renders in fast mode (one shared render into a temporary folder)', async () => {
  if (!jupyter) return console.log('SKIP notebook renders: Jupyter is not installed (run scripts/setup.sh)');
  assert.ok(notebooks.length >= 5, `expected the notebooks of issue 9, found ${notebooks.join(', ')}`);
  const t0 = Date.now();
  const r = await renderNotebooks({ outDir: out, fast: true, home: tempDir('wb-notebooks-home-') });
  renderSeconds = (Date.now() - t0) / 1000;
  files = r.files;
  assert.equal(Object.keys(files).sort(), notebooks.slice().sort());
  console.log(`  ${notebooks.length} notebooks rendered in ${renderSeconds.toFixed(0)} s (fast mode)`);
});

test('each report has its chart containers, a computed conclusion, no error output, one plotly.js, ≤ 6 MB', () => {
  if (!files) return console.log('SKIP report checks: nothing was rendered');
  for (const name of notebooks) {
    const html = fs.readFileSync(files[name], 'utf8');
    const info = inspectReport(html);
    assert.equal(info.errorTexts, [], `${name}: no stderr / error outputs`);
    const min = MIN_CHARTS[name] ?? 1;
    assert.ok(info.chartIds.length >= min, `${name}: expected at least ${min} charts, found ${info.chartIds.length}`);
    assert.is(info.plotlyCopies, 1, `${name}: plotly.js inlined exactly once`);
    assert.ok(info.bytes <= 6_000_000, `${name}: ${info.bytes} bytes, above 6 MB`);
    assert.match(html, /mode: fast · source: sample:sp500/, `${name}: ran in fast mode on the default source`);
    if (name !== '00-quickstart') assert.match(html, /<h2[^>]*>Conclusion/, `${name}: has a conclusion section`);
  }
  // computed conclusions carry numbers from the run, with baselines and intervals where accuracies are shown
  if (files['03-models']) assert.match(fs.readFileSync(files['03-models'], 'utf8'), /majority class scores <strong>\d+\.\d %<\/strong>.*95 % CI \d+\.\d % – \d+\.\d %/);
  if (files['06-compare']) assert.match(fs.readFileSync(files['06-compare'], 'utf8'), /reusing run run-/, '06-compare reuses the run of 05-unified');
  if (files['07-regime-volatility']) assert.match(fs.readFileSync(files['07-regime-volatility'], 'utf8'), /target is <strong>(met|not met)<\/strong>/);
});

test('each report renders every chart in headless Chromium, offline, without console errors', async () => {
  if (!files) return console.log('SKIP browser checks: nothing was rendered');
  const why = browserUnavailable();
  if (why) return console.log(`SKIP browser checks: ${why}`);
  for (const name of notebooks) {
    const r = await renderInBrowser(files[name], { timeoutMs: 60_000 });
    assert.ok(r.charts.length >= (MIN_CHARTS[name] ?? 1), `${name}: ${r.charts.length} chart containers`);
    r.svgPerChart.forEach((k, i) => assert.ok(k > 0, `${name}: chart ${r.charts[i]} has no rendered .main-svg`));
    assert.equal(r.errors, [], `${name}: console errors`);
    assert.equal(r.external, [], `${name}: external requests`);
  }
});

test.run();
