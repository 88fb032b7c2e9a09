import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { candlestickFigure } from '../../src/viz/candlestick';
import { allocBars } from '../../src/data/bars';
import { randomWalk } from '../../src/data/synthetic';
import { DOWN_COLOR, UP_COLOR } from '../../src/viz/figure';

const bars = randomWalk({ n: 30, seed: 7 });

test('candlestickFigure has a candlestick trace on y and a volume bar trace on y2, one point per bar', () => {
  const f = candlestickFigure(bars);
  assert.equal(f.data.map((t) => t.type), ['candlestick', 'bar']);
  assert.is(f.data[0].yaxis, 'y');
  assert.is(f.data[1].yaxis, 'y2');
  for (const key of ['x', 'open', 'high', 'low', 'close']) assert.is((f.data[0][key] as unknown[]).length, 30, key);
  assert.is((f.data[1].y as unknown[]).length, 30);
  assert.is((f.data[0].x as string[])[0], '2000-01-03');
  assert.equal((f.layout.yaxis as Record<string, unknown>).title, { text: 'Price' });
  assert.equal((f.layout.yaxis2 as Record<string, unknown>).title, { text: 'Volume' });
  assert.equal((f.layout.xaxis as Record<string, unknown>).rangeslider, { visible: false });
});

test('candlestickFigure colours volume bars by candle direction', () => {
  const b = allocBars('T', 2);
  b.dates.set([10957, 10958]);
  b.open.set([10, 10]);
  b.close.set([11, 9]);
  b.high.set([12, 11]);
  b.low.set([9, 8]);
  b.volume.set([100, 200]);
  const f = candlestickFigure(b);
  assert.equal((f.data[1].marker as { color: string[] }).color, [UP_COLOR, DOWN_COLOR]);
  assert.equal(f.data[1].y, [100, 200]);
});

test('candlestickFigure with lastN shows only the most recent bars', () => {
  const f = candlestickFigure(bars, { lastN: 5 });
  assert.is((f.data[0].x as string[]).length, 5);
  assert.equal(f.data[0].close, Array.from(bars.close.subarray(25), (v) => Number(v.toPrecision(7))));
});

test('candlestickFigure without volume has a single trace and no y2 axis', () => {
  const f = candlestickFigure(bars, { volume: false, title: 'SPX' });
  assert.is(f.data.length, 1);
  assert.is(f.layout.yaxis2, undefined);
  assert.equal(f.layout.title, { text: 'SPX' });
});

test('candlestickFigure rejects empty bars and a bad lastN', () => {
  assert.throws(() => candlestickFigure(allocBars('E', 0)), /at least one bar, received 0 bars/);
  assert.throws(() => candlestickFigure(bars, { lastN: 0 }), /`lastN`: a positive integer, received 0/);
});

test('candlestickFigure does not modify the bars', () => {
  const before = bars.close.slice();
  candlestickFigure(bars, { lastN: 3 });
  assert.equal(Array.from(bars.close), Array.from(before));
});

test.run();
