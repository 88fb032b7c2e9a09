/**
 * Test helper: a private redis-server (Debian's binary) on a free loopback port, no persistence, in a temp
 * folder; stopped by the caller. Tests skip loudly when the binary is absent (scripts/setup.sh installs it).
 */
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import { tempDir } from '../helpers';

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
