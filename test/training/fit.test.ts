import { test } from 'uvu';
import * as assert from 'uvu/assert';
import '../../src/models/index';
import { ar1Returns } from '../../src/data/synthetic';
import { logLoss } from '../../src/evaluation/metrics/probabilistic';
import { argmaxAt, fitOnRows, labelSpan, predictOnRows, scoreOnRows, validationScore, type FitSpec } from '../../src/training/fit';
import { modelSettings } from '../../src/training/plan';
import { prepareData } from '../../src/training/prepare';
import { carveValidation } from '../../src/training/schedule';
import { parseConfig } from '../../src/config/load';
import { assertClose, rejects } from '../helpers';

const bars = ar1Returns({ n: 700, seed: 3, phi: 0.3, symbol: 'FT' });
const prep = prepareData(bars, { featureSet: 'minimal', horizons: [1, 7], steps: 10 });
const rows = (key: string, from: number, to: number) => {
  const out: number[] = [];
  for (let r = from; r < to; r++) if (prep.usable[r] && prep.endIndex[key][r] >= 0 && prep.endIndex[key][r] < to) out.push(r);
  return Int32Array.from(out);
};
const spec: FitSpec = { model: 'logistic', settings: modelSettings(parseConfig({})), keys: ['h1'], scalerKind: 'zscore' };

test('labelSpan is the longest horizon of the keys', () => {
  assert.is(labelSpan(['h1']), 1);
  assert.is(labelSpan(['h1', 'h30', 'h7']), 30);
});

test('argmaxAt picks the largest class; ties go to the lower class', () => {
  assert.is(argmaxAt([0.2, 0.5, 0.3], 0, 3), 1);
  assert.is(argmaxAt([9, 0.5, 0.5], 1, 2), 0);
});

test('fitOnRows fits the scaler on training rows only and scores like the metrics module', async () => {
  const split = carveValidation(rows('h1', 0, 500), prep.endIndex.h1);
  const { fitted, action } = await fitOnRows(prep, spec, { h1: split });
  assert.is(action, 'fit');
  const s = fitted.scaler.toJSON();
  assert.is(s.samples, split.train.length, 'scaler fitted on the training rows, not validation or test');
  const test = rows('h1', 510, 690);
  const { proba, y } = await predictOnRows(prep, fitted, test, 'h1');
  const scored = await scoreOnRows(prep, fitted, test, 'h1', { iteration: 1, trainRows: split.train });
  assert.is(scored.predictions.length, test.length);
  scored.predictions.forEach((p, j) => {
    assert.is(p.pred, argmaxAt(proba, j * 2, 2));
    assertClose(p.pUp, proba[j * 2 + 1], 1e-7);
  });
  assert.is(scored.hits, scored.predictions.filter((p) => p.pred === p.y).length);
  assertClose(await validationScore(prep, fitted, { h1: test }, 'val_loss'), logLoss(y, proba), 1e-12);
  assertClose(await validationScore(prep, fitted, { h1: test }), scored.hits / test.length, 1e-12);
  assert.ok(scored.hits / test.length > 0.52, `AR(1) 0.3 is learnable: ${scored.hits / test.length}`);
  await rejects(() => validationScore(prep, fitted, { h1: test }, 'sharpe' as never), /`tuning\.metric`: "val_accuracy" or "val_loss", received "sharpe"/);
});

test('a warm start fine-tunes the same model and keeps its scaler', async () => {
  const first = await fitOnRows(prep, spec, { h1: carveValidation(rows('h1', 0, 400), prep.endIndex.h1) });
  const again = await fitOnRows(prep, spec, { h1: carveValidation(rows('h1', 0, 500), prep.endIndex.h1) }, { warm: first.fitted });
  assert.is(again.action, 'finetune');
  assert.is(again.fitted.model, first.fitted.model);
  assert.is(again.fitted.scaler, first.fitted.scaler);
});

test.run();
