import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assertClose } from '../helpers';
import { correlationMatrix } from '../../src/viz/correlation';

test('correlationMatrix gives 1 on the diagonal, -1 for a mirrored column and the hand-computed value otherwise', () => {
  const x = [1, 2, 3, 4];
  const y = [4, 3, 2, 1];
  const z = [1, 3, 2, 4]; // r(x, z) = 0.8: deviations (-1.5,-0.5,0.5,1.5)·(-1.5,0.5,-0.5,1.5) = 4, / 5
  const m = correlationMatrix([x, y, z]);
  assertClose(m[0][0], 1, 1e-12);
  assertClose(m[0][1], -1, 1e-12);
  assertClose(m[0][2], 0.8, 1e-12);
  assertClose(m[2][0], 0.8, 1e-12);
});

test('correlationMatrix skips rows with NaN pairwise and returns NaN for a constant column', () => {
  const x = [1, 2, NaN, 3, 4];
  const y = [4, 3, 100, 2, 1];
  const c = [5, 5, 5, 5, 5];
  const m = correlationMatrix([x, y, c]);
  assertClose(m[0][1], -1, 1e-12);
  assert.ok(Number.isNaN(m[0][2]));
  assert.ok(Number.isNaN(m[2][2]));
  assertClose(m[1][1], 1, 1e-12);
});

test('correlationMatrix uses only the given rows and needs minPairs complete pairs', () => {
  const x = [1, 2, 3, 10, 0];
  const y = [1, 2, 3, -10, 7];
  assertClose(correlationMatrix([x, y], { rows: [0, 1, 2] })[0][1], 1, 1e-12);
  assert.ok(Number.isNaN(correlationMatrix([x, y], { rows: [0, 1] })[0][1]));
});

test('correlationMatrix is stable for a large mean and does not mutate its input', () => {
  const x = Float64Array.from([1e9 + 1, 1e9 + 2, 1e9 + 3]);
  const before = Array.from(x);
  assertClose(correlationMatrix([x, [1, 2, 3]])[0][1], 1, 1e-9);
  assert.equal(Array.from(x), before);
});

test('correlationMatrix rejects columns of different lengths and bad rows', () => {
  assert.throws(() => correlationMatrix([[1, 2, 3], [1, 2]]), /`columns\[1\]`: 3 values/);
  assert.throws(() => correlationMatrix([[1, 2, 3]], { rows: [5] }), /rows\)\[0\].*0\.\.2/);
  assert.throws(() => correlationMatrix([[1, 2, 3]], { minPairs: 1 }), /minPairs/);
});

test.run();
