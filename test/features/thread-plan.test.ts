import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { randomWalk } from '../../src/data/synthetic';
import { buildFeatures } from '../../src/features/registry';
import { queueUnits, shareBars, threadCount } from '../../src/features/thread-plan';

test('thread count: option, WORKBENCH_FEATURE_THREADS, threshold; bad values named', () => {
  const env = process.env.WORKBENCH_FEATURE_THREADS;
  try {
    delete process.env.WORKBENCH_FEATURE_THREADS;
    assert.is(threadCount(300_000, 8, {}), 2);
    assert.is(threadCount(199_999, 8, {}), 1);
    assert.is(threadCount(300_000, 1, { threads: 2 }), 1);
    assert.is(threadCount(10, 8, { threads: 2 }), 2);
    process.env.WORKBENCH_FEATURE_THREADS = '1';
    assert.is(threadCount(300_000, 8, {}), 1);
    assert.is(threadCount(300_000, 8, { threads: 2 }), 2);
    process.env.WORKBENCH_FEATURE_THREADS = 'many';
    assert.throws(() => threadCount(300_000, 8, {}), /WORKBENCH_FEATURE_THREADS.*1 or 2.*"many"/);
    assert.throws(() => buildFeatures(randomWalk({ n: 50 }), { threads: 3 as 2 }), /features\.threads.*1 or 2.*3/);
  } finally {
    if (env === undefined) delete process.env.WORKBENCH_FEATURE_THREADS;
    else process.env.WORKBENCH_FEATURE_THREADS = env;
  }
});

test('queue: families sharing series form one unit, costliest unit first, ties in input order', () => {
  assert.equal(queueUnits(['trend', 'momentum', 'volatility', 'volume', 'pattern', 'statistical', 'regime', 'intraday']), [
    ['trend', 'regime'], ['volatility', 'pattern'], ['momentum'], ['statistical'], ['volume'], ['intraday'],
  ]);
  assert.equal(queueUnits(['volume', 'intraday', 'trend', 'pattern']), [['trend'], ['pattern'], ['volume'], ['intraday']]);
  assert.equal(queueUnits(['intraday', 'custom_a', 'custom_b', 'trend']), [['trend'], ['custom_a'], ['custom_b'], ['intraday']]);
});

test('shareBars: every typed array on one SharedArrayBuffer, same values, the input untouched', () => {
  const bars = { ...randomWalk({ n: 37, seed: 2 }), extra: { vix: new Float64Array(37).fill(20) } };
  const shared = shareBars(bars);
  for (const k of ['dates', 'open', 'high', 'low', 'close', 'volume'] as const) {
    assert.ok(shared[k].buffer instanceof SharedArrayBuffer, k);
    assert.equal(Array.from(shared[k]), Array.from(bars[k]), k);
    assert.ok(!(bars[k].buffer instanceof SharedArrayBuffer), `${k} of the input`);
  }
  assert.ok(shared.extra!.vix.buffer instanceof SharedArrayBuffer);
  assert.is(shared.symbol, bars.symbol);
  assert.is(shared.close.buffer, shared.open.buffer);
});

test.run();
