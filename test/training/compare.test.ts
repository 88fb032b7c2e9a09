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

test('h = 30 on 59 common dates: no test, "too few independent windows", no winner', () => {
  const d59 = Array.from({ length: 59 }, (_, i) => new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10));
  const p: ScoredPrediction[] = [];
  d59.forEach((d, i) => {
    const yy = i < 20 || i > 45 ? 1 : 0;
    p.push({ mode: 'progressive', horizon: '30', model: 'gbdt', date: d, y: yy, pred: yy });
    p.push({ mode: 'unified', horizon: '30', model: 'unified', date: d, y: yy, pred: 1 - yy });
  });
  const r = { runId: 'r2', modes: { progressive: { horizons: { '30': { gbdt: entry(1) } } }, unified: { horizons: { '30': { unified: entry(0) } } } } } as unknown as RunResults;
  const [row] = compareResults({ results: r, predictions: p });
  assert.is(row.test, 'none');
  assert.ok(Number.isNaN(row.pValue));
  assert.is(row.windows, 1);
  assert.match(row.reason, /too few independent windows/);
  assert.is(row.better, 'none');
});

test('targetMet read from an older results.json is re-judged: never met when the majority baseline is higher', () => {
  const old = { ...entry(0.72), accuracyCI: [0.71, 0.73], baselineAccuracy: 0.8, targetAccuracy: 0.7, targetMet: true } as unknown as ModelResult;
  const r = { runId: 'r3', modes: { progressive: { horizons: { '1': { gbdt: old } } }, unified: { horizons: { '1': { unified: { ...old, baselineAccuracy: 0.6 } } } } } } as unknown as RunResults;
  const [row] = compareResults({ results: r, predictions: preds });
  assert.is(row.a.targetMet, false);
  assert.is(row.b.targetMet, true);
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

test('log loss, Brier and ECE travel with each side and end the CSV line; absent ones stay null / empty', () => {
  const withProb = { ...entry(0.6), metrics: { logLoss: 0.68, brier: 0.245 }, calibration: { ece: 0.031 } } as unknown as ModelResult;
  const r = { runId: 'r4', modes: { progressive: { horizons: { '1': { gbdt: withProb } } }, unified: { horizons: { '1': { unified: entry(0.7) } } } } } as unknown as RunResults;
  const [row] = compareResults({ results: r, predictions: preds });
  assert.equal([row.a.logLoss, row.a.brier, row.a.ece], [0.68, 0.245, 0.031]);
  assert.equal([row.b.logLoss, row.b.brier, row.b.ece], [null, null, null]);
  const [head, line] = comparisonCsv([row]).trim().split('\n');
  assert.ok(head.endsWith(',a_log_loss,a_brier,a_ece,b_log_loss,b_brier,b_ece'), head);
  assert.ok(line.endsWith(',0.68,0.245,0.031,,,'), line);
});

test.run();
