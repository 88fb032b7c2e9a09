import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EXPERT_NAMES, weightHistoryFor, weightsAsOf } from '../../src/live/adaptive';
import type { PredictionRecord } from '../../src/live/types';
import { dayToIso, isoToDay } from '../../src/util/dates';

/** A verified record whose model expert says "up" with probability pModel; the move was up. */
function rec(madeOn: string, actualDate: string, horizon: number, pModel: number): PredictionRecord {
  const signals: Record<string, number> = {};
  for (const k of EXPERT_NAMES) signals[`p_${k}`] = 0.5;
  signals.p_model = pModel;
  return { id: `X|${madeOn}|h${horizon}|m`, symbol: 'X', madeOn, horizon, status: 'verified', actualDate, actualChange: 0.01, signals } as unknown as PredictionRecord;
}

const base = isoToDay('2020-01-01');
const iso = (k: number): string => dayToIso(base + k);
// h = 1: the model is right (p_model 0.9 on up moves); h = 30: it is wrong (0.1)
const records = [
  ...Array.from({ length: 20 }, (_, k) => rec(iso(k), iso(k + 1), 1, 0.9)),
  ...Array.from({ length: 5 }, (_, k) => rec(iso(k), iso(k + 30), 30, 0.1)),
];

test('weightsAsOf with a horizon learns only from that horizon\'s outcomes', () => {
  const day = base + 40;
  const m = EXPERT_NAMES.indexOf('model');
  const w1 = weightsAsOf(records, day, { horizon: 1 });
  const w30 = weightsAsOf(records, day, { horizon: 30 });
  assert.ok(w1[m] > 1 / EXPERT_NAMES.length, 'h = 1: the model expert gains weight');
  assert.ok(w30[m] < 1 / EXPERT_NAMES.length, 'h = 30: the model expert loses weight');
  assert.equal(w30, weightsAsOf(records.filter((r) => r.horizon === 30), day));
  assert.equal(weightsAsOf(records, day), weightsAsOf(records, day, {}), 'no horizon pools every horizon (old behaviour)');
});

test('weightsAsOf with a horizon ignores outcomes dated on or after the prediction day', () => {
  // h = 30 outcomes arrive on days 30..34: on day 32 only those of days 30 and 31 are known
  const day = base + 32;
  assert.equal(weightsAsOf(records, day, { horizon: 30 }), weightsAsOf(records.filter((r) => r.horizon === 30 && isoToDay(r.actualDate!) < day), day));
  assert.equal(weightsAsOf(records, base + 30, { horizon: 30 }), Array(EXPERT_NAMES.length).fill(1 / EXPERT_NAMES.length));
});

test('weightHistoryFor with a horizon: one entry per verified outcome of that horizon', () => {
  assert.is(weightHistoryFor(records, { horizon: 30 }).length, 5);
  assert.is(weightHistoryFor(records, { horizon: 1 }).length, 20);
  assert.is(weightHistoryFor(records).length, 25);
});

test.run();
