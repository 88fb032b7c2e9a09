import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { withDefaults } from '../../src/viz/options';
import { candlestickFigure } from '../../src/viz/candlestick';
import { randomWalk } from '../../src/data/synthetic';

test('withDefaults keeps the default where an option is undefined', () => {
  const defaults = { a: 1, b: 2 };
  const options = { a: undefined, b: 3, c: 4 };
  assert.equal(withDefaults(defaults, options), { a: 1, b: 3, c: 4 });
  assert.equal(defaults, { a: 1, b: 2 });
  assert.is(options.a, undefined);
});

test('builders treat an undefined option as its default', () => {
  assert.is(candlestickFigure(randomWalk({ n: 5 }), { volume: undefined }).data.length, 2);
});

test.run();
