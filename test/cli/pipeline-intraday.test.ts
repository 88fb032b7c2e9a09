/**
 * `workbench pipeline` on a 1h universe from real files: members written as 30-minute CSVs (UTC date-times) +
 * universe.json, `data.timeframe: 1h` (the loader resamples them to 1h on each member's sessions); ingest →
 * features → train → validate run, the snapshot keeps the instants, bundles record the timeframe; deploy and full
 * refuse intraday with exit 2 naming `data.timeframe` and the timeframe; a member missing > 5 % of its session
 * instants stops ingest with exit 2 naming it, nothing written.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { pipelineCommand } from '../../src/cli/pipeline';
import { syntheticIntradayPanel } from '../../src/data/panel-intraday';
import { intradayCsv } from '../../src/data/intraday/synthetic';
import { tempDir } from '../helpers';
import { runCommand } from './run-command';
import { loadBundle } from '../../src/training/bundle';
import { panelLiveModel } from '../../src/live/panel-source';
import { InputError } from '../../src/util/errors';

function writeUniverse(root: string, options: { holed?: string; gap?: string } = {}): string {
  const dir = path.join(root, 'universe');
  fs.mkdirSync(dir, { recursive: true });
  const p = syntheticIntradayPanel({ seed: 3, symbols: 5, days: 60, signal: 0.2, timeframe: '30m' });
  for (const m of p.members) {
    let text = intradayCsv(p.bars[m.symbol]);
    const lines = text.split('\n');
    // holed: every 10th session missing (10 % of the instants); gap: one bar in 8 missing inside sessions
    if (m.symbol === options.holed) text = lines.filter((l, i) => i === 0 || !l || Math.floor((i - 1) / 14) % 10 !== 5).join('\n');
    if (m.symbol === options.gap) text = lines.filter((_, i) => i === 0 || i % 8 !== 3).join('\n');
    fs.writeFileSync(path.join(dir, `${m.symbol}.csv`), text);
  }
  fs.writeFileSync(path.join(dir, 'universe.json'), JSON.stringify({ members: p.members, truth: p.truth }));
  return dir;
}

function writeConfig(root: string, universeDir: string): string {
  const file = path.join(root, 'universe-1h.yaml');
  fs.writeFileSync(
    file,
    [
      'data:',
      '  timeframe: 1h',
      '  universe:',
      `    source: "dir:${universeDir}"`,
      '    min_history: 300',
      'models:',
      '  epochs: 1',
      '  params: { gbdt: { nRounds: 20, maxDepth: 3 }, random_forest: { nTrees: 8, maxDepth: 5 } }',
      'features: { set: full, sequence_length: 7 }',
      'pipeline: { train_fraction: 0.7, validation_fraction: 0.1, direction_models: [gbdt], volatility_models: [garch], vol_window: 7 }',
      '',
    ].join('\n'),
  );
  return file;
}

test('pipeline on 1h bars: ingest → validate from 30m CSVs resampled to 1h; deploy and full refuse intraday (exit 2)', async () => {
  const home = tempDir('wb-pipe1h-');
  const prev = process.env.WORKBENCH_HOME;
  process.env.WORKBENCH_HOME = home;
  try {
    const cfg = writeConfig(home, writeUniverse(home));
    const dir = path.join(home, 'pipelines', 'universe-1h');
    const full = await runCommand(pipelineCommand, ['--config', cfg, '--stage', 'full', '--quiet']);
    assert.is(full.code, 2, full.err);
    assert.match(full.err, /data\.timeframe/);
    assert.match(full.err, /received 1h/);
    assert.not.ok(fs.existsSync(path.join(dir, 'ingest')), 'nothing written by a refused run');
    for (const stage of ['ingest', 'features', 'train', 'validate']) {
      const r = await runCommand(pipelineCommand, ['--config', cfg, '--stage', stage, '--quiet']);
      assert.is(r.code, 0, `${stage}: ${r.err}`);
    }
    const snap = JSON.parse(fs.readFileSync(path.join(dir, 'ingest', 'universe.json'), 'utf8'));
    const b = snap.bars.SYH01;
    assert.is(b.timeframe, '1h');
    assert.is(b.times.length, 60 * 7, '7 one-hour bars per session, resampled from 14 half-hour bars');
    assert.is(b.times[1] - b.times[0], 3_600_000);
    const bundle = JSON.parse(fs.readFileSync(path.join(dir, 'models', 'direction_gbdt', 'bundle.json'), 'utf8'));
    assert.is(bundle.timeframe, '1h');
    assert.match(bundle.trainEnd, /^2024-\d\d-\d\dT\d\d:\d\dZ$/);
    const v = JSON.parse(fs.readFileSync(path.join(dir, 'validation.json'), 'utf8'));
    assert.equal(v.units.map((u: { unit: string }) => u.unit), ['direction_gbdt', 'volatility_garch', 'regime_random_forest']);
    const m = JSON.parse(fs.readFileSync(path.join(dir, 'metrics', 'direction_gbdt.json'), 'utf8'));
    assert.ok(m.metrics.n > 100 && Number.isFinite(m.metrics.value));
    const deploy = await runCommand(pipelineCommand, ['--config', cfg, '--stage', 'deploy', '--quiet']);
    assert.is(deploy.code, 2, deploy.err);
    assert.match(deploy.err, /data\.timeframe.*received 1h/s);
    assert.not.ok(fs.existsSync(path.join(dir, 'deploy.json')));
    assert.not.ok(fs.existsSync(path.join(home, 'registry')), 'nothing registered');
    // serving such a bundle (registered by hand) refuses too, naming the bundle's timeframe
    const served = await panelLiveModel(await loadBundle(path.join(dir, 'models', 'direction_gbdt')), 1).then(
      () => undefined,
      (e: Error) => e,
    );
    assert.instance(served, InputError);
    assert.match(served!.message, /bundle\.timeframe.*received 1h/);
  } finally {
    if (prev === undefined) delete process.env.WORKBENCH_HOME;
    else process.env.WORKBENCH_HOME = prev;
  }
});

test('pipeline on 1h bars: a member missing 10 % of its sessions, or with gaps inside sessions, stops ingest (exit 2, named), nothing written', async () => {
  const home = tempDir('wb-pipe1h-');
  const prev = process.env.WORKBENCH_HOME;
  process.env.WORKBENCH_HOME = home;
  try {
    const cfg = writeConfig(home, writeUniverse(home, { holed: 'SYH03' }));
    const r = await runCommand(pipelineCommand, ['--config', cfg, '--stage', 'ingest', '--quiet']);
    assert.is(r.code, 2, r.err);
    assert.match(r.err, /SYH03: completeness \(missing (9|10)\.\d %\)/, r.err);
    assert.not.ok(fs.existsSync(path.join(home, 'pipelines', 'universe-1h', 'ingest', 'universe.json')));
    const cfg2 = writeConfig(home, writeUniverse(path.join(home, 'b'), { gap: 'SYH02' }));
    const g = await runCommand(pipelineCommand, ['--config', cfg2, '--stage', 'ingest', '--quiet']);
    assert.is(g.code, 2, g.err);
    assert.match(g.err, /symbol SYH02 .*SYH02\.csv:\d+: .*gap/);
    assert.not.ok(fs.existsSync(path.join(home, 'pipelines', 'universe-1h', 'ingest', 'universe.json')));
  } finally {
    if (prev === undefined) delete process.env.WORKBENCH_HOME;
    else process.env.WORKBENCH_HOME = prev;
  }
});

test.run();
