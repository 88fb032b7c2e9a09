import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../src/models/deep/backend';
import { copyBlock } from '../../../src/models/deep/kernels';
import { Rng } from '../../../src/util/rng';

/** Naive reference: element-by-element block copy. */
function naiveSlice(src: number[], shape: number[], begin: number[], size: number[]): number[] {
  const out: number[] = [];
  const strides = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
  const total = size.reduce((a, b) => a * b, 1);
  for (let i = 0; i < total; i++) {
    let rem = i;
    let off = 0;
    for (let d = shape.length - 1; d >= 0; d--) {
      const c = rem % size[d];
      rem = Math.floor(rem / size[d]);
      off += (begin[d] + c) * strides[d];
    }
    out.push(src[off]);
  }
  return out;
}

test.before(async () => {
  await initBackend({ backend: 'wasm', log: () => undefined });
});

test('copyBlock copies the middle 2x2 of a 3x4 by hand', () => {
  const dst = new Float32Array(4);
  copyBlock(new Float32Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]), [3, 4], [1, 1], [2, 2], dst);
  assert.equal(Array.from(dst), [5, 6, 9, 10]);
});

test('the wasm Slice kernel equals a naive slice on random shapes, ranks 1-4, float32 and int32', () => {
  const rng = new Rng(1);
  for (let c = 0; c < 60; c++) {
    const rank = 1 + (c % 4);
    const shape = Array.from({ length: rank }, () => 1 + rng.int(5));
    const begin = shape.map((d) => rng.int(d));
    const size = shape.map((d, i) => (rng.next() < 0.3 ? d - begin[i] : rng.int(d - begin[i] + 1)));
    const n = shape.reduce((a, b) => a * b, 1);
    const vals = Array.from({ length: n }, (_, i) => i * 3 - 7);
    const dtype = c % 2 === 0 ? 'float32' : 'int32';
    const got = tf.tidy(() => Array.from(tf.slice(tf.tensor(vals, shape, dtype), begin, size).dataSync()));
    assert.equal(got, naiveSlice(vals, shape, begin, size), `shape ${shape} begin ${begin} size ${size}`);
  }
});

test('the wasm Slice kernel handles size -1, bool tensors and the gradient of slice', () => {
  const a = tf.tidy(() => Array.from(tf.slice(tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]), [0, 1], [-1, -1]).dataSync()));
  assert.equal(a, [2, 3, 5, 6]);
  const b = tf.tidy(() => Array.from(tf.slice(tf.tensor1d([true, false, true], 'bool'), [1], [2]).dataSync()));
  assert.equal(b, [0, 1]);
  const g = tf.tidy(() => Array.from(tf.grad((x: tf.Tensor) => tf.sum(tf.slice(x, [1], [2])))(tf.tensor1d([1, 2, 3, 4])).dataSync()));
  assert.equal(g, [0, 1, 1, 0]);
});

test.run();
