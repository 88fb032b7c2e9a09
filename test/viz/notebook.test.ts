import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { initCharts, runInfoHtml, showFigure, showMarkdown, showRunInfo, tslabKernel, type DisplaySink } from '../../src/viz/notebook';
import { PLOTLY_MARKER } from '../../src/viz/html';

function fakeDisplay() {
  const html: string[] = [];
  const md: string[] = [];
  const display: DisplaySink = { html: (s) => void html.push(s), markdown: (s) => void md.push(s) };
  return { display, html, md };
}

const fig = { data: [{ type: 'scatter', x: [1], y: [1] }], layout: {} };

test('showFigure emits plotly.js once per display, then one chart per call', () => {
  const d = fakeDisplay();
  showFigure(fig, { display: d.display });
  showFigure(fig, { display: d.display, height: 250 });
  assert.is(d.html.length, 3);
  assert.match(d.html[0], new RegExp(PLOTLY_MARKER));
  assert.match(d.html[1], /class="wb-chart"/);
  assert.match(d.html[2], /height:250px/);
  assert.not.match(d.html[2], new RegExp(PLOTLY_MARKER));
});

test('initCharts emits the library again only when forced', () => {
  const d = fakeDisplay();
  initCharts({ display: d.display });
  initCharts({ display: d.display });
  assert.is(d.html.length, 1);
  initCharts({ display: d.display, force: true });
  assert.is(d.html.length, 2);
});

test('show functions return nothing so a notebook cell prints no value', () => {
  const d = fakeDisplay();
  assert.is(showFigure(fig, { display: d.display }), undefined);
  assert.is(showMarkdown('x', { display: d.display }), undefined);
  assert.is(showRunInfo({ runId: 'r' }, { display: d.display }), undefined);
});

test('outside a tslab kernel there is no kernel and showing is a no-op', () => {
  assert.is(tslabKernel(), undefined);
  showFigure(fig);
  showMarkdown('**x**');
});

test('showMarkdown uses the markdown output, falling back to escaped HTML', () => {
  const d = fakeDisplay();
  showMarkdown('**bold**', { display: d.display });
  assert.equal(d.md, ['**bold**']);
  const h: string[] = [];
  showMarkdown('<b>', { display: { html: (s) => void h.push(s) } });
  assert.equal(h, ['<pre>&lt;b&gt;</pre>']);
});

test('showRunInfo writes data-run-id and data-run-date attributes', () => {
  const html = runInfoHtml({ runId: 'run-"7"', label: 'lstm h=7', date: '2026-01-02T03:04:05Z' });
  assert.match(html, /data-run-id="run-&quot;7&quot;"/);
  assert.match(html, /data-run-date="2026-01-02T03:04:05Z"/);
  assert.match(html, /lstm h=7/);
  const d = fakeDisplay();
  showRunInfo({ runId: 'abc' }, { display: d.display });
  assert.match(d.html[0], /data-run-id="abc"/);
});

test.run();
