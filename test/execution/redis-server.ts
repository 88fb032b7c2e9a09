/**
 * Test helper: a private redis-server (Debian's binary) on a free loopback port, no persistence, in a temp
 * folder; stopped by the caller. Tests skip loudly when the binary is absent (scripts/setup.sh installs it).
 * {@link redisWorkerSuite} sets up a server and CLI workers for a whole test file.
 */
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import { test } from 'uvu';
import { tempDir } from '../helpers';
import { cli, type CliProcess } from './fixtures';

/** Path of redis-server, or undefined (tests then skip with a loud message). */
export function redisBinary(): string | undefined {
  for (const p of [process.env.REDIS_SERVER, '/usr/bin/redis-server', '/usr/local/bin/redis-server']) if (p && fs.existsSync(p)) return p;
  const r = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() ? r.stdout.trim() : undefined;
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** A running test server. */
export interface TestRedis {
  port: number;
  url: string;
  proc: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts redis-server on a free loopback port (`--save '' --appendonly no`, temp dir), optionally with a password.
 * @param password requirepass (default none)
 * @returns the server; call `stop()` after
 */
export async function startRedis(password?: string): Promise<TestRedis> {
  const bin = redisBinary();
  if (!bin) throw new Error('redis-server is not installed');
  const port = await freePort();
  const dir = tempDir('wb-redis-');
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no', ...(password ? ['--requirepass', password] : [])];
  const proc = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout?.on('data', (c) => (out += String(c)));
  await new Promise<void>((resolve, reject) => {
    const t0 = Date.now();
    const tick = (): void => {
      if (/Ready to accept connections/.test(out)) return resolve();
      if (proc.exitCode !== null) return reject(new Error(`redis-server exited: ${out}`));
      if (Date.now() - t0 > 10000) return reject(new Error(`redis-server did not start: ${out}`));
      setTimeout(tick, 50);
    };
    tick();
  });
  return {
    port,
    url: password ? `redis://:${password}@127.0.0.1:${port}` : `redis://127.0.0.1:${port}`,
    proc,
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => {
          fs.rmSync(dir, { recursive: true, force: true });
          resolve();
        });
        proc.kill('SIGTERM');
      }),
  };
}

/** Options of {@link redisWorkerSuite}. */
export interface RedisWorkerSuiteOptions {
  /** `workbench worker` processes started with the server; default 2. */
  workers?: number;
  /** requirepass of the server; default none. */
  password?: string;
  /** `--lock-ms` of the workers; default 2000. */
  lockMs?: number;
}

/** The server and workers of {@link redisWorkerSuite}, set once the suite's `before` hook has run. */
export interface RedisWorkerSuite {
  redis: TestRedis;
  workers: CliProcess[];
  /** Starts one more worker on the suite's server (not added to `workers`: the caller places it). */
  startWorker(): CliProcess;
}

/**
 * One private redis-server and its `workbench worker` processes for every test of a file: registers a
 * uvu `before` hook that starts them (register the file's own hooks after this call: they run after it) and
 * an `after` hook that kills the workers and stops the server. Without a redis-server binary it registers one
 * loud skip test instead and returns undefined: register the file's tests only when a suite came back.
 * @param file the test file's name for the skip message (e.g. `test/execution/redis`)
 * @param options workers (2), password (none), lockMs (2000)
 * @returns the suite (fields set before the first test), or undefined when redis-server is missing
 */
export function redisWorkerSuite(file: string, options: RedisWorkerSuiteOptions = {}): RedisWorkerSuite | undefined {
  if (!redisBinary()) {
    test('redis-server is installed (run scripts/setup.sh)', () => {
      console.error(`\n*** SKIPPED ${file}: no redis-server binary (apt-get install redis-server; scripts/setup.sh does) ***\n`);
    });
    return undefined;
  }
  const suite: RedisWorkerSuite = {
    redis: undefined as unknown as TestRedis,
    workers: [],
    startWorker: () => cli(['worker', '--redis', suite.redis.url, '--lock-ms', String(options.lockMs ?? 2000)]),
  };
  test.before(async () => {
    suite.redis = await startRedis(options.password);
    suite.workers = Array.from({ length: options.workers ?? 2 }, () => suite.startWorker());
  });
  test.after(async () => {
    for (const w of suite.workers) w.proc.kill('SIGKILL');
    await suite.redis?.stop();
  });
  return suite;
}
