import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { confusionMatrixFigure, correlationHeatmapFigure, heatmapFigure } from '../../src/viz/heatmap';

type Obj = Record<string, unknown>;

test('heatmapFigure keeps rows as rows and labels both axes', () => {
  const f = heatmapFigure([[1, 2, 3], [4, NaN, 6]], ['a', 'b', 'c'], ['r1', 'r2'], { xTitle: 'X', yTitle: 'Y' });
  const t = f.data[0];
  assert.is(t.type, 'heatmap');
  assert.equal(t.z, [[1, 2, 3], [4, null, 6]]);
  assert.equal(t.x, ['a', 'b', 'c']);
  assert.equal(t.y, ['r1', 'r2']);
  assert.equal(t.text, [['1.00', '2.00', '3.00'], ['4.00', '', '6.00']]);
  assert.equal((f.layout.xaxis as Obj).title, { text: 'X' });
  assert.is((f.layout.yaxis as Obj).autorange, 'reversed');
});

test('heatmapFigure rejects ragged matrices', () => {
  assert.throws(() => heatmapFigure([[1, 2], [3]], ['a', 'b'], ['r1', 'r2']), /`z\[1\]`: 2 values/);
  assert.throws(() => heatmapFigure([[1]], ['a'], ['r1', 'r2']), /`yLabels`: 1 values/);
});

test('heatmapFigure annotates automatically only small matrices', () => {
  const big = Array.from({ length: 21 }, () => new Array(20).fill(0));
  const names20 = Array.from({ length: 20 }, (_, i) => `c${i}`);
  const names21 = Array.from({ length: 21 }, (_, i) => `r${i}`);
  assert.is(heatmapFigure(big, names20, names21).data[0].text, undefined);
});

test('correlationHeatmapFigure uses a fixed [-1, 1] diverging scale', () => {
  const t = correlationHeatmapFigure(['x', 'y'], [[1, -0.5], [-0.5, 1]]).data[0];
  assert.is(t.zmin, -1);
  assert.is(t.zmax, 1);
  assert.is(t.colorscale, 'RdBu');
  assert.is(t.reversescale, false);
});

test('confusionMatrixFigure has actual rows, predicted columns and integer counts', () => {
  const f = confusionMatrixFigure([[50, 10], [5, 35]], ['down', 'up']);
  assert.equal(f.data[0].text, [['50', '10'], ['5', '35']]);
  assert.equal((f.layout.xaxis as Obj).title, { text: 'Predicted' });
  assert.equal((f.layout.yaxis as Obj).title, { text: 'Actual' });
  assert.is(f.data[0].reversescale, true);
});

test('confusionMatrixFigure normalize true makes each actual row sum to 1', () => {
  const t = confusionMatrixFigure([[3, 1], [0, 0]], ['down', 'up'], { normalize: 'true' }).data[0];
  assert.equal(t.z, [[0.75, 0.25], [null, null]]);
  assert.equal(t.text, [['0.75', '0.25'], ['', '']]);
});

test('confusionMatrixFigure rejects negative counts and non-square input', () => {
  assert.throws(() => confusionMatrixFigure([[1, -1], [0, 0]], ['a', 'b']), /non-negative counts, received -1/);
  assert.throws(() => confusionMatrixFigure([[1, 1]], ['a', 'b']), /`counts`: 2 values/);
});

test.run();
