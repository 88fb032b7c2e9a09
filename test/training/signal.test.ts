import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseConfig } from '../../src/config/load';
import { ar1Returns } from '../../src/data/synthetic';
import { trainRun } from '../../src/training/run';
import { signalRecovery } from '../../src/training/signal';
import { accuracyLowerBound } from '../../src/training/track';
import { tempDir } from '../helpers';

// Floors on planted series with the default config (issue-14 shape: 3,000 days from 2005, 48 iterations of
// 28 days from a 2-year first window, 960 test days). Measured when pinned (`npm run bench -- signal`):
// AR(1) φ = 0.3 seed 42 (Bayes 0.597): logistic 0.583, gbdt 0.577 (seeds 2 and 7: 0.574/0.592, 0.604/0.585);
// regime-switching seed 42 (Bayes 0.589): gbdt 0.564. Floors sit a little below the measured figures.

test('signalRecovery: on AR(1) φ = 0.3 logistic and gbdt reach 0.57 on >= 900 test days, calibrated', async () => {
  const scores = await signalRecovery({ kind: 'ar1', phi: 0.3, seed: 42 });
  const by = Object.fromEntries(scores.map((s) => [s.model, s]));
  assert.ok(by.logistic.nTest >= 900, `test days ${by.logistic.nTest}`);
  assert.ok(by.logistic.accuracy >= 0.57, `logistic accuracy ${by.logistic.accuracy}`);
  assert.ok(by.gbdt.accuracy >= 0.57, `gbdt accuracy ${by.gbdt.accuracy}`);
  for (const s of scores) assert.ok((s.logLoss as number) < 0.68, `${s.model} log loss ${s.logLoss}`);
  assert.ok(by.logistic.captured > 0.7, `captured ${by.logistic.captured}`);
});

test('signalRecovery: on the regime-switching series (signal in the calm regime only) gbdt captures over half the edge', async () => {
  const [g] = await signalRecovery({ kind: 'regime', seed: 42 }, { models: ['gbdt'] });
  assert.ok(g.bayes > 0.57 && g.bayes < 0.61, `Bayes ${g.bayes}`);
  assert.ok(g.accuracy >= 0.545, `gbdt accuracy ${g.accuracy}`);
  assert.ok(g.captured > 0.5, `captured ${g.captured}`);
});

test('signalRecovery: on a random walk every model stays inside the 99 % chance band with log loss <= ln 2 + 0.01', async () => {
  const scores = await signalRecovery({ kind: 'random_walk', seed: 1 });
  for (const s of scores) {
    const band = (2.576 * 0.5) / Math.sqrt(s.nTest);
    assert.ok(Math.abs(s.accuracy - 0.5) <= band, `${s.model} accuracy ${s.accuracy} outside 0.5 ± ${band}`);
    assert.ok((s.logLoss as number) <= Math.LN2 + 0.01, `${s.model} log loss ${s.logLoss}`);
    assert.ok((s.brier as number) <= 0.255, `${s.model} Brier ${s.brier}`);
  }
});

test('signalRecovery: on random walks at h = 7 and 30 (overlapping labels) accuracy stays in the 99 % band and log loss <= ln 2 + 0.01', async () => {
  // 24 iterations (480 test days). Before calibration counted ~n/h independent validation labels these cells
  // reached log loss 0.715 (h = 7 seed 2, gbdt) and 0.920 (h = 30 seed 1, logistic); the uncalibrated random
  // forest 0.711 and 0.749.
  for (const [horizon, seed] of [[7, 2], [30, 1]]) {
    const scores = await signalRecovery({ kind: 'random_walk', seed }, { horizon, iterations: 24, models: ['logistic', 'gbdt', 'random_forest'] });
    assert.is(scores.length, 3);
    for (const s of scores) {
      const band = (2.576 * 0.5) / Math.sqrt(Math.floor(s.nTest / horizon));
      assert.ok(s.nTest >= 450, `h=${horizon} ${s.model} test days ${s.nTest}`);
      assert.ok(Math.abs(s.accuracy - 0.5) <= band, `h=${horizon} ${s.model} accuracy ${s.accuracy} outside 0.5 ± ${band}`);
      assert.ok((s.logLoss as number) <= Math.LN2 + 0.01, `h=${horizon} ${s.model} log loss ${s.logLoss}`);
    }
  }
});

test('trainRun records the capacity each trained iteration chose on its validation tail (results.json iterations)', async () => {
  const cfg = parseConfig({
    training: { start_date: '2006-01-01', initial_end_date: '2008-01-01', window_increment: 28, max_iterations: 3 },
    models: { enabled: ['logistic', 'gbdt'] },
    horizons: { enabled: [1], targets: {} },
    modes: { unified: false },
  });
  const bars = ar1Returns({ n: 900, start: '2005-01-03', seed: 5 });
  const { results } = await trainRun(cfg, { bars, home: tempDir(), runId: 'capacity', checkpoint: false, track: false });
  const h = results.modes.progressive?.horizons['1'];
  const logistic = h?.logistic.iterations ?? [];
  const gbdt = h?.gbdt.iterations ?? [];
  assert.is(logistic.length, 3);
  for (const it of logistic) assert.ok([10, 3, 1, 0.3, 0.1, 0.03, 0.01, 0.003, 0.001, 0.0003, 0.0001].includes(it.capacity?.l2 as number), JSON.stringify(it.capacity));
  assert.is(gbdt[0].action, 'fit');
  assert.is(typeof gbdt[0].capacity?.maxDepth, 'number');
  assert.ok((gbdt[0].capacity?.rounds as number) >= 1);
  // features.select: auto (default) records what the fit kept on its training rows
  const kept = logistic[0].capacity?.features as number;
  assert.ok(kept >= 1 && kept < 96, `features kept ${kept}`);
  assert.is(String(logistic[0].capacity?.selected).split(',').length, kept);
  assert.is(logistic[2].capacity?.selected, logistic[0].capacity?.selected, 'a warm start keeps the selection of its fit');
});

test('stopping rules: no freezing by default; a target counts only when the validation accuracy\'s lower bound reaches it', () => {
  assert.is(parseConfig({}).training.early_stop_patience, 0);
  assert.ok(accuracyLowerBound(0.706, 102) < 0.7, 'a lucky 0.706 on 102 rows does not reach 0.7');
  assert.ok(accuracyLowerBound(0.8, 1000) > 0.77 && accuracyLowerBound(0.8, 1000) < 0.8);
  assert.is(accuracyLowerBound(0.5, 0), 0);
});

test.run();
