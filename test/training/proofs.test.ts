/**
 * Statistical proofs of the trainers (seeded synthetic data, tabular models):
 * - random walk: progressive and unified runs score within the 99 % interval around 0.50 for h = 1, 7, 30
 *   over >= 1,500 test days, the interval sized by the effective number of non-overlapping labels ⌊n/h⌋;
 * - the same check catches a leak: with the purge disabled, a model that memorises the latest training
 *   label scores far above the interval at h = 30 (with the purge it stays inside);
 * - AR(1) returns with phi = 0.3: h = 1 accuracy >= 0.56 with p < 0.01.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import { ar1Returns, randomWalk } from '../../src/data/synthetic';
import { effectiveSampleSize, nullAccuracyInterval } from '../../src/evaluation/significance/binomial';
import { trainRun } from '../../src/training/run';
import type { ModelResult } from '../../src/training/results';
import { tempDir } from '../helpers';
import { testConfig } from './fixtures';

/** Throws unless the accuracy lies in the 99 % interval around 0.5 for its effective n. */
function withinChance(e: ModelResult, h: number, what: string): void {
  const nEff = effectiveSampleSize(e.nTest, h);
  const [lo, hi] = nullAccuracyInterval(0.5, nEff, { confidence: 0.99 });
  assert.ok(e.accuracy >= lo && e.accuracy <= hi, `${what}: accuracy ${e.accuracy.toFixed(3)} outside [${lo.toFixed(3)}, ${hi.toFixed(3)}] (n=${e.nTest}, n_eff=${nEff})`);
}

const home = tempDir();

test('random walk: progressive (logistic, gbdt) and unified score at chance for h = 1, 7, 30 over >= 1,500 test days', async () => {
  const bars = randomWalk({ n: 2700, seed: 11 });
  const cfg = testConfig(bars, 1000, {
    training: { window_increment: 91, max_iterations: 30, validation_fraction: 0.05 },
    models: { enabled: ['logistic', 'gbdt'], unified_model: 'logistic', params: { gbdt: { nRounds: 20, maxDepth: 3 } } },
    horizons: { enabled: [1, 7, 30] },
  });
  const { results } = await trainRun(cfg, { bars, home, runId: 'rw', checkpoint: false });
  for (const mode of ['progressive', 'unified'] as const) {
    for (const h of [1, 7, 30]) {
      for (const [m, e] of Object.entries(results.modes[mode]?.horizons[String(h)] ?? {})) {
        assert.ok(e.nTest >= 1500, `${mode} h=${h} ${m}: ${e.nTest} test days`);
        withinChance(e, h, `${mode} h=${h} ${m}`);
      }
    }
  }
  assert.is(Object.keys(results.modes.progressive?.horizons['30'] ?? {}).length, 2);
});

test('the chance check can fail: without the purge a latest-label memoriser leaks at h = 30; with it, it does not', async () => {
  const bars = randomWalk({ n: 2700, seed: 11 });
  const run = async (purge: boolean): Promise<ModelResult> => {
    const cfg = testConfig(bars, 1000, {
      training: { window_increment: 14, max_iterations: 200, validation_fraction: 0.001, purge },
      models: { enabled: ['test_last_label'] },
      horizons: { enabled: [30] },
      modes: { unified: false },
    });
    const { results } = await trainRun(cfg, { bars, home, runId: `purge-${purge}`, checkpoint: false });
    return results.modes.progressive?.horizons['30'].test_last_label as ModelResult;
  };
  const honest = await run(true);
  assert.ok(honest.nTest >= 1500);
  withinChance(honest, 30, 'purged');
  const leaky = await run(false);
  let failed = false;
  try {
    withinChance(leaky, 30, 'not purged');
  } catch {
    failed = true;
  }
  assert.ok(failed, `without the purge the check must fail (accuracy ${leaky.accuracy.toFixed(3)})`);
  assert.ok(leaky.accuracy > 0.7, `leak accuracy ${leaky.accuracy}`);
});

test('AR(1) phi = 0.3: h = 1 accuracy >= 0.56 with p < 0.01 over >= 1,500 test days', async () => {
  const bars = ar1Returns({ n: 2700, seed: 5, phi: 0.3 });
  const cfg = testConfig(bars, 1000, {
    training: { window_increment: 91, max_iterations: 30 },
    models: { enabled: ['logistic'], unified_model: 'logistic', params: { logistic: { l2: 0.1 } } },
    horizons: { enabled: [1] },
  });
  const { results } = await trainRun(cfg, { bars, home, runId: 'ar1', checkpoint: false });
  for (const mode of ['progressive', 'unified'] as const) {
    const e = results.modes[mode]?.horizons['1'].logistic as ModelResult;
    assert.ok(e.nTest >= 1500, `${mode}: ${e.nTest} test days`);
    assert.ok(e.accuracy >= 0.56, `${mode}: accuracy ${e.accuracy}`);
    assert.ok(e.pValue < 0.01, `${mode}: p = ${e.pValue}`);
  }
});

test.after(() => fs.rmSync(home, { recursive: true, force: true }));

test.run();
