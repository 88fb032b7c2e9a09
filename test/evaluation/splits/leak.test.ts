// End-to-end proof that the purge matters: on a random walk, a "model" that predicts the label of its
// most recent training sample is at chance when the walk-forward split purges overlapping labels, and far
// above chance (a leak) when the purge is disabled. The check is the one the trainers use: accuracy inside
// the 99 % interval around 0.5 sized by the effective number of non-overlapping labels.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { randomWalk } from '../../../src/data/synthetic';
import { walkForward } from '../../../src/evaluation/splits/forward';
import { effectiveSampleSize, nullAccuracyInterval } from '../../../src/evaluation/significance/binomial';

/** Direction labels y[i] = 1[close[i+h] > close[i]] and their label end rows i + h. */
function directionLabels(close: Float64Array, h: number): { y: Uint8Array; endIndex: Int32Array } {
  const n = close.length - h;
  const y = new Uint8Array(n);
  const endIndex = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = close[i + h] > close[i] ? 1 : 0;
    endIndex[i] = i + h;
  }
  return { y, endIndex };
}

/** Pooled out-of-sample accuracy of "repeat the last training label" over daily walk-forward folds. */
function lastLabelAccuracy(h: number, purge: boolean): { accuracy: number; nTest: number } {
  let hits = 0;
  let nTest = 0;
  for (const seed of [1, 2, 3]) {
    const { y, endIndex } = directionLabels(randomWalk({ n: 1800, seed }).close, h);
    for (const fold of walkForward(y.length, { endIndex, trainLength: 100, testLength: 1, purge })) {
      const guess = y[fold.train[fold.train.length - 1]];
      for (const t of fold.test) {
        hits += guess === y[t] ? 1 : 0;
        nTest++;
      }
    }
  }
  return { accuracy: hits / nTest, nTest };
}

for (const h of [7, 30]) {
  test(`h = ${h}: purged walk-forward scores chance on a random walk; without the purge the check fails`, () => {
    const purged = lastLabelAccuracy(h, true);
    assert.ok(purged.nTest >= 1500, `${purged.nTest} test days`);
    const [lo, hi] = nullAccuracyInterval(0.5, effectiveSampleSize(purged.nTest, h), { confidence: 0.99 });
    assert.ok(purged.accuracy > lo && purged.accuracy < hi, `purged accuracy ${purged.accuracy} outside [${lo}, ${hi}]`);
    const leaky = lastLabelAccuracy(h, false);
    assert.ok(leaky.accuracy > hi, `unpurged accuracy ${leaky.accuracy} should exceed ${hi}`);
  });
}

test.run();
