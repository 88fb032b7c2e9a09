import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { directionAccuracy } from '../../../src/evaluation/cross-section/accuracy';
import { wilsonInterval } from '../../../src/evaluation/significance/binomial';
import { syntheticPanel } from '../../../src/data/panel-synthetic';
import { panelRows } from './panel-rows';

const row = (date: number, symbol: string, sector: string, score: number, realized: number, label?: number) => ({ date, symbol, sector, score, realized, label });
const rows = [
  row(1, 'X', 'a', 1, 0.1),
  row(2, 'X', 'a', -1, -0.1),
  row(3, 'X', 'a', 1, -0.1),
  row(4, 'X', 'a', -1, 0.1),
  row(1, 'Y', 'b', 1, 0.1),
  row(2, 'Y', 'b', 1, 0.2),
  row(3, 'Y', 'b', -1, -0.1),
  row(4, 'Y', 'b', 1, 0.3),
];

test('directionAccuracy: per symbol, per sector and pooled counts with hindsight-majority baselines', () => {
  const r = directionAccuracy(rows);
  assert.equal(r.bySymbol.map((g) => [g.group, g.accuracy, g.upShare, g.baseline]), [
    ['X', 0.5, 0.5, 0.5],
    ['Y', 1, 0.75, 0.75],
  ]);
  assert.equal(r.bySymbol[0].ci, wilsonInterval(2, 4));
  assert.equal(r.bySector.map((g) => g.group), ['a', 'b']);
  assert.is(r.pooled.accuracy, 0.75);
  assert.is(r.pooled.n, 8);
  assert.ok(r.pooled.ci[0] <= 0.75 && r.pooled.ci[1] >= 0.75);
  assert.is(r.pooled.ciMethod, 'date-block-bootstrap');
});

test('directionAccuracy: labels override realized, threshold for probabilities, trainUpShare picks the baseline class', () => {
  const probs = rows.map((r) => ({ ...r, score: r.score > 0 ? 0.7 : 0.3, label: r.realized > 0 ? 0 : 1 }));
  const r = directionAccuracy(probs, { threshold: 0.5 });
  assert.is(r.pooled.accuracy, 0.25);
  const down = directionAccuracy(rows, { trainUpShare: 0.4 });
  assert.is(down.bySymbol[1].baseline, 0.25);
  assert.throws(() => directionAccuracy([{ ...rows[0], label: 2 }]), /directionAccuracy\(rows\)\[0\]\.label.*0 \(down\) or 1 \(up\)/);
  assert.throws(() => directionAccuracy(rows, { horizon: 1.5 }), /options\.horizon/);
});

test('directionAccuracy on panels: random scores near 50 %, the oracle above its baseline', () => {
  const flat = directionAccuracy(panelRows(syntheticPanel({ signal: 0, seed: 4, days: 600 }), 'random'));
  assert.ok(flat.pooled.ci[0] < 0.5 && flat.pooled.ci[1] > 0.5, String(flat.pooled.ci));
  assert.is(flat.bySector.length, 5);
  assert.is(flat.bySymbol.length, 20);
  const planted = directionAccuracy(panelRows(syntheticPanel({ seed: 4 }), 'oracle'));
  assert.ok(planted.pooled.accuracy > planted.pooled.baseline + 0.02, `${planted.pooled.accuracy} vs ${planted.pooled.baseline}`);
  assert.ok(planted.pooled.pValue < 0.01);
});

test.run();
