import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assertClose } from '../../helpers';
import { Rng } from '../../../src/util/rng';
import { promotionTest } from '../../../src/evaluation/significance/promotion';

const ones = (n: number): number[] => new Array(n).fill(1);
const zeros = (n: number): number[] => new Array(n).fill(0);

test('superior: 6 of 6 thinned discordant pairs for the candidate → exact p = 1/64, promote', () => {
  const d = promotionTest({ production: zeros(6), candidate: ones(6), horizon: 1 });
  assert.ok(d.promote);
  assertClose(d.pValue, 1 / 64, 1e-12);
  assert.is(d.effectiveN, 6);
  assert.match(d.reason, /significantly better.*promote/);
});

test('h = 30 on 60 rows is only 2 independent outcomes: never promoted, however good it looks', () => {
  const d = promotionTest({ production: zeros(60), candidate: ones(60), horizon: 30 });
  assert.is(d.effectiveN, 2);
  assert.not.ok(d.promote);
  assertClose(d.pValue, 0.25, 1e-12);
  assert.match(d.reason, /2 non-overlapping 30-day outcomes.*keep Production/);
});

test('thinning takes every h-th row counted back from the most recent', () => {
  // only rows 9, 6, 3, 0 are used (h = 3): candidate right on 9 and 6 only, production on 3 only
  const prod = [0, 1, 1, 1, 1, 1, 0, 1, 1, 0];
  const cand = [0, 0, 0, 0, 0, 0, 1, 0, 0, 1];
  const d = promotionTest({ production: prod, candidate: cand, horizon: 3 });
  assert.is(d.effectiveN, 4);
  assert.is(d.candidateOnly, 2);
  assert.is(d.productionOnly, 1);
  assertClose(d.candidateAccuracy, 0.5);
  assertClose(d.productionAccuracy, 0.25);
});

test('non-inferior: equal hits on >= minEffective pairs promote; fewer pairs or a real loss keep Production', () => {
  const same = promotionTest({ production: ones(40), candidate: ones(40), horizon: 1, rule: 'non-inferior' });
  assert.ok(same.promote);
  assert.is(same.pValue, 0);
  const few = promotionTest({ production: ones(20), candidate: ones(20), horizon: 1, rule: 'non-inferior' });
  assert.not.ok(few.promote);
  assert.match(few.reason, /too few independent outcomes/);
  // candidate loses 8 of 40 pairs outright: mean d = −0.2, far below −margin
  const cand = ones(40).map((v, i) => (i < 8 ? 0 : v));
  const worse = promotionTest({ production: ones(40), candidate: cand, horizon: 1, rule: 'non-inferior' });
  assert.not.ok(worse.promote);
  assert.ok(worse.pValue > 0.5);
});

test('promotionTest rejects malformed input with what it expected', () => {
  assert.throws(() => promotionTest({ production: [1, 0], candidate: [1], horizon: 1 }), /as many hits as production/);
  assert.throws(() => promotionTest({ production: [1], candidate: [2], horizon: 1 }), /a hit: 1\/true or 0\/false/);
  assert.throws(() => promotionTest({ production: [1], candidate: [1], horizon: 0 }), /horizon.*integer >= 1/);
  assert.throws(() => promotionTest({ production: [1], candidate: [1], horizon: 1, rule: 'better' as never }), /superior.*non-inferior/);
});

test('Monte-Carlo: two equally good models (both 52 % on independent outcomes) are promoted in <= 5 % of 400 trials', () => {
  const rng = new Rng(5);
  let promoted = 0;
  for (let r = 0; r < 400; r++) {
    const n = 60;
    const prod = Array.from({ length: n }, () => (rng.next() < 0.52 ? 1 : 0));
    const cand = Array.from({ length: n }, () => (rng.next() < 0.52 ? 1 : 0));
    if (promotionTest({ production: prod, candidate: cand, horizon: 1 }).promote) promoted++;
  }
  assert.ok(promoted <= 20, `promoted in ${promoted} of 400`);
});

test.run();
