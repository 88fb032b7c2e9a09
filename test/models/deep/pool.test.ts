import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as tf from '@tensorflow/tfjs';
import { poolSteps } from '../../../src/models/deep/network';
import { resolveDeepParams } from '../../../src/models/deep/params';

test('poolSteps averages non-overlapping windows aligned to the last step (leading remainder dropped)', () => {
  // one sample, 5 steps, 1 channel: values 1..5; pool 2 → windows [2,3] and [4,5]
  const x = tf.tensor3d([1, 2, 3, 4, 5], [1, 5, 1]);
  const y = poolSteps(x, 2);
  assert.equal(y.shape, [1, 2, 1]);
  assert.equal(Array.from(y.dataSync()), [2.5, 4.5]);
  assert.ok(poolSteps(x, 1) === x);
});

test('poolSteps is causal: output step j depends on no input after its window end', async () => {
  const a = tf.tensor3d([1, 2, 3, 4, 5, 6], [1, 6, 1]);
  const b = tf.tensor3d([1, 2, 3, 4, 50, 60], [1, 6, 1]);
  const ya = Array.from(poolSteps(a, 2).dataSync());
  const yb = Array.from(poolSteps(b, 2).dataSync());
  assert.equal(ya.slice(0, 2), yb.slice(0, 2));
  assert.not.equal(ya[2], yb[2]);
});

test('pool is a checked hyperparameter: lstm_transformer_cnn pools by 2, pooling needs a convolution', () => {
  assert.is(resolveDeepParams('lstm_transformer_cnn', {}).pool, 2);
  assert.is(resolveDeepParams('lstm', {}).pool, 1);
  assert.throws(() => resolveDeepParams('lstm', { pool: 2 }), /lstm\.pool`: 1 when convFilters is 0/);
  assert.throws(() => resolveDeepParams('lstm_cnn', { pool: 0 }), /pool/);
});

test.run();
