import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as aq from 'arquero';
import { barsToTable, tableToBars } from '../../src/data/table';
import { randomWalk } from '../../src/data/synthetic';

test('barsToTable → tableToBars round-trips every column', () => {
  const bars = randomWalk({ n: 30, seed: 3 });
  bars.extra = { eps: Float64Array.from({ length: 30 }, (_, i) => (i < 10 ? NaN : i / 10)) };
  const t = barsToTable(bars);
  assert.is(t.numRows(), 30);
  assert.equal(t.columnNames(), ['date', 'open', 'high', 'low', 'close', 'volume', 'eps']);
  assert.is(t.get('date', 0), '2000-01-03');
  const back = tableToBars(t, 'GBM');
  assert.equal(Array.from(back.dates), Array.from(bars.dates));
  assert.equal(Array.from(back.close), Array.from(bars.close));
  assert.equal(Array.from(back.extra!.eps).slice(10), Array.from(bars.extra.eps).slice(10));
  assert.ok(Number.isNaN(back.extra!.eps[0]));
});

test('arquero verbs work on the table (monthly mean close)', () => {
  const bars = randomWalk({ n: 60, seed: 1 });
  const t = barsToTable(bars)
    .derive({ month: (d: { date: string }) => aq.op.substring(d.date, 0, 7) })
    .groupby('month')
    .rollup({ n: aq.op.count() });
  assert.equal(t.array('month'), ['2000-01', '2000-02', '2000-03']);
  assert.is((t.array('n') as number[]).reduce((a, b) => a + b, 0), 60);
});

test('tableToBars names a missing column and a bad date row', () => {
  assert.throws(() => tableToBars(aq.table({ date: ['2020-01-02'], close: [1] }), 'X'), /column `open`.*received columns date, close/);
  const t = aq.table({ date: ['2020-01-02', '01/03/2020'], open: [1, 1], high: [1, 1], low: [1, 1], close: [1, 1] });
  assert.throws(() => tableToBars(t, 'X'), /`\[1\]\.date`.*"01\/03\/2020"/);
  assert.throws(() => tableToBars(t, '../x'), /symbol/);
});

test.run();
