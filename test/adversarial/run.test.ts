/**
 * Findings 7, 8 and 9 on the training path: the whole config, its data, dates, horizons and models are
 * validated before anything is written; keys without an effect are refused; VIX reaches the features;
 * a run killed at any instant (its first checkpoint included) resumes; run ids can be reused.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import { parseConfig } from '../../src/config/load';
import type { WorkbenchConfigInput } from '../../src/config/schema';
import { loadBars } from '../../src/data/load';
import { resumeOrRestart } from '../../src/training/resume-any';
import { trainRun } from '../../src/training/run';
import { bundleProbUp, loadBundle } from '../../src/training/bundle';
import { sliceBars } from '../../src/data/bars';
import { isoToDay, upperBound } from '../../src/util/dates';
import { tempDir } from '../helpers';
import { hostile } from './hostile';

const FAST: WorkbenchConfigInput = {
  data: { source: 'sample:sp500' },
  models: { enabled: ['logistic'] },
  horizons: { enabled: [1] },
  modes: { progressive: true, unified: false, compare_results: false },
  features: { set: 'full' },
  training: { start_date: '2016-01-04', initial_end_date: '2019-06-03', max_iterations: 2 },
  runtime: { fast: true },
};

function cfg(patch: (c: any) => void): ReturnType<typeof parseConfig> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const c = JSON.parse(JSON.stringify(FAST));
  patch(c);
  return parseConfig(c, 'c.yaml');
}

async function rejected(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn();
  } catch (e) {
    return (e as Error).message;
  }
  return '';
}

test('a bad config fails before the run folder, checkpoint or tracked run exist, naming the key path', async () => {
  const cases: Array<[(c: any) => void, RegExp]> = [ // eslint-disable-line @typescript-eslint/no-explicit-any
    [(c) => (c.training = { start_date: '1990-01-02', initial_end_date: '1995-01-03' }), /`training\.initial_end_date`: a date inside the data's 2000-01-03 … 2020-04-17/],
    [(c) => (c.horizons.enabled = [252]), /`horizons\.enabled\[0\]`: a horizon shorter than the \d+ bars after training\.initial_end_date/],
    [(c) => (c.models.enabled = ['logistic', 'nosuchmodel']), /`models\.enabled\[1\]`: a registered model/],
    [(c) => (c.models = { enabled: ['logistic', 'gbdt'], params: { gbdt: { maxDepth: 'deep' } } }), /`models\.params\.gbdt\.maxDepth`: a number/],
    [(c) => (c.models.params = { logistic: { maxIter: 1e12 } }), /`models\.params\.logistic\.maxIter`: a value of at most 100000/],
    [(c) => (c.models.params = { gbdt: { maxDepth: 3 } }), /`models\.params\.gbdt`: parameters of a model the run trains/],
    [(c) => ((c.modes.unified = true), (c.models.unified_model = 'nosuchmodel')), /`models\.unified_model`: a registered model/],
    [(c) => (c.data.source = 'csv:/nonexistent/x.csv'), /`data\.source`: .*x\.csv: a readable file/],
    [(c) => (c.data.fundamentals = '/etc/passwd'), /`data\.fundamentals`: no data\.fundamentals in a training config/],
    [(c) => (c.data.vix = 'csv:/etc/passwd'), /`data\.vix`: /],
    [(c) => (c.training.symbol = 'AAPL'), /`training\.symbol`: data\.symbol/],
  ];
  for (const [patch, re] of cases) {
    hostile('config');
    const home = tempDir('wb-adv-run-');
    const msg = await rejected(() => trainRun(cfg(patch), { runId: 'r1', home }));
    assert.match(msg, re);
    assert.is(fs.existsSync(path.join(home, 'runs', 'r1')), false, `run folder written before: ${msg}`);
    assert.is(fs.existsSync(path.join(home, 'store.duckdb')), false, `tracking store written before: ${msg}`);
  }
});

function vixCsv(): string {
  const dir = tempDir('wb-adv-vix-');
  const file = path.join(dir, 'VIX.csv');
  const lines = ['Date,Open,High,Low,Close,Volume'];
  const d0 = Date.UTC(2012, 0, 2);
  for (let i = 0; i < 3200; i++) {
    const day = new Date(d0 + i * 86400000);
    if (day.getUTCDay() === 0 || day.getUTCDay() === 6) continue;
    const v = (15 + 10 * Math.sin(i / 37) + 5 * Math.cos(i / 11)).toFixed(2);
    lines.push(`${day.toISOString().slice(0, 10)},${v},${v},${v},${v},0`);
  }
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

test('data.vix reaches the features: predictions change when a VIX series is supplied', async () => {
  const home = tempDir('wb-adv-vixrun-');
  const bars = await loadBars('sample:sp500');
  const base = await trainRun(cfg(() => undefined), { runId: 'novix', home, bars, track: false });
  const withVix = await trainRun(cfg((c) => (c.data.vix = `csv:${vixCsv()}`)), { runId: 'vix', home, bars, track: false });
  const a = fs.readFileSync(path.join(base.dir, 'predictions.csv'), 'utf8');
  const b = fs.readFileSync(path.join(withVix.dir, 'predictions.csv'), 'utf8');
  assert.ok(a.split('\n').length > 10);
  assert.is.not(a, b);
  // the bundle records the VIX source, and serving joins it: served = evaluated on the last predicted date
  const last = b.trim().split('\n').pop()!.split(',');
  const bundle = await loadBundle(path.join(withVix.dir, 'bundles', 'progressive-h1-logistic'));
  assert.ok(bundle.meta.vix?.startsWith('csv:'), 'data.vix recorded in the bundle');
  const upTo = sliceBars(bars, 0, upperBound(bars.dates, isoToDay(last[4])));
  const served = (await bundleProbUp(bundle, upTo)).probUp[0];
  assert.ok(Math.abs(served - Number(last[7])) <= 1e-6, `served ${served}, evaluated ${last[7]}`);
  const { vix: _vix, ...without } = bundle.meta;
  const unjoined = (await bundleProbUp({ ...bundle, meta: without }, upTo)).probUp[0];
  assert.ok(Math.abs(unjoined - Number(last[7])) > 1e-6, 'without the VIX join the features differ');
  bundle.model.dispose?.();
});

test('a run killed during its first state.json write resumes; stale temp files are removed', async () => {
  hostile('kill', 2);
  const home = tempDir('wb-adv-kill-');
  const done = await trainRun(cfg(() => undefined), { runId: 'ref', home, track: false });
  // what a kill inside the first writeJsonAtomic(state.json) leaves: config.json and a temp file, no state.json
  const dir = path.join(home, 'runs', 'killed');
  fs.mkdirSync(path.join(dir, 'checkpoint'), { recursive: true });
  fs.copyFileSync(path.join(done.dir, 'config.json'), path.join(dir, 'config.json'));
  const tmp = path.join(dir, 'checkpoint', '.state.json.4242.deadbeef.tmp');
  fs.writeFileSync(tmp, '{"format":"stock-ml-work');
  const tmpModel = path.join(dir, 'checkpoint', 'models', '.progressive-h1-logistic-it1.4242.cafe0001.tmp');
  fs.mkdirSync(tmpModel, { recursive: true });
  fs.writeFileSync(path.join(tmpModel, 'model.json'), '{');
  const out = await resumeOrRestart('killed', { home, track: false });
  assert.is(fs.existsSync(tmp), false);
  assert.is(fs.existsSync(tmpModel), false);
  const predictions = (d: string): string => fs.readFileSync(path.join(d, 'predictions.csv'), 'utf8');
  assert.is(predictions(out.dir), predictions(done.dir));
});

test('CLI runs may name any tracking.uri; a failing remote does not turn a finished run into a failed one', async () => {
  hostile('url');
  let hits = 0;
  const trap = http.createServer((_req, res) => {
    hits++;
    res.statusCode = 500;
    res.end('{"error_code":"INTERNAL_ERROR"}');
  });
  await new Promise<void>((r) => trap.listen(0, '127.0.0.1', () => r()));
  const port = (trap.address() as { port: number }).port;
  const home = tempDir('wb-adv-uri-');
  const write = process.stderr.write.bind(process.stderr);
  const warnings: string[] = [];
  process.stderr.write = ((s: string) => (warnings.push(String(s)), true)) as typeof process.stderr.write;
  try {
    const out = await trainRun(cfg((c) => (c.tracking = { uri: `http://127.0.0.1:${port}/anything/` })), { runId: 'mirror', home });
    assert.ok(fs.existsSync(path.join(out.dir, 'results.json')));
  } finally {
    process.stderr.write = write;
    trap.close();
  }
  assert.ok(hits > 0);
  assert.match(warnings.join(''), /the run finished, but mirroring it to tracking\.uri failed/);
});

test('a run id can be reused after its folder was deleted (tracked run replaced, not "params are immutable")', async () => {
  hostile('race');
  const home = tempDir('wb-adv-reuse-');
  await trainRun(cfg(() => undefined), { runId: 'again', home });
  fs.rmSync(path.join(home, 'runs', 'again'), { recursive: true, force: true });
  const second = await trainRun(cfg((c) => (c.training.seed = 7)), { runId: 'again', home });
  assert.is(second.runId, 'again');
});

test.run();
