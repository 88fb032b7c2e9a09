import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { keptShare, splitSymbols, symbolFolds } from '../../../src/evaluation/cross-section/leave-out';
import { syntheticPanel } from '../../../src/data/panel-synthetic';
import { panelRows } from './panel-rows';

const members = syntheticPanel({ days: 60, seed: 1 }).members.filter((m) => m.assetClass === 'equity');

test('splitSymbols: one held-out symbol per sector of 4 at share 0.25, seeded', () => {
  const s = splitSymbols(members, { seed: 7 });
  assert.is(s.heldOut.length, 5);
  assert.is(s.train.length, 15);
  const sectors = new Set(s.heldOut.map((x) => members.find((m) => m.symbol === x)!.sector));
  assert.is(sectors.size, 5);
  assert.equal(splitSymbols(members, { seed: 7 }), s);
  assert.not.equal(splitSymbols(members, { seed: 8 }).heldOut, s.heldOut);
});

test('splitSymbols / symbolFolds: bad members are named', () => {
  assert.throws(() => splitSymbols([{ symbol: 'A', sector: 'x' }, { symbol: 'A', sector: 'y' }]), /splitSymbols\(members\)\[1\]\.symbol.*unique/);
  assert.throws(() => splitSymbols([{ symbol: 'A', sector: 'x' }, { symbol: 'B', sector: 'y' }]), /at least 2 symbols/);
  assert.throws(() => symbolFolds(members, { folds: 21 }), /options\.folds.*at most/);
});

test('symbolFolds: every symbol held out exactly once, folds balanced', () => {
  const f = symbolFolds(members, { folds: 4, seed: 3 });
  assert.equal(f.flat().sort(), members.map((m) => m.symbol).sort());
  for (const fold of f) assert.is(fold.length, 5);
});

test('keptShare: identical ICs keep 100 %; the planted oracle keeps its IC on held-out symbols', () => {
  const p = syntheticPanel({ seed: 5 });
  const s = splitSymbols(p.members.filter((m) => m.assetClass === 'equity'), { seed: 2, heldOutShare: 0.4 });
  const inRows = panelRows(p, 'oracle', 1, s.train);
  const same = keptShare(inRows, inRows, { resamples: 100 });
  assert.ok(Math.abs(same.share - 1) < 1e-12);
  const k = keptShare(inRows, panelRows(p, 'oracle', 1, s.heldOut), { resamples: 300 });
  assert.ok(k.ci[0] < 1 && k.ci[1] > 1 && k.share > 0.8, `${k.share} ${k.ci}`);
  assert.ok(k.dates > 1000);
  assert.ok(k.inUniverse.mean > 0.1);
});

test.run();
