import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { redisSettings } from '../../src/execution/redis-conn';
import { RedisQueueView } from '../../src/execution/redis-status';
import { redisBinary, startRedis } from './redis-server';

if (redisBinary()) {
  test('RedisQueueView: an outage is reported by status(), nothing is printed, close() returns while Redis is down, a restart is picked up', async () => {
    const first = await startRedis();
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args.map(String).join(' '));
    const view = new RedisQueueView(redisSettings(first.url), 1000);
    try {
      assert.is((await view.status()).error, undefined, 'up: no error');
      await first.stop();
      const down = await view.status();
      assert.ok(down.error, 'down: the status carries the error');
      assert.equal(down.workers, []);
      await new Promise((r) => setTimeout(r, 1500)); // several reconnect attempts fail meanwhile
      const closed = await Promise.race([view.close().then(() => true), new Promise((r) => setTimeout(() => r(false), 3000))]);
      assert.ok(closed, 'close() returns while Redis is down');
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(errors.filter((e) => /ioredis/i.test(e)), [], 'no "[ioredis] Unhandled error event" line');
    } finally {
      console.error = original;
      await view.close();
    }
  });
} else {
  test('RedisQueueView (skipped: redis-server is not installed; scripts/setup.sh installs it)', () => undefined);
}

test.run();
