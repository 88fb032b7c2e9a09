import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { tuneCommand } from '../../src/cli/tune';
import { parseConfig } from '../../src/config/load';
import { RedisBackend } from '../../src/execution/redis';
import { redisSettings } from '../../src/execution/redis-conn';
import { effectiveConfig } from '../../src/training/plan';
import { readStudy } from '../../src/tuning/study-store';
import { taskDataSha256 } from '../../src/tuning/trial-job';
import type { FrozenTrial } from '../../src/tuning/types';
import { runCommand, withTempHome } from '../cli/run-command';
import { type CliProcess } from './fixtures';
import { freePort, redisWorkerSuite } from './redis-server';

// Tuning trials as jobs: one Redis and two `workbench worker` processes; the study coordinator runs in this process.
const CONFIG = (extra: string[]): string =>
  [
    'training: { start_date: "2016-01-04", initial_end_date: "2018-06-01" }',
    'horizons: { enabled: [1] }',
    'features: { set: minimal }',
    'tuning:',
    ...extra.map((l) => `  ${l}`),
    '  spaces:',
    '    logistic:',
    '      l2: {type: log, low: 1.0e-4, high: 10}',
    '      classWeight: {type: categorical, choices: [none, balanced]}',
  ].join('\n');

const rs = redisWorkerSuite('test/execution/tune-jobs', { password: 's3cret' });

/** Number, state, params, value and intermediate values of every trial of a study (what must not depend on where trials ran). */
async function trialsOf(name: string): Promise<Pick<FrozenTrial, 'number' | 'state' | 'params' | 'value' | 'intermediate'>[]> {
  const s = await readStudy(name, {});
  assert.ok(s, `study ${name} stored`);
  return s!.trials.map((t) => ({ number: t.number, state: t.state, params: t.params, value: t.value, intermediate: t.intermediate })).sort((a, b) => a.number - b.number);
}

async function tune(cfg: string, study: string, args: string[]): Promise<{ best: { number: number; value: number } }> {
  const r = await runCommand(tuneCommand, ['--config', cfg, '--model', 'logistic', '--study', study, '--json', ...args]);
  assert.is(r.code, 0, r.err);
  return JSON.parse(r.out) as { best: { number: number; value: number } };
}

if (rs) {
  test('2 parallel trials on 2 Redis workers: the same trials and best value as the local thread pool (random start of TPE)', async () => {
    await withTempHome(async (home) => {
      const cfg = path.join(home, 'c.yaml');
      // every trial is a seeded startup trial: the trial set does not depend on the order trials finish in
      fs.writeFileSync(cfg, CONFIG(['trials: 4', 'n_startup_trials: 4', 'pruner: none']));
      const local = await tune(cfg, 'loc', ['--parallel', '2']);
      const onRedis = await tune(cfg, 'red', ['--parallel', '2', '--redis', rs.redis.url]);
      assert.equal(await trialsOf('red'), await trialsOf('loc'));
      assert.is(onRedis.best.value, local.best.value);
      assert.is(onRedis.best.number, local.best.number);
      const logs = rs.workers.map((w) => w.output()).join('');
      for (let n = 0; n < 4; n++) assert.match(logs, new RegExp(`job red\\.${n}: done`));
    });
  });

  test('sequential TPE with median pruning on Redis: the same trials, states and best value as in-process', async () => {
    await withTempHome(async (home) => {
      const cfg = path.join(home, 'c.yaml');
      fs.writeFileSync(cfg, CONFIG(['trials: 5', 'n_startup_trials: 2', 'pruner: median', 'pruner_startup_trials: 1', 'pruner_warmup_steps: 0']));
      const local = await tune(cfg, 'tpe-loc', ['--parallel', '1']);
      const onRedis = await tune(cfg, 'tpe-red', ['--parallel', '1', '--redis', rs.redis.url]);
      assert.equal(await trialsOf('tpe-red'), await trialsOf('tpe-loc'));
      assert.is(onRedis.best.value, local.best.value);
    });
  });

  test('tune with an unreachable Redis or a wrong password: exit 2 naming what to fix, no study created', async () => {
    await withTempHome(async (home) => {
      const cfg = path.join(home, 'c.yaml');
      fs.writeFileSync(cfg, CONFIG(['trials: 1']));
      const port = await freePort();
      const none = await runCommand(tuneCommand, ['--config', cfg, '--model', 'logistic', '--study', 'nored', '--redis', `redis://127.0.0.1:${port}`]);
      assert.is(none.code, 2, none.err);
      assert.match(none.err, /a reachable Redis server at redis:\/\/127\.0\.0\.1:\d+.*ECONNREFUSED/);
      const wrong = await runCommand(tuneCommand, ['--config', cfg, '--model', 'logistic', '--study', 'nored', '--redis', `redis://:nope@127.0.0.1:${rs.redis.port}`]);
      assert.is(wrong.code, 2, wrong.err);
      assert.match(wrong.err, /password.*refused login/);
      assert.is(await readStudy('nored', {}), undefined);
    });
  });

  test('trial job ids are idempotent: the same job twice runs once; a worker with other data refuses it (exit 2 in the CLI)', async () => {
    const backend = new RedisBackend(redisSettings(rs.redis.url));
    try {
      const task = { config: effectiveConfig(parseConfig({ training: { start_date: '2016-01-04', initial_end_date: '2018-06-01' }, horizons: { enabled: [1] }, features: { set: 'minimal' } })), model: 'logistic' };
      const job = { kind: 'trial' as const, id: 'idem.0', studyId: 'idem', number: 0, params: { l2: 0.5 }, task, dataSha256: await taskDataSha256(task) };
      const first = await backend.runTrial(job, {});
      const second = await backend.runTrial(job, {});
      assert.equal(second, first);
      assert.type(first.value, 'number');
      const starts = rs.workers.map((w) => w.output()).join('').match(/job idem\.0: start/g) ?? [];
      assert.is(starts.length, 1, 'ran once');
      let err: Error | undefined;
      await backend.runTrial({ ...job, id: 'idem.1', number: 1, dataSha256: 'f'.repeat(64) }, {}).catch((e: Error) => (err = e));
      assert.match(String(err?.message), /data\.source.*the data of study idem .*give this worker the same data/);
      assert.is(await Promise.race(rs.workers.map((w) => w.exited)), 2, 'the refusing CLI worker exits 2');
    } finally {
      await backend.close();
    }
  });
  test('cancelling a study (Ctrl-C of tune) removes its queued trial jobs; later trials are refused', async () => {
    // a queue no worker serves: the trials stay queued until cancelled
    const backend = new RedisBackend(redisSettings(rs.redis.url, { queue: 'unserved' }));
    try {
      const task = { config: effectiveConfig(parseConfig({ training: { start_date: '2016-01-04', initial_end_date: '2018-06-01' }, horizons: { enabled: [1] }, features: { set: 'minimal' } })), model: 'logistic' };
      const dataSha256 = await taskDataSha256(task);
      const outcomes = [0, 1, 2].map((n) => backend.runTrial({ kind: 'trial', id: `cc.${n}`, studyId: 'cc', number: n, params: { l2: 0.1 * (n + 1) }, task, dataSha256 }, {}).then(() => 'done', (e: Error) => e.name));
      const queue = backend.getQueue();
      for (let i = 0; (await queue.getWaitingCount()) < 3; i++) {
        assert.ok(i < 200, 'the 3 trials are queued');
        await new Promise((r) => setTimeout(r, 25));
      }
      await backend.cancelTrials();
      assert.equal(await Promise.all(outcomes), ['AbortError', 'AbortError', 'AbortError']);
      assert.is(await queue.getWaitingCount(), 0);
      assert.is(await queue.getJob('cc.0'), undefined);
      let later = '';
      await backend.runTrial({ kind: 'trial', id: 'cc.3', studyId: 'cc', number: 3, params: { l2: 1 }, task, dataSha256 }, {}).catch((e: Error) => (later = e.name));
      assert.is(later, 'AbortError');
    } finally {
      await backend.close();
    }
  });
}

test.run();
