/**
 * The model contract check (scikit-learn's check_estimator, qlib's model list): every registered model
 * goes fit → predict → save → load → predict (identical outputs) → finetune → predict.
 * Call it from each family's test file with a small dataset suited to the family.
 */
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { createModel, loadModel } from '../../src/models/registry';
import { taskClasses, type Dataset } from '../../src/models/types';
import { tempDir } from '../helpers';

export interface ContractOptions {
  key: string;
  params: Record<string, unknown>;
  train: Dataset;
  test: Dataset;
  /** Extra data for finetune (defaults to `train`). */
  more?: Dataset;
  finetuneEpochs?: number;
}

/** Runs the full contract and returns the fitted model's test predictions. */
export async function checkModelContract(o: ContractOptions): Promise<Float32Array> {
  const model = createModel(o.key, o.params);
  assert.is(model.key, o.key);
  assert.is(model.fitted, false);
  let threw = false;
  try {
    await model.predict(o.test);
  } catch (e) {
    threw = /fitted/.test((e as Error).message);
  }
  assert.ok(threw, `${o.key}: predict before fit must throw a "not fitted" error`);

  const returned = await model.fit(o.train, { validation: o.test });
  assert.ok(returned === model, `${o.key}: fit must return this`);
  assert.ok(model.fitted);
  const n = o.test.shape[0];
  const pred = await model.predict(o.test);
  assert.is(pred.length, n, `${o.key}: predict length`);
  const k = taskClasses(model.task, model.classes);
  if (model.task !== 'regression') {
    const proba = await model.predictProba(o.test);
    assert.is(proba.length, n * k, `${o.key}: predictProba shape [n, ${k}]`);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < k; j++) {
        const p = proba[i * k + j];
        assert.ok(p >= 0 && p <= 1, `${o.key}: probability in [0,1], received ${p}`);
        s += p;
      }
      assert.ok(Math.abs(s - 1) < 1e-4, `${o.key}: probabilities of row ${i} sum to ${s}`);
    }
  }
  for (let i = 0; i < n; i++) assert.ok(Number.isFinite(pred[i]), `${o.key}: finite prediction at row ${i}`);

  const dir = path.join(tempDir(), 'model');
  await model.save(dir);
  assert.ok(fs.existsSync(path.join(dir, 'model.json')), `${o.key}: save writes model.json`);
  assert.ok(model.sizeBytes() > 0, `${o.key}: sizeBytes > 0`);
  const loaded = await loadModel(dir);
  assert.is(loaded.key, o.key);
  assert.ok(loaded.fitted);
  const pred2 = await loaded.predict(o.test);
  assert.equal(Array.from(pred2), Array.from(pred), `${o.key}: predictions after load are identical`);
  if (model.task !== 'regression') {
    const p1 = await model.predictProba(o.test);
    const p2 = await loaded.predictProba(o.test);
    assert.equal(Array.from(p2), Array.from(p1), `${o.key}: probabilities after load are identical`);
  }

  const tuned = await loaded.finetune(o.more ?? o.train, { epochs: o.finetuneEpochs });
  assert.ok(tuned === loaded, `${o.key}: finetune must return this`);
  const pred3 = await loaded.predict(o.test);
  assert.is(pred3.length, n);
  model.dispose?.();
  loaded.dispose?.();
  fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  return pred;
}
