import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { randomWalk } from '../../src/data/synthetic';
import { buildFeatures } from '../../src/features/registry';
import { predictOne } from '../../src/live/predictor';
import type { LiveModelMeta, LoadedLiveModel } from '../../src/live/model-source';
import type { Dataset, Model } from '../../src/models/types';
import { rejects } from '../helpers';

const bars = randomWalk({ n: 320, seed: 11 });
const frame = buildFeatures(bars, { set: 'full' });
const last = frame.dates.length - 1;
// two columns defined over the last 30 rows
const names = frame.names.filter((_, j) => {
  for (let r = last - 29; r <= last; r++) if (!Number.isFinite(frame.columns[j][r])) return false;
  return true;
}).slice(0, 2);

/** A fake model of the given rank that records its input and says p(up) = 0.6. */
function fake(rank: 2 | 3, steps?: number): { live: LoadedLiveModel; seen: Dataset[] } {
  const seen: Dataset[] = [];
  const model = {
    key: 'fake', task: 'binary', inputRank: rank, params: {}, fitted: true,
    async predictProba(d: Dataset) {
      seen.push(d);
      return new Float32Array([0.4, 0.6]);
    },
  } as unknown as Model;
  const meta: LiveModelMeta = {
    name: 'fake', version: 'v1', featureSet: 'full', featureNames: names, horizon: 1,
    trainedAt: '2020-01-01T00:00:00Z', trainStart: '2000-01-03', trainEnd: '2000-12-29', ...(steps ? { steps } : {}),
  };
  return { live: { model, meta, dir: '/nowhere' }, seen };
}

test('predictOne hands a tabular model the last row only', async () => {
  const { live, seen } = fake(2);
  const p = await predictOne({ bars, frame, model: live, records: [], horizon: 1 });
  assert.equal(seen[0].shape, [1, 2]);
  assert.equal(Array.from(seen[0].x), names.map((nm) => Math.fround(frame.columns[frame.names.indexOf(nm)][last])));
  assert.is(p.signals.p_model, Math.fround(0.6));
});

test('predictOne hands a sequence model the window of `steps` rows ending at the prediction row', async () => {
  const { live, seen } = fake(3, 5);
  await predictOne({ bars, frame, model: live, records: [], horizon: 1 });
  assert.equal(seen[0].shape, [1, 5, 2]);
  const expected: number[] = [];
  for (let r = last - 4; r <= last; r++) for (const nm of names) expected.push(Math.fround(frame.columns[frame.names.indexOf(nm)][r]));
  assert.equal(Array.from(seen[0].x), expected);
  assert.equal(Array.from(seen[0].dates!), [frame.dates[last]]);
});

test('predictOne refuses a sequence model without steps, or a window reaching into the warm-up', async () => {
  await rejects(() => predictOne({ bars, frame, model: fake(3).live, records: [], horizon: 1 }), /steps.*window length/);
  await rejects(() => predictOne({ bars, frame, model: fake(3, 400).live, records: [], horizon: 1 }), /at least 400 feature rows/);
  // a window long enough to reach rows where some indicator is still NaN (warm-up)
  const warm = frame.names.find((_, j) => Number.isNaN(frame.columns[j][0]) && Number.isFinite(frame.columns[j][last])) as string;
  const { live } = fake(3, last + 1);
  live.meta.featureNames = [warm];
  await rejects(() => predictOne({ bars, frame, model: live, records: [], horizon: 1 }), /features\.\S+.*defined value on 2000-01-03.*NaN/);
});

test.run();
