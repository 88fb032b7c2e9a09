import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MedianPruner, SuccessiveHalvingPruner, NopPruner } from '../../src/tuning/pruners';
import type { FrozenTrial } from '../../src/tuning/types';

function trial(number: number, curve: number[], state: FrozenTrial['state'] = 'COMPLETE'): FrozenTrial {
  const intermediate: Record<number, number> = {};
  curve.forEach((v, i) => (intermediate[i] = v));
  return { number, state, params: {}, intermediate, value: curve[curve.length - 1], startedMs: 0 };
}

test('median pruner: prunes below the median of completed trials at the same step (maximize)', () => {
  const done = [trial(0, [0.5, 0.6]), trial(1, [0.52, 0.62]), trial(2, [0.54, 0.64])];
  const p = new MedianPruner({ nStartupTrials: 3 });
  assert.ok(p.shouldPrune(trial(3, [0.51], 'RUNNING'), 0, done, 'maximize'), '0.51 < median 0.52');
  assert.not.ok(p.shouldPrune(trial(3, [0.52], 'RUNNING'), 0, done, 'maximize'), 'equal to the median is kept');
  assert.not.ok(p.shouldPrune(trial(3, [0.63, 0.55], 'RUNNING'), 1, done, 'maximize'), 'best so far (0.63 > median 0.62) is compared, not the last value');
  assert.ok(p.shouldPrune(trial(3, [0.6], 'RUNNING'), 0, done, 'minimize'), 'minimize: 0.6 > median 0.52');
});

test('median pruner: waits for startup trials and warm-up steps; ignores running and pruned trials', () => {
  const done = [trial(0, [0.5]), trial(1, [0.6]), trial(2, [0.9], 'PRUNED'), trial(4, [0.9], 'RUNNING')];
  assert.not.ok(new MedianPruner({ nStartupTrials: 3 }).shouldPrune(trial(3, [0.1], 'RUNNING'), 0, done, 'maximize'));
  assert.ok(new MedianPruner({ nStartupTrials: 2 }).shouldPrune(trial(3, [0.1], 'RUNNING'), 0, done, 'maximize'));
  assert.not.ok(new MedianPruner({ nStartupTrials: 2, nWarmupSteps: 1 }).shouldPrune(trial(3, [0.1], 'RUNNING'), 0, done, 'maximize'));
  assert.throws(() => new MedianPruner({ intervalSteps: 0 }), /`median\.intervalSteps`: an integer >= 1, received 0/);
});

test('successive halving: rungs at min_resource · rf^k; keeps the top 1/rf at a rung', () => {
  const p = new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 3 });
  assert.equal(p.rungs(30), [1, 3, 9, 27]);
  const others = [trial(0, [0, 0.5]), trial(1, [0, 0.6]), trial(2, [0, 0.7]), trial(3, [0, 0.8]), trial(4, [0, 0.9])];
  // 6 values at rung 1 → keep the top 2: 0.9 and 0.8
  assert.ok(p.shouldPrune(trial(5, [0, 0.75], 'RUNNING'), 1, others, 'maximize'));
  assert.not.ok(p.shouldPrune(trial(5, [0, 0.85], 'RUNNING'), 1, others, 'maximize'));
  assert.not.ok(p.shouldPrune(trial(5, [0, 0.1, 0.1], 'RUNNING'), 2, others, 'maximize'), 'step 2 is not a rung');
  // with fewer than rf values, only the best so far is promoted
  assert.ok(p.shouldPrune(trial(5, [0, 0.4], 'RUNNING'), 1, [trial(0, [0, 0.5])], 'maximize'));
  assert.not.ok(p.shouldPrune(trial(5, [0, 0.4], 'RUNNING'), 1, [trial(0, [0, 0.5])], 'minimize'));
  assert.not.ok(new NopPruner().shouldPrune());
});

test.run();
