import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as zlib from 'zlib';
import { CHART_CLASS, escapeHtml, figureHtml, newChartId, PLOTLY_MARKER, plotlyLibrary, plotlyScriptTag, scriptSafeJson, standaloneHtml } from '../../src/viz/html';
import type { Figure } from '../../src/viz/figure';

const fig: Figure = { data: [{ type: 'scatter', name: '</script><b>x', x: [1], y: [2] }], layout: { height: 300 } };

test('scriptSafeJson escapes characters that could end a script element', () => {
  const s = scriptSafeJson({ a: '</script>&\u2028' });
  assert.not.match(s, /<|>|&|\u2028/);
  assert.equal(JSON.parse(s), { a: '</script>&\u2028' });
});

test('escapeHtml escapes markup and quotes', () => {
  assert.is(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
});

test('figureHtml writes a wb-chart div with the id and height, and a script drawing into it', () => {
  const html = figureHtml(fig, { id: 'c1' });
  assert.match(html, new RegExp(`^<div id="c1" class="${CHART_CLASS}" style="width:100%;height:300px;"></div>`));
  assert.match(html, /P\.newPlot\(el, /);
  assert.match(html, /document\.getElementById\("c1"\)/);
  assert.not.match(html, /<\/script><b>/); // the trace name cannot break out of the script
  assert.match(figureHtml(fig, { id: 'c2', height: 500 }), /height:500px/);
});

test('newChartId gives a fresh id on every call', () => {
  const a = newChartId();
  const b = newChartId();
  assert.is.not(a, b);
  assert.match(a, /^wb-chart-/);
});

test('plotlyScriptTag compressed carries the whole library as gzip+base64', () => {
  const lib = plotlyLibrary();
  const tag = plotlyScriptTag();
  assert.match(tag, new RegExp(`${PLOTLY_MARKER}="${lib.version.replace(/\./g, '\\.')}"`));
  const b64 = /var b64 = "([A-Za-z0-9+/=]+)"/.exec(tag);
  assert.ok(b64, 'base64 payload present');
  assert.is(zlib.gunzipSync(Buffer.from(b64![1], 'base64')).toString('utf8'), lib.text);
  assert.ok(tag.length < lib.text.length * 0.6, `compressed tag ${tag.length} should be well below ${lib.text.length}`);
});

test('plotlyScriptTag plain inlines the library once and shadows AMD/CommonJS globals', () => {
  const tag = plotlyScriptTag({ compress: false });
  assert.match(tag, /\(function \(define, module, exports\) \{/);
  assert.not.match(tag.slice(20, -10), /<\/script/i);
  assert.ok(tag.length > plotlyLibrary().text.length);
});

test('standaloneHtml inlines plotly.js once and has one container per figure', () => {
  const html = standaloneHtml([fig, fig], { title: 'T <1>' });
  assert.is(html.split(`${PLOTLY_MARKER}=`).length - 1, 1);
  assert.is(html.split(`class="${CHART_CLASS}"`).length - 1, 2);
  assert.match(html, /<title>T &lt;1&gt;<\/title>/);
});

test.run();
