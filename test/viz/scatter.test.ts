import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { scatterFigure } from '../../src/viz/scatter';

type Obj = Record<string, unknown>;

test('scatterFigure makes one marker trace per series with its axis titles', () => {
  const f = scatterFigure([{ name: 'garch', x: [1, 2, 3], y: [1.5, 2, 2.5], text: ['a', 'b', 'c'] }], { xTitle: 'Forecast', yTitle: 'Realised' });
  assert.is(f.data.length, 1);
  assert.is(f.data[0].type, 'scatter');
  assert.is(f.data[0].mode, 'markers');
  assert.equal(f.data[0].text, ['a', 'b', 'c']);
  assert.equal((f.layout.xaxis as Obj).title, { text: 'Forecast' });
  assert.equal((f.layout.yaxis as Obj).title, { text: 'Realised' });
});

test('scatterFigure diagonal spans the finite data range of x and y', () => {
  const f = scatterFigure([{ name: 'a', x: [1, NaN, 4], y: [0.5, 9, 2] }], { diagonal: true });
  assert.is(f.data.length, 2);
  assert.equal(f.data[1].x, [0.5, 4]);
  assert.equal(f.data[1].y, [0.5, 4]);
  assert.equal(f.data[0].x, [1, null, 4]);
});

test('scatterFigure rejects mismatched lengths', () => {
  assert.throws(() => scatterFigure([{ name: 'a', x: [1, 2], y: [1] }]), /`series\[0\]\.y`: 2 values/);
  assert.throws(() => scatterFigure([{ name: 'a', x: [1], y: [1], text: [] }]), /`series\[0\]\.text`: 1 values/);
});

test.run();
