import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { comparisonCsv, compareResults, type RunView, type ScoredPrediction } from '../../src/training/compare';
import type { RunResults } from '../../src/training/report';
import type { ModelResult } from '../../src/training/results';
import { assertClose } from '../helpers';

function entry(accuracy: number): ModelResult {
  return { accuracy, accuracyCI: [accuracy - 0.1, accuracy + 0.1], pValue: 0.5, trainMs: 10, modelBytes: 100, targetMet: false } as unknown as ModelResult;
}

const dates = Array.from({ length: 10 }, (_, i) => `2020-01-${String(i + 1).padStart(2, '0')}`);
const y = [1, 0, 1, 1, 0, 0, 1, 0, 1, 1];
const preds: ScoredPrediction[] = [];
dates.forEach((d, i) => {
  preds.push({ mode: 'progressive', horizon: '1', model: 'gbdt', date: d, y: y[i], pred: y[i] });
  // unified is wrong on the first three dates and scores one extra date the progressive model has not
  preds.push({ mode: 'unified', horizon: '1', model: 'unified', date: d, y: y[i], pred: i < 3 ? 1 - y[i] : y[i] });
});
preds.push({ mode: 'unified', horizon: '1', model: 'unified', date: '2020-02-01', y: 1, pred: 1 });
const results = {
  runId: 'r1',
  modes: { progressive: { horizons: { '1': { gbdt: entry(1) } } }, unified: { horizons: { '1': { unified: entry(0.7) } } } },
} as unknown as RunResults;
const view: RunView = { results, predictions: preds };

test('progressive vs unified: McNemar on the common dates (b = 3, c = 0 gives exact p = 0.25)', () => {
  const [row] = compareResults(view);
  assert.is(row.horizon, 1);
  assert.is(row.a.mode, 'progressive');
  assert.is(row.b.model, 'unified');
  assert.is(row.nCommon, 10);
  assert.is(row.test, 'mcnemar');
  assertClose(row.pValue, 0.25, 1e-12);
  assert.is(row.better, 'none', 'no winner is named without p < alpha');
  assert.is(compareResults(view, undefined, { alpha: 0.3 })[0].better, 'a');
});

test('two runs pair the same mode, horizon and model; the CSV has one line per pair', () => {
  const rows = compareResults(view, view);
  assert.is(rows.length, 2);
  assert.ok(rows.every((r) => r.a.model === r.b.model && r.pValue === 1));
  const csv = comparisonCsv(rows).trim().split('\n');
  assert.is(csv.length, 3);
  assert.ok(csv[0].startsWith('horizon,a_run,a_mode,a_model,a_accuracy'));
  assert.match(csv[1], /^1,r1,progressive,gbdt,1,0\.9,1\.1,10,100,no,r1,progressive,gbdt,/);
});

test.run();
