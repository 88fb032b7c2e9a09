import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fitPlatt, plattProbability } from '../../src/models/calibration';
import { regularisationPath } from '../../src/models/linear/select';
import { capacityCandidates, gbdtCapacityGrid } from '../../src/models/trees/capacity';
import { Rng } from '../../src/util/rng';
import { assertClose } from '../helpers';

test('fitPlatt: fewer labelled rows than minRows gives no map (plain sigmoid)', () => {
  assert.is(fitPlatt([1, 2, NaN], [1, 0, 1]), undefined);
  assertClose(plattProbability(undefined, 0), 0.5);
});

test('fitPlatt: tempers overconfident scores (slope < 1) and never raises the slope above 1', () => {
  const rng = new Rng(7);
  const s: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < 400; i++) {
    const z = rng.normal();
    s.push(4 * z); // the model claims logit 4z
    y.push(rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0); // truth: logit z
  }
  const p = fitPlatt(s, y) as { a: number; b: number };
  assert.ok(p.a > 0.15 && p.a < 0.45, `slope ${p.a}`);
  const under = fitPlatt(s.map((v) => v / 16), y) as { a: number };
  assert.is(under.a, 1);
});

test('fitPlatt: noise scores get a slope near 0 (a flat, base-rate forecast)', () => {
  const rng = new Rng(3);
  const s = Array.from({ length: 300 }, () => 3 * rng.normal());
  const y = s.map(() => (rng.next() < 0.5 ? 1 : 0));
  const p = fitPlatt(s, y) as { a: number };
  assert.ok(p.a < 0.1, `slope ${p.a}`);
});

test('regularisationPath: walks strong → weak with warm starts and keeps the lowest validation loss', () => {
  const starts: number[] = [];
  const loss: Record<number, number> = { 10: 0.7, 1: 0.6, 0.1: 0.65, 0.01: 0.66, 0.001: 0.67, 0.0001: 0.5 };
  const choice = regularisationPath([0.1, 10, 1, 0.01, 0.001, 0.0001], Float64Array.of(0), (l2, start) => {
    starts.push(start[0]);
    return { theta: Float64Array.of(l2), iterations: 1, converged: true };
  }, (theta) => loss[theta[0]]);
  assert.is(choice.l2, 1);
  assert.equal(starts, [0, 10, 1, 0.1, 0.01]); // warm starts; stopped after 3 points without improvement
  assert.equal(choice.path.map((p) => p.l2), [10, 1, 0.1, 0.01, 0.001]);
});

test('capacityCandidates: explicitly given keys stay fixed and duplicates collapse', () => {
  assert.is(capacityCandidates({}).length, gbdtCapacityGrid.length);
  const fixed = capacityCandidates({ maxDepth: 4, learningRate: 0.1, minChildWeight: 1 });
  assert.equal(fixed, [{ maxDepth: 4, learningRate: 0.1, minChildWeight: 1 }]);
  assert.ok(capacityCandidates({ maxDepth: 3 }).every((c) => c.maxDepth === 3));
});

test.run();
