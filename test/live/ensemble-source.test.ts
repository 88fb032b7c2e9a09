import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'path';
import '../../src/models/index';
import { Store } from '../../src/data/store';
import { ar1Returns } from '../../src/data/synthetic';
import { buildFeatures } from '../../src/features/registry';
import { frameToDataset, selectColumns } from '../../src/features/frame';
import { ensembleModelSource } from '../../src/live/ensemble-source';
import { folderModelSource, liveModelDir } from '../../src/live/model-source';
import { runPredict } from '../../src/live/predictor';
import { saveLiveModel, trainLiveModel } from '../../src/live/train';
import { assertClose, rejects, tempDir } from '../helpers';

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
  const full = buildFeatures(bars);
  const last = bars.dates.length - 1;
  const direct = [];
  for (const t of fitted) {
    const p = await t.model.predictProba(frameToDataset(selectColumns(full, t.meta.featureNames), { rows: [last] }));
    direct.push(p[1]);
  }
  assertClose(report.predictions[0].signals.p_model, 0.75 * direct[0] + 0.25 * direct[1], 1e-6);
  assert.is(await ensembleModelSource([folderModelSource(roots[0]), folderModelSource(path.join(dir, 'none'))]).resolve('EN', 1), undefined);
  assert.throws(() => ensembleModelSource([folderModelSource(roots[0])]), /at least 2 member sources/);
  const loaded = await source.resolve('EN', 1);
  await rejects(() => loaded!.model.fit({ x: new Float32Array(0), shape: [0, 0], featureNames: [] }), /only predicts/);
});

test.run();
