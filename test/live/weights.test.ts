import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { combine, egUpdate, uniformWeights, walkForwardWeights, type WeightEvent } from '../../src/live/weights';
import { Rng } from '../../src/util/rng';
import { assertClose } from '../helpers';

test('egUpdate: hand-computed step without sharing', () => {
  // losses (0.9-1)^2 = 0.01 and (0.2-1)^2 = 0.64, eta 1
  const w = egUpdate([0.5, 0.5], [0.9, 0.2], 1, { eta: 1, share: 0 });
  const a = Math.exp(-0.01);
  const b = Math.exp(-0.64);
  assertClose(w[0], a / (a + b), 1e-12);
  assertClose(w[1], b / (a + b), 1e-12);
});

test('egUpdate: does not mutate its input, rejects a non-binary outcome', () => {
  const w0 = [0.5, 0.5];
  egUpdate(w0, [0.9, 0.2], 0);
  assert.equal(w0, [0.5, 0.5]);
  assert.throws(() => egUpdate(w0, [0.5, 0.5], 0.5), /outcome.*0 or 1/);
});

test('combine and uniformWeights', () => {
  assertClose(combine([0.25, 0.75], [0.4, 0.8]), 0.7, 1e-12);
  assert.equal(Array.from(uniformWeights(4)), [0.25, 0.25, 0.25, 0.25]);
  assert.throws(() => uniformWeights(0), /integer >= 1/);
});

function events(n: number, horizon: number, seed: number): WeightEvent[] {
  const r = new Rng(seed);
  const out: WeightEvent[] = [];
  for (let d = 0; d < n; d++) {
    const y = r.next() < 0.5 ? 1 : 0;
    // expert 0 is informative, expert 1 is noise
    out.push({ id: d, day: d, targetDay: d + horizon, probs: [y ? 0.7 : 0.3, r.next()], outcome: y });
  }
  return out;
}

test('walkForwardWeights: never learns from an outcome dated on or after the prediction day', () => {
  for (const h of [1, 3]) {
    const ev = events(60, h, 3);
    const { predictions, history } = walkForwardWeights(ev);
    for (const p of predictions) {
      for (const e of history.slice(0, p.learnedCount)) assert.ok(e.targetDay < p.day, `day ${p.day} used outcome dated ${e.targetDay}`);
      // everything dated strictly before the day was learned
      assert.is(p.learnedCount, ev.filter((e) => e.targetDay < p.day).length);
    }
  }
});

test('walkForwardWeights: changing a future outcome leaves earlier weights unchanged', () => {
  const ev = events(40, 2, 9);
  const base = walkForwardWeights(ev).predictions;
  const flipped = ev.map((e) => (e.id === 20 ? { ...e, outcome: 1 - (e.outcome as number), probs: [0.01, 0.99] } : e));
  const alt = walkForwardWeights(flipped).predictions;
  // outcome 20 is dated day 22: predictions up to day 22 must not change
  for (let d = 0; d <= 22; d++) assert.equal(alt[d].weights, base[d].weights, `day ${d}`);
  assert.not.equal(alt[23].weights, base[23].weights);
});

test('walkForwardWeights: the informative expert gains weight; pending events are not learned', () => {
  const ev = events(200, 1, 4);
  const { weights } = walkForwardWeights(ev);
  assert.ok(weights[0] > 0.9, `informative expert weight ${weights[0]}`);
  const pending = ev.map((e) => ({ ...e, outcome: undefined }));
  const none = walkForwardWeights(pending);
  assert.is(none.history.length, 0);
  assert.equal(none.weights, [0.5, 0.5]);
});

test('walkForwardWeights: rejects a target day not after the prediction day', () => {
  assert.throws(() => walkForwardWeights([{ id: 'a', day: 5, targetDay: 5, probs: [0.5] }]), /target day after the prediction day 5/);
});

test.run();
