import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'path';
import { openStudy, TrialPruned, type TrialContext } from '../../src/tuning/study';
import type { PrunerConfig } from '../../src/tuning/factory';
import { Rng } from '../../src/util/rng';
import { tempDir } from '../helpers';

/**
 * Simulated learning curves (a stand-in until the deep-model study): the final accuracy of a trial is set by
 * its learning rate (best near 10^-2.5), and validation accuracy rises towards it over 20 epochs with noise.
 */
function curveObjective(counter: { epochs: number }) {
  return async (t: TrialContext): Promise<number> => {
    const lr = t.params.lr as number;
    const final = 0.6 - 0.04 * (Math.log10(lr) + 2.5) ** 2;
    const noise = new Rng(t.number + 1);
    let v = 0;
    for (let epoch = 0; epoch < 20; epoch++) {
      counter.epochs++;
      v = 0.5 + (final - 0.5) * (1 - Math.exp(-(epoch + 1) / 4)) + 0.002 * noise.normal();
      if (await t.report(epoch, v)) throw new TrialPruned();
    }
    return v;
  };
}

async function study(pruner: PrunerConfig): Promise<{ epochs: number; best: number }> {
  const home = tempDir('wb-prune-');
  const s = await openStudy({ storePath: path.join(home, 'store.duckdb'), home, name: 'p', space: { lr: { type: 'log', low: 1e-5, high: 1 } }, sampler: { type: 'random', seed: 7 }, pruner, track: false });
  const counter = { epochs: 0 };
  await s.optimize(curveObjective(counter), { nTrials: 30 });
  return { epochs: counter.epochs, best: s.bestTrial!.value! };
}

test('median and successive-halving pruning cut total epochs by >= 30 % without losing the best value', async () => {
  const none = await study({ type: 'none' });
  assert.is(none.epochs, 600);
  for (const pruner of [{ type: 'median', nStartupTrials: 5, nWarmupSteps: 2 }, { type: 'successive_halving', minResource: 2, reductionFactor: 3 }] as PrunerConfig[]) {
    const p = await study(pruner);
    assert.ok(p.epochs <= 0.7 * none.epochs, `${pruner.type}: ${p.epochs} epochs vs ${none.epochs}`);
    assert.ok(p.best >= none.best - 0.005, `${pruner.type}: best ${p.best} vs ${none.best}`);
  }
});

test.run();
