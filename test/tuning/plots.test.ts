import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { optimizationHistory, paramImportance, parallelCoordinates } from '../../src/tuning/plots';
import type { FrozenTrial } from '../../src/tuning/types';
import type { SearchSpace } from '../../src/tuning/space';
import { assertClose } from '../helpers';

function t(number: number, params: Record<string, number | string>, value: number | undefined, state: FrozenTrial['state'] = 'COMPLETE'): FrozenTrial {
  return { number, state, params, value, intermediate: {}, startedMs: 0 };
}

const space: SearchSpace = { x: { type: 'float', low: 0, high: 1 }, c: { type: 'categorical', choices: ['a', 'b'] } };

test('optimizationHistory lists complete trials with the running best', () => {
  const trials = [t(2, { x: 0.1, c: 'a' }, 0.3), t(0, { x: 0.5, c: 'a' }, 0.5), t(1, { x: 0.9, c: 'b' }, 0.9, 'PRUNED'), t(3, { x: 0.2, c: 'b' }, 0.4)];
  assert.equal(optimizationHistory(trials, 'maximize'), { number: [0, 2, 3], value: [0.5, 0.3, 0.4], best: [0.5, 0.5, 0.5] });
  assert.equal(optimizationHistory(trials, 'minimize').best, [0.5, 0.3, 0.3]);
});

test('paramImportance: the parameter that drives the value gets the importance', () => {
  // value depends on c only: a → 0, b → 1; x is unrelated noise-free ordering
  const trials = [t(0, { x: 0.1, c: 'a' }, 0), t(1, { x: 0.2, c: 'b' }, 1), t(2, { x: 0.3, c: 'a' }, 0), t(3, { x: 0.4, c: 'b' }, 1)];
  const imp = paramImportance(trials, space, { bins: 2 });
  // c explains all variance (1); x bins {0.1,0.2} and {0.3,0.4} have equal means → 0
  assert.equal(imp, [{ param: 'c', importance: 1 }, { param: 'x', importance: 0 }]);
  const flat = paramImportance([t(0, { x: 0.1, c: 'a' }, 1), t(1, { x: 0.2, c: 'b' }, 1)], space);
  assert.equal(flat.map((r) => r.importance), [0, 0]);
});

test('paramImportance splits credit by explained variance', () => {
  // 4 trials: values 0, 1, 2, 3; x bins (2) group {0,1} and {2,3}: between = 2·(0.5−1.5)²+2·(2.5−1.5)² = 4 of total 5
  // c groups {0,2} vs {1,3}: between = 2·0.5²·2 = 1 of 5 → normalised 0.8 / 0.2
  const trials = [t(0, { x: 0.1, c: 'a' }, 0), t(1, { x: 0.2, c: 'b' }, 1), t(2, { x: 0.3, c: 'a' }, 2), t(3, { x: 0.4, c: 'b' }, 3)];
  const imp = paramImportance(trials, space, { bins: 2 });
  assert.is(imp[0].param, 'x');
  assertClose(imp[0].importance, 0.8);
  assertClose(imp[1].importance, 0.2);
});

test('parallelCoordinates: one axis per parameter plus the objective; categories as indices', () => {
  const trials = [t(1, { x: 0.5, c: 'b' }, 0.7), t(0, { x: 0.1, c: 'a' }, 0.2), t(2, { x: 0.3, c: 'a' }, undefined, 'FAIL')];
  const pc = parallelCoordinates(trials, space);
  assert.equal(pc.trialNumbers, [0, 1]);
  assert.equal(pc.axes, [
    { label: 'c', values: [0, 1], ticktext: ['a', 'b'] },
    { label: 'x', values: [0.1, 0.5] },
    { label: 'objective', values: [0.2, 0.7] },
  ]);
});

test.run();
