import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { objective, scoreModel, type TuneTask } from '../../src/tuning/train-objective';
import { parseConfig } from '../../src/config/load';
import { effectiveConfig } from '../../src/training/plan';
import type { Dataset, Model } from '../../src/models/types';
import { assertClose, rejects } from '../helpers';

const task: TuneTask = {
  config: effectiveConfig(parseConfig({ training: { start_date: '2016-01-04', initial_end_date: '2018-06-01' }, horizons: { enabled: [1] }, features: { set: 'minimal' } })),
  model: 'logistic',
};

test('scoreModel: accuracy skips NaN labels; log loss is the mean −log p(label)', async () => {
  const data: Dataset = { x: new Float32Array(3), shape: [3, 1], featureNames: ['a'], y: new Float32Array([1, 0, NaN]) };
  const fake = {
    predict: async () => new Float32Array([1, 1, 0]),
    predictProba: async () => new Float32Array([0.2, 0.8, 0.6, 0.4, 0.5, 0.5]),
  } as unknown as Model;
  assert.is(await scoreModel(fake, data, 'val_accuracy'), 0.5);
  assertClose(await scoreModel(fake, data, 'val_loss'), -(Math.log(0.8) + Math.log(0.6)) / 2, 1e-6); // float32 probabilities
  await rejects(() => scoreModel(fake, data, 'sharpe'), /`tuning\.metric`: "val_accuracy" or "val_loss", received "sharpe"/);
});

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
