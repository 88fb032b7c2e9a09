/**
 * End to end: notebooks executed headlessly with the tslab kernel through Jupyter. These tests need Jupyter
 * (Debian: jupyter-nbconvert jupyter-notebook python3-ipykernel) and the tslab kernel (scripts/setup.sh);
 * they are skipped, with a message, only when Jupyter is not installed.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { findJupyterPython, NotebookError } from '../../src/report/jupyter';
import { inspectReport } from '../../src/report/inspect';
import { listNotebooks, NotebooksFailedError, renderNotebooks, resolveSource } from '../../src/report/render';
import { repoRoot } from '../../src/util/fs';
import { rejects, tempDir } from '../helpers';
import { browserUnavailable, renderInBrowser } from '../viz/browser';

const jupyter = findJupyterPython();
const skip = (what: string): void => console.log(`SKIP ${what}: Jupyter is not installed (run scripts/setup.sh)`);

function notebook(cells: string[]): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: 'tslab', display_name: 'TypeScript', language: 'typescript' } },
    cells: cells.map((source, i) => ({ id: `c${i}`, cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source })),
  });
}

test('listNotebooks lists .ipynb files sorted, skipping drafts and hidden files', () => {
  const dir = tempDir('wb-nb-list-');
  for (const f of ['b.ipynb', 'a.ipynb', '_draft.ipynb', '.hidden.ipynb', 'notes.md']) fs.writeFileSync(path.join(dir, f), '{}');
  assert.equal(listNotebooks(dir).map((f) => path.basename(f)), ['a.ipynb', 'b.ipynb']);
  assert.equal(listNotebooks(path.join(dir, 'missing')), []);
});

test('renderNotebooks rejects an unknown notebook name before running anything', async () => {
  await rejects(() => renderNotebooks({ notebooks: ['99-nope'], outDir: tempDir() }), /`notebooks`: a notebook in .*00-quickstart.*, received "99-nope"/);
});

test('resolveSource makes file paths absolute and leaves other schemes alone', () => {
  assert.is(resolveSource('sample:sp500'), 'sample:sp500');
  assert.is(resolveSource('store:AAPL'), 'store:AAPL');
  assert.is(resolveSource('data/a.csv'), path.resolve('data/a.csv'));
  assert.is(resolveSource('csv:data/a.csv'), `csv:${path.resolve('data/a.csv')}`);
  assert.is(resolveSource('/abs/a.json'), '/abs/a.json');
});

const out = tempDir('wb-report-');
let quickstartHtml: string | undefined;

test('00-quickstart renders headlessly (fast mode) into an offline HTML report with its charts and no error output', async () => {
  if (!jupyter) return skip('notebook rendering');
  const r = await renderNotebooks({ notebooks: ['00-quickstart'], outDir: out, fast: true });
  quickstartHtml = r.files['00-quickstart'];
  assert.is(quickstartHtml, path.join(out, '00-quickstart.html'));
  const html = fs.readFileSync(quickstartHtml, 'utf8');
  const info = inspectReport(html);
  assert.equal(info.errorTexts, [], 'no stderr / error outputs');
  assert.ok(info.chartIds.length >= 2, `expected the candlestick and the history chart, found ${info.chartIds.length}`);
  assert.is(info.plotlyCopies, 1, 'plotly.js inlined exactly once');
  assert.ok(info.bytes <= 6_000_000, `report is ${info.bytes} bytes, above 6 MB`);
  assert.not.match(html, /<script[^>]+src="(?:https?|file):/, 'no external scripts left');
  assert.match(html, /mode: fast · source: sample:sp500/);
  assert.match(html, /daily bars<\/strong> from <strong>2000-01-03<\/strong>/); // the computed conclusion
  const index = JSON.parse(fs.readFileSync(path.join(out, 'index.json'), 'utf8')) as { reports: Array<{ name: string; status: string; charts: number }> };
  assert.equal(index.reports.map((e) => [e.name, e.status, e.charts]), [['00-quickstart', 'ok', info.chartIds.length]]);
  assert.match(fs.readFileSync(r.indexFile, 'utf8'), /<a href="00-quickstart\.html">00-quickstart<\/a>/);
  assert.equal(fs.readdirSync(out).filter((f) => f.startsWith('.')), [], 'temporary render folder removed');
});

test('the quickstart report renders its charts in headless Chromium, offline, without console errors', async () => {
  if (!jupyter || !quickstartHtml) return skip('browser check of the quickstart report');
  const why = browserUnavailable();
  if (why) {
    console.log(`SKIP browser check: ${why}`);
    return;
  }
  const shot = path.join(out, 'quickstart.png');
  const r = await renderInBrowser(quickstartHtml, { screenshot: shot });
  assert.ok(r.charts.length >= 2);
  r.svgPerChart.forEach((n, i) => assert.ok(n > 0, `chart ${r.charts[i]} has no rendered .main-svg`));
  assert.equal(r.errors, []);
  assert.equal(r.external, []);
  console.log(`  quickstart report: ${r.charts.length} charts rendered in ${r.seconds.toFixed(1)} s; screenshot ${shot}`);
});

test('a failing cell rejects with the cell number and its error; the good notebook still renders and the old report stays', async () => {
  if (!jupyter) return skip('failing-notebook check');
  const dir = tempDir('wb-nb-fail-');
  const outDir = tempDir('wb-report-fail-');
  // the good notebook also drives an in-place progress display: the report must keep only its final state
  const index = JSON.stringify(path.join(repoRoot(), 'dist', 'src', 'index'));
  fs.writeFileSync(
    path.join(dir, 'a-ok.ipynb'),
    notebook([
      `import * as wb from ${index};\nconst p = new wb.ProgressDisplay({ title: 'demo', throttleMs: 0 });`,
      "for (let e = 1; e <= 5; e++) p.onProgress({ stage: 'train', epoch: e, epochs: 5, loss: 1 / e });\np.done();",
      "console.log('kernel binary:', process.argv[1]);",
    ]),
  );
  // a broken global-looking `tslab` kernelspec on JUPYTER_PATH: the private one of this checkout must win
  const bogus = tempDir('wb-bogus-jupyter-');
  fs.mkdirSync(path.join(bogus, 'kernels', 'tslab'), { recursive: true });
  fs.writeFileSync(path.join(bogus, 'kernels', 'tslab', 'kernel.json'), JSON.stringify({ argv: ['/nonexistent/tslab', 'kernel', '--config-path', '{connection_file}'], display_name: 'x', language: 'typescript' }));
  fs.writeFileSync(path.join(dir, 'b-throws.ipynb'), notebook(['const a = 1;', "throw new RangeError('column `close` must be > 0, received -3');", 'console.log("never")']));
  fs.writeFileSync(path.join(dir, 'c-type-error.ipynb'), notebook(["const x: number = 'a';"]));
  fs.writeFileSync(path.join(outDir, 'b-throws.html'), 'previous good report');
  let err: unknown;
  try {
    await renderNotebooks({ notebooksDir: dir, outDir, env: { JUPYTER_PATH: bogus } });
  } catch (e) {
    err = e;
  }
  assert.instance(err, NotebooksFailedError);
  const failures = (err as NotebooksFailedError).failures;
  assert.is(failures.length, 2);
  assert.instance(failures[0], NotebookError);
  assert.match(failures[0].message, /b-throws\.ipynb: cell 2: RangeError: column `close` must be > 0, received -3$/);
  assert.match(failures[1].message, /c-type-error\.ipynb: cell 1: .*Type 'string' is not assignable to type 'number'/);
  const okHtml = fs.readFileSync(path.join(outDir, 'a-ok.html'), 'utf8');
  assert.is(okHtml.split('class="wb-progress"').length - 1, 1, 'one progress output, updated in place');
  assert.match(okHtml, /data-fraction="1\.0000"/);
  assert.match(okHtml, /epoch 5\/5 · 100 % · done in/);
  assert.match(okHtml, new RegExp(`kernel binary: ${path.join(repoRoot(), 'node_modules', '.bin', 'tslab').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  assert.is(fs.readFileSync(path.join(outDir, 'b-throws.html'), 'utf8'), 'previous good report');
  assert.not.ok(fs.existsSync(path.join(outDir, 'c-type-error.html')));
  const manifest = JSON.parse(fs.readFileSync(path.join(outDir, 'index.json'), 'utf8')) as { reports: Array<{ name: string; status: string }> };
  assert.equal(manifest.reports.map((e) => [e.name, e.status]), [['a-ok', 'ok'], ['b-throws', 'failed'], ['c-type-error', 'failed']]);
});

test('a single failing notebook rejects with its NotebookError', async () => {
  if (!jupyter) return skip('single failure check');
  const dir = tempDir('wb-nb-fail1-');
  fs.writeFileSync(path.join(dir, 'x.ipynb'), notebook(["throw new Error('boom')"]));
  await rejects(() => renderNotebooks({ notebooksDir: dir, outDir: tempDir() }), /x\.ipynb: cell 1: Error: boom$/);
});

test.run();
