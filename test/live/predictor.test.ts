import { test } from 'uvu';
import * as assert from 'uvu/assert';
import '../../src/models/index';
import { randomWalk } from '../../src/data/synthetic';
import { sliceBars } from '../../src/data/bars';
import { buildFeatures } from '../../src/features/registry';
import { selectColumns } from '../../src/features/frame';
import { predictOne } from '../../src/live/predictor';
import { liveModelOf } from '../../src/live/model-source';
import { trainLiveModel } from '../../src/live/train';
import { Scaler } from '../../src/windows/scalers';
import type { LoadedBundle } from '../../src/training/bundle';
import type { Dataset, Model } from '../../src/models/types';
import { assertClose, rejects } from '../helpers';

const bars = randomWalk({ n: 400, seed: 11, symbol: 'RW' });
const frame = buildFeatures(bars, { set: 'full' });
const last = frame.dates.length - 1;

test('predictOne serves a tabular bundle the last row of its own features, scaled by its own scaler', async () => {
  const bundle = await trainLiveModel(bars, { model: 'logistic', featureSet: 'minimal', horizon: 1 });
  const p = await predictOne({ bars, frame, model: liveModelOf(bundle), records: [], horizon: 1 });
  // independent computation: the bundle's columns on the last bar, z-scored by the recorded scaler
  const sel = selectColumns(buildFeatures(bars, { set: 'minimal' }), bundle.meta.featureNames);
  const x = Float32Array.from(sel.columns, (c) => c[last]);
  const scaled = Scaler.fromJSON(bundle.meta.scaler, { clip: 10 }).transform({ x, shape: [1, x.length] });
  const direct = await bundle.model.predictProba({ x: scaled, shape: [1, x.length], featureNames: sel.names });
  assertClose(p.signals.p_model, direct[1], 1e-7);
  const unscaled = await bundle.model.predictProba({ x, shape: [1, x.length], featureNames: sel.names });
  assert.ok(Math.abs(unscaled[1] - direct[1]) > 1e-4, 'scaling matters: the unscaled input gives another probability');
  bundle.model.dispose?.();
});

/** A bundle around a fake sequence model that records its input and says p = (0.2, 0.3, 0.5). */
function fakeSequenceBundle(steps: number, task: 'binary' | 'ternary'): { bundle: LoadedBundle; seen: Dataset[] } {
  const seen: Dataset[] = [];
  const c = task === 'ternary' ? 3 : 2;
  const model = {
    key: 'lstm', task, inputRank: 3, params: {}, fitted: true,
    async predictProba(d: Dataset) {
      seen.push(d);
      return c === 3 ? new Float32Array([0.2, 0.3, 0.5]) : new Float32Array([0.4, 0.6]);
    },
  } as unknown as Model;
  const full = buildFeatures(bars, { set: 'minimal' });
  const scaler = new Scaler({ kind: 'zscore', clip: 10 }).fit({ x: Float32Array.from({ length: full.names.length * 2 }, (_, i) => i % 3), shape: [2, full.names.length], featureNames: full.names });
  const bundle: LoadedBundle = {
    dir: '/nowhere',
    model,
    meta: {
      format: 'stock-ml-workbench/model-bundle@1', name: 'fake', version: 'v1', model: 'lstm', symbol: 'RW', featureSet: 'minimal', featureNames: full.names,
      steps, rank: 3, scaler: scaler.toJSON(), task, horizon: 1, horizons: [1], neutralBand: 0.001,
      trainStart: '2000-01-03', trainEnd: '2000-12-29', trainedAt: '2020-01-01T00:00:00Z', dataSha256: 'x', origin: { mode: 'live' },
    },
  };
  return { bundle, seen };
}

test('predictOne hands a sequence bundle the window of `steps` rows ending at the last bar; P(up) is the up class', async () => {
  const { bundle, seen } = fakeSequenceBundle(5, 'ternary');
  const p = await predictOne({ bars, frame, model: liveModelOf(bundle), records: [], horizon: 1 });
  assert.equal(seen[0].shape, [1, 5, bundle.meta.featureNames.length]);
  assert.equal(Array.from(seen[0].dates!), [frame.dates[last]]);
  assertClose(p.signals.p_model, 0.5, 1e-7); // the up class of a ternary model, not proba[1]
});

test('predictOne refuses a window reaching into the warm-up, and an unknown horizon', async () => {
  const { bundle } = fakeSequenceBundle(30, 'binary');
  const short = sliceBars(bars, 0, 40);
  await rejects(() => predictOne({ bars: short, frame: buildFeatures(short, { set: 'full' }), model: liveModelOf(bundle), records: [], horizon: 1 }), /complete feature window/);
  await rejects(() => liveModelOf(bundle, 7).probUp(bars, [last]), /one of the model's horizons 1, received 7/);
});

test.run();
