import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { axis, baseLayout, checkLength, isoDates, paletteColor, PALETTE, referenceLines, toJsonNumbers } from '../../src/viz/figure';
import { InputError } from '../../src/util/errors';

test('toJsonNumbers turns typed arrays into plain arrays with null for NaN and infinities', () => {
  const out = toJsonNumbers(new Float64Array([1, NaN, Infinity, -2.5]));
  assert.ok(Array.isArray(out));
  assert.equal(out, [1, null, null, -2.5]);
  assert.is(JSON.stringify(out), '[1,null,null,-2.5]');
});

test('toJsonNumbers rounds to 7 significant digits by default and keeps exact values with 17', () => {
  assert.equal(toJsonNumbers([1455.219971, 0.1234567891, 0]), [1455.22, 0.1234568, 0]);
  assert.equal(toJsonNumbers([0.1234567891], 17), [0.1234567891]);
  assert.equal(toJsonNumbers([123456.789], 3), [123000]);
});

test('toJsonNumbers does not touch its input', () => {
  const input = new Float64Array([NaN, 1.23456789]);
  toJsonNumbers(input);
  assert.ok(Number.isNaN(input[0]));
  assert.is(input[1], 1.23456789);
});

test('isoDates prints trading-day numbers as ISO dates', () => {
  assert.equal(isoDates(new Int32Array([0, 10957])), ['1970-01-01', '2000-01-01']);
});

test('checkLength names the argument and both lengths', () => {
  assert.throws(() => checkLength('series[1].y', [1, 2], 3), /`series\[1\]\.y`: 3 values \(one per x value\), received 2/);
  try {
    checkLength('x', [], 1);
    assert.unreachable('should have thrown');
  } catch (e) {
    assert.instance(e, InputError);
  }
  checkLength('ok', [1, 2, 3], 3);
});

test('axis sets the title as {text} and lets extra fields win', () => {
  const a = axis('Price', { type: 'log', gridcolor: 'red' });
  assert.equal(a.title, { text: 'Price' });
  assert.is(a.type, 'log');
  assert.is(a.gridcolor, 'red');
  assert.is(axis(undefined).title, undefined);
});

test('baseLayout adds title and height only when given', () => {
  assert.equal(baseLayout({ title: 'T', height: 300 }, {}).title, { text: 'T' });
  assert.is(baseLayout({ title: 'T', height: 300 }, {}).height, 300);
  const bare = baseLayout({}, { showlegend: false });
  assert.is(bare.title, undefined);
  assert.is(bare.height, undefined);
  assert.is(bare.showlegend, false);
});

test('paletteColor cycles through the palette, also for negative indices', () => {
  assert.is(paletteColor(0), PALETTE[0]);
  assert.is(paletteColor(PALETTE.length + 1), PALETTE[1]);
  assert.is(paletteColor(-1), PALETTE[PALETTE.length - 1]);
});

test('referenceLines draws one full-width dotted line per value and labels only labelled ones', () => {
  const r = referenceLines([{ y: 0.5, label: 'chance' }, { y: 0.6 }]);
  assert.is(r.shapes.length, 2);
  assert.is(r.annotations.length, 1);
  assert.equal((r.shapes[0] as Record<string, unknown>).y0, 0.5);
  assert.is((r.annotations[0] as Record<string, unknown>).text, 'chance');
});

test.run();
