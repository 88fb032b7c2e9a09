import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decayTest, decideRetrain, recentOutcomes } from '../../src/live/triggers';
import type { PredictionRecord } from '../../src/live/types';
import { Rng } from '../../src/util/rng';

test('decideRetrain: seed 002 rules: < 100 new bars keeps, old model with enough bars retrains', () => {
  const keep = decideRetrain({ newBars: 99, ageDays: 30 });
  assert.is(keep.retrain, false);
  assert.match(keep.reasons.join(' '), /99 new bars < 100/);
  const old = decideRetrain({ newBars: 100, ageDays: 8 });
  assert.is(old.retrain, true);
  assert.equal(old.triggers, ['age']);
  const fresh = decideRetrain({ newBars: 150, ageDays: 3 });
  assert.is(fresh.retrain, false);
  assert.is(decideRetrain({ newBars: 10, ageDays: 1 }, { minNewBars: 5, maxAgeDays: 0.5 }).retrain, true);
});

test('decideRetrain: significant decay retrains, insignificant low accuracy does not', () => {
  const decay = decideRetrain({ newBars: 5, ageDays: 1, recent: { count: 60, hits: 18 } });
  assert.is(decay.retrain, true);
  assert.equal(decay.triggers, ['decay']);
  assert.match(decay.reasons[0], /binomial p/);
  const noise = decideRetrain({ newBars: 5, ageDays: 1, recent: { count: 60, hits: 27 } });
  assert.is(noise.retrain, false);
  assert.is(decideRetrain({ newBars: 5, ageDays: 1, recent: { count: 10, hits: 0 } }).retrain, false, 'below minVerified');
});

test('decideRetrain: drift and prediction drift trigger, can be switched off; no model trains', () => {
  const drift = { drifted: true, share: 0.5, reasons: ['ret_std_20: PSI 1.2'] };
  assert.equal(decideRetrain({ newBars: 1, ageDays: 0, drift }).triggers, ['drift']);
  assert.is(decideRetrain({ newBars: 1, ageDays: 0, drift }, { onDrift: false }).retrain, false);
  assert.equal(decideRetrain({ newBars: 1, ageDays: 0, predictionDrift: { drifted: true, psi: 0.4, ksPValue: 1e-5 } }).triggers, ['prediction_drift']);
  assert.equal(decideRetrain({ noModel: true, newBars: 0, ageDays: 0 }).triggers, ['no_model']);
});

test('decayTest: h-day outcomes are thinned to every h-th before the binomial test', () => {
  // 60 outcomes at h = 30 are 2 independent ones: never tested, however bad
  const bad = decayTest({ count: 60, hits: 0, horizon: 30, outcomes: new Array(60).fill(false) });
  assert.is(bad.decayed, false);
  assert.is(bad.effectiveN, 2);
  assert.match(bad.reason, /not tested.*fewer than 8 independent outcomes/);
  assert.is(decideRetrain({ newBars: 5, ageDays: 1, recent: { count: 60, hits: 0, horizon: 30 } }).retrain, false);
  // h = 7: rows 59, 52, …, 3 (9 outcomes); only row 3 is a hit → P(X <= 1 | 9, ½) = 10/512
  const o = new Array(60).fill(true).map((_, i) => i === 3 || (i % 7 !== 3));
  const t = decayTest({ count: 60, hits: o.filter(Boolean).length, horizon: 7, outcomes: o });
  assert.is(t.effectiveN, 9);
  assert.is(t.effectiveHits, 1);
  assert.ok(Math.abs(t.pValue - 10 / 512) < 1e-12);
  assert.is(t.decayed, false, 'the rolling accuracy itself is not below 0.5');
  assert.throws(() => decayTest({ count: 3, hits: 1, horizon: 7, outcomes: [true] }), /3 outcomes/);
});

test('recentOutcomes: the last n verified predictions of one horizon, oldest first', () => {
  const rec = (madeOn: string, horizon: number, hit: boolean, status = 'verified'): PredictionRecord => ({ madeOn, horizon, hit, status } as unknown as PredictionRecord);
  const r = recentOutcomes([rec('2020-01-03', 7, true), rec('2020-01-01', 7, false), rec('2020-01-02', 1, true), rec('2020-01-04', 7, true, 'pending'), rec('2020-01-05', 7, true)], 7, 2);
  assert.equal(r, { count: 2, hits: 2, horizon: 7, outcomes: [true, true] });
});

test('Monte-Carlo: a chance-level model on overlapping 7-day random-walk outcomes triggers decay in <= 5 % of 400 trials', () => {
  const rng = new Rng(11);
  let fired = 0;
  for (let r = 0; r < 400; r++) {
    const n = 60;
    const h = 7;
    const x = new Float64Array(n + h);
    for (let i = 1; i < x.length; i++) x[i] = x[i - 1] + rng.normal();
    const outcomes = Array.from({ length: n }, (_, i) => x[i + h] > x[i]); // "always up" model: hit when the move is up
    const hits = outcomes.filter(Boolean).length;
    if (decideRetrain({ newBars: 5, ageDays: 1, recent: { count: n, hits, horizon: h, outcomes } }).triggers.includes('decay')) fired++;
  }
  assert.ok(fired <= 20, `decay fired in ${fired} of 400`);
});

test.run();
