import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assertClose } from '../helpers';
import { panelsFigure } from '../../src/viz/panels';

const dates = ['2020-01-02', '2020-01-03', '2020-01-06'];

test('panelsFigure puts each panel on its own y axis sharing one date x axis anchored at the bottom', () => {
  const f = panelsFigure(
    [
      { series: [{ name: 'close', x: dates, y: [1, 2, 3] }, { name: 'upper', x: dates, y: [2, 3, 4], dash: 'dash' }], yTitle: 'Price', weight: 2 },
      { series: [{ name: 'rsi', x: dates, y: [40, 50, 80] }], yTitle: 'RSI', yRange: [0, 100], hlines: [{ y: 70, label: '70' }] },
    ],
    { gap: 0 },
  );
  assert.equal(
    f.data.map((t) => [t.type, t.name, t.yaxis, t.xaxis]),
    [
      ['scatter', 'close', 'y', 'x'],
      ['scatter', 'upper', 'y', 'x'],
      ['scatter', 'rsi', 'y2', 'x'],
    ],
  );
  assert.equal(f.data[2].y, [40, 50, 80]);
  const l = f.layout as Record<string, { domain?: number[]; title?: { text: string }; range?: number[]; type?: string; anchor?: string }>;
  // weights 2:1 with no gap: the top panel takes 2/3 of the height
  assertClose(l.yaxis.domain![0], 1 / 3, 1e-12);
  assert.is(l.yaxis2.domain![0], 0);
  assertClose(l.yaxis2.domain![1], 1 / 3, 1e-12);
  assert.is(l.yaxis.title!.text, 'Price');
  assert.equal(l.yaxis2.range, [0, 100]);
  assert.is(l.xaxis.type, 'date');
  assert.is(l.xaxis.anchor, 'y2');
  const shapes = f.layout.shapes as Array<{ yref: string; y0: number }>;
  assert.equal(shapes.map((s) => [s.yref, s.y0]), [['y2', 70]]);
});

test('panelsFigure gives distinct default colours across panels', () => {
  const f = panelsFigure([{ series: [{ name: 'a', y: [1, 2] }] }, { series: [{ name: 'b', y: [1, 2] }] }]);
  const colors = f.data.map((t) => (t.line as { color: string }).color);
  assert.is.not(colors[0], colors[1]);
});

test('panelsFigure rejects empty input and bad weights', () => {
  assert.throws(() => panelsFigure([]), /`panels`: at least one panel/);
  assert.throws(() => panelsFigure([{ series: [] }]), /panels\[0\]\.series/);
  assert.throws(() => panelsFigure([{ series: [{ name: 'a', y: [1] }], weight: 0 }]), /panels\[0\]\.weight/);
});

test.run();
