import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'path';
import '../../src/models/index';
import { Store } from '../../src/data/store';
import { ar1Returns } from '../../src/data/synthetic';
import { ensembleModelSource } from '../../src/live/ensemble-source';
import { folderModelSource, liveModelDir, saveLiveModel } from '../../src/live/model-source';
import { runPredict } from '../../src/live/predictor';
import { trainLiveModel } from '../../src/live/train';
import { bundleProbUp } from '../../src/training/bundle';
import { assertClose, tempDir } from '../helpers';

test('ensembleModelSource: the predictor gets the weighted average of the members', async () => {
  const dir = tempDir('wb-ens-');
  const bars = ar1Returns({ n: 600, seed: 5, symbol: 'EN' });
  const store = new Store({ path: path.join(dir, 'store.duckdb') });
  await store.upsertBars(bars);
  const roots = [path.join(dir, 'a'), path.join(dir, 'b')];
  const fitted = [];
  for (const [k, key] of ['logistic', 'baseline_up'].entries()) {
    const t = await trainLiveModel(bars, { model: key, version: `v${k}`, featureSet: k === 0 ? 'minimal' : 'technical' });
    await saveLiveModel(liveModelDir(roots[k], 'EN', 1), t.model, t.meta);
    fitted.push(t);
  }
  const source = ensembleModelSource(roots.map(folderModelSource), { weights: [3, 1] });
  const meta = await source.describe('EN', 1);
  assert.is(meta!.version, 'v0+v1');
  const report = await runPredict(store, { models: source, jsonl: false });
  assert.is(report.inserted.length, 1, JSON.stringify(report.missing));
  const direct = [];
  for (const t of fitted) direct.push((await bundleProbUp(t, bars)).probUp[0]);
  assertClose(report.predictions[0].signals.p_model, 0.75 * direct[0] + 0.25 * direct[1], 1e-6);
  assert.is(await ensembleModelSource([folderModelSource(roots[0]), folderModelSource(path.join(dir, 'none'))]).resolve('EN', 1), undefined);
  assert.throws(() => ensembleModelSource([folderModelSource(roots[0])]), /at least 2 member sources/);
  const loaded = await source.resolve('EN', 1);
  assert.is(loaded!.model, undefined, 'a combination has no single model to fit or save');
  loaded!.dispose();
});

test.run();
