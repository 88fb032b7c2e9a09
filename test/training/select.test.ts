import { test } from 'uvu';
import * as assert from 'uvu/assert';
import '../../src/models/index';
import { parseConfig } from '../../src/config/load';
import { ar1Returns } from '../../src/data/synthetic';
import { fitOnRows, selectionRecord, type FitSpec } from '../../src/training/fit';
import { modelSettings } from '../../src/training/plan';
import { prepareData } from '../../src/training/prepare';
import { carveValidation } from '../../src/training/schedule';
import { Rng } from '../../src/util/rng';

// Property: the features a fit keeps depend on its training rows only. Every row after the last training
// row (validation tail, test block, the rest of the future) is replaced by noise with shuffled labels, and
// the selection must not change.

const bars = ar1Returns({ n: 900, seed: 11, phi: 0.45, symbol: 'SEL' });

function rowsUpTo(prep: ReturnType<typeof prepareData>, end: number): Int32Array {
  const out: number[] = [];
  for (let r = 0; r < end; r++) if (prep.usable[r] && prep.endIndex.h1[r] >= 0 && prep.endIndex.h1[r] < end) out.push(r);
  return Int32Array.from(out);
}

test('features.select: the selection of a fit is unchanged when every row after its training rows is replaced', async () => {
  const spec: FitSpec = { model: 'logistic', settings: modelSettings(parseConfig({ features: { select: 'auto' } })), keys: ['h1'], scalerKind: 'zscore' };
  const rng = new Rng(4);
  let subsets = 0;
  for (let trial = 0; trial < 4; trial++) {
    const end = 720 + rng.int(170);
    const prep = prepareData(bars, { featureSet: 'full', horizons: [1] });
    const { train, validation } = carveValidation(rowsUpTo(prep, end), prep.endIndex.h1);
    const rows = { h1: { train, validation } };
    const a = selectionRecord((await fitOnRows(prep, spec, rows)).fitted.scaler);
    const last = train[train.length - 1];
    const f = prep.features;
    for (let r = last + 1; r < prep.frame.dates.length; r++) {
      for (let j = 0; j < f; j++) prep.matrix[r * f + j] = rng.normal() * 5;
      prep.target.h1[r] = rng.next() < 0.5 ? 0 : 1;
    }
    const b = selectionRecord((await fitOnRows(prep, spec, rows)).fitted.scaler);
    assert.equal(b, a, `trial ${trial}, training rows up to ${last}`);
    if (a.features !== undefined) subsets++;
  }
  assert.ok(subsets >= 3, `AR(1) φ = 0.45: a strict subset kept in ${subsets} of 4 trials`);
});

test('features.select: none keeps every column (no capacity record), a number keeps that many', async () => {
  const prep = prepareData(bars, { featureSet: 'full', horizons: [1] });
  const { train, validation } = carveValidation(rowsUpTo(prep, 600), prep.endIndex.h1);
  const none: FitSpec = { model: 'logistic', settings: modelSettings(parseConfig({ features: { select: 'none' } })), keys: ['h1'], scalerKind: 'zscore' };
  assert.equal(selectionRecord((await fitOnRows(prep, none, { h1: { train, validation } })).fitted.scaler), {});
  const five: FitSpec = { ...none, settings: modelSettings(parseConfig({ features: { select: 5 } })) };
  const rec = selectionRecord((await fitOnRows(prep, five, { h1: { train, validation } })).fitted.scaler);
  assert.is(rec.features, 5);
  assert.is(String(rec.selected).split(',').length, 5);
  assert.throws(() => parseConfig({ features: { select: 'many' } }), /features\.select/);
});

test.run();
