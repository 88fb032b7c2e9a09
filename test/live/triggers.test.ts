import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decideRetrain } from '../../src/live/triggers';

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

test.run();
