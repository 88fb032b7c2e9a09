import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { objective, type TuneTask } from '../../src/tuning/train-objective';
import { parseConfig } from '../../src/config/load';
import { effectiveConfig } from '../../src/training/plan';
import { rejects } from '../helpers';

const task: TuneTask = {
  config: effectiveConfig(parseConfig({ training: { start_date: '2016-01-04', initial_end_date: '2018-06-01' }, horizons: { enabled: [1] }, features: { set: 'minimal' } })),
  model: 'logistic',
};

test('the objective reports intermediate values (−valLoss when maximizing) and returns validation accuracy', async () => {
  const reported: [number, number][] = [];
  const v = await objective({ params: { l2: 0.1 }, report: async (s, x) => (reported.push([s, x]), false) }, task);
  assert.ok(v > 0.3 && v < 0.7, `accuracy ${v}`);
  assert.ok(reported.length > 0);
  assert.ok(reported.every(([s, x]) => Number.isInteger(s) && x < 0), 'negated validation losses');
});

test('the objective stops with TrialPruned when the pruner says so', async () => {
  await rejects(() => objective({ params: { l2: 0.1 }, report: async () => true }, task), /trial pruned/);
  await rejects(() => objective({ params: {}, report: async () => false }), /a TuneTask/);
});

test.run();
