import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../src/models/deep/backend';
import { clipByGlobalNorm, headLoss } from '../../../src/models/deep/loss';
import { assertClose } from '../../helpers';

test.before(async () => {
  await initBackend({ backend: 'wasm' });
});

const logits = [0, 0, 2, 0, 0, 1];
const lse = (a: number, b: number) => Math.log(Math.exp(a) + Math.exp(b));

test('class loss is the mean cross-entropy over known rows', () => {
  // rows: [0,0] label 1 → ln 2; [2,0] label 0 → lse(2,0) - 2; [0,1] label 1 → lse(0,1) - 1
  const l = tf.tidy(() => headLoss(tf.tensor2d(logits, [3, 2]), [1, 0, 1], [1, 1, 1], 'class').dataSync()[0]);
  assertClose(l, (Math.log(2) + lse(2, 0) - 2 + lse(0, 1) - 1) / 3, 1e-6);
});

test('class weights multiply each row; the normaliser stays the count of known rows', () => {
  const l = tf.tidy(() => headLoss(tf.tensor2d(logits, [3, 2]), [1, 0, 1], [2, 1, 0.5], 'class').dataSync()[0]);
  assertClose(l, (2 * Math.log(2) + (lse(2, 0) - 2) + 0.5 * (lse(0, 1) - 1)) / 3, 1e-6);
});

test('a planted label on a masked row changes neither the loss nor its gradient', () => {
  const run = (labels: number[]) =>
    tf.tidy(() => {
      const x = tf.tensor2d(logits, [3, 2]);
      const f = (z: tf.Tensor) => headLoss(z as tf.Tensor2D, labels, [1, 0, 1], 'class');
      return { loss: f(x).dataSync()[0], grad: Array.from(tf.grad(f)(x).dataSync()) };
    });
  const a = run([1, 0, 1]);
  const b = run([1, 1, 1]); // row 1 is masked (weight 0): its label must not matter
  assert.is(a.loss, b.loss);
  assert.equal(a.grad, b.grad);
  assert.equal(a.grad.slice(2, 4), [0, 0]);
  assertClose(a.loss, (Math.log(2) + lse(0, 1) - 1) / 2, 1e-6);
});

test('value loss is the masked mean squared error', () => {
  const l = tf.tidy(() => headLoss(tf.tensor2d([1, 2, 3], [3, 1]), [0, 0, 1], [1, 0, 1], 'value').dataSync()[0]);
  assertClose(l, (1 + 4) / 2, 1e-6);
});

test('headLoss rejects labels of the wrong length', () => {
  assert.throws(() => headLoss(tf.zeros([2, 2]) as tf.Tensor2D, [0], [1, 1], 'class'), /length 2/);
});

test('clipByGlobalNorm rescales to the threshold and leaves small gradients alone', () => {
  const [big, small] = tf.tidy(() => {
    const g = { a: tf.tensor1d([3, 0]), b: tf.tensor1d([4]) }; // global norm 5
    const c1 = clipByGlobalNorm(g, 1);
    const c2 = clipByGlobalNorm(g, 10);
    return [[...c1.a.dataSync(), ...c1.b.dataSync()], [...c2.a.dataSync(), ...c2.b.dataSync()]];
  });
  [0.6, 0, 0.8].forEach((v, i) => assertClose(big[i], v, 1e-6));
  assert.equal(small, [3, 0, 4]);
});

test.run();
