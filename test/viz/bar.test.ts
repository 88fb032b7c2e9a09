import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { barFigure } from '../../src/viz/bar';
import { assertClose } from '../helpers';

type Obj = Record<string, unknown>;

test('barFigure turns confidence intervals into asymmetric error bars', () => {
  const f = barFigure(['h=1', 'h=7'], [{ name: 'lstm', values: [0.52, 0.55], lower: [0.5, 0.51], upper: [0.55, 0.58] }], { yTitle: 'Accuracy' });
  assert.is(f.data[0].type, 'bar');
  assert.equal(f.data[0].x, ['h=1', 'h=7']);
  const err = f.data[0].error_y as { array: number[]; arrayminus: number[]; symmetric: boolean };
  assert.is(err.symmetric, false);
  assertClose(err.array[0], 0.03, 1e-12);
  assertClose(err.arrayminus[0], 0.02, 1e-12);
  assertClose(err.array[1], 0.03, 1e-12);
  assertClose(err.arrayminus[1], 0.04, 1e-12);
  assert.equal((f.layout.yaxis as Obj).title, { text: 'Accuracy' });
  assert.is(f.layout.barmode, 'group');
});

test('barFigure makes one trace per series and no error bars without intervals', () => {
  const f = barFigure(['a', 'b', 'c'], [
    { name: 'x', values: [1, 2, 3] },
    { name: 'y', values: new Float64Array([3, 2, 1]) },
  ], { labelDecimals: 1 });
  assert.is(f.data.length, 2);
  assert.is(f.data[0].error_y, undefined);
  assert.equal(f.data[1].y, [3, 2, 1]);
  assert.equal(f.data[0].text, ['1.0', '2.0', '3.0']);
});

test('barFigure rejects wrong lengths, half intervals and values outside their interval', () => {
  assert.throws(() => barFigure(['a', 'b'], [{ name: 'x', values: [1] }]), /`series\[0\]\.values`: 2 values/);
  assert.throws(() => barFigure(['a'], [{ name: 'x', values: [1], lower: [0] }]), /both `lower` and `upper`/);
  assert.throws(() => barFigure(['a'], [{ name: 'x', values: [1], lower: [1.5], upper: [2] }]), /lower <= value <= upper, received lower=1.5 value=1 upper=2/);
});

test('barFigure draws a chance line', () => {
  const f = barFigure(['h=1'], [{ name: 'x', values: [0.5] }], { hlines: [{ y: 0.5, label: 'chance' }], yRange: [0.4, 0.7] });
  assert.is((f.layout.shapes as unknown[]).length, 1);
  assert.equal((f.layout.yaxis as Obj).range, [0.4, 0.7]);
});

test.run();
