import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { reportIndexHtml, type ReportEntry } from '../../src/report/index-page';

const ok: ReportEntry = {
  name: '01-data',
  title: 'Data <quality>',
  file: '01-data.html',
  status: 'ok',
  renderedAt: '2026-11-22T04:30:00.000Z',
  seconds: 12.34,
  bytes: 2_500_000,
  charts: 3,
  runIds: ['run-a', 'run-b'],
  fast: true,
  source: 'sample:sp500',
};
const failed: ReportEntry = { ...ok, name: '00-quickstart', title: 'Quickstart', file: undefined, status: 'failed', bytes: 0, charts: 0, runIds: [], error: 'cell 2: RangeError: boom' };

test('reportIndexHtml links each report, lists its run ids, date, size and parameters, sorted by name', () => {
  const html = reportIndexHtml([ok, failed]);
  assert.match(html, /<a href="01-data\.html">01-data<\/a>/);
  assert.match(html, /data-run-id="run-a">run-a<\/code> <code class="run-id" data-run-id="run-b">/);
  assert.match(html, /2026-11-22 04:30:00 UTC/);
  assert.match(html, /2\.5 MB/);
  assert.match(html, /fast · <code>sample:sp500<\/code>/);
  assert.match(html, /Data &lt;quality&gt;/);
  assert.ok(html.indexOf('data-report="00-quickstart"') < html.indexOf('data-report="01-data"'));
});

test('reportIndexHtml marks failures, shows their error and does not link a missing report', () => {
  const html = reportIndexHtml([failed]);
  assert.match(html, /class="failed"/);
  assert.match(html, /<h2>Failures<\/h2>/);
  assert.match(html, /cell 2: RangeError: boom/);
  assert.not.match(html, /<a href=/);
});

test.run();
