/**
 * `workbench pipeline` on real files in temp folders: a synthetic universe written as CSVs + universe.json,
 * the full pipeline killed (kill -9) in the middle of training and rerun (it resumes: units already trained
 * are not trained again), then 5 models registered, a validation report and deploy metadata; bad universes
 * exit 2 naming the symbol with nothing trained.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { spawn } from 'child_process';
import { pipelineCommand } from '../../src/cli/pipeline';
import { listModelVersions } from '../../src/tracking/model-registry';
import { repoRoot } from '../../src/util/fs';
import { tempDir } from '../helpers';
import { runCommand } from './run-command';
import { universeFolder, writeConfig } from './pipeline-fixture';

test('pipeline full: killed (kill -9) during training, rerun resumes; 5 models registered, validation + deploy written', async () => {
  const home = tempDir('wb-pipe-');
  const cfg = writeConfig(home, universeFolder(home));
  const dir = path.join(home, 'pipelines', 'universe');
  const env = { ...process.env, WORKBENCH_HOME: home, WORKBENCH_TEST: '1' };
  const child = spawn(process.execPath, [path.join(repoRoot(), 'bin', 'workbench.js'), 'pipeline', '--config', cfg, '--stage', 'full', '--quiet'], { env, stdio: 'ignore' });
  const stateFile = path.join(dir, 'state.json');
  const killed = await new Promise<boolean>((resolve) => {
    const timer = setInterval(() => {
      try {
        const s = JSON.parse(fs.readFileSync(stateFile, 'utf8'));
        if (Object.keys(s.units).length >= 1) {
          clearInterval(timer);
          child.kill('SIGKILL');
          resolve(true);
        }
      } catch {
        // not written yet: poll again
      }
    }, 20);
    child.on('exit', () => {
      clearInterval(timer);
      resolve(false);
    });
  });
  await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(undefined) : child.once('exit', r)));
  assert.ok(killed, 'the pipeline was killed during training');
  const before = JSON.parse(fs.readFileSync(stateFile, 'utf8'));
  assert.ok(before.stages.ingest && before.stages.features && !before.stages.deploy);
  const firstUnit = Object.keys(before.units)[0];
  const firstMetrics = fs.readFileSync(path.join(dir, 'metrics', `${firstUnit}.json`), 'utf8');

  const prev = process.env.WORKBENCH_HOME;
  process.env.WORKBENCH_HOME = home;
  try {
    const r = await runCommand(pipelineCommand, ['--config', cfg, '--stage', 'full', '--quiet']);
    assert.is(r.code, 0, r.err);
    assert.not.match(r.out, /ingest:/, 'ingest not repeated');
    assert.not.match(r.out, new RegExp(`train: ${firstUnit} `), 'a finished unit is not trained again');
    assert.match(r.out, /\| direction_gbdt \| accuracy \|/);
    assert.is(fs.readFileSync(path.join(dir, 'metrics', `${firstUnit}.json`), 'utf8'), firstMetrics);
    const validation = JSON.parse(fs.readFileSync(path.join(dir, 'validation.json'), 'utf8'));
    assert.equal(validation.units.map((u: { unit: string }) => u.unit), ['direction_gbdt', 'direction_lstm', 'volatility_garch', 'volatility_lstm_vol', 'regime_random_forest']);
    const deploy = JSON.parse(fs.readFileSync(path.join(dir, 'deploy.json'), 'utf8'));
    for (const m of deploy.models) {
      for (const k of ['model_name', 'version', 'trained_date', 'training_samples', 'symbols', 'feature_count', 'timeframe']) assert.ok(m[k] !== undefined, `${m.model_name}.${k}`);
      const v = validation.units.find((u: { unit: string }) => u.unit === m.model_name);
      assert.is(m.stage, v.passed ? 'Production' : 'None');
    }
    const versions = await listModelVersions(undefined, { home });
    assert.is(versions.length, 5);
    assert.ok(fs.existsSync(path.join(dir, 'models', 'volatility_garch', 'symbols')));
    const again = await runCommand(pipelineCommand, ['--config', cfg, '--stage', 'full', '--quiet']);
    assert.match(again.out, /every stage already done/);
    // rerunning a finished stage starts it and the later ones over: validate again, then deploy registers new versions
    const one = await runCommand(pipelineCommand, ['--config', cfg, '--stage', 'validate', '--quiet']);
    assert.is(one.code, 0, one.err);
    const state = JSON.parse(fs.readFileSync(stateFile, 'utf8'));
    assert.ok(state.stages.validate && !state.stages.deploy && Object.keys(state.units).length === 5);
    const redeploy = await runCommand(pipelineCommand, ['--config', cfg, '--stage', 'full', '--quiet']);
    assert.match(redeploy.out, /ran deploy/);
    assert.is((await listModelVersions(undefined, { home })).length, 10);
  } finally {
    if (prev === undefined) delete process.env.WORKBENCH_HOME;
    else process.env.WORKBENCH_HOME = prev;
  }
});

async function expectBad(mutate: (root: string, universeDir: string) => string, pattern: RegExp): Promise<void> {
  const home = tempDir('wb-pipe-bad-');
  const u = universeFolder(home, { symbols: 4, days: 330 });
  const cfg = mutate(home, u);
  const dir = path.join(home, 'p');
  const r = await runCommand(pipelineCommand, ['--config', cfg, '--stage', 'full', '--quiet', '--dir', dir]);
  assert.is(r.code, 2, r.out + r.err);
  assert.match(r.err, pattern);
  assert.not.ok(fs.existsSync(path.join(dir, 'models')), 'nothing trained');
  assert.not.ok(fs.existsSync(path.join(dir, 'ingest', 'universe.json')), 'nothing ingested');
}

function editMembers(u: string, fn: (m: Array<Record<string, unknown>>) => void): void {
  const file = path.join(u, 'universe.json');
  const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  fn(doc.members);
  fs.writeFileSync(file, JSON.stringify(doc));
}

test('bad universe: unknown symbol, duplicate, sector map not covering, too little history, no overlap → exit 2 naming the symbol', async () => {
  await expectBad((home, u) => (editMembers(u, (m) => m.push({ symbol: 'NOPE', sector: 'technology', assetClass: 'equity', market: 'NYSE' })), writeConfig(home, u)), /unknown symbol NOPE/);
  await expectBad((home, u) => (editMembers(u, (m) => m.push({ ...m[0] })), writeConfig(home, u)), /duplicate symbol TEC1|duplicate symbol/);
  await expectBad((home, u) => {
    editMembers(u, (m) => m.forEach((x) => delete x.sector));
    return writeConfig(home, u, '    sectors: { TEC1: technology }');
  }, /sector.*none for \S+/);
  await expectBad((home, u) => {
    const file = path.join(u, 'TEC1.csv');
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    fs.writeFileSync(file, `${lines.slice(0, 101).join('\n')}\n`);
    return writeConfig(home, u);
  }, /at least 300 bars per symbol, received 100 for TEC1/);
  await expectBad((home, u) => {
    const file = path.join(u, 'TEC1.csv');
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    // TEC1's bars moved 3 years later: no date in common with the others
    const shifted = lines.slice(1).map((l) => `${Number(l.slice(0, 4)) + 3}${l.slice(4)}`);
    fs.writeFileSync(file, `${[lines[0], ...shifted].join('\n')}\n`);
    return writeConfig(home, u);
  }, /calendars that overlap.*TEC1|TEC1.*calendars that overlap/);
});

test.run();
