/**
 * `workbench pipeline` killed with SIGKILL inside every stage but train (test/cli/pipeline.test.ts kills it
 * in training): one chain of runs, each killed at a deterministic crash point (WORKBENCH_TEST_KILL_AT, read
 * only under WORKBENCH_TEST=1) and resumed by the next `--stage full`, ends in the same state as one
 * uninterrupted run: 5 registered versions (one per unit, none twice), the same validation figures, the same
 * deploy metadata, and no temp files left in the pipeline folder.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { spawn } from 'child_process';
import { STORE_FILE_NAME } from '../../src/data/store-db';
import { listModelVersions } from '../../src/tracking/model-registry';
import { repoRoot } from '../../src/util/fs';
import { tempDir } from '../helpers';
import { universeFolder, writeConfig } from './pipeline-fixture';

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  err: string;
}

/** Runs the real CLI (`pipeline --stage full`) in its own process, optionally killed at a crash point. */
function cli(home: string, cfg: string, killAt?: string): Promise<Exit> {
  const env: NodeJS.ProcessEnv = { ...process.env, WORKBENCH_HOME: home, WORKBENCH_TEST: '1' };
  if (killAt) env.WORKBENCH_TEST_KILL_AT = killAt;
  else delete env.WORKBENCH_TEST_KILL_AT;
  const child = spawn(process.execPath, [path.join(repoRoot(), 'bin', 'workbench.js'), 'pipeline', '--config', cfg, '--stage', 'full', '--quiet'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, err })));
}

function files(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true }).map(String).sort();
}

async function outcome(home: string): Promise<{ versions: string[]; stages: string[]; validation: unknown; deploy: unknown; files: string[] }> {
  const dir = path.join(home, 'pipelines', 'universe');
  const versions = (await listModelVersions(undefined, { home, storePath: path.join(home, STORE_FILE_NAME) })).map((v) => `${v.name}/${v.version} ${v.stage}`);
  const state = JSON.parse(fs.readFileSync(path.join(dir, 'state.json'), 'utf8'));
  const validation = JSON.parse(fs.readFileSync(path.join(dir, 'validation.json'), 'utf8'));
  delete validation.validatedAt;
  const deploy = JSON.parse(fs.readFileSync(path.join(dir, 'deploy.json'), 'utf8'));
  // the config hash covers the universe folder's path, which differs between the two homes
  delete deploy.deployedAt;
  delete deploy.configHash;
  for (const m of deploy.models) delete m.trained_date;
  return { versions, stages: Object.keys(state.stages), validation, deploy, files: files(dir) };
}

test('pipeline killed (kill -9) in ingest, features, validate and deploy resumes to the state of an uninterrupted run', async () => {
  const refHome = tempDir('wb-pipe-ref-');
  const home = tempDir('wb-pipe-kill-');
  const refCfg = writeConfig(refHome, universeFolder(refHome));
  const cfg = writeConfig(home, universeFolder(home));
  const dir = path.join(home, 'pipelines', 'universe');
  // the uninterrupted reference runs beside the chain of killed runs
  const reference = cli(refHome, refCfg);
  // every point is reached once: each rerun resumes after the outputs the killed run had recorded
  const points = ['ingest:1', 'features:1', 'validate:done', 'deploy:registered:1', 'deploy:registered:3', 'deploy:done'];
  for (const at of points) {
    const r = await cli(home, cfg, at);
    assert.is(r.signal, 'SIGKILL', `killed at ${at} (exit ${r.code}: ${r.err})`);
    const stateFile = path.join(dir, 'state.json');
    const state = fs.existsSync(stateFile) ? JSON.parse(fs.readFileSync(stateFile, 'utf8')) : { stages: {} };
    const stage = at.slice(0, at.indexOf(':'));
    assert.not.ok(state.stages[stage], `${stage} not marked done after a kill at ${at}`);
  }
  const last = await cli(home, cfg);
  assert.is(last.code, 0, last.err);
  const ref = await reference;
  assert.is(ref.code, 0, ref.err);

  const got = await outcome(home);
  const want = await outcome(refHome);
  assert.is(got.versions.length, 5, got.versions.join(', '));
  assert.equal(got.versions, want.versions, 'one version per unit, none registered twice or lost');
  assert.equal(got.stages.sort(), want.stages.sort());
  assert.equal(got.validation, want.validation, 'same validation report figures');
  assert.equal(got.deploy, want.deploy, 'same deploy metadata (deploy.json has no pending unit left)');
  assert.equal(got.files, want.files, 'same files in the pipeline folder');
  assert.not.ok(got.files.some((f) => /\.tmp$|\.old$|\.partial$/.test(path.basename(f))), `no temp files: ${got.files.join(', ')}`);
});

test.run();
