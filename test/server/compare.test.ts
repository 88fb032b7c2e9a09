import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { comparisonTable } from '../../src/server/compare';

const cell = (accuracy: number, trainMs: number) => ({ accuracy, accuracyCI: [accuracy - 0.1, accuracy + 0.1], baselineAccuracy: 0.5, pValue: 0.3, nTest: 10, sharpe: 1, trainMs, modelBytes: 100, targetAccuracy: 0.7, targetMet: false });

test('one run: one column per mode, rows by horizon then model, totals per column', () => {
  const results = { modes: { unified: { horizons: { '7': { unified: cell(0.6, 30) }, '1': { unified: cell(0.5, 30) } } }, progressive: { horizons: { '1': { logistic: cell(0.55, 10), gbdt: cell(0.52, 20) } } } } };
  const t = comparisonTable([{ runId: 'r1', results }]);
  assert.equal(t.columns.map((c) => c.label), ['progressive', 'unified']);
  assert.equal(t.rows.map((r) => `${r.horizon}/${r.model}`), ['1/gbdt', '1/logistic', '1/unified', '7/unified']);
  assert.is(t.rows[1].cells[0]?.accuracy, 0.55);
  assert.is(t.rows[1].cells[1], null);
  assert.is(t.rows[3].best, 1);
  assert.equal(t.totals, [{ trainMs: 30, modelBytes: 200 }, { trainMs: 60, modelBytes: 200 }]);
});

test('two runs: columns are run × mode and best marks the higher accuracy', () => {
  const a = { modes: { progressive: { horizons: { '1': { logistic: cell(0.51, 1) } } } } };
  const b = { modes: { progressive: { horizons: { '1': { logistic: cell(0.54, 2) } } } } };
  const t = comparisonTable([{ runId: 'a', results: a }, { runId: 'b', results: b }]);
  assert.equal(t.columns.map((c) => c.label), ['a · progressive', 'b · progressive']);
  assert.is(t.rows[0].best, 1);
});

test('cells carry log loss, Brier and ECE when results.json has them, null otherwise (older files, ternary)', () => {
  const withProb = { ...cell(0.55, 10), metrics: { logLoss: 0.69, brier: 0.248 }, calibration: { ece: 0.04 } };
  const t = comparisonTable([{ runId: 'r1', results: { modes: { progressive: { horizons: { '1': { gbdt: withProb, logistic: cell(0.5, 1) } } } } } }]);
  const [gbdt, logistic] = t.rows.map((r) => r.cells[0]);
  assert.equal([gbdt?.logLoss, gbdt?.brier, gbdt?.ece], [0.69, 0.248, 0.04]);
  assert.equal([logistic?.logLoss, logistic?.brier, logistic?.ece], [null, null, null]);
});

test('a results object without modes is refused', () => {
  assert.throws(() => comparisonTable([{ runId: 'x', results: { foo: 1 } }]), /`runIds`: a run whose results.json has `modes`/);
});

test.run();
