import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fitPlatt, NO_OPINION_SLOPE, plattProbability } from '../../src/models/calibration';
import { regularisationPath } from '../../src/models/linear/select';
import { capacityCandidates, gbdtCapacityGrid } from '../../src/models/trees/capacity';
import { Rng } from '../../src/util/rng';
import { assertClose } from '../helpers';

test('fitPlatt: no labelled rows gives no map (plain sigmoid); fewer than minRows gives the no-opinion map', () => {
  assert.is(fitPlatt([NaN, 2], [1, NaN]), undefined);
  assertClose(plattProbability(undefined, 0), 0.5);
  const few = fitPlatt([1, 2, NaN], [1, 0, 1]);
  assert.equal(few, { a: NO_OPINION_SLOPE, b: 0, n: 2 });
  // P ≈ 0.5 whatever the score, but its side of 0.5 (the decision) is still the score's sign
  const hi = plattProbability(few, 8);
  const lo = plattProbability(few, -0.5);
  assert.ok(hi > 0.5 && hi < 0.5025 && lo < 0.5 && lo > 0.4975, `${hi} ${lo}`);
});

test('fitPlatt: overlapping labels (span h) count as ~n/h independent ones', () => {
  // 200 rows that are 20 copies of 10 labels (h = 20): only 10 independent labels → no opinion,
  // however well the scores separate those 10; the same rows with span 1 get a real, steep map
  const rng = new Rng(11);
  const s: number[] = [];
  const y: number[] = [];
  for (let k = 0; k < 10; k++) {
    const z = rng.normal();
    for (let j = 0; j < 20; j++) {
      s.push(z);
      y.push(z > 0 ? 1 : 0);
    }
  }
  const overlap = fitPlatt(s, y, { span: 20 }) as { a: number; b: number };
  assert.is(overlap.a, NO_OPINION_SLOPE);
  assert.is(overlap.b, 0);
  assert.ok((fitPlatt(s, y) as { a: number }).a > 0.9);
  // enough independent labels: span only weakens the likelihood against the priors (b stays nearer 0)
  const b1 = (fitPlatt(s.concat(s, s, s), y.map((v) => v).concat(y, y, y).map((v, i) => (i % 7 === 0 ? 1 : v))) as { b: number }).b;
  const b4 = (fitPlatt(s.concat(s, s, s), y.map((v) => v).concat(y, y, y).map((v, i) => (i % 7 === 0 ? 1 : v)), { span: 20, minRows: 5 }) as { b: number }).b;
  assert.ok(Math.abs(b4) < Math.abs(b1), `b with span ${b4} vs ${b1}`);
  assert.throws(() => fitPlatt(s, y, { span: 0 }), /span must be a number >= 1, got 0/);
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
