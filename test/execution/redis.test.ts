import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { loadConfig } from '../../src/config/load';
import { randomWalk } from '../../src/data/synthetic';
import { redisSettings } from '../../src/execution/redis-conn';
import { redisQueueStatus } from '../../src/execution/redis-status';
import { createServer } from '../../src/server/app';
import { resumeOrRestart } from '../../src/training/resume-any';
import { trainRun, type RunOutcome } from '../../src/training/run';
import { tempDir } from '../helpers';
import { withoutTiming } from '../training/fixtures';
import { cli, waitFor, writeJobConfig, type CliProcess } from './fixtures';
import { freePort, redisWorkerSuite } from './redis-server';

// One Redis (with a password) and two `workbench worker` processes serve every test of this file.
const bars = randomWalk({ n: 700, seed: 23 });
const rs = redisWorkerSuite('test/execution/redis', { password: 's3cret' });
let home = '';
let cfgFile = '';
let single: RunOutcome;

const exec = () => ({ backend: 'redis' as const, workers: 'auto' as const, redis: redisSettings(rs!.redis.url, { lock_ms: 2000 }) });
const same = (a: RunOutcome, b: RunOutcome, what: string): void => assert.equal(withoutTiming(b.results), withoutTiming(a.results), what);
const csvOf = (o: RunOutcome): string => fs.readFileSync(path.join(o.dir, 'predictions.csv'), 'utf8');

test.before(async () => {
  if (!rs) return;
  home = tempDir();
  cfgFile = writeJobConfig(home, bars);
  single = await trainRun(loadConfig(cfgFile), { home, runId: 'single', execution: { backend: 'local', workers: 1 }, track: false });
});

if (rs) {
  test('serve --redis: GET /api/queue lists the queue\'s remote workers and job counts; an unreachable Redis is reported, not thrown', async () => {
    const settings = redisSettings(rs.redis.url);
    let status = await redisQueueStatus(settings);
    for (const t0 = Date.now(); status.workers.length < rs.workers.length && Date.now() - t0 < 30000; status = await redisQueueStatus(settings)) {
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.is(status.error, undefined);
    assert.is(status.workers.length, rs.workers.length, 'both CLI workers are listed');
    assert.is(status.queue, 'workbench');
    assert.not.match(JSON.stringify(status), /s3cret/, 'the password never appears');
    const server = createServer({ home: tempDir(), redis: settings });
    try {
      for (let k = 0; k < 2; k++) {
        // the server keeps one connection for every poll of the dashboard
        const res = await server.app.inject({ method: 'GET', url: '/api/queue' });
        assert.is(res.statusCode, 200);
        const w = res.json().workers;
        assert.is(w.backend, 'redis');
        assert.is(w.error, undefined);
        assert.is(w.workers.length, rs.workers.length);
        assert.equal(Object.keys(w.counts).sort(), ['active', 'completed', 'delayed', 'failed', 'waiting']);
      }
    } finally {
      await server.close();
    }
    const down = await redisQueueStatus(redisSettings(`redis://127.0.0.1:${await freePort()}`), 1000);
    assert.ok(down.error, 'an unreachable server gives an error field');
    assert.equal(down.workers, []);
  });

  test('2 worker processes on Redis and the local pool give the single-process results (tabular + lstm)', async () => {
    const local = await trainRun(loadConfig(cfgFile), { home, runId: 'local', execution: { backend: 'local', workers: 2 }, track: false });
    same(single, local, 'local pool');
    const onRedis = await trainRun(loadConfig(cfgFile), { home, runId: 'redis', execution: exec(), track: false });
    same(single, onRedis, 'redis');
    assert.is(csvOf(onRedis), csvOf(single));
    assert.ok(/worker: job redis\./.test(rs.workers.map((w) => w.output()).join('')), 'the CLI workers ran the jobs');
  });

  test('kill -9 of a worker mid-run: its job moves to the other worker and continues; same results', async () => {
    let killed = false;
    const run = trainRun(loadConfig(cfgFile), {
      home,
      runId: 'wkill',
      execution: exec(),
      track: false,
      onProgress: (e) => {
        if (!killed && e.fraction === 1) {
          killed = true;
          rs.workers[0].proc.kill('SIGKILL');
        }
      },
    });
    const out = await run;
    assert.ok(killed);
    same(single, out, 'after a worker was killed');
    assert.is(csvOf(out), csvOf(single));
    rs.workers[0] = rs.startWorker();
  });

  test('kill -9 of the coordinator, then resume re-attaches to the queue: same results', async () => {
    const coord = cli(['train', '--config', cfgFile, '--run-id', 'ckill', '--redis', rs.redis.url, '--quiet'], { env: { WORKBENCH_HOME: home } });
    const tracks = path.join(home, 'runs', 'ckill', 'checkpoint', 'tracks');
    await waitFor(() => fs.existsSync(tracks) && fs.readdirSync(tracks).length >= 2, 60000, 'two track checkpoints');
    coord.proc.kill('SIGKILL');
    await coord.exited;
    const out = await resumeOrRestart('ckill', { home, execution: exec(), track: false });
    same(single, out, 'resumed');
    assert.is(csvOf(out), csvOf(single));
  });

  test('a wrong password or an unreachable Redis: exit 2 naming what to fix', async () => {
    const wrong = cli(['worker', '--redis', `redis://:nope@127.0.0.1:${rs.redis.port}`]);
    assert.is(await wrong.exited, 2);
    assert.match(wrong.output(), /password.*refused login/);
    const port = await freePort();
    const none = cli(['train', '--config', cfgFile, '--run-id', 'nored', '--redis', `redis://127.0.0.1:${port}`, '--quiet'], { env: { WORKBENCH_HOME: home } });
    assert.is(await none.exited, 2);
    assert.match(none.output(), /a reachable Redis server at redis:\/\/127\.0\.0\.1:\d+.*ECONNREFUSED/);
  });

  test('a worker whose data hashes differently refuses the job: worker and coordinator exit 2', async () => {
    const a = tempDir();
    const b = tempDir();
    fs.mkdirSync(path.join(a, 'data'));
    fs.mkdirSync(path.join(b, 'data'));
    const cfg = writeJobConfig(path.join(a, 'data'), bars, 'csv:data/RW.csv');
    writeJobConfig(path.join(b, 'data'), randomWalk({ n: 700, seed: 24 }), 'csv:data/RW.csv');
    const odd = cli(['worker', '--redis', rs.redis.url, '--queue', 'odd'], { cwd: b });
    const coord = cli(['train', '--config', cfg, '--run-id', 'odd', '--redis', rs.redis.url, '--queue', 'odd', '--quiet'], { cwd: a, env: { WORKBENCH_HOME: path.join(a, 'home') } });
    assert.is(await coord.exited, 2, coord.output());
    assert.match(coord.output(), /data\.source.*the data of run odd .*sha256 .*on this worker/);
    assert.is(await odd.exited, 2, odd.output());
    assert.match(odd.output(), /give this worker the same data/);
  });
}

test.run();
