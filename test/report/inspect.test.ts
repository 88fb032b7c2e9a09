import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { inspectReport, makeOffline } from '../../src/report/inspect';

const page = [
  '<html><head>',
  '<script src="file:///usr/share/javascript/requirejs/require.min.js"></script>',
  '<script src="https://cdnjs.cloudflare.com/ajax/libs/mathjax/2.7.7/MathJax.js?config=TeX-AMS_CHTML-full,Safe"> </script>',
  '<link rel="stylesheet" href="https://fonts.example.com/a.css">',
  '<script type="text/x-mathjax-config">init_mathjax()</script>',
  '<script>var inline = 1;</script>',
  '<script src="local.js"></script>',
  '</head><body>',
  '<script type="text/javascript" data-wb-plotly="3.7.0">x</script>',
  '<div id="wb-chart-a-1" class="wb-chart" style=""></div>',
  '<div id="wb-chart-a-2" class="wb-chart" style=""></div>',
  '<div class="wb-run" data-run-id="run-1" data-run-date="2026-01-01T00:00:00Z">',
  '<div class="wb-run" data-run-id="run-1" data-run-date="2026-01-01T00:00:00Z">',
  '<div class="wb-run" data-run-id="a&amp;b" data-run-date="2026-01-02">',
  '<div class="jp-RenderedText jp-OutputArea-output" data-mime-type="application/vnd.jupyter.stderr"><pre>oops</pre></div>',
  '<pre>&lt;div id=&quot;x&quot; class=&quot;wb-chart&quot;&gt;</pre>',
  '</body></html>',
].join('\n');

test('makeOffline removes external scripts and stylesheets and keeps inline and relative ones', () => {
  const { html, removed } = makeOffline(page);
  assert.equal(removed, [
    'file:///usr/share/javascript/requirejs/require.min.js',
    'https://cdnjs.cloudflare.com/ajax/libs/mathjax/2.7.7/MathJax.js?config=TeX-AMS_CHTML-full,Safe',
    'https://fonts.example.com/a.css',
  ]);
  assert.not.match(html, /require\.min\.js|MathJax\.js|fonts\.example/);
  assert.match(html, /var inline = 1;/);
  assert.match(html, /src="local\.js"/);
  assert.match(html, /text\/x-mathjax-config/);
});

test('inspectReport finds chart containers, unique run ids and dates, stderr outputs and plotly copies', () => {
  const r = inspectReport(page);
  assert.equal(r.chartIds, ['wb-chart-a-1', 'wb-chart-a-2']);
  assert.equal(r.runIds, ['run-1', 'a&b']);
  assert.equal(r.runDates, ['2026-01-01T00:00:00Z', '2026-01-02']);
  assert.is(r.errorOutputs, 1);
  assert.equal(r.errorTexts, ['oops']);
  assert.is(r.plotlyCopies, 1);
  assert.is(r.bytes, Buffer.byteLength(page));
});

test.run();
