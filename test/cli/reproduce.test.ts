import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { randomWalk } from '../../src/data/synthetic';
import { loadConfig } from '../../src/config/load';
import { reproduceCommand, comparisonTable } from '../../src/cli/reproduce';
import { compareRunResults } from '../../src/tracking/reproduce';
import { getRun } from '../../src/tracking/query';
import type { RunResults } from '../../src/training/report';
import { trainRun } from '../../src/training/run';
import { writeTinyConfig } from '../training/fixtures';
import { runCommand, withTempHome } from './run-command';

const bars = randomWalk({ n: 520, seed: 21, symbol: 'RW' });

test('reproduce re-runs a tabular run into a new id and reports an exact match (exit 0)', async () => {
  await withTempHome(async (home) => {
    const cfg = loadConfig(writeTinyConfig(home, bars));
    await trainRun(cfg, { runId: 'orig', track: false });
    const r = await runCommand(reproduceCommand, ['orig', '--quiet', '--all']);
    assert.is(r.code, 0, r.err);
    assert.match(r.out, /identical: all \d+ values match the original run orig/);
    assert.match(r.out, /progressive\.h7\.gbdt\.sharpe/);
    const again = JSON.parse(fs.readFileSync(path.join(home, 'runs', 'orig-repro', 'results.json'), 'utf8'));
    assert.is(again.runId, 'orig-repro');
    assert.is((await getRun('orig-repro', { storePath: path.join(home, 'store.duckdb') })).status, 'FINISHED');
  });
});

test('reproduce refuses a run whose recorded data hash no longer matches the data (exit 2)', async () => {
  await withTempHome(async (home) => {
    const cfg = loadConfig(writeTinyConfig(home, bars));
    const { dir } = await trainRun(cfg, { runId: 'tampered', track: false });
    const file = path.join(dir, 'results.json');
    const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
    doc.data.sha256 = '0'.repeat(64);
    fs.writeFileSync(file, JSON.stringify(doc));
    const r = await runCommand(reproduceCommand, ['tampered', '--quiet']);
    assert.is(r.code, 2);
    assert.match(r.err, /the data run tampered was trained on .*sha256 0{64}.*the data changed since, so the run cannot be reproduced, received sha256 [0-9a-f]{64}/);
    assert.not.ok(fs.existsSync(path.join(home, 'runs', 'tampered-repro')), 'no training started');
  });
});

test('reproduce of an unknown run is bad input (exit 2)', async () => {
  await withTempHome(async () => {
    const r = await runCommand(reproduceCommand, ['nope', '--quiet']);
    assert.is(r.code, 2);
    assert.match(r.err, /a finished run with runs\/nope\/results\.json/);
  });
});

test('compareRunResults flags a changed value; the table shows the difference', () => {
  const entry = (accuracy: number, sharpe: number | null) => ({ accuracy, pValue: 0.5, sharpe });
  const doc = (acc: number, sharpe: number | null) => ({ modes: { progressive: { horizons: { '1': { gbdt: entry(acc, sharpe) } } } } }) as unknown as RunResults;
  const rows = compareRunResults(doc(0.5, null), doc(0.75, null));
  assert.equal(rows.map((r) => [r.key, r.same]), [
    ['progressive.h1.gbdt.accuracy', false],
    ['progressive.h1.gbdt.pValue', true],
    ['progressive.h1.gbdt.sharpe', true],
  ]);
  const table = comparisonTable(rows.filter((r) => !r.same));
  assert.match(table[0], /^metric\s+original\s+reproduced\s+difference$/);
  assert.match(table[1], /^progressive\.h1\.gbdt\.accuracy\s+0\.5\s+0\.75\s+0\.25$/);
});

test.run();
