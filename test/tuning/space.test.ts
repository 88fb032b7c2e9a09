import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkSearchSpace, sampleUniform, fromInternal, internalBounds, inSpace } from '../../src/tuning/space';
import { RandomSampler, GridSampler, gridValues } from '../../src/tuning/samplers';
import { Rng } from '../../src/util/rng';
import type { FrozenTrial } from '../../src/tuning/types';

test('checkSearchSpace normalises `log` to a log-scaled float and rejects bad specs with the key path', () => {
  assert.equal(checkSearchSpace({ lr: { type: 'log', low: 0.001, high: 0.1 } }), { lr: { type: 'float', low: 0.001, high: 0.1, log: true } });
  assert.throws(() => checkSearchSpace({ d: { type: 'int', low: 5, high: 2 } }, 'tuning.spaces.gbdt'), /`tuning\.spaces\.gbdt\.d`: finite numbers `low` <= `high`, received low=5 high=2/);
  assert.throws(() => checkSearchSpace({ d: { type: 'log', low: 0, high: 2 } }), /a positive lower bound for a log scale/);
  assert.throws(() => checkSearchSpace({ d: { type: 'int', low: 1.5, high: 2 } }), /integer `low`, `high`/);
  assert.throws(() => checkSearchSpace({ c: { type: 'categorical', choices: [] } }), /`space\.c\.choices`: a non-empty list/);
  assert.throws(() => checkSearchSpace({ c: { type: 'uniform', low: 0, high: 1 } }), /one of int, float, log, categorical, received "uniform"/);
  assert.throws(() => checkSearchSpace({}), /at least one parameter/);
});

test('int values get equal mass: bounds widen by half a step, values round and clip', () => {
  const spec = { type: 'int' as const, low: 1, high: 3 };
  assert.equal(internalBounds(spec), [0.5, 3.5]);
  assert.is(fromInternal(spec, 0.5), 1);
  assert.is(fromInternal(spec, 2.49), 2);
  assert.is(fromInternal(spec, 3.5), 3);
  const counts = [0, 0, 0];
  const rng = new Rng(1);
  for (let i = 0; i < 3000; i++) counts[(sampleUniform(spec, rng) as number) - 1]++;
  for (const c of counts) assert.ok(c > 900 && c < 1100, `counts ${counts}`);
});

test('log floats are uniform in log space; step floats land on the grid', () => {
  const rng = new Rng(2);
  let below = 0;
  for (let i = 0; i < 2000; i++) {
    const v = sampleUniform({ type: 'float', low: 0.001, high: 1, log: true }, rng) as number;
    assert.ok(v >= 0.001 && v <= 1);
    if (v < 0.031622) below++; // the geometric midpoint
  }
  assert.ok(below > 900 && below < 1100, `below ${below}`);
  assert.is(fromInternal({ type: 'float', low: 0, high: 1, step: 0.25 }, 0.3), 0.25);
  assert.ok(inSpace({ type: 'int', low: 1, high: 3 }, 2));
  assert.not.ok(inSpace({ type: 'int', low: 1, high: 3 }, 2.5));
  assert.not.ok(inSpace({ type: 'categorical', choices: ['a'] }, 'b'));
});

test('the random sampler is seeded per trial: same seed and number, same params', () => {
  const space = checkSearchSpace({ a: { type: 'float', low: 0, high: 1 }, b: { type: 'categorical', choices: ['x', 'y', 'z'] } });
  const s1 = new RandomSampler({ seed: 5 });
  const s2 = new RandomSampler({ seed: 5 });
  assert.equal(s1.sample(space, [], 3, 'maximize'), s2.sample(space, [], 3, 'maximize'));
  assert.not.equal(s1.sample(space, [], 3, 'maximize'), s1.sample(space, [], 4, 'maximize'));
  assert.not.equal(new RandomSampler({ seed: 6 }).sample(space, [], 3, 'maximize'), s1.sample(space, [], 3, 'maximize'));
});

test('the grid sampler visits every point once, then is exhausted', () => {
  const space = checkSearchSpace({ d: { type: 'int', low: 1, high: 3 }, c: { type: 'categorical', choices: ['a', 'b'] } });
  const g = new GridSampler({ seed: 1 });
  assert.is(g.size(space), 6);
  const trials: FrozenTrial[] = [];
  for (let n = 0; n < 6; n++) {
    const p = g.sample(space, trials, n, 'maximize')!;
    trials.push({ number: n, state: 'COMPLETE', params: p, intermediate: {}, startedMs: 0 });
  }
  const seen = trials.map((t) => `${t.params.c}${t.params.d}`).sort();
  assert.equal(seen, ['a1', 'a2', 'a3', 'b1', 'b2', 'b3']);
  assert.is(g.sample(space, trials, 6, 'maximize'), undefined);
  assert.equal(gridValues({ type: 'float', low: 0, high: 1 }, 3), [0, 0.5, 1]);
  assert.equal(gridValues({ type: 'float', low: 1, high: 100, log: true }, 3), [1, 10, 100].map((v) => fromInternal({ type: 'float', low: 1, high: 100, log: true }, Math.log(v))));
});

test.run();
