import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodePredictions } from '../../../src/models/deep/infer';

test('decodePredictions: argmax per row for classification (first index wins a tie)', () => {
  const raw = new Float32Array([0.2, 0.8, 0.6, 0.4, 0.5, 0.5]);
  assert.equal(Array.from(decodePredictions(raw, 3, 'binary', undefined)), [1, 0, 0]);
  const tern = new Float32Array([0.1, 0.2, 0.7, 0.5, 0.3, 0.2]);
  assert.equal(Array.from(decodePredictions(tern, 2, 'ternary', undefined)), [2, 0]);
});

test('decodePredictions: regression values un-scaled, exp\'d back with a log target; a missing scale is an error', () => {
  const raw = new Float32Array([0, 1, -2]);
  assert.equal(Array.from(decodePredictions(raw, 3, 'regression', { mean: 1, std: 2, log: false })), [1, 3, -3]);
  const logged = decodePredictions(new Float32Array([0]), 1, 'regression', { mean: 0, std: 1, log: true });
  assert.ok(Math.abs(logged[0] - 1) < 1e-7);
  assert.throws(() => decodePredictions(raw, 3, 'regression', undefined), /target scale/);
});

test.run();
