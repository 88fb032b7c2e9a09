import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatCell, tableFigure } from '../../src/viz/table';

test('formatCell prints integers as is, other numbers with fixed decimals, NaN as a dash', () => {
  assert.is(formatCell(42), '42');
  assert.is(formatCell(0.123456), '0.1235');
  assert.is(formatCell(0.5, 2), '0.50');
  assert.is(formatCell(NaN), '—');
  assert.is(formatCell(null), '');
  assert.is(formatCell('met'), 'met');
});

test('tableFigure stores cells column-major and aligns numeric columns right', () => {
  const f = tableFigure(['model', 'accuracy'], [['lstm', 0.5234], ['gbdt', 0.51]], { decimals: 3 });
  const t = f.data[0] as unknown as { type: string; header: { values: string[]; align: string[] }; cells: { values: string[][] } };
  assert.is(t.type, 'table');
  assert.equal(t.header.values, ['model', 'accuracy']);
  assert.equal(t.cells.values, [['lstm', 'gbdt'], ['0.523', '0.510']]);
  assert.equal(t.header.align, ['left', 'right']);
  assert.ok((f.layout.height as number) > 0);
});

test('tableFigure rejects rows of the wrong width', () => {
  assert.throws(() => tableFigure(['a', 'b'], [['x']]), /`rows\[0\]`: 2 values/);
  assert.throws(() => tableFigure([], []), /at least one column/);
});

test('tableFigure passes relative column widths through as columnwidth and rejects bad ones', () => {
  const f = tableFigure(['check', 'message'], [['ohlc', 'high < low']], { columnWidths: [1, 4] });
  assert.equal((f.data[0] as { columnwidth?: number[] }).columnwidth, [1, 4]);
  assert.is((tableFigure(['a'], [['x']]).data[0] as { columnwidth?: number[] }).columnwidth, undefined);
  assert.throws(() => tableFigure(['a', 'b'], [['x', 'y']], { columnWidths: [1] }), /`columnWidths`: 2 values/);
  assert.throws(() => tableFigure(['a', 'b'], [['x', 'y']], { columnWidths: [1, 0] }), /columnWidths\[1\]/);
});

test.run();
