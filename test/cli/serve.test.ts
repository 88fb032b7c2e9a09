import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { serveCommand } from '../../src/cli/serve';
import type { CommandContext } from '../../src/cli/types';
import { tempDir } from '../helpers';
import { freePort } from '../execution/redis-server';

function ctx(values: CommandContext['values']): CommandContext & { outText: string[]; errText: string[] } {
  const outText: string[] = [];
  const errText: string[] = [];
  return { positionals: [], values, out: (s) => outText.push(s), err: (s) => errText.push(s), outText, errText };
}

test('serve binds 127.0.0.1, answers /health, and stops cleanly on SIGINT', async () => {
  const prev = process.env.WORKBENCH_HOME;
  process.env.WORKBENCH_HOME = tempDir('wb-serve-');
  try {
    const c = ctx({ port: '0' });
    const running = serveCommand.run(c);
    let url: string | undefined;
    for (let i = 0; i < 200 && !url; i++) {
      url = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(c.outText.join('\n'))?.[1];
      if (!url) await new Promise((r) => setTimeout(r, 25));
    }
    assert.ok(url, `no URL printed: ${c.outText.join('\n')}`);
    const h = (await fetch(`${url}/health`).then((r) => r.json())) as { ok: boolean };
    assert.is(h.ok, true);
    process.emit('SIGINT');
    assert.is(await running, 0);
    assert.match(c.errText.join('\n'), /stopping/);
  } finally {
    if (prev === undefined) delete process.env.WORKBENCH_HOME;
    else process.env.WORKBENCH_HOME = prev;
  }
});

test('serve refuses a non-loopback host without WORKBENCH_TOKEN, a bad port, a bad or unreachable --redis', async () => {
  const prevTok = process.env.WORKBENCH_TOKEN;
  delete process.env.WORKBENCH_TOKEN;
  try {
    let err: unknown;
    await serveCommand.run(ctx({ host: '0.0.0.0', port: '0' })).catch((e) => (err = e));
    assert.match(String((err as Error)?.message), /`--host`: set WORKBENCH_TOKEN/);
    err = undefined;
    await serveCommand.run(ctx({ port: '99999' })).catch((e) => (err = e));
    assert.match(String((err as Error)?.message), /`--port`: a port number 0-65535, received "99999"/);
    assert.is((err as { name?: string }).name, 'InputError');
    err = undefined;
    await serveCommand.run(ctx({ port: '0', redis: 'http://127.0.0.1:6379' })).catch((e) => (err = e));
    assert.match(String((err as Error)?.message), /`--redis`: a redis:\/\/ or rediss:\/\/ URL/);
    err = undefined;
    await serveCommand.run(ctx({ port: '0', redis: 'redis://127.0.0.1:6379', queue: 'no spaces' })).catch((e) => (err = e));
    assert.match(String((err as Error)?.message), /`--queue`: 1-64 letters, digits/);
    err = undefined;
    await serveCommand.run(ctx({ port: '0', redis: `redis://127.0.0.1:${await freePort()}` })).catch((e) => (err = e));
    assert.match(String((err as Error)?.message), /`--redis`: a reachable Redis server/);
  } finally {
    if (prevTok !== undefined) process.env.WORKBENCH_TOKEN = prevTok;
  }
});

test.run();
