import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { trackCost } from '../../src/execution/dispatch';
import { LocalBackend } from '../../src/execution/local';
import type { JobBackend } from '../../src/execution/types';
import { randomWalk } from '../../src/data/synthetic';
import { DEEP_MODEL_KEYS } from '../../src/models/deep/index';
import { DEEP_FAMILY_KEYS } from '../../src/models/deep/keys';
import { trainRun } from '../../src/training/run';
import type { TrackState } from '../../src/training/types';
import { tempDir } from '../helpers';
import { testConfig, withoutTiming } from '../training/fixtures';

const dist = path.join(__dirname, '..', '..', 'src');

test('a worker process loads the job code without tfjs; a deep family loads it on first use', () => {
  assert.equal([...DEEP_FAMILY_KEYS].sort(), [...DEEP_MODEL_KEYS].sort());
  const probe = `
    const tf = () => Object.keys(require.cache).some((k) => k.includes('@tensorflow'));
    require(${JSON.stringify(path.join(dist, 'models', 'families'))});
    require(${JSON.stringify(path.join(dist, 'execution', 'track-job'))});
    const reg = require(${JSON.stringify(path.join(dist, 'models', 'registry'))});
    const before = tf();
    reg.createModel('gbdt', { task: 'binary' });
    const afterGbdt = tf();
    const keys = reg.modelKeys();
    reg.createModel('lstm', { task: 'binary' });
    process.stdout.write(JSON.stringify({ before, afterGbdt, lstmListed: keys.includes('lstm'), after: tf() }));`;
  const out = JSON.parse(execFileSync(process.execPath, ['-e', probe], { encoding: 'utf8' }));
  assert.equal(out, { before: false, afterGbdt: false, lstmListed: true, after: true });
});

test('trackCost: longest first — deep before trees before linear, fewer iterations done first', () => {
  const t = (model: string, next: number) => ({ model, next }) as TrackState;
  assert.ok(trackCost(t('lstm', 0), 10) > trackCost(t('gbdt', 0), 10));
  assert.ok(trackCost(t('gbdt', 0), 10) > trackCost(t('logistic', 0), 10));
  assert.ok(trackCost(t('gbdt', 2), 10) > trackCost(t('gbdt', 7), 10));
  assert.is(trackCost(t('gbdt', 4), 10), 6);
});

test('a started pool is reused across runs: same processes, jobs longest first, results equal to an in-process run', async () => {
  const bars = randomWalk({ n: 600, seed: 5 });
  const cfg = testConfig(bars, 450, { training: { max_iterations: 2, window_increment: 14 }, horizons: { enabled: [1, 7] }, modes: { unified: false }, models: { enabled: ['logistic', 'gbdt'], params: { gbdt: { nRounds: 8, maxDepth: 3 } } } });
  const home = tempDir();
  const pool = new LocalBackend({ workers: 1 });
  try {
    await pool.start();
    const pids = pool.workerPids();
    assert.is(pids.length, 1);
    const order: string[] = [];
    const spy: JobBackend = {
      kind: 'local',
      slots: 1,
      supports: (m) => pool.supports(m),
      close: async () => undefined,
      run: (jobs, o) => pool.run(jobs, { ...o, onDone: (job, track) => (order.push(track.model), o.onDone?.(job, track)) }),
    };
    const first = await trainRun(cfg, { bars, home, runId: 'p1', backend: spy, track: false });
    assert.equal(order, ['gbdt', 'gbdt', 'logistic', 'logistic']);
    const second = await trainRun(cfg, { bars, home, runId: 'p2', backend: spy, track: false });
    assert.equal(pool.workerPids(), pids);
    const inProcess = await trainRun(cfg, { bars, home, runId: 'p0', execution: { backend: 'local', workers: 1 }, track: false });
    assert.equal(withoutTiming(first.results), withoutTiming(inProcess.results));
    assert.equal(withoutTiming(second.results), withoutTiming(inProcess.results));
    assert.is(fs.readFileSync(path.join(second.dir, 'predictions.csv'), 'utf8'), fs.readFileSync(path.join(inProcess.dir, 'predictions.csv'), 'utf8'));
  } finally {
    await pool.close();
    fs.rmSync(home, { recursive: true, force: true });
  }
  assert.equal(pool.workerPids(), []);
  try {
    await pool.run([], {});
    assert.unreachable('a closed pool runs nothing');
  } catch (e) {
    assert.match((e as Error).message, /closed/);
  }
});

test.run();
