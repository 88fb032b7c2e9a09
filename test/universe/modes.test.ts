/** Panel training modes: progressive windows by date (all symbols, warm start), unified multi-head, per-symbol models. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { syntheticPanel } from '../../src/data/panel-synthetic';
import { perSymbolPanel, progressivePanel, unifiedPanel } from '../../src/universe/modes';
import { preparePanel } from '../../src/universe/panel';
import type { ModelSettings } from '../../src/training/models';

const p = syntheticPanel({ seed: 13, symbols: 6, days: 360, signal: 0.2 });
const settings: ModelSettings = { task: 'binary', epochs: 1, epochsPerIteration: 1, batchSize: 128, seed: 42, params: { gbdt: { nRounds: 10, maxDepth: 2 }, unified: { units: 8 } } };

test('progressivePanel: each iteration trains on dates before its test block, for all symbols; later ones fine-tune', async () => {
  const panel = preparePanel({ members: p.members, bars: p.bars }, { featureSet: 'minimal', horizons: [1], steps: 1, task: 'binary', pool: ['equity'] });
  const r = await progressivePanel(panel, { model: 'gbdt', settings, initialFraction: 0.6, step: 20, maxIterations: 3 });
  assert.is(r.windows.length, 3);
  assert.equal(r.windows.map((w) => w.action), ['fit', 'finetune', 'finetune']);
  for (const w of r.windows) assert.ok(w.testEnd > w.trainEnd);
  const d = panel.prep.frame.dates;
  let k = 0;
  for (const w of r.windows) {
    for (let j = 0; j < w.test; j++, k++) assert.ok(d[r.predictions.rows[k]] > w.trainEnd && d[r.predictions.rows[k]] <= w.testEnd);
  }
  assert.is(new Set(Array.from(r.predictions.rows, (x) => panel.symbolOf[x])).size, panel.members.length);
});

test('unifiedPanel: one multi-head model over h1 and h5, predictions per head on its own purged test rows', async () => {
  const panel = preparePanel({ members: p.members, bars: p.bars }, { featureSet: 'minimal', horizons: [1, 5], steps: 5, task: 'binary', pool: ['equity'] });
  const r = await unifiedPanel(panel, ['h1', 'h5'], settings, { trainFraction: 0.7, validationFraction: 0.1 });
  assert.ok(r.fitted.multi);
  assert.ok(r.predictions.h1.rows.length > 0 && r.predictions.h5.rows.length > 0);
  assert.ok(r.predictions.h5.rows.length < r.predictions.h1.rows.length, 'h5 labels need 5 more days');
});

test('perSymbolPanel: one model per symbol, each predicting its own rows', async () => {
  const panel = preparePanel({ members: p.members, bars: p.bars }, { featureSet: 'minimal', horizons: [1], steps: 1, task: 'binary', pool: ['equity'] });
  const r = await perSymbolPanel(panel, 'gbdt', settings, { trainFraction: 0.7, validationFraction: 0.1 });
  const counts = new Map<number, number>();
  for (const x of r.rows) counts.set(panel.symbolOf[x], (counts.get(panel.symbolOf[x]) ?? 0) + 1);
  assert.is(counts.size, panel.members.length);
});

test.run();
