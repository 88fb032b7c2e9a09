import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { REGIME_COLORS, regimePriceFigure } from '../../src/viz/regime';

const dates = new Int32Array([18263, 18264, 18267, 18268, 18269]);
const close = [10, 11, 12, 11, 10];

test('regimePriceFigure makes one line per regime, each with one value per day, joined at regime changes', () => {
  const f = regimePriceFigure({ dates, close, regime: [0, 0, 1, 1, 0], names: ['bull', 'bear'] });
  assert.equal(f.data.map((t) => t.name), ['bull', 'bear']);
  for (const t of f.data) assert.is((t.y as unknown[]).length, 5);
  // bull draws days 0-1 and the segment 3->4 (day 3 joins the bull run that ends on day 4)
  assert.equal(f.data[0].y, [10, 11, null, 11, 10]);
  // bear draws the segment 1->2 and 2->3
  assert.equal(f.data[1].y, [null, 11, 12, 11, null]);
  assert.is((f.data[0].line as { color: string }).color, REGIME_COLORS.bull);
  assert.is((f.data[0].x as string[])[2], '2020-01-06');
});

test('regimePriceFigure adds an unknown trace only when some days have no regime', () => {
  assert.is(regimePriceFigure({ dates, close, regime: [0, 0, 0, 0, 0], names: ['a'] }).data.length, 1);
  const f = regimePriceFigure({ dates, close, regime: [NaN, -1, 0, 0, 0], names: ['a'] });
  assert.equal(f.data.map((t) => t.name), ['a', 'unknown']);
});

test('regimePriceFigure rejects out-of-range regimes and wrong lengths', () => {
  assert.throws(() => regimePriceFigure({ dates, close, regime: [0, 0, 2, 0, 0], names: ['a', 'b'] }), /`regime\[2\]`: a regime index in 0\.\.1, -1 or NaN, received 2/);
  assert.throws(() => regimePriceFigure({ dates, close: [1], regime: [0, 0, 0, 0, 0], names: ['a'] }), /`close`: 5 values/);
});

test.run();
