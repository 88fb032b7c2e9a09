import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { estimateEta, formatDuration, formatStatus, ProgressTracker } from '../../src/training/progress';

test('estimateEta: mean finished duration times units left, minus time spent on the current one', () => {
  assert.is(estimateEta([100, 300], 3, 50), 150 + 200 * 2);
  assert.is(estimateEta([100], 0), 0);
  assert.is(estimateEta([], 5), undefined);
  // nothing finished yet: extrapolate the current unit's fraction
  assert.is(estimateEta([], 2, 100, 0.25), 400 * 2 - 100);
});

test('ProgressTracker counts units finished by fraction 1 and extrapolates the ETA from them', () => {
  let now = 1000;
  const tr = new ProgressTracker(4, { now: () => now });
  now = 1500;
  let s = tr.update({ stage: 'progressive', iteration: 1, iterations: 4, fraction: 0.5 });
  assert.is(s.unitsDone, 0);
  assert.is(s.overall, 0.125);
  assert.is(s.etaMs, 500 + 1000 * 3);
  now = 2000;
  s = tr.update({ stage: 'progressive', iteration: 1, iterations: 4, fraction: 1 });
  assert.is(s.unitsDone, 1);
  assert.is(s.overall, 0.25);
  assert.is(s.etaMs, 3000);
  assert.is(s.elapsedMs, 1000);
  now = 2250;
  s = tr.update({ stage: 'progressive', iteration: 2, iterations: 4, loss: 0.69 });
  assert.is(s.etaMs, 750 + 2000);
  assert.is(s.loss, 0.69);
  assert.equal(tr.unitDurations(), [1000]);
});

test('formatDuration and formatStatus', () => {
  assert.is(formatDuration(3_725_000), '1h02m');
  assert.is(formatDuration(185_000), '3m05s');
  assert.is(formatDuration(undefined), '--');
  const line = formatStatus({ stage: 'fit', model: 'lstm', horizon: 7, epoch: 2, epochs: 10, loss: 0.5, unitsDone: 1, unitsTotal: 2, overall: 0.5, elapsedMs: 0, etaMs: 12000, updatedAt: 0 }, 10);
  assert.is(line, '[#####-----]  50% fit lstm h=7 ep 2/10 loss 0.5000 ETA 12s');
});

test.run();
