import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import { randomWalk } from '../../../src/data/synthetic';
import { trainRun } from '../../../src/training/run';
import { tempDir } from '../../helpers';
import { testConfig } from '../../training/fixtures';

const bars = randomWalk({ n: 600, seed: 23 });

test('trainRun trains `models.enabled: [ensemble]` (stacking of gbdt + logistic) and scores it', async () => {
  const cfg = testConfig(bars, 450, {
    training: { max_iterations: 2, window_increment: 20 },
    horizons: { enabled: [1] },
    models: {
      enabled: ['ensemble'],
      params: { ensemble: { members: [{ key: 'gbdt', params: { nRounds: 5, maxDepth: 2 } }, { key: 'logistic' }], method: 'stacking', folds: 3 } },
    },
    modes: { unified: false },
  });
  const home = tempDir();
  const { results } = await trainRun(cfg, { bars, home, runId: 'ens' });
  const e = results.modes.progressive?.horizons['1'].ensemble;
  assert.ok(e, 'ensemble evaluated');
  assert.is(e?.iterations.length, 2);
  assert.ok((e?.nTest ?? 0) > 0);
  fs.rmSync(home, { recursive: true, force: true });
});

test.run();
