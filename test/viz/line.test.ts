import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { equityCurveFigure, lineFigure, lossCurveFigure } from '../../src/viz/line';

type Obj = Record<string, unknown>;

test('lineFigure makes one scatter line per series with x = 1..n by default', () => {
  const f = lineFigure([{ name: 'a', y: [3, 2, 1] }, { name: 'b', y: new Float32Array([1, 2]) }], { xTitle: 'Iteration', yTitle: 'Accuracy' });
  assert.equal(f.data.map((t) => [t.type, t.mode, t.name]), [['scatter', 'lines', 'a'], ['scatter', 'lines', 'b']]);
  assert.equal(f.data[0].x, [1, 2, 3]);
  assert.equal(f.data[1].x, [1, 2]);
  assert.equal((f.layout.xaxis as Obj).title, { text: 'Iteration' });
  assert.equal((f.layout.yaxis as Obj).title, { text: 'Accuracy' });
  assert.is(f.layout.showlegend, true);
});

test('lineFigure detects ISO-date x values and uses a date axis', () => {
  const f = lineFigure([{ name: 'eq', x: ['2020-01-02', '2020-01-03'], y: [1, 1.01] }]);
  assert.is((f.layout.xaxis as Obj).type, 'date');
  assert.is(f.layout.showlegend, false);
});

test('lineFigure rejects mismatched x and y lengths and empty input', () => {
  assert.throws(() => lineFigure([{ name: 'a', x: [1, 2], y: [1] }]), /`series\[0\]\.y`: 2 values/);
  assert.throws(() => lineFigure([]), /at least one series/);
});

test('lineFigure draws labelled reference lines', () => {
  const f = lineFigure([{ name: 'acc', y: [0.5, 0.52] }], { hlines: [{ y: 0.5, label: 'chance' }] });
  assert.is((f.layout.shapes as unknown[]).length, 1);
  assert.is(((f.layout.annotations as Obj[])[0]).text, 'chance');
});

test('lossCurveFigure draws loss and valLoss in one colour, validation dashed, per-head losses too', () => {
  const f = lossCurveFigure({ loss: [0.7, 0.6], valLoss: [0.71, 0.69], loss_h7: [0.8, 0.7], valAccuracy: [0.5, 0.51] });
  assert.equal(f.data.map((t) => t.name), ['loss', 'valLoss', 'loss_h7']);
  const line = (i: number) => f.data[i].line as Obj;
  assert.is(line(0).dash, 'solid');
  assert.is(line(1).dash, 'dash');
  assert.is(line(0).color, line(1).color);
  assert.is.not(line(2).color, line(0).color);
  assert.equal((f.layout.xaxis as Obj).title, { text: 'Epoch' });
  assert.equal((f.layout.yaxis as Obj).title, { text: 'Loss' });
});

test('lossCurveFigure needs a loss series', () => {
  assert.throws(() => lossCurveFigure({ loss: [] }), /`history`: a `loss` series with at least one value/);
});

test('equityCurveFigure puts every strategy on a date axis', () => {
  const f = equityCurveFigure({ dates: new Int32Array([18263, 18264, 18265]), curves: { model: [1, 1.1, 1.2], 'buy & hold': [1, 0.9, 1.05] } });
  assert.equal(f.data.map((t) => t.name), ['model', 'buy & hold']);
  assert.equal(f.data[0].x, ['2020-01-02', '2020-01-03', '2020-01-04']);
  assert.is((f.layout.xaxis as Obj).type, 'date');
  assert.equal((f.layout.yaxis as Obj).title, { text: 'Equity' });
});

test.run();
