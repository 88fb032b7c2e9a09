import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { makeReportCommand, reportCommand } from '../../src/cli/report';
import type { CommandContext } from '../../src/cli/types';
import { NotebookError } from '../../src/report/jupyter';
import type { RenderOptions, RenderResult } from '../../src/report/render';
import { InputError } from '../../src/util/errors';
import { rejects } from '../helpers';

function ctx(values: CommandContext['values'], positionals: string[] = []) {
  const out: string[] = [];
  const err: string[] = [];
  return { c: { positionals, values, out: (s: string) => void out.push(s), err: (s: string) => void err.push(s) } as CommandContext, out, err };
}

function fakeRender(seen: RenderOptions[], result?: Partial<RenderResult>, fail?: Error) {
  return async (o: RenderOptions): Promise<RenderResult> => {
    seen.push(o);
    o.onLog?.('report: executing x');
    if (fail) throw fail;
    return {
      indexFile: '/r/index.html',
      files: { '00-quickstart': '/r/00-quickstart.html' },
      entries: [{ name: '00-quickstart', title: 'Q', file: '00-quickstart.html', status: 'ok', renderedAt: '2026-01-01T00:00:00Z', seconds: 4.2, bytes: 2_700_000, charts: 2, runIds: [], fast: true, source: 'sample:sp500' }],
      ...result,
    };
  };
}

test('report passes --notebooks, --fast, --source, --out and --timeout to the renderer and prints each report', async () => {
  const seen: RenderOptions[] = [];
  const { c, out, err } = ctx({ notebooks: '00-quickstart, 01-data,', fast: true, source: 'data/a.csv', out: '/tmp/r', timeout: '60' });
  assert.is(await makeReportCommand(fakeRender(seen)).run(c), 0);
  assert.equal(seen[0].notebooks, ['00-quickstart', '01-data']);
  assert.is(seen[0].fast, true);
  assert.is(seen[0].source, 'data/a.csv');
  assert.is(seen[0].outDir, '/tmp/r');
  assert.is(seen[0].cellTimeoutS, 60);
  assert.equal(out, ['00-quickstart: /r/00-quickstart.html (2.7 MB, 2 charts, 4.2 s)', 'index: /r/index.html']);
  assert.equal(err, ['report: executing x']);
});

test('report without options renders everything in full mode', async () => {
  const seen: RenderOptions[] = [];
  assert.is(await makeReportCommand(fakeRender(seen)).run(ctx({}).c), 0);
  assert.is(seen[0].notebooks, undefined);
  assert.is(seen[0].fast, false);
  assert.is(seen[0].source, undefined);
});

test('report --json prints the entries as JSON', async () => {
  const { c, out } = ctx({ json: true });
  assert.is(await makeReportCommand(fakeRender([])).run(c), 0);
  const parsed = JSON.parse(out[0]) as { index: string; reports: Array<{ name: string }> };
  assert.is(parsed.index, '/r/index.html');
  assert.equal(parsed.reports.map((r) => r.name), ['00-quickstart']);
});

test('a failing notebook makes report exit 1 with the cell error on stderr', async () => {
  const { c, err } = ctx({});
  const fail = new NotebookError('notebooks/01-data.ipynb', 4, 'RangeError: boom', 'x()', 'RangeError: boom');
  assert.is(await makeReportCommand(fakeRender([], undefined, fail)).run(c), 1);
  assert.match(err[err.length - 1], /^workbench report: notebooks\/01-data\.ipynb: cell 4: RangeError: boom$/);
});

test('report rejects bad --timeout, empty --notebooks and positional arguments as input errors', async () => {
  const cmd = makeReportCommand(fakeRender([]));
  await rejects(() => cmd.run(ctx({ timeout: '-3' }).c), /`--timeout`: a positive whole number of seconds, received "-3"/);
  await rejects(() => cmd.run(ctx({ notebooks: ' , ' }).c), /`--notebooks`: a comma-separated list of notebook names/);
  await rejects(() => cmd.run(ctx({}, ['00-quickstart']).c), /no positional arguments \(use --notebooks a,b\)/);
  try {
    await cmd.run(ctx({ timeout: 'x' }).c);
    assert.unreachable('should reject');
  } catch (e) {
    assert.instance(e, InputError);
  }
});

test('reportCommand is named report and documents its options', () => {
  assert.is(reportCommand.name, 'report');
  for (const o of ['--notebooks', '--fast', '--source', '--out', '--timeout', '--json']) assert.match(reportCommand.help, new RegExp(o));
  assert.equal(Object.keys(reportCommand.options ?? {}).sort(), ['fast', 'json', 'notebooks', 'out', 'source', 'timeout']);
});

test.run();
