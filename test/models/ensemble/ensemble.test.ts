import { test } from 'uvu';
import * as assert from 'uvu/assert';
import '../../../src/models/index';
import { createModel } from '../../../src/models/registry';
import type { Dataset } from '../../../src/models/types';
import { EnsembleModel } from '../../../src/models/ensemble/index';
import { createRunModel } from '../../../src/training/models';
import { Rng } from '../../../src/util/rng';
import { assertClose, rejects } from '../../helpers';
import { checkModelContract } from '../contract';

/** y = 1 when x0 + noise > 0; one row per trading day from day 1000 (or `perDay` rows per day). */
function data(n: number, seed: number, perDay = 1, firstDay = 1000): Dataset {
  const rng = new Rng(seed);
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = rng.normal();
    x.push(a, rng.normal(), rng.normal());
    y.push(a + 0.7 * rng.normal() > 0 ? 1 : 0);
  }
  return {
    x: Float32Array.from(x),
    shape: [n, 3],
    featureNames: ['a', 'b', 'c'],
    y: Float32Array.from(y),
    dates: Int32Array.from({ length: n }, (_, i) => firstDay + Math.floor(i / perDay)),
  };
}

const gbdt = { key: 'gbdt', params: { nRounds: 10, maxDepth: 2 } };
const logistic = { key: 'logistic' };
const train = data(240, 1);
const valid = data(80, 2, 1, 1300);

for (const method of ['average', 'weighted', 'stacking']) {
  test(`ensemble (${method}) passes the model contract`, async () => {
    await checkModelContract({ key: 'ensemble', params: { members: [gbdt, logistic], method, folds: 3 }, train, test: valid, finetuneEpochs: 2 });
  });
}

test('ensemble (average, ternary) passes the model contract', async () => {
  const t = { ...train, y: Float32Array.from(train.y!, (v, i) => (i % 5 === 0 ? 1 : v * 2)) };
  const v = { ...valid, y: Float32Array.from(valid.y!, (val, i) => (i % 5 === 0 ? 1 : val * 2)) };
  await checkModelContract({ key: 'ensemble', params: { task: 'ternary', members: [gbdt, logistic], method: 'weighted' }, train: t, test: v });
});

test('average: probabilities are the mean of the members; fixed weights [3, 1] give 0.75 / 0.25', async () => {
  const ens = (await createModel('ensemble', { members: [gbdt, logistic], method: 'weighted', weights: [3, 1] }).fit(train)) as EnsembleModel;
  const [g, l] = ens.memberModels();
  const pg = await g.predictProba(valid);
  const pl = await l.predictProba(valid);
  const pe = await ens.predictProba(valid);
  for (const i of [0, 1, 17, 101]) assertClose(pe[i], 0.75 * pg[i] + 0.25 * pl[i], 1e-6);
  assert.equal(ens.combination().weights, [0.75, 0.25]);
});

test('weighted: learns a larger weight for the informative member on the validation set', async () => {
  // member 2 only sees noise columns b, c through a feature-free majority baseline-like stump: 1 tiny round
  const weak = { key: 'gbdt', params: { nRounds: 1, maxDepth: 1, learningRate: 0.01 } };
  const ens = (await createModel('ensemble', { members: [logistic, weak], method: 'weighted' }).fit(train, { validation: valid })) as EnsembleModel;
  const w = ens.combination().weights;
  assertClose(w[0] + w[1], 1, 1e-9);
  assert.ok(w[0] > 0.8, `weight of logistic ${w[0]}`);
  const noVal = (await createModel('ensemble', { members: [logistic, weak], method: 'weighted' }).fit(train)) as EnsembleModel;
  assert.equal(noVal.combination().weights, [0.5, 0.5]);
});

test('stacking: the meta-learner only sees predictions of members fitted on strictly earlier rows', async () => {
  const ens = (await createModel('ensemble', { members: [gbdt, logistic], method: 'stacking', folds: 3, purge: 2 }).fit(train)) as EnsembleModel;
  const folds = ens.stackingFolds();
  assert.equal(folds.map((f) => f.fold), [1, 2, 3]);
  const dates = train.dates!;
  const predicted = new Set<number>();
  for (const f of folds) {
    const lastTrain = Math.max(...f.trainRows.map((r) => dates[r]));
    const firstTest = Math.min(...f.testRows.map((r) => dates[r]));
    assert.ok(lastTrain < firstTest - 2, `fold ${f.fold}: train ends ${lastTrain}, test starts ${firstTest}, purge 2 days`);
    for (const r of f.testRows) {
      assert.not.ok(f.trainRows.includes(r), `row ${r} both trained on and predicted`);
      predicted.add(r);
    }
  }
  // 4 blocks of 60 days: block 0 (days 1000..1059) is never predicted; every later row is predicted once
  assert.is(predicted.size, 180);
  assert.is(Math.min(...predicted), 60);
  assert.equal(folds[0].trainRows, Array.from({ length: 58 }, (_, i) => i));
  assert.ok(ens.combination().stacker!.weights.length === 2);
});

test('stacking: rows of the same trading day stay in one block (two tickers interleaved)', async () => {
  const two = data(240, 3, 2);
  const ens = (await createModel('ensemble', { members: [logistic], method: 'stacking', folds: 2 }).fit(two)) as EnsembleModel;
  for (const f of ens.stackingFolds()) {
    const testDays = new Set(f.testRows.map((r) => two.dates![r]));
    for (const r of f.trainRows) assert.not.ok(testDays.has(two.dates![r]));
    for (let i = 0; i < two.shape[0]; i++) if (testDays.has(two.dates![i])) assert.ok(f.testRows.includes(i), `row ${i} of a test day missing`);
  }
});

test('ensemble refuses sequence (rank-3) members, unknown keys, bad weights and non-binary stacking', () => {
  assert.throws(() => createModel('ensemble', { members: [{ key: 'lstm' }] }), /ensemble\.members\[0\]\.key.*tabular.*`lstm` \(input rank 3\)/);
  assert.throws(() => createModel('ensemble', { members: [{ key: 'nope' }] }), /one of .*gbdt/);
  assert.throws(() => createModel('ensemble', { members: [] }), /ensemble\.members.*non-empty/);
  assert.throws(() => createModel('ensemble', { members: [logistic, gbdt], method: 'weighted', weights: [1] }), /ensemble\.weights.*2 non-negative numbers/);
  assert.throws(() => createModel('ensemble', { members: [logistic], method: 'average', weights: [1] }), /ensemble\.weights.*method is `weighted`/);
  assert.throws(() => createModel('ensemble', { task: 'ternary', members: [logistic], method: 'stacking' }), /task `binary` for method `stacking`/);
  assert.throws(() => createModel('ensemble', { members: [logistic], method: 'vote' }), /ensemble\.method.*one of average, weighted, stacking/);
  assert.throws(() => createModel('ensemble', { members: [{ key: 'logistic', params: { l2: 'x' } }] }), /logistic\.l2/);
});

test('stacking with too few trading days for the folds is an InputError', async () => {
  const small = data(4, 5);
  await rejects(() => createModel('ensemble', { members: [logistic], method: 'stacking', folds: 4 }).fit(small), /at least 5 distinct trading days/);
});

test('createRunModel builds an ensemble from config params and passes task and seed through to members', () => {
  const m = createRunModel('ensemble', {
    task: 'binary', epochs: 1, epochsPerIteration: 1, batchSize: 8, seed: 7,
    params: { ensemble: { members: [gbdt, logistic], method: 'stacking' } },
  }) as EnsembleModel;
  assert.is(m.params.seed, 7);
  const [g, l] = m.memberModels();
  assert.is(g.params.seed, 7);
  assert.is(g.params.nRounds, 10);
  assert.is(l.task, 'binary');
});

test.run();
